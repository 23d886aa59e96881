// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "notesession.h"
#include "textoperation.h"
#include "textsearch.h"

#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QPointer>
#include <QTimer>

class PresenceModel;

/**
 * The body editor of a live note. The user's edits become text operations for the note's
 * NoteSession; remote operations are applied to the document in place, through one
 * QTextCursor edit block each, so the text is never reset and the user's cursor and selection
 * move with the text around them.
 *
 * Undo and redo cover the user's own edits only: QTextDocument's undo stack is off and the
 * editor keeps the inverse of each of the user's edits, transformed past every remote edit
 * that came later (ot.js's UndoManager), so Ctrl+Z never takes back a collaborator's text.
 * Typing in one run (keystrokes less than a second apart, the cursor not moved) is one undo
 * step.
 *
 * A long note is shown in slices, a few milliseconds of work per pass of the event loop, so
 * opening one never freezes the window: its start is on screen at once, the rest follows
 * (loadProgress), and the editor is read-only until all of it is there; remote operations that
 * arrive meanwhile are applied when it is.
 *
 * Collaborators' cursors and selections (from a PresenceModel) are drawn over the text in
 * their colours with a name label, and move with every edit, theirs or the user's. The user's
 * own cursor and "is typing" go to the others through the session.
 */
class NoteEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit NoteEditor(QWidget *parent = nullptr);

    /** Matches of the notes search highlighted at most (each is a selection to paint). */
    static constexpr int MaxHighlights = 2000;

    /** Shows the session's note and edits it; nullptr shows nothing (read-only). */
    void setSession(NoteSession *session);
    NoteSession *session() const { return m_session; }

    /** Whose cursors to draw (the current note's collaborators); nullptr draws none. */
    void setCollaborators(PresenceModel *presence);

    /** A collaborator's cursor as drawn: where in the text, in whose colour, named how. */
    struct RemoteCursor
    {
        QString sessionId;
        QString name;
        QColor colour;
        TextRange range;
        /** When it last moved (ms on the editor's clock): its name shows for a while after. */
        qint64 movedAt = 0;
    };
    QList<RemoteCursor> remoteCursors() const { return m_cursors; }
    /** The sessions whose name flag is drawn now: a collaborator's name shows above their
     *  caret for nameFlagMs after their cursor moves, and while the mouse is on it, so an
     *  idle collaborator's flag does not hide the text under it. */
    QStringList namesShown() const;
    void setNameFlagMs(int ms) { m_nameFlagMs = ms; }
    /** Where cursor's name flag goes, in viewport coordinates: above the caret, or beside it
     *  on its line when there is no room above (the first line in view). */
    QRect nameFlagRect(const RemoteCursor &cursor) const;

    /** The note's text as this editor has it (all of it, even while it is still loading). */
    QString text() const { return m_shadow; }
    /** A long note is still being put into the document (the editor is read-only). */
    bool isLoading() const { return m_loading; }

    /** The notes search: its matches in this note are highlighted (shortly after a change of
     *  the text or of the search) and findNext() goes from one to the next. */
    void setSearch(const TextSearch &search);
    /** The matches highlighted now, in positions of the text. */
    QList<TextRange> searchMatches() const { return m_matches; }
    /** Selects the next match after the selection (or the one before it), wrapping around,
     *  and scrolls to it; false when the note has none. */
    bool findNext(bool backward = false);
    /** Puts the caret at the first match and scrolls to it once the highlights are there
     *  (for a note opened from a search), unless the user types or clicks first. */
    void revealFirstMatch();

    bool canUndo() const { return !m_undo.isEmpty(); }
    bool canRedo() const { return !m_redo.isEmpty(); }

public Q_SLOTS:
    /** Takes back the user's last edit (not anyone else's). */
    void undoEdit();
    void redoEdit();

Q_SIGNALS:
    void undoRedoChanged();
    /** An edit could not be kept (a viewer typing, say); the text was put back. */
    void editRefused(const QString &reason);
    /** How much of a long note is in the document, 0 to 1 (1: all of it, editable). */
    void loadProgress(qreal done);
    /** Ctrl and the mouse wheel: the user asks for larger (steps > 0) or smaller text. */
    void zoomRequested(int steps);
    /** The highlighted matches of the search changed: count of them (0 without a search). */
    void searchMatchesChanged(int count);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct UndoEntry
    {
        TextOperation op;
        qint64 at = 0; ///< ms on m_clock when pushed (typing runs are merged)
    };

    void onContentsChange(int position, int removed, int added);
    void applyRemote(const TextOperation &op);
    /** Applies op to the document in place (the text is m_shadow before it). */
    void applyToDocument(const TextOperation &op);
    /** Sends a user's edit (op on m_shadow) to the session and records its inverse. */
    bool commitLocal(const TextOperation &op, bool fromUndo, bool fromRedo);
    void resetFromSession();
    /** Puts the next slices of a long note into the document. */
    void loadMore();
    /** Where a slice of about size characters starting at from ends (at a line's end). */
    qsizetype sliceEnd(qsizetype from, qsizetype size) const;
    void updateReadOnly();
    static QList<UndoEntry> transformStack(const QList<UndoEntry> &stack, TextOperation op);
    /** Takes the collaborators' cursors the model has newly reported. */
    void readCursors();
    /** Moves every drawn cursor past an edit of the text. */
    void moveCursors(const TextOperation &op);
    void paintCursor(QPainter &painter, const RemoteCursor &cursor);
    /** The caret's rectangle at a position of the text (clamped to it). */
    QRect rectAt(qsizetype position) const;
    bool nameShown(const RemoteCursor &cursor) const;
    QFont nameFlagFont() const;
    /** Repaints when the next name flag is due to go. */
    void scheduleFlagExpiry();
    void sendOwnCursor();
    void updateSearchHighlights();
    /** How much of m_shadow the document holds (less while a long note loads). */
    qsizetype inDocument() const { return m_loading ? m_loaded : m_shadow.size(); }
    void selectText(TextRange range);

    QPointer<NoteSession> m_session;
    /** The text as the session has it (the document's plain text, kept without copying). */
    QString m_shadow;
    bool m_applying = false;
    /** A long note is being put into the document: it holds m_loaded characters of m_shadow. */
    bool m_loading = false;
    qsizetype m_loaded = 0;
    /** Remote operations that came while the note was loading, applied once it is. */
    QList<TextOperation> m_queued;
    QTimer m_loadTimer;
    QList<UndoEntry> m_undo;
    QList<UndoEntry> m_redo;
    QElapsedTimer m_clock;
    /** The user moved the cursor since the last edit: the next one starts a new undo step. */
    bool m_runBroken = false;
    /** Edits the user made in the document (not undo, redo or a collaborator's). */
    quint64 m_userEdits = 0;
    QPointer<PresenceModel> m_presence;
    QList<QMetaObject::Connection> m_presenceConnections;
    QList<RemoteCursor> m_cursors;
    /** sessionId -> the cursor as the model last reported it (anchor, head, version). */
    QHash<QString, std::tuple<qint64, qint64, qint64>> m_reported;
    QTimer m_cursorTimer;
    QTimer m_flagTimer;
    int m_nameFlagMs = 3000;
    /** The session whose caret the mouse is on ("" for none). */
    QString m_hovered;
    qint64 m_lastTypingSent = -1'000'000;
    TextSearch m_search;
    QList<TextRange> m_matches;
    QTimer m_searchTimer;
    bool m_revealFirst = false;
    /** Ctrl+wheel turned by less than a step so far (touchpads send small deltas). */
    int m_wheelZoom = 0;
};
