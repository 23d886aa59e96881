// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "chatmodel.h"
#include "collaboratorspanel.h"
#include "connectdialog.h"
#include "connectionindicator.h"
#include "delegates.h"
#include "discussionpanel.h"
#include "historydialog.h"
#include "hostdialog.h"
#include "icons.h"
#include "modelbinding.h"
#include "noteeditor.h"
#include "noteimport.h"
#include "notelistmodel.h"
#include "presencemodel.h"
#include "sharedialog.h"
#include "statuspopup.h"
#include "syncclient.h"
#include "tandemversion.h"
#include "workspace.h"
#include "workspaces.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

constexpr int DeleteUndoMs = 8000;
constexpr int TitleDelayMs = 400;

QWidget *pane(QWidget *parent, QBoxLayout **layout, const QMargins &margins)
{
    auto *widget = new QWidget(parent);
    *layout = new QVBoxLayout(widget);
    (*layout)->setContentsMargins(margins);
    (*layout)->setSpacing(6);
    return widget;
}

} // namespace

MainWindow::MainWindow(Workspaces *workspaces, QWidget *parent)
    : QMainWindow(parent)
    , m_workspaces(workspaces)
    , m_notesModel(new NoteListModel(this))
    , m_presence(new PresenceModel(this))
    , m_chat(new ChatModel(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/tandem/icons/tandem.svg")));
    setObjectName(QStringLiteral("MainWindow"));

    // Left: workspace, search, notes.
    QBoxLayout *listLayout = nullptr;
    QWidget *listPane = pane(this, &listLayout, {8, 8, 0, 8});
    m_workspaceChoice = new QComboBox(listPane);
    m_workspaceChoice->setObjectName(QStringLiteral("workspaceChoice"));
    m_workspaceChoice->setAccessibleName(tr("Workspace"));
    m_search = new QLineEdit(listPane);
    m_search->setObjectName(QStringLiteral("searchBox"));
    m_search->setPlaceholderText(tr("Search notes (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search notes"));
    m_search->setClearButtonEnabled(true);
    m_notes = new PlaceholderListView(listPane);
    m_notes->setObjectName(QStringLiteral("notesList"));
    m_notes->setAccessibleName(tr("Notes"));
    m_notes->setModel(m_notesModel);
    m_notes->setItemDelegate(new NoteListDelegate(m_notes));
    m_notes->setUniformItemSizes(true);
    m_notes->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // rows elide instead
    m_notes->setSelectionMode(QAbstractItemView::SingleSelection);
    m_notes->setContextMenuPolicy(Qt::CustomContextMenu);
    // Delete in the list deletes the open note, as Ctrl+Del does anywhere (the status bar's
    // Undo brings it back); in the editor it stays a key for the text.
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_notes);
    deleteKey->setContext(Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, [this]() {
        if (QAction *remove = action(QStringLiteral("deleteNote")); remove->isEnabled())
            remove->trigger();
    });
    auto *newButton = new QPushButton(tr("New note"), listPane);
    newButton->setProperty("iconName", QStringLiteral("document-new"));
    newButton->setObjectName(QStringLiteral("newNoteButton"));
    listLayout->addWidget(m_workspaceChoice);
    listLayout->addWidget(m_search);
    listLayout->addWidget(m_notes, 1);
    listLayout->addWidget(newButton);

    // Middle: title, read-only reason, editor (and preview).
    m_editorStack = new QStackedWidget(this);
    auto *empty = new QLabel(tr("Select a note, or create one with Ctrl+N."), m_editorStack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setForegroundRole(QPalette::PlaceholderText);
    QBoxLayout *editorLayout = nullptr;
    QWidget *editorPane = pane(m_editorStack, &editorLayout, {4, 8, 4, 8});
    m_title = new QLineEdit(editorPane);
    m_title->setObjectName(QStringLiteral("titleEdit"));
    m_title->setAccessibleName(tr("Note title"));
    m_title->setPlaceholderText(tr("Title"));
    m_title->setMaxLength(500);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setFrame(false);
    m_noteBanner = new QLabel(editorPane);
    m_noteBanner->setObjectName(QStringLiteral("noteBanner"));
    m_noteBanner->setWordWrap(true);
    m_noteBanner->setStyleSheet(QStringLiteral(
            "QLabel { background: rgba(217,142,4,0.16); border-radius: 4px; padding: 4px 8px; }"));
    m_noteBanner->hide();
    m_editor = new NoteEditor(editorPane);
    m_editor->setObjectName(QStringLiteral("editor"));
    m_editor->setAccessibleName(tr("Note text"));
    m_editor->setPlaceholderText(tr("Start writing…"));
    m_editor->setCollaborators(m_presence);
    m_preview = new QTextBrowser(editorPane);
    m_preview->setObjectName(QStringLiteral("markdownPreview"));
    m_preview->setAccessibleName(tr("Markdown preview"));
    m_preview->setOpenExternalLinks(true);
    m_preview->hide();
    m_editorSplitter = new QSplitter(Qt::Horizontal, editorPane);
    m_editorSplitter->addWidget(m_editor);
    m_editorSplitter->addWidget(m_preview);
    m_editorSplitter->setChildrenCollapsible(false);
    editorLayout->addWidget(m_title);
    editorLayout->addWidget(m_noteBanner);
    editorLayout->addWidget(m_editorSplitter, 1);
    m_editorStack->addWidget(empty);
    m_editorStack->addWidget(editorPane);

    // Right: collaborators over the discussion.
    m_collaborators = new CollaboratorsPanel(m_presence, this);
    m_discussion = new DiscussionPanel(m_chat, this);
    m_sideSplitter = new QSplitter(Qt::Vertical, this);
    m_sideSplitter->setObjectName(QStringLiteral("sidePanels"));
    m_sideSplitter->addWidget(m_collaborators);
    m_sideSplitter->addWidget(m_discussion);
    m_sideSplitter->setContentsMargins(0, 8, 8, 8);
    m_sideSplitter->setChildrenCollapsible(false);
    m_sideSplitter->setSizes({160, 320});

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(listPane);
    m_splitter->addWidget(m_editorStack);
    m_splitter->addWidget(m_sideSplitter);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({250, 560, 230});
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);
    setAcceptDrops(true); // text and Markdown files dropped on the window become notes

    // Status bar: messages on the left; a deleted note's Undo, hosting and the connection on
    // the right, where no message ever hides them (a message hides QStatusBar's other widgets).
    m_indicator = new ConnectionIndicator(this);
    m_undoBar = new QWidget(this);
    auto *undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(12, 0, 0, 0);
    m_undoLabel = new QLabel(m_undoBar);
    auto *undoButton = new QPushButton(tr("Undo"), m_undoBar);
    undoButton->setObjectName(QStringLiteral("undoDeleteButton"));
    undoButton->setFlat(true);
    undoLayout->addWidget(m_undoLabel);
    undoLayout->addWidget(undoButton);
    m_undoBar->hide();
    statusBar()->addPermanentWidget(m_undoBar);
    // Cut short rather than holding a narrow window wide (the whole of it on hover).
    m_hosting = new ElidedLabel(this);
    m_hosting->setObjectName(QStringLiteral("hostingLabel"));
    statusBar()->addPermanentWidget(m_hosting);
    statusBar()->addPermanentWidget(m_indicator);

    createActions();
    createMenus();
    applyIcons();
    // Tab goes through the window in reading order: workspace, search, notes, title, text
    // (which keeps Tab for itself), then the discussion.
    setTabOrder(m_workspaceChoice, m_search);
    setTabOrder(m_search, m_notes);
    setTabOrder(m_notes, newButton);
    setTabOrder(newButton, m_title);
    setTabOrder(m_title, m_editor);
    setTabOrder(m_editor, m_discussion->input());

    m_titleTimer.setSingleShot(true);
    m_titleTimer.setInterval(TitleDelayMs);
    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(150);
    m_deleteTimer.setSingleShot(true);
    m_deleteTimer.setInterval(DeleteUndoMs);
    m_hostingTimer.setInterval(1000);
    m_trayTimer.setSingleShot(true);
    m_trayTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_trayTimer, &QTimer::timeout, this, &MainWindow::updateTray);
    connect(&m_titleTimer, &QTimer::timeout, this, &MainWindow::titleEdited);
    connect(&m_previewTimer, &QTimer::timeout, this, &MainWindow::updatePreview);
    connect(&m_deleteTimer, &QTimer::timeout, this, &MainWindow::commitPendingDelete);
    connect(&m_hostingTimer, &QTimer::timeout, this, &MainWindow::updateHosting);
    if (Workspace *home = m_workspaces->local())
        connect(home, &Workspace::hostingChanged, this, &MainWindow::updateHosting);
    connect(undoButton, &QPushButton::clicked, this, &MainWindow::undoDelete);
    connect(newButton, &QPushButton::clicked, this, &MainWindow::newNote);
    connect(m_search, &QLineEdit::textChanged, m_notesModel, &NoteListModel::setFilter);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_editor->setSearch(TextSearch(text));
        updateListPlaceholder();
        updateNoteActions();
    });
    connect(m_notes, &QWidget::customContextMenuRequested, this, &MainWindow::showNoteMenu);
    updateListPlaceholder();
    // Enter in the search box goes through the open note's matches (Shift+Enter back), the
    // focus staying in the box; with no note open it opens the first one found.
    connect(m_search, &QLineEdit::returnPressed, this, [this]() {
        if (m_noteId.isEmpty() && m_notesModel->rowCount() > 0) {
            openNote(m_notesModel->at(0).id);
            return;
        }
        findInNote(QGuiApplication::keyboardModifiers() & Qt::ShiftModifier);
    });
    connect(m_editor, &NoteEditor::searchMatchesChanged, this, &MainWindow::showSearchMatches);
    connect(m_editor, &NoteEditor::zoomRequested, this,
            [this](int steps) { setTextZoom(m_textZoom + steps); });
    connect(m_notes->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &index) {
                if (index.isValid())
                    openNote(index.data(NoteListModel::IdRole).toString());
            });
    connect(m_title, &QLineEdit::textEdited, &m_titleTimer, qOverload<>(&QTimer::start));
    connect(m_title, &QLineEdit::textChanged, this, &MainWindow::updateWindowTitle);
    connect(m_title, &QLineEdit::returnPressed, m_editor, qOverload<>(&QWidget::setFocus));
    connect(m_title, &QLineEdit::editingFinished, this, &MainWindow::titleEdited);
    connect(m_editor, &QPlainTextEdit::textChanged, &m_previewTimer, qOverload<>(&QTimer::start));
    connect(m_editor, &NoteEditor::undoRedoChanged, this, &MainWindow::updateNoteActions);
    connect(m_editor, &NoteEditor::loadProgress, this, [this](qreal done) {
        // A long note shows its start at once and the rest within a second or so.
        showOwnMessage(m_loadMessage,
                       done < 1.0 ? tr("Opening the note… %1 %").arg(int(done * 100)) : QString());
        if (done >= 1.0)
            updatePreview();
    });
    connect(m_editor, &NoteEditor::editRefused, this, [this](const QString &why) {
        statusBar()->showMessage(tr("That change was not kept: %1").arg(why), 6000);
    });
    connect(m_indicator, &ConnectionIndicator::clicked, this, &MainWindow::showStatusDetails);
    connect(m_workspaceChoice, &QComboBox::activated, m_workspaces, &Workspaces::setCurrent);
    connect(m_workspaces, &Workspaces::workspacesChanged, this,
            &MainWindow::rebuildWorkspaceChoices);
    connect(m_workspaces, &Workspaces::currentChanged, this, &MainWindow::setWorkspace);
    connect(m_workspaces, &Workspaces::loginNotSaved, this, &MainWindow::reportLoginNotSaved);

    // The tray shows the same state as the status bar (where the desktop has a tray).
    m_tray = new QSystemTrayIcon(windowIcon(), this);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this]() {
        showNormal();
        raise();
        activateWindow();
    });
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_tray->show();

    rebuildWorkspaceChoices();
    setWorkspace(m_workspaces->current());
    // Typing right after the start goes into the note that opened, else to the list (not to
    // the hub chooser first in the tab order, where Space opens its menu).
    if (!m_noteId.isEmpty())
        m_editor->setFocus();
    else
        m_notes->setFocus();
    resize(1040, 660);
    restoreLayout();
    updateWindowTitle();
    // Hosting chosen to resume at start that could not: said until another message.
    if (!m_workspaces->resumeHostingError().isEmpty())
        statusBar()->showMessage(m_workspaces->resumeHostingError());
    // Said once the window is up (it is being built here).
    QTimer::singleShot(0, this, &MainWindow::reportDamagedCaches);
}

void MainWindow::reportDamagedCaches()
{
    QStringList damaged;
    for (int i = 0; i < m_workspaces->count(); ++i)
        if (const QString aside = m_workspaces->at(i)->damagedCache(); !aside.isEmpty())
            damaged << tr("%1: kept as %2").arg(m_workspaces->at(i)->name(), aside);
    if (damaged.isEmpty())
        return;
    openWarning(QStringLiteral("damagedCacheBox"), tr("Offline Copy Damaged"),
                tr("The copy of your notes kept on this computer was damaged, so Tandem set it "
                   "aside and fetches the notes from the hub again."),
                damaged.join(u'\n') + QStringLiteral("\n\n") +
                        tr("Changes made on this computer and not yet sent could not be read "
                           "from it; the damaged file is kept as it was."));
}

void MainWindow::reportLoginNotSaved(const QUrl &hubUrl, const QString &hubName, const QString &why)
{
    // One box says it: Try Again failing once more opens a fresh one.
    if (auto *shown = findChild<QMessageBox *>(QStringLiteral("loginNotSavedBox"));
        shown && shown->isVisible())
        return;
    openChoice(QStringLiteral("loginNotSavedBox"), tr("Login Not Saved"),
               tr("Tandem could not keep your login for “%1” in the system keychain.").arg(hubName),
               tr("The keychain said: %1\n\nYou stay signed in until Tandem quits. After that, "
                  "signing in to this hub needs your invite link or token again, so keep it. "
                  "If the keychain was locked, or its prompt was cancelled, unlock it and "
                  "choose Try Again.")
                       .arg(why.isEmpty() ? tr("no reason given") : why),
               tr("&OK"), tr("&Try Again"), QStringLiteral("saveLoginAgainButton"),
               QMessageBox::AcceptRole, [this, hubUrl]() { m_workspaces->saveLoginAgain(hubUrl); });
}

QMessageBox *MainWindow::makeWarning(const QString &name, const QString &title, const QString &text,
                                     const QString &details)
{
    // Not modal: the notes are there to work with meanwhile. Buttons are added before it
    // opens: a box opened without any gets an OK of its own.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::NoButton, this);
    box->setObjectName(name);
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    return box;
}

QMessageBox *MainWindow::openWarning(const QString &name, const QString &title, const QString &text,
                                     const QString &details)
{
    QMessageBox *box = makeWarning(name, title, text, details);
    box->addButton(QMessageBox::Ok);
    box->open();
    return box;
}

QMessageBox *MainWindow::openChoice(const QString &name, const QString &title, const QString &text,
                                    const QString &details, const QString &stayText,
                                    const QString &goText, const QString &goName,
                                    QMessageBox::ButtonRole goRole, const std::function<void()> &go)
{
    QMessageBox *box = makeWarning(name, title, text, details);
    QPushButton *stay = box->addButton(stayText, QMessageBox::RejectRole);
    QPushButton *goButton = box->addButton(goText, goRole);
    goButton->setObjectName(goName);
    box->setDefaultButton(stay);
    connect(goButton, &QPushButton::clicked, this, go);
    box->open();
    return box;
}

MainWindow::~MainWindow()
{
    // A title still being typed is saved now: once ~QWidget runs, the line edit's focus-out
    // would call titleEdited() on a window that is no longer a MainWindow.
    titleEdited();
    disconnect(m_title, nullptr, this, nullptr);
    commitPendingDelete();
    ModelBinding::unbind(m_workspaceConnections);
    ModelBinding::unbind(m_noteConnections);
    if (SyncClient *c = client(); c && !m_noteId.isEmpty())
        c->closeNote(m_noteId);
    m_editor->setSession(nullptr);
}

QAction *MainWindow::action(const QString &name) const
{
    return findChild<QAction *>(name);
}

SyncClient *MainWindow::client() const
{
    return m_workspace ? m_workspace->client() : nullptr;
}

Workspace *MainWindow::workspace() const
{
    return m_workspace;
}

QList<QKeySequence> MainWindow::redoKeys(QList<QKeySequence> platformKeys)
{
#ifndef Q_OS_MACOS
    // As in most editors people use on those desktops.
    if (const QKeySequence ctrlY(Qt::CTRL | Qt::Key_Y); !platformKeys.contains(ctrlY))
        platformKeys.append(ctrlY);
#endif
    return platformKeys;
}

void MainWindow::createActions()
{
    const auto add = [this](const char *name, const QString &text, const QKeySequence &keys,
                            auto slot, const QString &icon = {}) {
        auto *a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        if (!keys.isEmpty())
            a->setShortcut(keys);
        if (!icon.isEmpty())
            a->setProperty("iconName", icon); // set (and redrawn for a new palette) by applyIcons
        connect(a, &QAction::triggered, this, slot);
        addAction(a); // shortcuts work wherever the focus is
        return a;
    };
    add(
            "newNote", tr("&New Note"), QKeySequence::New, [this]() { newNote(); },
            QStringLiteral("document-new"));
    add("importNotes", tr("&Import Notes…"), QKeySequence::Open, [this]() {
        const QStringList paths = QFileDialog::getOpenFileNames(
                this, tr("Import Notes"),
                QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
                tr("Text and Markdown (*.txt *.md *.markdown *.text);;All files (*)"));
        if (!paths.isEmpty())
            importFiles(paths);
    });
    add("deleteNote", tr("&Delete Note"), QKeySequence(Qt::CTRL | Qt::Key_Delete),
        &MainWindow::deleteCurrentNote, QStringLiteral("edit-delete"));
    add("exportMarkdown", tr("Export as &Markdown…"), QKeySequence(Qt::CTRL | Qt::Key_E),
        [this]() { exportNote(true); });
    add("exportText", tr("Export as &Plain Text…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
        [this]() { exportNote(false); });
    // Some platforms (and themes) have no standard Quit key: Ctrl+Q then.
    const QKeySequence quitKeys = QKeySequence(QKeySequence::Quit).isEmpty()
            ? QKeySequence(Qt::CTRL | Qt::Key_Q)
            : QKeySequence(QKeySequence::Quit);
    QAction *quit =
            add("quit", tr("&Quit"), quitKeys, &QWidget::close, QStringLiteral("application-exit"));
    quit->setMenuRole(QAction::QuitRole);
    add(
            "undo", tr("&Undo"), QKeySequence::Undo, [this]() { m_editor->undoEdit(); },
            QStringLiteral("edit-undo"));
    QAction *redo = add(
            "redo", tr("&Redo"), QKeySequence::Redo, [this]() { m_editor->redoEdit(); },
            QStringLiteral("edit-redo"));
    redo->setShortcuts(redoKeys(QKeySequence::keyBindings(QKeySequence::Redo)));
    add("find", tr("&Find Notes"), QKeySequence::Find, [this]() {
        m_search->setFocus();
        m_search->selectAll();
    });
    add("findNext", tr("Find &Next in Note"), QKeySequence::FindNext,
        [this]() { findInNote(false); });
    add("findPrevious", tr("Find Pre&vious in Note"), QKeySequence::FindPrevious,
        [this]() { findInNote(true); });
    add("yourName", tr("&Your Name…"), {}, [this]() { showNameDialog(); });
    QAction *preview = add("togglePreview", tr("Markdown &Preview"),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                           [this](bool on) { setPreviewVisible(on); });
    preview->setCheckable(true);
    QAction *side = add("toggleSidePanels", tr("People and &Discussion"),
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D),
                        [this](bool on) { m_sideSplitter->setVisible(on); });
    side->setCheckable(true);
    side->setChecked(true);
    QAction *zoomIn = add("zoomIn", tr("Zoom &In"), QKeySequence::ZoomIn,
                          [this]() { setTextZoom(m_textZoom + 1); });
    // Ctrl+= too: on many keyboards "+" needs Shift.
    zoomIn->setShortcuts(
            {QKeySequence(QKeySequence::ZoomIn), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    add("zoomOut", tr("Zoom &Out"), QKeySequence::ZoomOut,
        [this]() { setTextZoom(m_textZoom - 1); });
    add("zoomReset", tr("&Actual Size"), QKeySequence(Qt::CTRL | Qt::Key_0),
        [this]() { setTextZoom(0); });
    add("history", tr("Version &History…"), QKeySequence(Qt::CTRL | Qt::Key_H),
        &MainWindow::showHistory, QStringLiteral("document-open-recent"));
    add("share", tr("&Share…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
        &MainWindow::showShare, QStringLiteral("document-share"));
    add("connectHub", tr("&Connect to Hub…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
        &MainWindow::showConnectDialog, QStringLiteral("network-connect"));
    add("openLink", tr("Open Invite &Link…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
        &MainWindow::showOpenLinkDialog);
    add("hostServer", tr("&Host Local Sync Server…"), {}, &MainWindow::showHostDialog,
        QStringLiteral("network-server"));
    add("invite", tr("&Invite Collaborator…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
        &MainWindow::showInviteDialog);
    add("revokeInvites", tr("Re&voke Invitations…"), {}, &MainWindow::showRevokeDialog);
    add("stopHosting", tr("S&top Hosting"), {}, &MainWindow::stopHosting);
    add("reconnect", tr("&Reconnect"), QKeySequence(Qt::CTRL | Qt::Key_R), [this]() {
        if (SyncClient *c = client()) {
            c->clearError();
            c->reconnectNow();
        }
    });
    add("connectionDetails", tr("Connection &Details…"), {}, &MainWindow::showStatusDetails);
    add("forgetHub", tr("&Forget This Hub…"), {}, &MainWindow::forgetCurrentHub);
    QAction *about = add("about", tr("&About Tandem"), {}, &MainWindow::showAbout,
                         QStringLiteral("help-about"));
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::createMenus()
{
    const auto fill = [this](const QString &title, const QStringList &names) {
        QMenu *menu = menuBar()->addMenu(title);
        for (const QString &name : names) {
            if (name.isEmpty())
                menu->addSeparator();
            else
                menu->addAction(action(name));
        }
        return menu;
    };
    fill(tr("&File"),
         {QStringLiteral("newNote"),
          QStringLiteral("importNotes"),
          QStringLiteral("deleteNote"),
          {},
          QStringLiteral("exportMarkdown"),
          QStringLiteral("exportText"),
          {},
          QStringLiteral("quit")});
    fill(tr("&Edit"),
         {QStringLiteral("undo"),
          QStringLiteral("redo"),
          {},
          QStringLiteral("find"),
          QStringLiteral("findNext"),
          QStringLiteral("findPrevious"),
          {},
          QStringLiteral("yourName")});
    fill(tr("&View"),
         {QStringLiteral("togglePreview"),
          QStringLiteral("toggleSidePanels"),
          {},
          QStringLiteral("zoomIn"),
          QStringLiteral("zoomOut"),
          QStringLiteral("zoomReset")});
    fill(tr("&Note"), {QStringLiteral("history"), QStringLiteral("share")});
    fill(tr("&Server"),
         {QStringLiteral("connectHub"),
          QStringLiteral("openLink"),
          {},
          QStringLiteral("hostServer"),
          QStringLiteral("invite"),
          QStringLiteral("revokeInvites"),
          QStringLiteral("stopHosting"),
          {},
          QStringLiteral("reconnect"),
          QStringLiteral("connectionDetails")});
    fill(tr("&Help"), {QStringLiteral("about")});
}

void MainWindow::applyIcons()
{
    for (QObject *object : findChildren<QObject *>()) {
        const QString name = object->property("iconName").toString();
        if (name.isEmpty())
            continue;
        if (auto *a = qobject_cast<QAction *>(object))
            a->setIcon(Icons::get(name, palette()));
        else if (auto *button = qobject_cast<QAbstractButton *>(object))
            button->setIcon(Icons::get(name, palette()));
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    // Light to dark (or back): Tandem's own icons are redrawn in the new text colour.
    if (event->type() == QEvent::PaletteChange) {
        applyIcons();
        rebuildWorkspaceChoices();
    }
    // Back at the window: a hub given up on after its attempts ran out (a host's laptop that
    // was shut, say) is tried again, as if Reconnect were pressed; a refusal is not.
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        for (int i = 0; i < m_workspaces->count(); ++i)
            if (SyncClient *c = m_workspaces->at(i)->client(); c->isOutOfAttempts())
                c->reconnectNow();
    QMainWindow::changeEvent(event);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    m_sideSplitter->restoreState(
            settings.value(QStringLiteral("mainWindow/sideSplitter")).toByteArray());
    m_editorSplitter->restoreState(
            settings.value(QStringLiteral("mainWindow/editorSplitter")).toByteArray());
    const bool side = settings.value(QStringLiteral("mainWindow/sidePanels"), true).toBool();
    action(QStringLiteral("toggleSidePanels"))->setChecked(side);
    m_sideSplitter->setVisible(side);
    const bool preview = settings.value(QStringLiteral("mainWindow/preview"), false).toBool();
    action(QStringLiteral("togglePreview"))->setChecked(preview);
    setPreviewVisible(preview);
    setTextZoom(settings.value(QStringLiteral("mainWindow/textZoom"), 0).toInt(), false);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/sideSplitter"), m_sideSplitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/editorSplitter"), m_editorSplitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/sidePanels"), !m_sideSplitter->isHidden());
    settings.setValue(QStringLiteral("mainWindow/preview"), !m_preview->isHidden());
    settings.setValue(QStringLiteral("mainWindow/textZoom"), m_textZoom);
}

void MainWindow::setTextZoom(int points, bool announce)
{
    // In points on the application's font, as QTextEdit::zoomIn counts, so that the note's
    // text stays between 6 and 48 points.
    const QFont base = QApplication::font();
    const qreal baseSize = base.pointSizeF() > 0 ? base.pointSizeF() : 10.0;
    points = std::clamp(points, int(std::ceil(MinTextPoints - baseSize)),
                        int(std::floor(MaxTextPoints - baseSize)));
    m_textZoom = points;
    QFont font = base;
    font.setPointSizeF(baseSize + points);
    m_editor->setFont(font);
    m_preview->setFont(font);
    updatePreview();
    action(QStringLiteral("zoomIn"))->setEnabled(baseSize + points + 1 <= MaxTextPoints);
    action(QStringLiteral("zoomOut"))->setEnabled(baseSize + points - 1 >= MinTextPoints);
    action(QStringLiteral("zoomReset"))->setEnabled(points != 0);
    if (announce)
        statusBar()->showMessage(
                tr("Text size %1 %").arg(qRound(100 * (baseSize + points) / baseSize)), 2000);
}

void MainWindow::rebuildWorkspaceChoices()
{
    const QSignalBlocker blocker(m_workspaceChoice);
    m_workspaceChoice->clear();
    for (int i = 0; i < m_workspaces->count(); ++i) {
        Workspace *w = m_workspaces->at(i);
        m_workspaceChoice->addItem(Icons::get(w->kind() == Workspace::Kind::Local
                                                      ? QStringLiteral("computer")
                                                      : QStringLiteral("network-server")),
                                   w->name());
        m_workspaceChoice->setItemData(i, w->client()->serverUrl().toString(), Qt::ToolTipRole);
    }
    m_workspaceChoice->setCurrentIndex(m_workspaces->currentIndex());
}

void MainWindow::setWorkspace(Workspace *workspace)
{
    if (workspace == m_workspace && workspace)
        return;
    commitPendingDelete();
    openNote({});
    ModelBinding::unbind(m_workspaceConnections);
    m_workspaceConnections.clear();
    m_workspace = workspace;
    m_indicator->setClient(client());
    {
        const QSignalBlocker blocker(m_workspaceChoice);
        m_workspaceChoice->setCurrentIndex(m_workspaces->currentIndex());
    }
    if (SyncClient *c = client()) {
        // First, while the list still has the note: removing the open note's row would move
        // the list's current row, and so the window, to a neighbouring note.
        m_workspaceConnections << connect(c, &SyncClient::noteRemoved, this,
                                          &MainWindow::noteRemoved);
        m_workspaceConnections << ModelBinding::bindNoteList(c, m_notesModel);
        m_workspaceConnections
                << connect(c, &SyncClient::noteChanged, this, &MainWindow::noteChanged)
                << connect(c, &SyncClient::stateChanged, this, &MainWindow::updateTray)
                << connect(c, &SyncClient::stateChanged, this, &MainWindow::updateNoteActions)
                << connect(c, &SyncClient::pendingChangesChanged, this, &MainWindow::updateTray)
                << connect(c, &SyncClient::notesNotSyncingChanged, this, &MainWindow::updateTray)
                << connect(c, &SyncClient::saveStateChanged, this,
                           [this, c, failing = false]() mutable {
                               // Said once when it starts; the status stays red meanwhile.
                               if (c->saveError().isEmpty() == !failing)
                                   return;
                               failing = !failing;
                               statusBar()->showMessage(
                                       failing ? tr("Cannot save on this computer: %1.")
                                                         .arg(c->saveError())
                                               : tr("Saved on this computer again."),
                                       10000);
                           })
                << connect(c, &SyncClient::conflictCopied, this,
                           [this](const QString &, const QString &, const QString &why) {
                               statusBar()->showMessage(tr("Your changes could not be merged "
                                                           "(%1): they were kept as a new note.")
                                                                .arg(why),
                                                        10000);
                           })
                << connect(c, &SyncClient::titleConflict, this,
                           [this](const QString &, const QString &theirs, const QString &ours) {
                               statusBar()->showMessage(tr("“%1” was renamed elsewhere to “%2”; "
                                                           "your title was kept.")
                                                                .arg(ours, theirs),
                                                        10000);
                           });
        if (m_notesModel->rowCount() > 0)
            openNote(m_notesModel->at(0).id);
    } else {
        m_notesModel->setNotes({});
    }
    updateHosting();
    updateTray();
    updateNoteActions();
}

void MainWindow::openNote(const QString &noteId)
{
    if (noteId == m_noteId && (noteId.isEmpty() || m_editor->session()))
        return;
    SyncClient *c = client();
    m_titleTimer.stop();
    if (!m_noteId.isEmpty() && c) {
        titleEdited(); // a title being typed is kept
        ModelBinding::unbind(m_noteConnections);
        m_noteConnections.clear();
        m_editor->setSession(nullptr);
        c->closeNote(m_noteId);
    }
    m_noteId = noteId;
    m_presence->clear();
    m_chat->clear();
    if (noteId.isEmpty() || !c) {
        m_noteId.clear();
        m_editor->setSession(nullptr);
        m_discussion->setNote(nullptr, {});
        m_editorStack->setCurrentIndex(0);
        // No current row either: a row removed later must not open its neighbour.
        m_notes->selectionModel()->setCurrentIndex({}, QItemSelectionModel::Clear);
        updateWindowTitle();
        updateNoteActions();
        return;
    }
    NoteSession *session = c->openNote(noteId);
    m_noteConnections = ModelBinding::bindNote(c, noteId, m_presence, m_chat);
    m_noteConnections << connect(session, &NoteSession::roleChanged, this,
                                 &MainWindow::updateReadOnly);
    m_noteConnections << connect(session, &NoteSession::hubProblemChanged, this,
                                 &MainWindow::updateReadOnly);
    m_noteConnections << connect(session, &NoteSession::versionRestored, this,
                                 &MainWindow::sayVersionRestored);
    m_editor->setSession(session);
    m_editor->revealFirstMatch(); // opened from a search: where it matches
    m_discussion->setNote(c, noteId);
    {
        const QSignalBlocker blocker(m_title);
        m_title->setText(c->summary(noteId).title);
    }
    m_editorStack->setCurrentIndex(1);
    selectInList(noteId);
    updateReadOnly();
    updateWindowTitle();
    updateNoteActions();
    updatePreview();
}

void MainWindow::selectInList(const QString &noteId)
{
    const int row = m_notesModel->rowOf(noteId);
    if (row < 0)
        return;
    const QModelIndex index = m_notesModel->index(row);
    if (m_notes->currentIndex() != index) {
        const QSignalBlocker blocker(m_notes->selectionModel());
        m_notes->setCurrentIndex(index);
    }
    m_notes->scrollTo(index);
}

QString MainWindow::newNote()
{
    SyncClient *c = client();
    if (!c)
        return {};
    if (!m_search->text().isEmpty())
        m_search->clear(); // the new note must be visible
    QString error;
    const QString id = c->createNote(QString(), {}, &error);
    if (id.isEmpty()) {
        openWarning(QStringLiteral("noteNotMadeBox"), tr("New Note"),
                    tr("The note could not be made: this computer's disk refused to save it "
                       "(%1).")
                            .arg(error));
        return {};
    }
    openNote(id);
    m_title->setFocus();
    return id;
}

void MainWindow::deleteCurrentNote()
{
    SyncClient *c = client();
    if (!c || m_noteId.isEmpty())
        return;
    commitPendingDelete();
    const QString id = m_noteId;
    const QString title = c->summary(id).title;
    const int row = m_notesModel->rowOf(id);
    openNote({});
    m_notesModel->remove(id);
    m_pendingDelete = PendingDelete{c, id, title};
    m_undoLabel->setText(tr("Deleted “%1”").arg(title.isEmpty() ? tr("Untitled") : title));
    m_undoBar->show();
    m_deleteTimer.start();
    // The next note takes its place, so Delete can be pressed again.
    if (m_notesModel->rowCount() > 0)
        openNote(m_notesModel->at(std::min(row, m_notesModel->rowCount() - 1)).id);
}

void MainWindow::undoDelete()
{
    if (!m_pendingDelete)
        return;
    m_deleteTimer.stop();
    const PendingDelete pending = *std::exchange(m_pendingDelete, std::nullopt);
    m_undoBar->hide();
    if (pending.client && pending.client == client()) {
        m_notesModel->upsert(pending.client->summary(pending.noteId));
        openNote(pending.noteId);
    }
}

void MainWindow::commitPendingDelete()
{
    m_deleteTimer.stop();
    if (!m_pendingDelete)
        return;
    const PendingDelete pending = *std::exchange(m_pendingDelete, std::nullopt);
    m_undoBar->hide();
    if (pending.client)
        pending.client->deleteNote(pending.noteId);
}

void MainWindow::noteChanged(const QString &noteId)
{
    if (m_pendingDelete && m_pendingDelete->noteId == noteId) {
        m_notesModel->remove(noteId); // still hidden until Undo or the delete
        return;
    }
    if (noteId != m_noteId || !client())
        return;
    // A rename from elsewhere shows unless the user is typing a title right now.
    if (!m_titleTimer.isActive()) {
        const QString title = client()->summary(noteId).title;
        if (title != m_title->text()) {
            const QSignalBlocker blocker(m_title);
            const int cursor = m_title->cursorPosition();
            m_title->setText(title);
            m_title->setCursorPosition(std::min(cursor, int(title.size())));
            updateWindowTitle();
        }
    }
    selectInList(noteId);
}

void MainWindow::noteRemoved(const QString &noteId, const QString &why, const QString &copyId)
{
    if (noteId != m_noteId)
        return; // a copy made meanwhile was said when it was made
    if (!copyId.isEmpty()) {
        // The user was writing in it: they go on in the copy that holds their changes.
        const QString title = client() ? client()->summary(copyId).title : QString();
        openNote(copyId);
        statusBar()->showMessage(tr("The note is gone (%1): your changes to it are kept in this "
                                    "copy, “%2”.")
                                         .arg(why, title),
                                 15000);
        return;
    }
    const QString title = m_title->text().trimmed().isEmpty() ? tr("Untitled") : m_title->text();
    openNote({});
    statusBar()->showMessage(why.isEmpty()
                                     ? tr("The note was deleted or is no longer shared with you.")
                                     : tr("“%1” is gone: %2.").arg(title, why),
                             10000);
}

void MainWindow::titleEdited()
{
    m_titleTimer.stop();
    SyncClient *c = client();
    if (!c || m_noteId.isEmpty())
        return;
    const QString title = m_title->text().trimmed();
    if (title != c->summary(m_noteId).title)
        c->setTitle(m_noteId, title);
}

void MainWindow::updateReadOnly()
{
    NoteSession *session = m_editor->session();
    const bool viewer = session && session->isReadOnly();
    const QString hubProblem = session ? session->hubProblem() : QString();
    m_title->setReadOnly(viewer);
    m_noteBanner->setVisible(viewer || !hubProblem.isEmpty());
    if (!hubProblem.isEmpty())
        m_noteBanner->setText(tr("Not syncing: %1. Your copy here is kept, with every change you "
                                 "make to it; they are sent once the hub has the note again.")
                                      .arg(hubProblem));
    else if (viewer)
        m_noteBanner->setText(tr("You can read this note but not change it: its owner shared it "
                                 "with you as a viewer."));
    updateNoteActions();
}

void MainWindow::sayVersionRestored(const QString &userId, qint64 version)
{
    // The text just changed under the user's eyes: say why, and who did it.
    const SyncClient *c = client();
    QString text;
    if (c && userId == c->userId()) {
        text = tr("Version %1 restored.").arg(version);
    } else {
        const QString name = m_presence->nameOf(userId);
        text = tr("%1 restored version %2 of this note: History (Ctrl+H) has the text before.")
                       .arg(name.isEmpty() ? userId : name)
                       .arg(version);
    }
    statusBar()->showMessage(text, 15000);
}

void MainWindow::updateWindowTitle()
{
    const QString note = m_noteId.isEmpty() ? QString() : m_title->text().trimmed();
    const QString name = note.isEmpty() && !m_noteId.isEmpty() ? tr("Untitled") : note;
    setWindowTitle(name.isEmpty() ? tr("Tandem") : tr("%1 — Tandem").arg(name));
}

void MainWindow::updateNoteActions()
{
    const bool open = !m_noteId.isEmpty();
    NoteSession *session = m_editor->session();
    const bool owner = session && session->role() == QLatin1String("owner");
    action(QStringLiteral("deleteNote"))->setEnabled(open && (owner || !session));
    action(QStringLiteral("exportMarkdown"))->setEnabled(open);
    action(QStringLiteral("exportText"))->setEnabled(open);
    action(QStringLiteral("history"))->setEnabled(open);
    const bool searching = !TextSearch(m_search->text()).isEmpty();
    action(QStringLiteral("findNext"))->setEnabled(open && searching);
    action(QStringLiteral("findPrevious"))->setEnabled(open && searching);
    action(QStringLiteral("share"))->setEnabled(open && owner);
    action(QStringLiteral("undo"))->setEnabled(m_editor->canUndo());
    action(QStringLiteral("redo"))->setEnabled(m_editor->canRedo());
    const bool local = m_workspace && m_workspace->kind() == Workspace::Kind::Local;
    // Hosting is "This computer"'s, whichever workspace is shown: its actions stay at hand.
    const Workspace *home = m_workspaces->local();
    const bool hostingAnywhere = home && home->isHosting();
    const bool hosting = local && hostingAnywhere; // the shown notes are the hosted ones
    action(QStringLiteral("hostServer"))->setEnabled(home != nullptr);
    action(QStringLiteral("invite"))->setEnabled(hostingAnywhere);
    action(QStringLiteral("revokeInvites"))
            ->setEnabled(hostingAnywhere && home->hostingOptions().requireInvite);
    action(QStringLiteral("stopHosting"))->setEnabled(hostingAnywhere);
    action(QStringLiteral("forgetHub"))->setEnabled(m_workspace && !local);

    using Situation = CollaboratorsPanel::Situation;
    SyncClient *c = client();
    Situation situation = owner ? Situation::CanShare : Situation::Guest;
    if (!open || !c)
        situation = Situation::NoNote;
    else if (c->state() != SyncClient::State::Online)
        situation = Situation::Offline;
    else if (hosting)
        situation = owner ? Situation::CanInviteAndShare : Situation::CanInvite;
    else if (local)
        situation = Situation::CanHost;
    m_collaborators->setSituation(situation);
}

void MainWindow::updateListPlaceholder()
{
    const QString search = m_search->text().trimmed();
    m_notes->setPlaceholderText(search.isEmpty() ? tr("No notes yet. New note (Ctrl+N) starts one.")
                                                 : tr("No note has “%1”.").arg(search));
}

void MainWindow::showNoteMenu(const QPoint &at)
{
    const QModelIndex index = m_notes->indexAt(at);
    if (!index.isValid())
        return;
    // The menu is about the note under the mouse: it becomes the open one, as a click would
    // (which may move rows: the note left keeps a title being typed, and its time).
    const QString noteId = index.data(NoteListModel::IdRole).toString();
    m_notes->setCurrentIndex(index);
    if (m_noteId != noteId)
        return; // could not be opened
    QMenu menu(this);
    for (const char *name :
         {"share", "history", "", "exportMarkdown", "exportText", "", "deleteNote"}) {
        if (*name)
            menu.addAction(action(QLatin1String(name)));
        else
            menu.addSeparator();
    }
    menu.exec(m_notes->viewport()->mapToGlobal(at));
}

void MainWindow::findInNote(bool backward)
{
    if (m_noteId.isEmpty())
        return;
    if (!m_editor->findNext(backward))
        statusBar()->showMessage(
                m_search->text().trimmed().isEmpty()
                        ? tr("Type in the search box (Ctrl+F) what to find in the note.")
                        : matchesText(0),
                4000);
}

QString MainWindow::matchesText(int count) const
{
    if (count == 0)
        return tr("“%1” is not in this note.").arg(m_search->text().trimmed());
    if (count == 1)
        return tr("1 match in this note: F3 selects it.");
    return (count >= NoteEditor::MaxHighlights
                    ? tr("At least %1 matches in this note (the first %1 are highlighted)")
                    : tr("%1 matches in this note"))
                   .arg(count) +
            tr(": F3 for the next, Shift+F3 for the one before.");
}

void MainWindow::showSearchMatches(int count)
{
    // Said once per change of the count, for a while.
    showOwnMessage(m_searchMessage,
                   m_noteId.isEmpty() || m_search->text().trimmed().isEmpty() ? QString()
                                                                              : matchesText(count),
                   5000);
}

void MainWindow::showOwnMessage(QString &mine, const QString &text, int timeoutMs)
{
    // Never over another message; taken away only while it is still the one shown.
    const QString shown = statusBar()->currentMessage();
    const QString previous = std::exchange(mine, text);
    if (!text.isEmpty()) {
        if (text != previous && (shown.isEmpty() || shown == previous))
            statusBar()->showMessage(text, timeoutMs);
    } else if (!previous.isEmpty() && shown == previous) {
        statusBar()->clearMessage();
    }
}

void MainWindow::updateHosting()
{
    updateNoteActions();
    // Said whichever workspace is shown: others sync through this computer all the while.
    const Workspace *home = m_workspaces->local();
    if (!home || !home->isHosting()) {
        m_hostingTimer.stop();
        m_hosting->clear();
        m_hosting->hide();
        return;
    }
    const int others = int(home->otherUsers().size());
    const QString address = home->publicUrl().toString(QUrl::RemovePath);
    m_hosting->setText(
            others == 0 ? tr("Hosting on %1 — nobody else connected yet").arg(address)
                    : others == 1
                    ? tr("Hosting on %1 — 1 other person connected").arg(address)
                    : tr("Hosting on %1 — %2 other people connected").arg(address).arg(others));
    m_hosting->setToolTip(m_hosting->text());
    m_hosting->show();
    if (!m_hostingTimer.isActive())
        m_hostingTimer.start();
}

void MainWindow::updateTray()
{
    if (!client())
        return;
    const QDateTime now = QDateTime::currentDateTime();
    const ConnectionSummary summary = ConnectionSummary::of(*client(), now);
    // Its countdown moves on with the status bar's.
    if (const int next = ConnectionSummary::msUntilCountdownChanges(*client(), now); next >= 0)
        m_trayTimer.start(next);
    else
        m_trayTimer.stop();
    QPixmap pixmap = windowIcon().pixmap(64, 64);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Qt::white, 4));
    painter.setBrush(summary.colour);
    painter.drawEllipse(QRectF(38, 38, 24, 24));
    painter.end();
    m_tray->setIcon(QIcon(pixmap));
    m_tray->setToolTip(tr("Tandem — %1").arg(summary.text));
}

void MainWindow::setPreviewVisible(bool visible)
{
    m_preview->setVisible(visible);
    action(QStringLiteral("togglePreview"))->setChecked(visible);
    const QList<int> sizes = m_editorSplitter->sizes();
    if (visible && sizes.size() == 2 && sizes.at(1) < sizes.at(0) / 3) {
        const int total = sizes.at(0) + sizes.at(1);
        m_editorSplitter->setSizes({total / 2, total - total / 2}); // side by side, halves
    }
    updatePreview();
}

void MainWindow::updatePreview()
{
    if (m_preview->isHidden() || m_editor->isLoading())
        return;
    const int scroll = m_preview->verticalScrollBar()->value();
    m_preview->setMarkdown(m_editor->text());
    m_preview->verticalScrollBar()->setValue(scroll);
}

void MainWindow::exportNote(bool markdown)
{
    SyncClient *c = client();
    if (!c || m_noteId.isEmpty())
        return;
    const QString title = m_title->text().trimmed();
    QString base = title.isEmpty() ? tr("Untitled") : title;
    base.replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|]")), QStringLiteral("-"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suffix = markdown ? QStringLiteral(".md") : QStringLiteral(".txt");
    const QString path = QFileDialog::getSaveFileName(
            this, markdown ? tr("Export as Markdown") : tr("Export as Plain Text"),
            dir + u'/' + base + suffix,
            markdown ? tr("Markdown (*.md);;All files (*)") : tr("Text (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, markdown, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    statusBar()->showMessage(tr("Exported to %1").arg(path), 6000);
}

int MainWindow::importFiles(const QStringList &paths)
{
    SyncClient *c = client();
    if (!c)
        return 0;
    if (!m_search->text().isEmpty())
        m_search->clear(); // the new notes must be visible
    QStringList refused;
    QString last;
    for (const QString &path : paths) {
        const NoteImport note = NoteImport::read(path);
        if (!note.error.isEmpty()) {
            refused << tr("%1: %2").arg(QFileInfo(path).fileName(), note.error);
            continue;
        }
        QString error;
        const QString id = c->createNote(note.title, note.text, &error);
        if (id.isEmpty())
            refused << tr("%1: not saved on this computer (%2)")
                               .arg(QFileInfo(path).fileName(), error);
        else
            last = id;
    }
    const int imported = int(paths.size() - refused.size());
    if (!last.isEmpty())
        openNote(last);
    if (imported > 0)
        statusBar()->showMessage(imported == 1 ? tr("Imported 1 note.")
                                               : tr("Imported %1 notes.").arg(imported),
                                 6000);
    if (!refused.isEmpty())
        openWarning(QStringLiteral("importRefusedBox"), tr("Import Notes"),
                    refused.size() == 1 ? tr("One file was not imported.")
                                        : tr("%1 files were not imported.").arg(refused.size()),
                    refused.join(u'\n'));
    return imported;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (client() && !urls.isEmpty() &&
        std::all_of(urls.cbegin(), urls.cend(), [](const QUrl &url) { return url.isLocalFile(); }))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    importFiles(paths);
}

bool MainWindow::exportTo(const QString &path, bool markdown, QString *error)
{
    const QString title = m_title->text().trimmed();
    const QString text = m_editor->text(); // all of it, even while a long note loads
    // Markdown gets the title as its heading unless the text starts with one.
    const QString content = markdown && !title.isEmpty() && !text.startsWith(u'#')
            ? QStringLiteral("# ") + title + QStringLiteral("\n\n") + text
            : text;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content.toUtf8()) < 0 || !file.commit()) {
        *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void MainWindow::showHistory()
{
    if (!client() || m_noteId.isEmpty())
        return;
    auto *dialog = new HistoryDialog(client(), m_noteId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showShare()
{
    if (!client() || m_noteId.isEmpty())
        return;
    auto *dialog = new ShareDialog(client(), m_noteId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showHostDialog()
{
    Workspace *local = m_workspaces->local();
    if (!local)
        return;
    auto *dialog = new HostDialog(m_workspaces, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this]() { m_workspaces->setCurrent(0); });
    dialog->open();
}

void MainWindow::showInviteDialog()
{
    Workspace *local = m_workspaces->local();
    if (!local || !local->isHosting())
        return;
    auto *dialog = new InviteDialog(local, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showRevokeDialog()
{
    Workspace *local = m_workspaces->local();
    if (!local || !local->isHosting())
        return;
    auto *dialog = new RevokeDialog(local, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::stopHosting()
{
    Workspace *local = m_workspaces->local();
    if (!local)
        return;
    if (const int others = int(local->otherUsers().size()); others > 0)
        askBeforeStoppingTheirHub(others, false);
    else
        local->stopHosting();
}

void MainWindow::forgetCurrentHub()
{
    const int index = m_workspaces->currentIndex();
    if (index <= 0 || !client())
        return;
    const int pending = client()->pendingChanges();
    QString text = tr("Remove “%1” from this computer? Its notes stay on the hub; the copy "
                      "kept here for offline use and the login are deleted.")
                           .arg(m_workspace->name());
    if (pending > 0)
        text += QLatin1Char('\n') + QLatin1Char('\n') +
                tr("%1 change(s) made here have not reached the hub yet and would be lost.")
                        .arg(pending);
    if (QMessageBox::question(this, tr("Forget This Hub"), text,
                              QMessageBox::Yes | QMessageBox::Cancel,
                              QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    m_workspaces->forget(index);
}

void MainWindow::showConnectDialog()
{
    auto *dialog = new ConnectDialog(m_workspaces, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showSignInDialog()
{
    if (!client())
        return;
    auto *dialog = new ConnectDialog(m_workspaces, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->signInAgain(m_workspace->name(), client()->serverUrl(), client()->lastError());
    dialog->open();
}

void MainWindow::showOpenLinkDialog()
{
    bool ok = false;
    const QString link = QInputDialog::getText(
            this, tr("Open Invite Link"), tr("Paste the link you were sent (tandem://…):"),
            QLineEdit::Normal, QApplication::clipboard()->text().trimmed(), &ok);
    if (!ok || link.trimmed().isEmpty())
        return;
    QString error;
    if (!m_workspaces->openLink(link, &error))
        QMessageBox::warning(this, tr("Open Invite Link"), error);
}

QDialog *MainWindow::showNameDialog()
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("yourNameDialog"));
    dialog->setWindowTitle(tr("Your Name"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(dialog);
    auto *explain = new QLabel(
            tr("How the others see you on the notes this computer hosts: beside your cursor, "
               "among the people on a note, in the discussion and the history, and in the "
               "invites you send. On hubs someone else hosts, you have the name they gave you."),
            dialog);
    explain->setWordWrap(true);
    auto *edit = new QLineEdit(m_workspaces->me().name, dialog);
    edit->setObjectName(QStringLiteral("yourNameEdit"));
    edit->setAccessibleName(tr("Your name"));
    edit->setMaxLength(Workspaces::MaxNameLength);
    edit->selectAll();
    auto *problem = new QLabel(dialog);
    problem->setObjectName(QStringLiteral("yourNameProblem"));
    problem->setWordWrap(true);
    problem->setStyleSheet(QStringLiteral("QLabel { color: #d1363b; }")); // as the other dialogs
    problem->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    layout->addWidget(explain);
    layout->addWidget(edit);
    layout->addWidget(problem);
    layout->addWidget(buttons);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    connect(edit, &QLineEdit::textChanged, dialog, [ok, problem](const QString &text) {
        ok->setEnabled(!text.simplified().isEmpty());
        problem->hide();
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, edit, problem]() {
        QString error;
        if (m_workspaces->setMyName(edit->text(), &error)) {
            dialog->accept();
            statusBar()->showMessage(tr("Others now see you as %1.").arg(m_workspaces->me().name),
                                     5000);
            return;
        }
        problem->setText(error);
        problem->show();
    });
    dialog->resize(std::max(dialog->sizeHint().width(), 420), dialog->sizeHint().height());
    dialog->open();
    return dialog;
}

void MainWindow::showStatusDetails()
{
    if (!client())
        return;
    auto *popup = new StatusPopup(client(), this);
    popup->setAttribute(Qt::WA_DeleteOnClose);
    connect(popup, &StatusPopup::signInRequested, this, &MainWindow::showSignInDialog);
    // Above the indicator, its right edge on the indicator's: inside the window.
    popup->showAt(m_indicator->mapToGlobal(QPoint(m_indicator->width() - 1, -5)));
}

void MainWindow::showAbout()
{
    QMessageBox::about(
            this, tr("About Tandem"),
            tr("<h3>Tandem %1</h3>"
               "<p>Write notes together, live, online or offline.</p>"
               "<p>Built with Qt %2.</p>")
                    .arg(QStringLiteral(TANDEM_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    titleEdited();
    commitPendingDelete();
    if (const int unsaved = saveAndCountUnsaved(); unsaved > 0 && !m_loseUnsavedConfirmed) {
        event->ignore();
        askBeforeLosingEdits(unsaved);
        return;
    }
    if (Workspace *home = m_workspaces->local();
        home && home->isHosting() && !m_stopHostingConfirmed) {
        if (const int others = int(home->otherUsers().size()); others > 0) {
            event->ignore();
            askBeforeStoppingTheirHub(others, true);
            return;
        }
    }
    saveLayout();
    event->accept();
}

void MainWindow::askBeforeStoppingTheirHub(int others, bool quitting)
{
    if (findChild<QMessageBox *>(QStringLiteral("stopHostingBox")))
        return;
    const QString who = others == 1 ? tr("1 other person syncs through this computer.")
                                    : tr("%1 other people sync through this computer.").arg(others);
    openChoice(QStringLiteral("stopHostingBox"), quitting ? tr("Quit Tandem") : tr("Stop Hosting"),
               who,
               quitting ? tr("Once Tandem quits, the notes you host are out of their reach: they "
                             "keep working on their copies, and their changes arrive when you "
                             "host again.")
                        : tr("Once hosting stops, the notes you host are out of their reach: "
                             "they keep working on their copies, and their changes arrive when "
                             "you host again."),
               quitting ? tr("&Keep Tandem Open") : tr("&Keep Hosting"),
               quitting ? tr("&Quit") : tr("&Stop Hosting"), QStringLiteral("stopHostingButton"),
               QMessageBox::AcceptRole, [this, quitting]() {
                   if (quitting) {
                       m_stopHostingConfirmed = true;
                       QTimer::singleShot(0, this, &QWidget::close);
                   } else if (Workspace *local = m_workspaces->local()) {
                       local->stopHosting();
                   }
               });
}

int MainWindow::saveAndCountUnsaved()
{
    int unsaved = 0;
    for (int i = 0; i < m_workspaces->count(); ++i) {
        if (SyncClient *c = m_workspaces->at(i)->client()) {
            c->saveNow(); // the disk may have room again
            unsaved += c->unsavedEdits();
        }
    }
    return unsaved;
}

void MainWindow::askBeforeLosingEdits(int unsaved)
{
    if (findChild<QMessageBox *>(QStringLiteral("unsavedEditsBox")))
        return;
    QString why;
    for (int i = 0; i < m_workspaces->count() && why.isEmpty(); ++i)
        if (SyncClient *c = m_workspaces->at(i)->client())
            why = c->saveError();
    openChoice(QStringLiteral("unsavedEditsBox"), tr("Quit Tandem"),
               unsaved == 1 ? tr("1 change is not saved anywhere yet.")
                            : tr("%1 changes are not saved anywhere yet.").arg(unsaved),
               tr("Tandem cannot write to this computer's disk (%1) and the hub has not received "
                  "them. Free some disk space or get back online while Tandem stays open, and "
                  "they are kept; File → Export saves the open note elsewhere.")
                       .arg(why),
               tr("&Keep Tandem Open"), tr("&Quit and Lose Them"),
               QStringLiteral("loseEditsButton"), QMessageBox::DestructiveRole, [this]() {
                   m_loseUnsavedConfirmed = true;
                   QTimer::singleShot(0, this, &QWidget::close);
               });
}
