// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "elidedlabel.h"
#include "placeholderlistview.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>

QT_FORWARD_DECLARE_CLASS(QComboBox)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QLineEdit)
QT_FORWARD_DECLARE_CLASS(QSplitter)
QT_FORWARD_DECLARE_CLASS(QStackedWidget)
QT_FORWARD_DECLARE_CLASS(QSystemTrayIcon)
QT_FORWARD_DECLARE_CLASS(QTextBrowser)
QT_FORWARD_DECLARE_CLASS(QToolButton)

class ChatModel;
class CollaboratorsPanel;
class ConnectionIndicator;
class DiscussionPanel;
class NoteEditor;
class NoteListModel;
class PresenceModel;
class SyncClient;
class Workspace;
class Workspaces;

/**
 * Tandem's main window: the notes of the current workspace on the left (search, newest
 * first, unsynced marker), the note being edited in the middle (title, live editor, optional
 * Markdown preview), who else is on it and the note's discussion on the right, and the
 * connection in the status bar. Menus hold every action, each with a shortcut.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    static constexpr qreal MinTextPoints = 6;
    static constexpr qreal MaxTextPoints = 48;

    explicit MainWindow(Workspaces *workspaces, QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Edit → Redo's keys: all of the platform's (platformKeys), and Ctrl+Y where they lack
     *  it (GNOME and other Linux desktops bind only Ctrl+Shift+Z), except on macOS. */
    static QList<QKeySequence> redoKeys(QList<QKeySequence> platformKeys);

    // The parts, for tests and screenshots.
    NoteEditor *editor() const { return m_editor; }
    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *searchBox() const { return m_search; }
    PlaceholderListView *notesList() const { return m_notes; }
    NoteListModel *notesModel() const { return m_notesModel; }
    PresenceModel *presence() const { return m_presence; }
    ChatModel *chat() const { return m_chat; }
    ConnectionIndicator *indicator() const { return m_indicator; }
    CollaboratorsPanel *collaboratorsPanel() const { return m_collaborators; }
    DiscussionPanel *discussionPanel() const { return m_discussion; }
    ElidedLabel *hostingLabel() const { return m_hosting; }
    QLabel *noteBanner() const { return m_noteBanner; }
    QTextBrowser *preview() const { return m_preview; }
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    /** A menu action by its object name ("newNote", "hostServer", …). */
    QAction *action(const QString &name) const;

    SyncClient *client() const;
    Workspace *workspace() const;
    QString currentNoteId() const { return m_noteId; }

public Q_SLOTS:
    /** Shows a note of the current workspace (empty: none). */
    void openNote(const QString &noteId);
    /** Creates a note, opens it and puts the cursor in its title. */
    QString newNote();
    /** Removes the current note from the list at once; it is deleted for good after a few
     *  seconds unless Undo is pressed. */
    void deleteCurrentNote();
    void undoDelete();
    void showAbout();
    void showHistory();
    void showShare();
    void showHostDialog();
    void showInviteDialog();
    void showRevokeDialog();
    void stopHosting();
    void showConnectDialog();
    /** The login to the current hub, asked again after the hub refused it. */
    void showSignInDialog();
    /** Removes the current (remote) hub from this profile, after asking. */
    void forgetCurrentHub();
    void showOpenLinkDialog();
    /** Edit → Your Name…: the name others see on the notes this computer hosts (and in its
     *  invites); the dialog, open and deleted when closed. */
    QDialog *showNameDialog();
    void showStatusDetails();
    void exportNote(bool markdown);
    /** Writes the current note to path (atomically); false with error if it could not. */
    bool exportTo(const QString &path, bool markdown, QString *error);
    /** Makes a note of each text or Markdown file (NoteImport) and opens the last; says in a
     *  message box which files were not imported and why. Returns how many were. Also what
     *  dropping files on the window does. */
    int importFiles(const QStringList &paths);
    void setPreviewVisible(bool visible);
    /** The note's text (editor and preview) this many points larger than the application's
     *  font (smaller when negative), kept between MinTextPoints and MaxTextPoints; remembered
     *  with the layout. Says the size in the status bar when announce. */
    void setTextZoom(int points, bool announce = true);
    int textZoom() const { return m_textZoom; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void applyIcons();
    void restoreLayout();
    void saveLayout();
    void setWorkspace(Workspace *workspace);
    void rebuildWorkspaceChoices();
    void updateWindowTitle();
    /** Someone (maybe this user, elsewhere) restored an earlier version of the open note. */
    void sayVersionRestored(const QString &userId, qint64 version);
    void updateNoteActions();
    /** Selects the next (or previous) match of the notes search in the open note. */
    void findInNote(bool backward);
    /** What the notes list says when it shows no note (none yet, or none found). */
    void updateListPlaceholder();
    /** The open note's actions, on a right click in the notes list. */
    void showNoteMenu(const QPoint &at);
    void showSearchMatches(int count);
    QString matchesText(int count) const;
    /** Shows text in the status bar as the message kept in mine (the load progress, the
     *  search's count), replacing mine's previous text; empty text takes it away. */
    void showOwnMessage(QString &mine, const QString &text, int timeoutMs = 0);
    void updateHosting();
    void updateTray();
    /** The title's read-only state and the banner over the note: a viewer's, or why the
     *  note is not syncing. */
    void updateReadOnly();
    void titleEdited();
    void noteChanged(const QString &noteId);
    void noteRemoved(const QString &noteId, const QString &why, const QString &copyId);
    void commitPendingDelete();
    void updatePreview();
    void selectInList(const QString &noteId);
    /** A warning that does not block the window, named name (for tests), deleted on close;
     *  not open yet, and without buttons. */
    QMessageBox *makeWarning(const QString &name, const QString &title, const QString &text,
                             const QString &details);
    /** makeWarning() with OK, opened. */
    QMessageBox *openWarning(const QString &name, const QString &title, const QString &text,
                             const QString &details = {});
    /** A warning asking to choose between staying (the default) and going on with go; the
     *  go button is named goName (for tests). */
    QMessageBox *openChoice(const QString &name, const QString &title, const QString &text,
                            const QString &details, const QString &stayText, const QString &goText,
                            const QString &goName, QMessageBox::ButtonRole goRole,
                            const std::function<void()> &go);
    /** Says which offline caches were found damaged and set aside at start, if any. */
    void reportDamagedCaches();
    /** The keychain did not keep a login just given: says it holds until Tandem quits, and
     *  offers to try again (a keyring unlocked meanwhile). */
    void reportLoginNotSaved(const QUrl &hubUrl, const QString &hubName, const QString &why);
    /** Saves every workspace's notes once more, then counts the edits still only in memory
     *  (neither on this disk nor on their hub). */
    int saveAndCountUnsaved();
    /** Asks whether to quit although unsaved edits would be lost (closing again if so). */
    void askBeforeLosingEdits(int unsaved);
    /** Quitting (quitting true) or Stop Hosting while others sync through this computer's
     *  hub: they are told nothing, so the host is asked first. */
    void askBeforeStoppingTheirHub(int others, bool quitting);

    Workspaces *m_workspaces;
    QPointer<Workspace> m_workspace;
    QList<QMetaObject::Connection> m_workspaceConnections;
    QList<QMetaObject::Connection> m_noteConnections;
    QString m_noteId;

    NoteListModel *m_notesModel = nullptr;
    PresenceModel *m_presence = nullptr;
    ChatModel *m_chat = nullptr;

    QSplitter *m_splitter = nullptr;
    QSplitter *m_sideSplitter = nullptr;
    QSplitter *m_editorSplitter = nullptr;
    QComboBox *m_workspaceChoice = nullptr;
    QLineEdit *m_search = nullptr;
    PlaceholderListView *m_notes = nullptr;
    QStackedWidget *m_editorStack = nullptr;
    QLineEdit *m_title = nullptr;
    QLabel *m_noteBanner = nullptr;
    NoteEditor *m_editor = nullptr;
    QTextBrowser *m_preview = nullptr;
    CollaboratorsPanel *m_collaborators = nullptr;
    DiscussionPanel *m_discussion = nullptr;
    ConnectionIndicator *m_indicator = nullptr;
    ElidedLabel *m_hosting = nullptr;
    QWidget *m_undoBar = nullptr;
    QLabel *m_undoLabel = nullptr;
    QSystemTrayIcon *m_tray = nullptr;

    QTimer m_titleTimer;
    QTimer m_previewTimer;
    /** The status bar's "Opening the note…" while a long note loads (cleared when done). */
    QString m_loadMessage;
    QString m_searchMessage;
    int m_textZoom = 0;
    bool m_loseUnsavedConfirmed = false;
    bool m_stopHostingConfirmed = false;
    QTimer m_hostingTimer;
    QTimer m_trayTimer; ///< the tooltip's reconnect countdown (updateTray)

    struct PendingDelete
    {
        QPointer<SyncClient> client;
        QString noteId;
        QString title;
    };
    std::optional<PendingDelete> m_pendingDelete;
    QTimer m_deleteTimer;
};
