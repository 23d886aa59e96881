// SPDX-License-Identifier: GPL-3.0-or-later
#include "noteeditor.h"

#include <QContextMenuEvent>
#include <QMenu>

namespace {

/** QTextDocument's separators as the plain text a note holds. */
QString plain(QString text)
{
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    text.replace(QChar::LineSeparator, QLatin1Char('\n'));
    return text;
}

/** A run of typing: one insert of text without a line break, or one small delete. */
bool isTypingStep(const TextOperation &op)
{
    int changes = 0;
    for (const TextOperation::Component &c : op.components()) {
        if (c.kind == TextOperation::Kind::Retain)
            continue;
        if (++changes > 1 || c.length > 2 || c.text.contains(QLatin1Char('\n')))
            return false;
    }
    return changes == 1;
}

constexpr qint64 TypingRunMs = 1000;

} // namespace

NoteEditor::NoteEditor(QWidget *parent)
    : QPlainTextEdit(parent)
{
    m_clock.start();
    // Undo is ours (the user's edits only); the document's would undo collaborators' text too.
    document()->setUndoRedoEnabled(false);
    setReadOnly(true);
    connect(document(), &QTextDocument::contentsChange, this, &NoteEditor::onContentsChange);
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
    setReadOnly(!m_session || m_session->isReadOnly());
}

void NoteEditor::resetFromSession()
{
    // Only when a note is opened or the hub replaced the whole text, never for an edit.
    m_applying = true;
    m_shadow = m_session ? m_session->text() : QString();
    setPlainText(m_shadow);
    m_applying = false;
    m_undo.clear();
    m_redo.clear();
    Q_EMIT undoRedoChanged();
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
    commitLocal(op, false, false);
}

bool NoteEditor::commitLocal(const TextOperation &op, bool fromUndo, bool fromRedo)
{
    // The document already shows op; m_shadow is the text before it.
    OtResult<TextOperation> inverse = op.invert(m_shadow);
    OtResult<QString> next = op.apply(m_shadow);
    if (!inverse || !next) {
        const QString why = !inverse ? inverse.error().message() : next.error().message();
        resetFromSession();
        Q_EMIT editRefused(why);
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
    m_shadow = std::move(next).value();
    const qint64 now = m_clock.elapsed();
    if (fromUndo) {
        m_redo.append({inverse.value(), now});
    } else {
        if (!fromRedo)
            m_redo.clear();
        // One undo step per run of typing.
        if (!fromRedo && !m_undo.isEmpty() && isTypingStep(op) && isTypingStep(m_undo.last().op) &&
            now - m_undo.last().at < TypingRunMs) {
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
    OtResult<QString> next = op.apply(m_shadow);
    if (!next) { // out of step: show the session's text (never seen in tests)
        resetFromSession();
        return;
    }
    m_applying = true;
    applyToDocument(op);
    m_applying = false;
    m_shadow = std::move(next).value();
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
    QPlainTextEdit::keyPressEvent(event);
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
