// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow as people use it, on the offscreen platform with real hubs: a first run is live
// on "This computer" at once and keeps its notes; two windows (Alice hosting, Bob joined by an
// invite link) see each other's typing, converge when both type at once (seeded), draw each
// other's cursors where they are, show "is typing", and Ctrl+Z takes back only one's own
// edits; the list filters by title and text; a deleted note can be brought back with Undo; a
// damaged offline copy is set aside (kept, and said) and the notes come back from the hub; a
// note whose copy on the hub is damaged says so over the note and keeps its text here.
#include "chatmodel.h"
#include "collaboratorspanel.h"
#include "connectionindicator.h"
#include "discussionpanel.h"
#include "hubdatabase.h"
#include "icons.h"
#include "notelistmodel.h"
#include "presencemodel.h"
#include "statuspopup.h"
#include "testseed.h"
#include "windowfixture.h"
#include "workspace.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextBrowser>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aFirstRunIsLiveOnThisComputerAndKeepsItsNotes();
    void aTitleStillBeingTypedIsKeptWhenTheWindowCloses();
    void aDamagedOfflineCopyIsSetAsideAndTheNotesComeBack();
    void aNoteTheHubCannotOpenSaysWhyAndKeepsItsText();
    void typingInOneWindowShowsInTheOther();
    void concurrentTypingInBothWindowsConverges();
    void aCollaboratorsCursorIsDrawnWhereItIs();
    void aCollaboratorsNameNeverCoversTheLineBelowTheirs();
    void aNoteDeletedByItsOwnerIsSaidWithWhoDidIt();
    void editsToANoteDeletedMeanwhileGoOnInTheirCopy();
    void undoTakesBackOnlyTheUsersOwnEdits();
    void ctrlYRedoesAsWellAsThePlatformsRedoKeys();
    void theOtherWindowShowsWhoIsTyping();
    void theDiscussionReachesTheOtherWindow();
    void searchFiltersByTitleAndText();
    void aLongNoteShowsHowFarItHasOpened();
    void aDeletedNoteComesBackWithUndo();
    void theStatusPopupShowsTheConnectionInDetail();
    void markdownPreviewAndExportShowTheNote();
    void theLayoutIsRemembered();
    void everyMenuActionHasAShortcutOrIsRare();
    void tabGoesThroughTheWindowInReadingOrder();
    void iconsAreSharpAndFollowThePalette();
    void theTrayShowsTheConnectionState();
    void aSmallWindowNeverScrollsSideways();
    void aHubGivenUpOnIsTriedAgainWhenTheWindowIsActivated();

private:
    /** Alice hosts "This computer" and invites Bob, who joins by the link; both open note. */
    void twoWindowsOnOneNote(const QString &text = {});
    static void typeAt(Person &person, int position, const QString &text);
    /** Points client at a loopback port nothing listens on and tries it; its old URL. */
    static QUrl pointAtNowhere(SyncClient *client);

    std::unique_ptr<Person> m_alice;
    std::unique_ptr<Person> m_bob;
    QString m_noteId;
};

void TestMainWindow::initTestCase()
{
    setUpWindowTests();
}

void TestMainWindow::init()
{
    m_alice = std::make_unique<Person>(QStringLiteral("alice"), QStringLiteral("Alice"));
    m_bob = std::make_unique<Person>(QStringLiteral("bob"), QStringLiteral("Bob"));
}

void TestMainWindow::cleanup()
{
    m_bob.reset();
    m_alice.reset();
}

QUrl TestMainWindow::pointAtNowhere(SyncClient *client)
{
    const QUrl hub = client->serverUrl();
    QUrl nowhere = hub;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        nowhere.setPort(probe.serverPort());
    }
    client->setServerUrl(nowhere);
    client->reconnectNow();
    return hub;
}

void TestMainWindow::typeAt(Person &person, int position, const QString &text)
{
    NoteEditor *editor = person.window->editor();
    QTextCursor cursor = editor->textCursor();
    cursor.setPosition(position);
    editor->setTextCursor(cursor);
    QTest::keyClicks(editor, text);
}

void TestMainWindow::twoWindowsOnOneNote(const QString &text)
{
    QVERIFY(m_alice->open());
    QVERIFY(m_bob->open());
    Workspace *home = m_alice->workspaces->local();
    QString error;
    QVERIFY2(home->startHosting(HostingOptions{0, false, true}, &error), qPrintable(error));
    m_noteId = m_alice->window->newNote();
    QTest::keyClicks(m_alice->window->titleEdit(), QStringLiteral("Plan"));
    QTest::keyClick(m_alice->window->titleEdit(), Qt::Key_Return); // to the body
    QTest::keyClicks(m_alice->window->editor(), text);
    QVERIFY(m_alice->waitSynced());
    const QString link = home->invite(QStringLiteral("Bob"), &error, true);
    QVERIFY2(link.startsWith(QLatin1String("tandem://127.0.0.1:")), qPrintable(link + error));
    QVERIFY2(m_bob->workspaces->openLink(link, &error), qPrintable(error));
    QCOMPARE(m_bob->window->workspace()->name(),
             QStringLiteral("Alice")); // whose hub: the link says
    // The share reaches Bob's list; he opens the note.
    QTRY_VERIFY_WITH_TIMEOUT(m_bob->window->notesModel()->rowOf(m_noteId) >= 0, 10000);
    QTRY_COMPARE(
            m_bob->window->notesModel()->at(m_bob->window->notesModel()->rowOf(m_noteId)).title,
            QStringLiteral("Plan"));
    m_bob->window->openNote(m_noteId);
    QTRY_COMPARE(m_bob->text(), text);
    QVERIFY(m_bob->waitSynced());
    QTRY_COMPARE(m_alice->window->presence()->rowCount(), 1);
    QTRY_COMPARE(m_bob->window->presence()->rowCount(), 1);
}

void TestMainWindow::aFirstRunIsLiveOnThisComputerAndKeepsItsNotes()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    QCOMPARE(window.workspace()->name(), QStringLiteral("This computer"));
    QCOMPARE(window.workspace()->kind(), Workspace::Kind::Local);
    QCOMPARE(window.client()->serverUrl().host(), QStringLiteral("127.0.0.1"));
    QTRY_COMPARE(window.indicator()->text(), QStringLiteral("Live"));
    QCOMPARE(window.windowTitle(), QStringLiteral("Tandem"));
    // No note yet: the keyboard is on the list (not the hub chooser, where Space opens a menu).
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(QApplication::focusWidget(), window.notesList());
    // No note open: the people panel does not invite anyone to it.
    QLabel *nobody = window.collaboratorsPanel()->emptyLabel();
    QCOMPARE(nobody->text(), QStringLiteral("Open a note to see who is on it."));

    const QString id = window.newNote();
    QVERIFY(nobody->text().startsWith(QLatin1String("Only you are here.")));
    QVERIFY(window.titleEdit()->hasFocus() || QApplication::focusWidget() == nullptr);
    QTest::keyClicks(window.titleEdit(), QStringLiteral("Groceries"));
    QCOMPARE(window.windowTitle(), QStringLiteral("Groceries — Tandem"));
    QTest::keyClick(window.titleEdit(), Qt::Key_Return);
    QTest::keyClicks(window.editor(), QStringLiteral("milk"));
    QTest::keyClick(window.editor(), Qt::Key_Return);
    QTest::keyClicks(window.editor(), QStringLiteral("eggs"));
    QVERIFY(m_alice->waitSynced());
    QTRY_COMPARE(window.notesModel()->at(0).title, QStringLiteral("Groceries"));
    QCOMPARE(window.notesModel()->at(0).id, id);
    m_alice->screenshot(QStringLiteral("first-run"));

    // Quit and start again on the same profile: the note is there, live, as it was.
    window.close();
    m_alice->window.reset();
    m_alice->workspaces = std::make_unique<Workspaces>(
            Workspaces::Paths{m_alice->dir.filePath(QStringLiteral("data")),
                              m_alice->dir.filePath(QStringLiteral("settings.ini"))},
            LocalUser{QStringLiteral("alice"), QStringLiteral("Alice")}, fastClientSettings());
    QVERIFY(m_alice->open());
    QTRY_COMPARE(m_alice->window->indicator()->text(), QStringLiteral("Live"));
    QCOMPARE(m_alice->window->currentNoteId(), id);
    QCOMPARE(m_alice->window->titleEdit()->text(), QStringLiteral("Groceries"));
    QCOMPARE(m_alice->text(), QStringLiteral("milk\neggs"));
    // Typing right away goes into the note that opened.
    m_alice->window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_alice->window.get()));
    QCOMPARE(QApplication::focusWidget(), m_alice->window->editor());
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("bread "));
    QCOMPARE(m_alice->text(), QStringLiteral("bread milk\neggs"));
}

void TestMainWindow::aTitleStillBeingTypedIsKeptWhenTheWindowCloses()
{
    QVERIFY(m_alice->open());
    QTRY_COMPARE(m_alice->window->indicator()->text(), QStringLiteral("Live"));
    const QString id = m_alice->window->newNote();
    m_alice->window->titleEdit()->setFocus();
    QTest::keyClicks(m_alice->window->titleEdit(), QStringLiteral("Half-typed"));
    // Closed before the title's save delay ran out and without leaving the field.
    m_alice->window.reset();
    m_alice->window = std::make_unique<MainWindow>(m_alice->workspaces.get());
    m_alice->window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_alice->window.get()));
    QCOMPARE(m_alice->window->currentNoteId(), id);
    QCOMPARE(m_alice->window->titleEdit()->text(), QStringLiteral("Half-typed"));
    QTRY_COMPARE(m_alice->client()->summary(id).title, QStringLiteral("Half-typed"));
}

void TestMainWindow::aDamagedOfflineCopyIsSetAsideAndTheNotesComeBack()
{
    QVERIFY(m_alice->open());
    const QString id = m_alice->window->newNote();
    QTest::keyClicks(m_alice->window->titleEdit(), QStringLiteral("Kept"));
    QTest::keyClick(m_alice->window->titleEdit(), Qt::Key_Return);
    QTest::keyClicks(m_alice->window->editor(), QStringLiteral("on the hub"));
    QVERIFY(m_alice->waitSynced());
    const QString cache = m_alice->workspaces->local()->store()->path();
    m_alice->quit();

    // Between two runs the offline copy is scribbled over (a failing disk, a bad copy).
    const QByteArray damaged(32 * 1024, '\x5a');
    {
        QFile file(cache);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(damaged), damaged.size());
    }
    QFile::remove(cache + QStringLiteral("-wal"));
    QVERIFY(m_alice->open()); // Tandem starts, where it used to refuse to
    MainWindow &window = *m_alice->window;
    QTRY_VERIFY(window.findChild<QMessageBox *>(QStringLiteral("damagedCacheBox")));
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("damagedCacheBox"));
    const QString aside = m_alice->workspaces->local()->damagedCache();
    QVERIFY(aside.startsWith(cache + QStringLiteral(".damaged-")));
    QVERIFY2(box->informativeText().contains(aside), qPrintable(box->informativeText()));
    QFile kept(aside);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), damaged);
    // The notes come back from this computer's hub.
    QVERIFY(m_alice->waitSynced());
    QTRY_COMPARE(window.client()->summary(id).title, QStringLiteral("Kept"));
    window.openNote(id);
    QTRY_COMPARE(m_alice->text(), QStringLiteral("on the hub"));
}

void TestMainWindow::aNoteTheHubCannotOpenSaysWhyAndKeepsItsText()
{
    QVERIFY(m_alice->open());
    const QString id = m_alice->window->newNote();
    QTest::keyClicks(m_alice->window->titleEdit(), QStringLiteral("Plans"));
    QTest::keyClick(m_alice->window->titleEdit(), Qt::Key_Return);
    QTest::keyClicks(m_alice->window->editor(), QStringLiteral("only copy"));
    QVERIFY(m_alice->waitSynced());
    m_alice->quit();

    // Between two runs the hub's database loses the note's first op (a bad restore, a tool).
    QVERIFY(execOnHubDatabase(
            m_alice->hubDataDir(),
            {QStringLiteral("DELETE FROM ops WHERE note_id = '%1' AND version = 1").arg(id)}));
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("cannot be loaded")));
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    QTRY_VERIFY(window.notesModel()->rowOf(id) >= 0);
    window.openNote(id);
    QTRY_VERIFY(window.noteBanner()->isVisible());
    QVERIFY2(window.noteBanner()->text().contains(QLatin1String("copy of this note is damaged")),
             qPrintable(window.noteBanner()->text()));
    QVERIFY(window.noteBanner()->text().contains(QLatin1String("Your copy here is kept")));
    QCOMPARE(m_alice->text(), QStringLiteral("only copy"));
    QVERIFY(!window.editor()->isReadOnly()); // still the user's to change, here
    // The status bar says so too, and its detail names the note and why.
    QTRY_COMPARE(window.indicator()->text(), QStringLiteral("Live — 1 note not syncing"));
    QTest::mouseClick(window.indicator(), Qt::LeftButton);
    StatusPopup *popup = window.findChild<StatusPopup *>();
    QVERIFY(popup);
    QTRY_VERIFY(popup->isVisible());
    QVERIFY2(popup->value(QStringLiteral("Not syncing"))
                     .startsWith(QStringLiteral("“Plans” is not syncing: the hub's copy of this "
                                                "note is damaged")),
             qPrintable(popup->value(QStringLiteral("Not syncing"))));
    m_alice->screenshot(QStringLiteral("note-damaged-on-hub"));
    if (const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR"); !dir.isEmpty())
        popup->grab().save(QDir(dir).filePath(QStringLiteral("status-popup-note-damaged.png")));
}

void TestMainWindow::typingInOneWindowShowsInTheOther()
{
    twoWindowsOnOneNote(QStringLiteral("Agenda"));
    typeAt(*m_alice, 6, QStringLiteral(": budget"));
    QTRY_COMPARE(m_bob->text(), QStringLiteral("Agenda: budget"));
    typeAt(*m_bob, 0, QStringLiteral("Friday "));
    QTRY_COMPARE(m_alice->text(), QStringLiteral("Friday Agenda: budget"));
    // A rename travels too, and names the window.
    m_bob->window->titleEdit()->selectAll();
    QTest::keyClicks(m_bob->window->titleEdit(), QStringLiteral("Plan B"));
    QTRY_COMPARE(m_alice->window->titleEdit()->text(), QStringLiteral("Plan B"));
    QCOMPARE(m_alice->window->windowTitle(), QStringLiteral("Plan B — Tandem"));
}

void TestMainWindow::concurrentTypingInBothWindowsConverges()
{
    twoWindowsOnOneNote(QStringLiteral("0123456789"));
    QRandomGenerator random(testSeed());
    for (int round = 0; round < 40; ++round) {
        for (Person *person : {m_alice.get(), m_bob.get()}) {
            NoteEditor *editor = person->window->editor();
            const int length = int(editor->toPlainText().size());
            const int position = int(random.bounded(length + 1));
            if (random.bounded(4) == 0 && length > 0) {
                QTextCursor cursor = editor->textCursor();
                cursor.setPosition(std::min(position, length - 1));
                editor->setTextCursor(cursor);
                QTest::keyClick(editor, Qt::Key_Delete);
            } else {
                typeAt(*person, position,
                       QString(QChar(person == m_alice.get() ? u'a' : u'B'))
                               .repeated(1 + int(random.bounded(3))));
            }
        }
        if (round % 8 == 0)
            QTest::qWait(5); // sometimes a message gets through between rounds
    }
    QVERIFY(m_alice->waitSynced());
    QVERIFY(m_bob->waitSynced());
    QTRY_COMPARE(m_alice->text(), m_bob->text());
    QCOMPARE(m_alice->text(), m_alice->client()->session(m_noteId)->text());
}

void TestMainWindow::aCollaboratorsCursorIsDrawnWhereItIs()
{
    twoWindowsOnOneNote(QStringLiteral("one two three"));
    QTextCursor cursor = m_bob->window->editor()->textCursor();
    cursor.setPosition(4);
    cursor.setPosition(7, QTextCursor::KeepAnchor); // "two"
    m_bob->window->editor()->setTextCursor(cursor);
    QTRY_COMPARE(m_alice->window->editor()->remoteCursors().size(), 1);
    NoteEditor::RemoteCursor bob = m_alice->window->editor()->remoteCursors().first();
    QTRY_COMPARE(m_alice->window->editor()->remoteCursors().first().range, (TextRange{4, 7}));
    bob = m_alice->window->editor()->remoteCursors().first();
    QCOMPARE(bob.name, QStringLiteral("Bob"));
    // Alice types before it: Bob's selection moves with "two" at once.
    typeAt(*m_alice, 0, QStringLiteral(">> "));
    QCOMPARE(m_alice->window->editor()->remoteCursors().first().range, (TextRange{7, 10}));
    // Painted in Bob's colour: his caret at the end of the selection.
    const QImage image = m_alice->window->editor()->viewport()->grab().toImage();
    QTextCursor end(m_alice->window->editor()->document());
    end.setPosition(10);
    const QRect caret = m_alice->window->editor()->cursorRect(end);
    const QColor painted = image.pixelColor(caret.left(), caret.center().y());
    QCOMPARE(painted.name(), bob.colour.name());
    m_alice->screenshot(QStringLiteral("live-with-collaborator"));

    // His name shows while he moves, then goes (so it does not hide the text under it), and
    // comes back while the mouse is on his caret.
    NoteEditor *editor = m_alice->window->editor();
    editor->setNameFlagMs(300);
    QTRY_COMPARE(m_bob->text(), QStringLiteral(">> one two three"));
    QTextCursor moved = m_bob->window->editor()->textCursor();
    moved.setPosition(1);
    m_bob->window->editor()->setTextCursor(moved);
    QTRY_COMPARE(editor->remoteCursors().first().range, (TextRange{1, 1}));
    QCOMPARE(editor->namesShown(), QStringList{bob.sessionId});
    QTRY_VERIFY(editor->namesShown().isEmpty());
    end.setPosition(1);
    QTest::mouseMove(editor->viewport(), editor->cursorRect(end).center());
    QTRY_COMPARE(editor->namesShown(), QStringList{bob.sessionId});
    QTest::mouseMove(editor->viewport(),
                     QPoint(editor->viewport()->width() - 5, editor->viewport()->height() - 5));
    QTRY_VERIFY(editor->namesShown().isEmpty());
}

void TestMainWindow::aCollaboratorsNameNeverCoversTheLineBelowTheirs()
{
    twoWindowsOnOneNote(QStringLiteral("Milk, eggs."));
    NoteEditor *editor = m_alice->window->editor();
    editor->moveCursor(QTextCursor::End);
    editor->insertPlainText(QStringLiteral("\nApples and pears."));
    QTRY_COMPARE(m_bob->text(), QStringLiteral("Milk, eggs.\nApples and pears."));
    const auto lineRect = [&](int position) {
        QTextCursor at(editor->document());
        at.setPosition(position);
        return editor->cursorRect(at);
    };
    const auto bobAt = [&](int position) {
        QTextCursor cursor = m_bob->window->editor()->textCursor();
        cursor.setPosition(position);
        m_bob->window->editor()->setTextCursor(cursor);
        return QTest::qWaitFor([&]() {
            return editor->remoteCursors().size() == 1 &&
                    editor->remoteCursors().first().range == TextRange{position, position};
        });
    };
    // Bob at the end of the first line, with no room above it: his name goes beside his caret,
    // on his line, not over the second line (where Alice may be typing).
    QVERIFY(bobAt(11));
    QCOMPARE(editor->namesShown().size(), 1);
    const QRect firstCaret = lineRect(11);
    const QRect beside = editor->nameFlagRect(editor->remoteCursors().first());
    const QRect secondLine = lineRect(12);
    QVERIFY2(beside.bottom() < secondLine.top() + 2 && beside.left() > firstCaret.left(),
             qPrintable(QStringLiteral("flag %1,%2 %3×%4, caret at %5,%6, second line from y %7")
                                .arg(beside.x())
                                .arg(beside.y())
                                .arg(beside.width())
                                .arg(beside.height())
                                .arg(firstCaret.x())
                                .arg(firstCaret.y())
                                .arg(secondLine.top())));
    // On the second line there is room above: the flag sits over his caret, on the line above.
    QVERIFY(bobAt(29));
    const QRect above = editor->nameFlagRect(editor->remoteCursors().first());
    QVERIFY(above.bottom() <= lineRect(29).top());
    QCOMPARE(above.left(), lineRect(29).left());
}

void TestMainWindow::aNoteDeletedByItsOwnerIsSaidWithWhoDidIt()
{
    twoWindowsOnOneNote(QStringLiteral("milk"));
    // Bob has a note of his own beside it: the window must not jump to it.
    QString error;
    const QString own =
            m_bob->client()->createNote(QStringLiteral("Mine"), QStringLiteral("x"), &error);
    QVERIFY2(!own.isEmpty(), qPrintable(error));
    QTRY_COMPARE(m_bob->window->notesModel()->rowCount(), 2);
    QCOMPARE(m_bob->window->currentNoteId(), m_noteId);
    m_alice->client()->deleteNote(m_noteId);
    QTRY_COMPARE(m_bob->window->notesModel()->rowCount(), 1);
    QCOMPARE(m_bob->window->currentNoteId(), QString());
    QCOMPARE(m_bob->window->statusBar()->currentMessage(),
             QStringLiteral("“Plan” is gone: the note was deleted by Alice."));
}

void TestMainWindow::editsToANoteDeletedMeanwhileGoOnInTheirCopy()
{
    // Bob writes on while out of reach; Alice deletes the note meanwhile.
    twoWindowsOnOneNote(QStringLiteral("milk"));
    const QUrl hub = pointAtNowhere(m_bob->client());
    QTRY_VERIFY(m_bob->client()->state() != SyncClient::State::Online);
    typeAt(*m_bob, 4, QStringLiteral(" and eggs"));
    m_alice->client()->deleteNote(m_noteId);
    QVERIFY(m_alice->waitSynced());

    // Back in reach: his changes are in a copy, open in his window, and he is told so.
    m_bob->client()->setServerUrl(hub);
    m_bob->client()->reconnectNow();
    QTRY_VERIFY(m_bob->window->currentNoteId() != m_noteId &&
                !m_bob->window->currentNoteId().isEmpty());
    QCOMPARE(m_bob->window->titleEdit()->text(), QStringLiteral("Plan (conflicted copy)"));
    QCOMPARE(m_bob->text(), QStringLiteral("milk and eggs"));
    QCOMPARE(m_bob->window->statusBar()->currentMessage(),
             QStringLiteral("The note is gone (the note was deleted, or you no longer have access "
                            "to it): your changes to it are kept in this copy, “Plan (conflicted "
                            "copy)”."));
    QVERIFY(m_bob->waitSynced()); // the copy is on the hub
}

void TestMainWindow::undoTakesBackOnlyTheUsersOwnEdits()
{
    twoWindowsOnOneNote(QStringLiteral("base"));
    QTest::keyClick(m_alice->window->editor(), Qt::Key_End); // a new run of typing
    QTest::keyClicks(m_alice->window->editor(), QStringLiteral(" alice"));
    QTRY_COMPARE(m_bob->text(), QStringLiteral("base alice"));
    typeAt(*m_bob, 0, QStringLiteral("bob "));
    QTRY_COMPARE(m_alice->text(), QStringLiteral("bob base alice"));
    QTest::keyClick(m_alice->window->editor(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_alice->text(), QStringLiteral("bob base"));
    QTRY_COMPARE(m_bob->text(), QStringLiteral("bob base"));
    m_alice->window->action(QStringLiteral("redo"))->trigger();
    QTRY_COMPARE(m_bob->text(), QStringLiteral("bob base alice"));
}

void TestMainWindow::ctrlYRedoesAsWellAsThePlatformsRedoKeys()
{
    // GNOME's and the generic Linux keys (what xcb gives outside KDE) lack Ctrl+Y; Windows'
    // (what the offscreen platform of this test gives) have it already.
    const QKeySequence ctrlY(Qt::CTRL | Qt::Key_Y);
    const QKeySequence ctrlShiftZ(Qt::CTRL | Qt::SHIFT | Qt::Key_Z);
    QCOMPARE(MainWindow::redoKeys({ctrlShiftZ}), (QList<QKeySequence>{ctrlShiftZ, ctrlY}));
    QCOMPARE(MainWindow::redoKeys({ctrlY, ctrlShiftZ}), (QList<QKeySequence>{ctrlY, ctrlShiftZ}));

    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    const QList<QKeySequence> keys =
            MainWindow::redoKeys(QKeySequence::keyBindings(QKeySequence::Redo));
    QCOMPARE(window.action(QStringLiteral("redo"))->shortcuts(), keys);
    window.newNote();
    window.editor()->setFocus();
    QTest::keyClicks(window.editor(), QStringLiteral("first draft"));
    for (const QKeySequence &redo : keys) {
        QTest::keySequence(window.editor(), QKeySequence::Undo);
        QCOMPARE(m_alice->text(), QString());
        QTest::keySequence(window.editor(), redo);
        QVERIFY2(m_alice->text() == QLatin1String("first draft"), qPrintable(redo.toString()));
    }
}

void TestMainWindow::theOtherWindowShowsWhoIsTyping()
{
    twoWindowsOnOneNote();
    QLabel *typing = m_alice->window->collaboratorsPanel()->typingLabel();
    QVERIFY(typing->text().isEmpty());
    typeAt(*m_bob, 0, QStringLiteral("hi"));
    QTRY_COMPARE(typing->text(), QStringLiteral("Bob is typing…"));
}

void TestMainWindow::theDiscussionReachesTheOtherWindow()
{
    twoWindowsOnOneNote();
    DiscussionPanel *panel = m_bob->window->discussionPanel();
    QTRY_VERIFY(panel->input()->isEnabled());
    QTest::keyClicks(panel->input(), QStringLiteral("Can you check the dates?"));
    QTest::keyClick(panel->input(), Qt::Key_Return);
    QVERIFY(panel->input()->text().isEmpty());
    QTRY_COMPARE(m_alice->window->chat()->rowCount(), 1);
    QCOMPARE(m_alice->window->chat()->at(0).content, QStringLiteral("Can you check the dates?"));
    QCOMPARE(m_alice->window->chat()->at(0).userName, QStringLiteral("Bob"));
}

void TestMainWindow::searchFiltersByTitleAndText()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    for (const auto &[title, body] :
         {std::pair{"Trip", "passport, tickets"}, std::pair{"Recipes", "crème brûlée"},
          std::pair{"Work", "quarterly report"}}) {
        window.newNote();
        QTest::keyClicks(window.titleEdit(), QString::fromUtf8(title));
        QTest::keyClick(window.titleEdit(), Qt::Key_Return);
        window.editor()->insertPlainText(QString::fromUtf8(body)); // keyClicks takes Latin-1 only
    }
    QVERIFY(m_alice->waitSynced());
    QTRY_COMPARE(window.notesList()->model()->rowCount(), 3);
    window.action(QStringLiteral("find"))->trigger();
    QTest::keyClicks(window.searchBox(), QStringLiteral("creme"));
    QCOMPARE(window.notesList()->model()->rowCount(), 1);
    QCOMPARE(window.notesModel()->at(0).title, QStringLiteral("Recipes"));
    window.searchBox()->clear();
    QTest::keyClicks(window.searchBox(), QStringLiteral("TRIP"));
    QCOMPARE(window.notesList()->model()->rowCount(), 1);
    window.searchBox()->clear();
    QCOMPARE(window.notesList()->model()->rowCount(), 3);
    // Newest change first: editing Trip moves it to the top.
    QString trip;
    for (int row = 0; row < 3; ++row)
        if (window.notesModel()->at(row).title == QLatin1String("Trip"))
            trip = window.notesModel()->at(row).id;
    window.openNote(trip);
    QCOMPARE(window.titleEdit()->text(), QStringLiteral("Trip"));
    QTest::keyClick(window.editor(), Qt::Key_End);
    QTest::keyClicks(window.editor(), QStringLiteral(", map"));
    QTRY_COMPARE(window.notesModel()->at(0).title, QStringLiteral("Trip"));
}

void TestMainWindow::aLongNoteShowsHowFarItHasOpened()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    QString text;
    while (text.size() < 3'000'000)
        text += QStringLiteral("a line of a long note, long enough to take a while\n");
    const QString id = window.client()->createNote(QStringLiteral("Long"), text);
    window.openNote({});
    QVERIFY(window.statusBar()->currentMessage().isEmpty());
    window.openNote(id);
    QVERIFY(window.editor()->isLoading());
    QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Opening the note… ")));
    QTRY_VERIFY_WITH_TIMEOUT(!window.editor()->isLoading(), 60'000);
    QCOMPARE(window.statusBar()->currentMessage(), QString());
    QCOMPARE(window.editor()->toPlainText(), text);
    QVERIFY(!window.editor()->isReadOnly());
}

void TestMainWindow::aDeletedNoteComesBackWithUndo()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    const QString keep = window.newNote();
    QTest::keyClicks(window.titleEdit(), QStringLiteral("Keep"));
    const QString doomed = window.newNote();
    QTest::keyClicks(window.titleEdit(), QStringLiteral("Doomed"));
    QVERIFY(m_alice->waitSynced());
    QTRY_COMPARE(window.notesModel()->rowCount(), 2);

    // Delete in the editor is a key for the text; in the notes list it deletes the note.
    window.openNote(doomed);
    QTest::keyClick(window.editor(), Qt::Key_Home);
    QTest::keyClick(window.editor(), Qt::Key_Delete);
    QVERIFY(window.notesModel()->rowOf(doomed) >= 0);
    window.notesList()->setFocus();
    QTest::keyClick(window.notesList(), Qt::Key_Delete);
    QCOMPARE(window.notesModel()->rowOf(doomed), -1);
    QCOMPARE(window.currentNoteId(), keep);
    // A message in the status bar (a long note opening, a search) hides neither the Undo nor
    // the connection (QStatusBar hides its ordinary widgets under a message).
    window.statusBar()->showMessage(QStringLiteral("Opening the note… 40 %"));
    QVERIFY(window.findChild<QWidget *>(QStringLiteral("undoDeleteButton"))->isVisible());
    QVERIFY(window.indicator()->isVisible());
    window.statusBar()->clearMessage();
    window.undoDelete();
    QCOMPARE(window.currentNoteId(), doomed);
    QVERIFY(window.notesModel()->rowOf(doomed) >= 0);
    QVERIFY(m_alice->client()->store()->note(doomed).has_value());

    // Without Undo the delete reaches the hub once the undo time is over (or at quit).
    window.action(QStringLiteral("deleteNote"))->trigger();
    QVERIFY(m_alice->client()->store()->note(doomed).has_value());
    window.close();
    QVERIFY(m_alice->waitSynced());
    QVERIFY(!m_alice->client()->store()->note(doomed).has_value());
    QVERIFY(m_alice->client()->store()->note(keep).has_value());
}

void TestMainWindow::theStatusPopupShowsTheConnectionInDetail()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    QVERIFY(m_alice->waitSynced());
    QTest::mouseClick(window.indicator(), Qt::LeftButton);
    StatusPopup *popup = window.findChild<StatusPopup *>();
    QVERIFY(popup);
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->value(QStringLiteral("Server")), window.client()->serverUrl().toString());
    QCOMPARE(popup->value(QStringLiteral("User")), QStringLiteral("Alice (alice)"));
    QCOMPARE(popup->value(QStringLiteral("State")), QStringLiteral("Live"));
    QCOMPARE(popup->value(QStringLiteral("Attempts")), QStringLiteral("none"));
    QCOMPARE(popup->value(QStringLiteral("Unsynced changes")), QStringLiteral("0"));
    QCOMPARE(popup->value(QStringLiteral("Last error")), QStringLiteral("none"));
    QCOMPARE(popup->value(QStringLiteral("Not syncing")), QString()); // a row only when some are
    // Offline with a change waiting: the popup follows.
    window.client()->disconnectFromHub();
    window.newNote();
    QCOMPARE(popup->value(QStringLiteral("State")), QStringLiteral("Offline — 1 change waiting"));
    QCOMPARE(popup->value(QStringLiteral("Unsynced changes")), QStringLiteral("1"));
    m_alice->screenshot(QStringLiteral("offline"));
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        popup->grab().save(QDir(dir).filePath(QStringLiteral("status-popup.png")));
    // Its Reconnect button brings the client back.
    for (QPushButton *button : popup->findChildren<QPushButton *>())
        if (button->text() == QLatin1String("&Reconnect"))
            QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(m_alice->waitSynced());
    QCOMPARE(popup->value(QStringLiteral("Unsynced changes")), QStringLiteral("0"));

    // Pointed at a port where nothing listens, it counts its attempts; back on its hub, it
    // says how many it took.
    const QUrl hub = pointAtNowhere(window.client());
    QTRY_VERIFY(window.client()->attempt() >= 2);
    QVERIFY2(popup->value(QStringLiteral("Attempts")).endsWith(QLatin1String(" of 10")),
             qPrintable(popup->value(QStringLiteral("Attempts"))));
    window.client()->setServerUrl(hub);
    QVERIFY(m_alice->waitSynced());
    QVERIFY2(popup->value(QStringLiteral("Attempts")).startsWith(QLatin1String("connected after ")),
             qPrintable(popup->value(QStringLiteral("Attempts"))));
}

void TestMainWindow::markdownPreviewAndExportShowTheNote()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    window.newNote();
    QTest::keyClicks(window.titleEdit(), QStringLiteral("Launch"));
    QTest::keyClick(window.titleEdit(), Qt::Key_Return);
    window.editor()->insertPlainText(QStringLiteral("Steps:\n\n- **test** it\n- ship it\n"));
    QVERIFY(window.preview()->isHidden());
    window.action(QStringLiteral("togglePreview"))->trigger();
    QVERIFY(window.preview()->isVisible());
    QTRY_VERIFY(window.preview()->toPlainText().contains(QLatin1String("test it")));
    QVERIFY(!window.preview()->toPlainText().contains(QLatin1String("**")));
    QVERIFY(window.preview()->toHtml().contains(QLatin1String("font-weight:700")));
    QTest::keyClicks(window.editor(), QStringLiteral("done"));
    QTRY_VERIFY(window.preview()->toPlainText().contains(QLatin1String("done")));
    m_alice->screenshot(QStringLiteral("markdown-preview"));

    QTemporaryDir out;
    QString error;
    QVERIFY(window.exportTo(out.filePath(QStringLiteral("launch.md")), true, &error));
    QFile markdown(out.filePath(QStringLiteral("launch.md")));
    QVERIFY(markdown.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(markdown.readAll()),
             QStringLiteral("# Launch\n\nSteps:\n\n- **test** it\n- ship it\ndone"));
    QVERIFY(window.exportTo(out.filePath(QStringLiteral("launch.txt")), false, &error));
    QFile text(out.filePath(QStringLiteral("launch.txt")));
    QVERIFY(text.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(text.readAll()),
             QStringLiteral("Steps:\n\n- **test** it\n- ship it\ndone"));
    // A folder that cannot be written: a clear error, nothing half-written.
    QVERIFY(!window.exportTo(out.filePath(QStringLiteral("missing/launch.md")), true, &error));
    QVERIFY2(error.startsWith(QLatin1String("Could not write")), qPrintable(error));
}

void TestMainWindow::theLayoutIsRemembered()
{
    QVERIFY(m_alice->open());
    m_alice->window->action(QStringLiteral("toggleSidePanels"))->trigger();
    QVERIFY(m_alice->window->collaboratorsPanel()->isHidden() ||
            !m_alice->window->collaboratorsPanel()->isVisibleTo(m_alice->window.get()));
    m_alice->window->action(QStringLiteral("togglePreview"))->trigger();
    m_alice->window->close();
    MainWindow again(m_alice->workspaces.get());
    QVERIFY(!again.action(QStringLiteral("toggleSidePanels"))->isChecked());
    QVERIFY(again.action(QStringLiteral("togglePreview"))->isChecked());
    // Back as it was, for the other tests.
    again.action(QStringLiteral("toggleSidePanels"))->trigger();
    again.action(QStringLiteral("togglePreview"))->trigger();
    again.close();
}

void TestMainWindow::everyMenuActionHasAShortcutOrIsRare()
{
    QVERIFY(m_alice->open());
    // Rare actions (once per setup) may go without; everything else has a key.
    const QSet<QString> rare{QStringLiteral("hostServer"),        QStringLiteral("stopHosting"),
                             QStringLiteral("revokeInvites"),     QStringLiteral("forgetHub"),
                             QStringLiteral("connectionDetails"), QStringLiteral("about"),
                             QStringLiteral("yourName")};
    QSet<QKeySequence> seen;
    for (QAction *action : m_alice->window->actions()) {
        if (action->objectName().isEmpty())
            continue;
        if (!rare.contains(action->objectName()))
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->objectName()));
        for (const QKeySequence &keys : action->shortcuts()) {
            QVERIFY2(!seen.contains(keys),
                     qPrintable(action->objectName() + QLatin1Char(' ') + keys.toString()));
            seen.insert(keys);
        }
    }
    for (QWidget *widget : m_alice->window->findChildren<QWidget *>())
        if (widget->focusPolicy() != Qt::NoFocus && widget->isVisible() &&
            (qobject_cast<QLineEdit *>(widget) || qobject_cast<QAbstractItemView *>(widget)))
            QVERIFY2(!widget->accessibleName().isEmpty() || widget->parent()->inherits("QComboBox"),
                     qPrintable(widget->objectName()));
}

void TestMainWindow::tabGoesThroughTheWindowInReadingOrder()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    window.newNote();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.searchBox()->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), window.searchBox());
    QStringList order;
    for (int i = 0; i < 4; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        order << QApplication::focusWidget()->objectName();
    }
    QCOMPARE(order,
             (QStringList{QStringLiteral("notesList"), QStringLiteral("newNoteButton"),
                          QStringLiteral("titleEdit"), QStringLiteral("editor")}));
}

void TestMainWindow::iconsAreSharpAndFollowThePalette()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    // The app's own icon and every action's: vector-drawn at each size, never upscaled.
    QVERIFY(!window.windowIcon().pixmap(64).isNull());
    for (QAction *action : window.actions()) {
        const QString name = action->property("iconName").toString();
        if (name.isEmpty() || QIcon::hasThemeIcon(name))
            continue; // the desktop theme's icons are the theme's business
        QVERIFY2(!action->icon().isNull(), qPrintable(action->objectName()));
        QVERIFY2(action->icon().availableSizes().contains(QSize(48, 48)),
                 qPrintable(action->objectName()));
    }
    const QIcon own = Icons::own(QStringLiteral("document-new"), window.palette());
    const QImage big = own.pixmap(QSize(96, 96)).toImage();
    QCOMPARE(big.size(), QSize(96, 96));
    // Drawn in the palette's text colour: dark strokes on light, light strokes on dark.
    const auto darkest = [](const QImage &image) {
        int lightness = 255;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (image.pixelColor(x, y).alpha() > 200)
                    lightness = std::min(lightness, image.pixelColor(x, y).lightness());
        return lightness;
    };
    QPalette light;
    light.setColor(QPalette::WindowText, Qt::black);
    QPalette dark;
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    QVERIFY(darkest(Icons::own(QStringLiteral("edit-delete"), light).pixmap(48).toImage()) < 60);
    QVERIFY(darkest(Icons::own(QStringLiteral("edit-delete"), dark).pixmap(48).toImage()) > 180);
    // Drawn at whatever size is asked, at the screen's pixel ratio, and greyed when disabled.
    const QIcon lightIcon = Icons::own(QStringLiteral("edit-delete"), light);
    QCOMPARE(lightIcon.pixmap(QSize(40, 40)).size(), QSize(40, 40));
    // …from the vector at that size, not a neighbouring size scaled.
    QFile source(QStringLiteral(":/tandem/icons/actions/edit-delete.svg"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QByteArray svg = source.readAll().replace("currentColor", "#000000");
    QBuffer buffer(&svg);
    QImageReader reader(&buffer, "svg");
    reader.setScaledSize(QSize(40, 40));
    const QImage vector = reader.read().convertToFormat(QImage::Format_ARGB32_Premultiplied);
    QCOMPARE(lightIcon.pixmap(QSize(40, 40))
                     .toImage()
                     .convertToFormat(QImage::Format_ARGB32_Premultiplied),
             vector);
    const QPixmap retina = lightIcon.pixmap(QSize(24, 24), 2.0);
    QCOMPARE(retina.size(), QSize(48, 48));
    QCOMPARE(retina.devicePixelRatio(), 2.0);
    const QImage disabled = lightIcon.pixmap(QSize(48, 48), QIcon::Disabled).toImage();
    QCOMPARE(disabled.size(), QSize(48, 48));
    QVERIFY2(darkest(disabled) > darkest(lightIcon.pixmap(48).toImage()) + 40,
             qPrintable(QString::number(darkest(disabled))));
}

void TestMainWindow::theTrayShowsTheConnectionState()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    QTRY_COMPARE(window.trayIcon()->toolTip(), QStringLiteral("Tandem — Live"));
    QVERIFY(!window.trayIcon()->icon().isNull());
    window.client()->disconnectFromHub();
    QVERIFY(window.trayIcon()->toolTip().startsWith(QStringLiteral("Tandem — Offline")));
    window.newNote();
    QVERIFY(window.trayIcon()->toolTip().startsWith(QStringLiteral("Tandem — Offline — 1 change")));
}

void TestMainWindow::aSmallWindowNeverScrollsSideways()
{
    twoWindowsOnOneNote(QStringLiteral("one two three"));
    DiscussionPanel *panel = m_bob->window->discussionPanel();
    QTRY_VERIFY(panel->input()->isEnabled());
    QTest::keyClicks(panel->input(),
                     QStringLiteral("A message long enough to wrap in a narrow panel"));
    QTest::keyClick(panel->input(), Qt::Key_Return);
    QTRY_COMPARE(m_alice->window->chat()->rowCount(), 1);
    QTRY_COMPARE(m_alice->window->collaboratorsPanel()->list()->model()->rowCount(), 1);
    m_alice->window->resize(560, 380);
    QTest::qWait(50); // the layout settles
    for (const char *name : {"notesList", "collaboratorsList", "discussionList"}) {
        auto *list = m_alice->window->findChild<QListView *>(QLatin1String(name));
        QVERIFY2(list && list->model()->rowCount() > 0, name);
        const int row = list->visualRect(list->model()->index(0, 0)).width();
        QVERIFY2(row <= list->viewport()->width(),
                 qPrintable(QStringLiteral("%1: a row of %2 px in a list %3 px wide")
                                    .arg(QLatin1String(name))
                                    .arg(row)
                                    .arg(list->viewport()->width())));
        QVERIFY2(!list->horizontalScrollBar()->isVisible(), name);
    }
    // The message box keeps room for a dozen letters beside its button.
    QLineEdit *input = m_alice->window->discussionPanel()->input();
    QVERIFY2(input->width() >= input->fontMetrics().averageCharWidth() * 12,
             qPrintable(QStringLiteral("the message box is %1 px wide").arg(input->width())));
    m_alice->screenshot(QStringLiteral("small-window"));
}

void TestMainWindow::aHubGivenUpOnIsTriedAgainWhenTheWindowIsActivated()
{
    QVERIFY(m_alice->open());
    MainWindow &window = *m_alice->window;
    QVERIFY(m_alice->waitSynced());
    // The hub out of reach until every attempt is used up (a host's laptop shut, say).
    const QUrl hub = pointAtNowhere(window.client());
    QTRY_VERIFY_WITH_TIMEOUT(window.client()->isOutOfAttempts(), 20'000);
    // Back again; the user comes back to the window: it tries at once, without Reconnect.
    window.client()->setServerUrl(hub);
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QEvent activation(QEvent::ActivationChange);
    QApplication::sendEvent(&window, &activation);
    QVERIFY(m_alice->waitSynced());
    QCOMPARE(window.client()->state(), SyncClient::State::Online);
    QVERIFY(!window.client()->isOutOfAttempts()); // live again
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
