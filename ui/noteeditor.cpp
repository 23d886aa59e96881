// SPDX-License-Identifier: GPL-3.0-or-later
#include "noteeditor.h"

#include "presencemodel.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTextBlock>
#include <QWheelEvent>

namespace {

/** QTextDocument's separators as the plain text a note holds. */
QString plain(QString text)
{
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    text.replace(QChar::LineSeparator, QLatin1Char('\n'));
    return text;
}

/** One keystroke (maxLength 2: a surrogate pair), or a run of them (maxLength -1): one
 *  insert of text without a line break, or one delete. */
bool isTypingStep(const TextOperation &op, qsizetype maxLength = 2)
{
    int changes = 0;
    for (const TextOperation::Component &c : op.components()) {
        if (c.kind == TextOperation::Kind::Retain)
            continue;
        if (++changes > 1 || (maxLength >= 0 && c.length > maxLength) ||
            c.text.contains(QLatin1Char('\n')))
            return false;
    }
    return changes == 1;
}

/** A modifier, a compose or a dead key: pressed on the way to a character. */
bool preparesACharacter(int key)
{
    return (key >= Qt::Key_Shift && key <= Qt::Key_ScrollLock) ||
            (key >= Qt::Key_Super_L && key <= Qt::Key_Hyper_R) || key == Qt::Key_AltGr ||
            key == Qt::Key_Multi_key ||
            (key >= Qt::Key_Dead_Grave && key <= Qt::Key_Dead_Longsolidusoverlay);
}

constexpr qint64 TypingRunMs = 1000;
/** "is typing" goes out at most this often (the others show it for a few seconds). */
constexpr qint64 TypingNoticeMs = 2000;
/** Notes longer than this load in slices (QTextDocument takes about 35 ms per 1 MB). */
constexpr qsizetype SliceChars = 64 * 1024;
/** Slices per pass of the event loop while a long note loads: this much work, so that with
 *  the repaint and the rest of the pass it stays inside a 16 ms frame (docs/BENCHMARKS.md). */
constexpr qint64 SliceBudgetMs = 5;

} // namespace

NoteEditor::NoteEditor(QWidget *parent)
    : QPlainTextEdit(parent)
{
    m_clock.start();
    // Undo is ours (the user's edits only); the document's would undo collaborators' text too.
    document()->setUndoRedoEnabled(false);
    setReadOnly(true);
    connect(document(), &QTextDocument::contentsChange, this, &NoteEditor::onContentsChange);
    // The user's cursor goes to the others at most every 80 ms (a drag sends its end).
    m_cursorTimer.setSingleShot(true);
    m_cursorTimer.setInterval(80);
    connect(&m_cursorTimer, &QTimer::timeout, this, &NoteEditor::sendOwnCursor);
    connect(this, &QPlainTextEdit::cursorPositionChanged, &m_cursorTimer,
            qOverload<>(&QTimer::start));
    connect(this, &QPlainTextEdit::selectionChanged, &m_cursorTimer, qOverload<>(&QTimer::start));
    m_flagTimer.setSingleShot(true);
    connect(&m_flagTimer, &QTimer::timeout, this, [this]() {
        viewport()->update();
        scheduleFlagExpiry();
    });
    viewport()->setMouseTracking(true); // a collaborator's name shows under the mouse
    m_loadTimer.setSingleShot(true);
    m_loadTimer.setInterval(0);
    connect(&m_loadTimer, &QTimer::timeout, this, &NoteEditor::loadMore);
    // The search's highlights follow the text a moment after it changes, not per keystroke.
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(150);
    connect(&m_searchTimer, &QTimer::timeout, this, &NoteEditor::updateSearchHighlights);
    connect(document(), &QTextDocument::contentsChange, this, [this]() {
        if (!m_search.isEmpty() || !m_matches.isEmpty())
            m_searchTimer.start();
    });
}

void NoteEditor::setSearch(const TextSearch &search)
{
    if (search.words() == m_search.words())
        return;
    m_search = search;
    if (m_search.isEmpty())
        m_revealFirst = false;
    m_searchTimer.start();
}

void NoteEditor::revealFirstMatch()
{
    m_revealFirst = !m_search.isEmpty();
    if (m_revealFirst)
        m_searchTimer.start();
}

void NoteEditor::updateSearchHighlights()
{
    m_searchTimer.stop();
    m_matches.clear();
    QList<QTextEdit::ExtraSelection> selections;
    if (!m_search.isEmpty()) {
        // Amber under the text, translucent so that it reads on light and dark themes alike.
        QTextCharFormat format;
        format.setBackground(QColor(255, 193, 7, 120));
        for (const TextRange &match : m_search.find(m_shadow, MaxHighlights)) {
            if (match.head > inDocument())
                break; // not loaded yet: highlighted once it is
            m_matches.append(match);
            QTextCursor cursor(document());
            cursor.setPosition(int(match.anchor));
            cursor.setPosition(int(match.head), QTextCursor::KeepAnchor);
            selections.append({cursor, format});
        }
    }
    setExtraSelections(selections);
    if (m_revealFirst && !m_matches.isEmpty()) {
        m_revealFirst = false;
        QTextCursor caret = textCursor();
        caret.setPosition(int(m_matches.first().anchor));
        setTextCursor(caret);
        centerCursor();
    }
    Q_EMIT searchMatchesChanged(int(m_matches.size()));
}

bool NoteEditor::findNext(bool backward)
{
    m_revealFirst = false;
    if (m_searchTimer.isActive())
        updateSearchHighlights();
    if (m_matches.isEmpty())
        return false;
    // Matches do not overlap: the next one starts at or after the selection's end, the one
    // before ends at or before its start; past either end, around to the other.
    const QTextCursor current = textCursor();
    const TextRange *found = nullptr;
    if (backward) {
        for (auto it = m_matches.crbegin(); it != m_matches.crend() && !found; ++it)
            if (it->head <= current.selectionStart())
                found = &*it;
    } else {
        for (auto it = m_matches.cbegin(); it != m_matches.cend() && !found; ++it)
            if (it->anchor >= current.selectionEnd())
                found = &*it;
    }
    if (!found)
        found = backward ? &m_matches.last() : &m_matches.first();
    selectText(*found);
    return true;
}

void NoteEditor::selectText(TextRange range)
{
    QTextCursor cursor = textCursor();
    cursor.setPosition(int(range.anchor));
    cursor.setPosition(int(range.head), QTextCursor::KeepAnchor);
    setTextCursor(cursor);
    ensureCursorVisible();
}

void NoteEditor::setCollaborators(PresenceModel *presence)
{
    for (const QMetaObject::Connection &c : std::as_const(m_presenceConnections))
        disconnect(c);
    m_presenceConnections.clear();
    m_presence = presence;
    m_cursors.clear();
    m_reported.clear();
    if (presence) {
        const auto read = [this]() { readCursors(); };
        m_presenceConnections = {
                connect(presence, &QAbstractItemModel::dataChanged, this, read),
                connect(presence, &QAbstractItemModel::rowsInserted, this, read),
                connect(presence, &QAbstractItemModel::rowsRemoved, this, read),
                connect(presence, &QAbstractItemModel::modelReset, this, read),
                connect(presence, &QAbstractItemModel::layoutChanged, this, read),
        };
    }
    readCursors();
}

void NoteEditor::readCursors()
{
    QList<RemoteCursor> cursors;
    QHash<QString, std::tuple<qint64, qint64, qint64>> reported;
    const int rows = m_presence && m_session ? m_presence->rowCount() : 0;
    for (int row = 0; row < rows; ++row) {
        const Collaborator &who = m_presence->at(row);
        if (!who.hasCursor)
            continue;
        const auto report = std::make_tuple(who.anchor, who.position, who.cursorVersion);
        reported.insert(who.sessionId, report);
        RemoteCursor cursor{who.sessionId, who.userName, QColor(who.colour), {}};
        if (!cursor.colour.isValid())
            cursor.colour = QColor(0x5b, 0x6b, 0xc0);
        // A cursor already drawn has moved with every edit since it was reported: only a new
        // report replaces it.
        const auto drawn =
                std::find_if(m_cursors.cbegin(), m_cursors.cend(),
                             [&](const RemoteCursor &c) { return c.sessionId == who.sessionId; });
        if (drawn != m_cursors.cend() && m_reported.value(who.sessionId) == report) {
            cursor.range = drawn->range;
            cursor.movedAt = drawn->movedAt;
        } else {
            cursor.range = m_session->remoteRange({who.anchor, who.position}, who.cursorVersion);
            cursor.movedAt = m_clock.elapsed();
        }
        cursors.append(cursor);
    }
    m_cursors = std::move(cursors);
    m_reported = std::move(reported);
    viewport()->update();
    scheduleFlagExpiry();
}

bool NoteEditor::nameShown(const RemoteCursor &cursor) const
{
    return cursor.sessionId == m_hovered || m_clock.elapsed() - cursor.movedAt < m_nameFlagMs;
}

QStringList NoteEditor::namesShown() const
{
    QStringList shown;
    for (const RemoteCursor &cursor : m_cursors)
        if (nameShown(cursor))
            shown << cursor.sessionId;
    return shown;
}

void NoteEditor::scheduleFlagExpiry()
{
    const qint64 now = m_clock.elapsed();
    qint64 next = -1;
    for (const RemoteCursor &cursor : std::as_const(m_cursors)) {
        const qint64 left = cursor.movedAt + m_nameFlagMs - now;
        if (left > 0 && (next < 0 || left < next))
            next = left;
    }
    if (next < 0)
        m_flagTimer.stop();
    else
        m_flagTimer.start(int(next) + 1);
}

QRect NoteEditor::rectAt(qsizetype position) const
{
    QTextCursor c(document());
    c.setPosition(int(std::clamp<qsizetype>(position, 0, document()->characterCount() - 1)));
    return cursorRect(c);
}

void NoteEditor::mouseMoveEvent(QMouseEvent *event)
{
    QString hovered;
    for (const RemoteCursor &cursor : std::as_const(m_cursors))
        if (rectAt(cursor.range.head).adjusted(-4, -2, 4, 2).contains(event->position().toPoint()))
            hovered = cursor.sessionId;
    if (hovered != m_hovered) {
        m_hovered = hovered;
        viewport()->update();
    }
    QPlainTextEdit::mouseMoveEvent(event);
}

void NoteEditor::leaveEvent(QEvent *event)
{
    if (!m_hovered.isEmpty()) {
        m_hovered.clear();
        viewport()->update();
    }
    QPlainTextEdit::leaveEvent(event);
}

void NoteEditor::moveCursors(const TextOperation &op)
{
    if (m_cursors.isEmpty())
        return;
    for (RemoteCursor &cursor : m_cursors) {
        cursor.range = op.transformRange(cursor.range);
        cursor.range.anchor = qBound<qsizetype>(0, cursor.range.anchor, m_shadow.size());
        cursor.range.head = qBound<qsizetype>(0, cursor.range.head, m_shadow.size());
    }
    viewport()->update();
}

void NoteEditor::sendOwnCursor()
{
    if (!m_session || m_session->isReadOnly())
        return;
    const QTextCursor cursor = textCursor();
    m_session->setCursor({cursor.anchor(), cursor.position()});
}

void NoteEditor::paintEvent(QPaintEvent *event)
{
    QPlainTextEdit::paintEvent(event);
    if (m_cursors.isEmpty())
        return;
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    for (const RemoteCursor &cursor : std::as_const(m_cursors))
        paintCursor(painter, cursor);
}

void NoteEditor::paintCursor(QPainter &painter, const RemoteCursor &remote)
{
    // The selection: one band per line it covers.
    const qsizetype from = std::min(remote.range.anchor, remote.range.head);
    const qsizetype to = std::max(remote.range.anchor, remote.range.head);
    if (from < to) {
        QColor band = remote.colour;
        band.setAlpha(70);
        const QRect first = rectAt(from);
        const QRect last = rectAt(to);
        const int right = viewport()->width() - 2;
        if (first.top() == last.top()) {
            painter.fillRect(
                    QRect(QPoint(first.left(), first.top()), QPoint(last.left(), first.bottom())),
                    band);
        } else {
            painter.fillRect(
                    QRect(QPoint(first.left(), first.top()), QPoint(right, first.bottom())), band);
            if (last.top() > first.bottom() + 1)
                painter.fillRect(
                        QRect(QPoint(0, first.bottom() + 1), QPoint(right, last.top() - 1)), band);
            painter.fillRect(QRect(QPoint(0, last.top()), QPoint(last.left(), last.bottom())),
                             band);
        }
    }
    // The caret, with a small block on top to find it by; while they are active (or under
    // the mouse) their name above it (beside it on the first line).
    const QRect caret = rectAt(remote.range.head);
    if (!viewport()->rect().intersects(caret.adjusted(-200, -40, 200, 40)))
        return;
    painter.fillRect(QRect(caret.left(), caret.top(), 2, caret.height()), remote.colour);
    if (!nameShown(remote)) {
        painter.fillRect(QRect(caret.left() - 1, caret.top() - 2, 4, 4), remote.colour);
        return;
    }
    const QFont font = nameFlagFont();
    const QRect label = nameFlagRect(remote);
    QPainterPath path;
    path.addRoundedRect(QRectF(label), 3, 3);
    painter.fillPath(path, remote.colour);
    painter.setFont(font);
    painter.setPen(remote.colour.lightnessF() > 0.6 ? Qt::black : Qt::white);
    painter.drawText(label, Qt::AlignCenter,
                     QFontMetrics(font).elidedText(remote.name, Qt::ElideRight, 160));
}

QFont NoteEditor::nameFlagFont() const
{
    QFont font = this->font();
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.75));
    font.setBold(true);
    return font;
}

QRect NoteEditor::nameFlagRect(const RemoteCursor &remote) const
{
    const QRect caret = rectAt(remote.range.head);
    const QFontMetrics metrics(nameFlagFont());
    const QString name = metrics.elidedText(remote.name, Qt::ElideRight, 160);
    const QSize size(metrics.horizontalAdvance(name) + 8, metrics.height() + 2);
    QRect label(QPoint(caret.left(), caret.top() - size.height()), size);
    if (label.top() < 0) {
        // No room above the first line: beside the caret on its own line, where it covers at
        // most their line after their caret (nothing while they type at its end), never the
        // line below, which may be the one this user is typing in.
        label.moveTopLeft(QPoint(caret.left() + 4, caret.center().y() - size.height() / 2));
        if (label.right() > viewport()->width())
            label.moveRight(caret.left() - 3);
    } else if (label.right() > viewport()->width()) {
        label.moveRight(caret.left() + 2);
    }
    return label;
}

void NoteEditor::setSession(NoteSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_undo.clear();
    m_redo.clear();
    if (session) {
        connect(session, &NoteSession::remoteOp, this, &NoteEditor::applyRemote);
        connect(session, &NoteSession::textReset, this, &NoteEditor::resetFromSession);
        connect(session, &NoteSession::roleChanged, this, &NoteEditor::updateReadOnly);
        connect(session, &QObject::destroyed, this, [this]() { setSession(nullptr); });
    }
    resetFromSession();
    updateReadOnly();
    Q_EMIT undoRedoChanged();
}

void NoteEditor::updateReadOnly()
{
    setReadOnly(!m_session || m_session->isReadOnly() || isLoading());
}

void NoteEditor::resetFromSession()
{
    // Only when a note is opened or the hub replaced the whole text, never for an edit.
    const bool wasLoading = isLoading();
    m_loadTimer.stop();
    m_queued.clear();
    m_applying = true;
    m_shadow = m_session ? m_session->text() : QString();
    m_loaded = sliceEnd(0, SliceChars);
    m_loading = m_loaded < m_shadow.size();
    setPlainText(m_loading ? m_shadow.first(m_loaded) : m_shadow);
    m_applying = false;
    m_undo.clear();
    m_redo.clear();
    Q_EMIT undoRedoChanged();
    m_reported.clear();
    readCursors();
    updateReadOnly();
    if (isLoading()) {
        m_loadTimer.start();
        Q_EMIT loadProgress(qreal(m_loaded) / qreal(m_shadow.size()));
    } else if (wasLoading) {
        Q_EMIT loadProgress(1.0);
    }
}

qsizetype NoteEditor::sliceEnd(qsizetype from, qsizetype size) const
{
    const qsizetype length = m_shadow.size();
    if (length - from <= size)
        return length;
    // Slices end with a line, so no block is laid out twice; a very long line is cut, though
    // never inside a surrogate pair.
    const qsizetype newline = m_shadow.indexOf(u'\n', from + size);
    if (newline >= 0 && newline < from + 2 * size)
        return newline + 1;
    qsizetype end = from + size;
    if (m_shadow.at(end - 1).isHighSurrogate())
        ++end;
    return end;
}

void NoteEditor::loadMore()
{
    if (!isLoading())
        return;
    QElapsedTimer spent;
    spent.start();
    QTextCursor cursor(document());
    m_applying = true;
    do {
        const qsizetype end = sliceEnd(m_loaded, SliceChars);
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(m_shadow.sliced(m_loaded, end - m_loaded));
        m_loaded = end;
    } while (m_loaded < m_shadow.size() && spent.elapsed() < SliceBudgetMs);
    m_applying = false;
    if (m_loaded < m_shadow.size()) {
        m_loadTimer.start();
        Q_EMIT loadProgress(qreal(m_loaded) / qreal(m_shadow.size()));
        return;
    }
    // All there: the edits that came meanwhile, then cursors as the model has them now.
    m_loading = false;
    const QList<TextOperation> queued = std::exchange(m_queued, {});
    for (const TextOperation &op : queued)
        applyRemote(op);
    m_reported.clear();
    readCursors();
    updateReadOnly();
    Q_EMIT loadProgress(1.0);
}

void NoteEditor::onContentsChange(int position, int removed, int added)
{
    if (m_applying || !m_session)
        return;
    TextOperation op;
    const qsizetype length = document()->characterCount() - 1; // without the final separator
    if (position >= 0 && removed >= 0 && added >= 0 && position + removed <= m_shadow.size() &&
        m_shadow.size() - removed + added == length) {
        QTextCursor cursor(document());
        cursor.setPosition(position);
        cursor.setPosition(position + added, QTextCursor::KeepAnchor);
        op.retain(position)
                .insert(plain(cursor.selectedText()))
                .remove(removed)
                .retain(m_shadow.size() - position - removed);
    } else {
        // Qt sometimes reports a whole block as changed (or counts the final separator):
        // the real change is what differs.
        op = TextOperation::replacing(m_shadow, plain(toPlainText()));
    }
    if (op.isNoop())
        return;
    ++m_userEdits;
    commitLocal(op, false, false);
}

bool NoteEditor::commitLocal(const TextOperation &op, bool fromUndo, bool fromRedo)
{
    // The document already shows op; m_shadow is the text before it.
    OtResult<TextOperation> inverse = op.invert(m_shadow); // checks that op fits m_shadow
    if (!inverse) {
        resetFromSession();
        Q_EMIT editRefused(inverse.error().message());
        return false;
    }
    QString why;
    if (!m_session->applyLocal(op, &why)) {
        m_applying = true;
        applyToDocument(inverse.value()); // back to the text the session has
        m_applying = false;
        if (plain(toPlainText()) != m_shadow)
            resetFromSession();
        Q_EMIT editRefused(why);
        return false;
    }
    // In place: a keystroke into a long note copies none of it.
    [[maybe_unused]] const OtStatus applied = op.applyInPlace(m_shadow);
    Q_ASSERT(applied);
    moveCursors(op);
    const bool runBroken = std::exchange(m_runBroken, false);
    const qint64 now = m_clock.elapsed();
    if (now - m_lastTypingSent >= TypingNoticeMs) {
        m_lastTypingSent = now;
        m_session->sendTyping();
    }
    if (fromUndo) {
        m_redo.append({inverse.value(), now});
    } else {
        if (!fromRedo)
            m_redo.clear();
        // One undo step per run of typing.
        if (!fromRedo && !m_undo.isEmpty() && !runBroken && isTypingStep(op) &&
            isTypingStep(m_undo.last().op, -1) && now - m_undo.last().at < TypingRunMs) {
            OtResult<TextOperation> merged =
                    TextOperation::compose(inverse.value(), m_undo.last().op);
            if (merged) {
                m_undo.last().op = std::move(merged).value();
                m_undo.last().at = now;
                Q_EMIT undoRedoChanged();
                return true;
            }
        }
        m_undo.append({inverse.value(), now});
    }
    Q_EMIT undoRedoChanged();
    return true;
}

void NoteEditor::applyToDocument(const TextOperation &op)
{
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    qsizetype position = 0;
    for (const TextOperation::Component &c : op.components()) {
        switch (c.kind) {
        case TextOperation::Kind::Retain:
            position += c.length;
            break;
        case TextOperation::Kind::Insert:
            cursor.setPosition(int(position));
            cursor.insertText(c.text);
            position += c.length;
            break;
        case TextOperation::Kind::Delete:
            cursor.setPosition(int(position));
            cursor.setPosition(int(position + c.length), QTextCursor::KeepAnchor);
            cursor.removeSelectedText();
            break;
        }
    }
    cursor.endEditBlock();
}

void NoteEditor::applyRemote(const TextOperation &op)
{
    if (isLoading()) {
        m_queued.append(op);
        return;
    }
    if (!op.checkBoundaries(m_shadow)) { // out of step: show the session's text (never seen)
        resetFromSession();
        return;
    }
    // The view stays on the text the user is looking at: lines added or removed above it by
    // someone else do not push it up or down.
    QScrollBar *scroll = verticalScrollBar();
    const qsizetype topPosition = firstVisibleBlock().position();
    const bool atTop = scroll->value() == 0 && topPosition == 0;
    m_applying = true;
    applyToDocument(op);
    m_applying = false;
    if (!atTop) {
        const qsizetype moved = op.transformPosition(topPosition);
        const int block = document()->findBlock(int(moved)).blockNumber();
        if (block != scroll->value())
            scroll->setValue(block);
    }
    [[maybe_unused]] const OtStatus applied = op.applyInPlace(m_shadow); // checked above
    Q_ASSERT(applied);
    moveCursors(op);
    m_undo = transformStack(m_undo, op);
    m_redo = transformStack(m_redo, op);
    Q_EMIT undoRedoChanged();
}

QList<NoteEditor::UndoEntry> NoteEditor::transformStack(const QList<UndoEntry> &stack,
                                                        TextOperation op)
{
    // Newest first: each entry applies to the text after the ones above it were undone.
    QList<UndoEntry> result;
    for (qsizetype i = stack.size() - 1; i >= 0; --i) {
        OtResult<std::pair<TextOperation, TextOperation>> pair =
                TextOperation::transform(stack.at(i).op, op);
        if (!pair)
            return {}; // cannot happen for ops of one document; dropping undo is the safe side
        if (!pair.value().first.isNoop())
            result.prepend({pair.value().first, stack.at(i).at});
        op = pair.value().second;
    }
    return result;
}

void NoteEditor::undoEdit()
{
    if (m_undo.isEmpty() || isReadOnly())
        return;
    const UndoEntry entry = m_undo.takeLast();
    m_applying = true;
    applyToDocument(entry.op);
    m_applying = false;
    commitLocal(entry.op, true, false);
}

void NoteEditor::redoEdit()
{
    if (m_redo.isEmpty() || isReadOnly())
        return;
    const UndoEntry entry = m_redo.takeLast();
    m_applying = true;
    applyToDocument(entry.op);
    m_applying = false;
    commitLocal(entry.op, false, true);
}

void NoteEditor::keyPressEvent(QKeyEvent *event)
{
    m_revealFirst = false;
    if (event->matches(QKeySequence::Undo)) {
        undoEdit();
        event->accept();
        return;
    }
    if (event->matches(QKeySequence::Redo)) {
        redoEdit();
        event->accept();
        return;
    }
    // A key that does not edit (an arrow, End, Ctrl+A) ends a run of typing; one that only
    // prepares a character (Shift for a capital, a dead key for an accent) does not.
    const quint64 edits = m_userEdits;
    QPlainTextEdit::keyPressEvent(event);
    if (m_userEdits == edits && !preparesACharacter(event->key()))
        m_runBroken = true;
}

void NoteEditor::wheelEvent(QWheelEvent *event)
{
    // QPlainTextEdit zooms on Ctrl+wheel only when it is read-only, and only itself: the
    // window sizes the text (the editor and the preview together, remembered).
    if (event->modifiers() & Qt::ControlModifier) {
        m_wheelZoom += event->angleDelta().y();
        const int steps = m_wheelZoom / QWheelEvent::DefaultDeltasPerStep;
        m_wheelZoom -= steps * QWheelEvent::DefaultDeltasPerStep;
        if (steps != 0)
            Q_EMIT zoomRequested(steps);
        event->accept();
        return;
    }
    QPlainTextEdit::wheelEvent(event);
}

void NoteEditor::mousePressEvent(QMouseEvent *event)
{
    m_runBroken = true;
    m_revealFirst = false; // the user chose where the caret goes
    QPlainTextEdit::mousePressEvent(event);
}

void NoteEditor::contextMenuEvent(QContextMenuEvent *event)
{
    // The stock menu's Undo/Redo drive the document's (disabled) stack: point them at ours.
    QMenu *menu = createStandardContextMenu(event->pos());
    for (QAction *action : menu->actions()) {
        const QString name = action->objectName();
        if (name == QLatin1String("edit-undo")) {
            action->setEnabled(canUndo() && !isReadOnly());
            disconnect(action, &QAction::triggered, nullptr, nullptr);
            connect(action, &QAction::triggered, this, &NoteEditor::undoEdit);
        } else if (name == QLatin1String("edit-redo")) {
            action->setEnabled(canRedo() && !isReadOnly());
            disconnect(action, &QAction::triggered, nullptr, nullptr);
            connect(action, &QAction::triggered, this, &NoteEditor::redoEdit);
        }
    }
    menu->exec(event->globalPos());
    delete menu;
}
