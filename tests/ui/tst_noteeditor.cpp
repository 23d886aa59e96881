// SPDX-License-Identifier: GPL-3.0-or-later
// NoteEditor on the offscreen platform with a real hub and real clients: typing reaches the
// hub; a collaborator's edit is applied in place (one small change, the user's cursor moved
// with the text, never a reset); lines added or removed above the view do not move it;
// Ctrl+Z takes back the user's own edits only, a run of typing at once (Shift and dead keys
// do not split it, moving the caret does); random local
// typing, undo and redo interleaved with remote edits converges (seeded); a viewer cannot type;
// a long note opens in slices (its start at once, read-only until all of it is there) and an
// edit that comes meanwhile is applied once it is.
#include "clientfixture.h"
#include "hubfixture.h"
#include "noteeditor.h"
#include "sanitizer.h"
#include "testseed.h"

#include <QApplication>
#include <QScrollBar>
#include <QTextBlock>

class TestNoteEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void typingReachesTheHub();
    void aRemoteEditIsAppliedInPlaceAndMovesTheCursor();
    void undoTakesBackOnlyTheUsersOwnEdits();
    void aRunOfTypingIsOneUndoStepWhateverKeysTypedIt();
    void linesAddedAboveTheViewDoNotMoveIt();
    void randomTypingInterleavedWithRemoteEditsConverges();
    void aViewerCannotType();
    void aLongNoteOpensInSlicesAndKeepsEditsThatCameMeanwhile();

private:
    void share(const QString &role);

    std::unique_ptr<HubFixture> m_hub;
    std::unique_ptr<ClientHarness> m_alice;
    std::unique_ptr<ClientHarness> m_bob;
    QString m_noteId;
    std::unique_ptr<NoteEditor> m_editor;
};

void TestNoteEditor::init()
{
    m_hub = std::make_unique<HubFixture>();
    QVERIFY(m_hub->start());
    // Nothing here tests a lost link, and one case moves 6 MB of text.
    m_alice = std::make_unique<ClientHarness>(m_hub->url(), m_hub->token(QStringLiteral("alice")),
                                              longTextClientSettings());
    m_bob = std::make_unique<ClientHarness>(m_hub->url(), m_hub->token(QStringLiteral("bob")),
                                            longTextClientSettings());
    QVERIFY(m_alice->connectAndWait());
    QVERIFY(m_bob->connectAndWait());
    m_noteId = m_alice->client->createNote(QStringLiteral("Shared"));
    QVERIFY(m_alice->waitSynced());
    m_editor = std::make_unique<NoteEditor>();
    m_editor->resize(500, 300);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
}

void TestNoteEditor::cleanup()
{
    m_editor.reset();
    m_bob.reset();
    m_alice.reset();
    m_hub.reset();
}

void TestNoteEditor::share(const QString &role)
{
    QVERIFY(m_alice->client->share(m_noteId, QStringLiteral("bob"), role));
    QVERIFY(QTest::qWaitFor([&]() { return m_bob->store.note(m_noteId).has_value(); }));
}

void TestNoteEditor::typingReachesTheHub()
{
    NoteSession *session = m_alice->client->openNote(m_noteId);
    m_editor->setSession(session);
    QVERIFY(!m_editor->isReadOnly());
    QTest::keyClicks(m_editor.get(), QStringLiteral("hello"));
    QTest::keyClick(m_editor.get(), Qt::Key_Return);
    QTest::keyClicks(m_editor.get(), QStringLiteral("world"));
    QCOMPARE(session->text(), QStringLiteral("hello\nworld"));
    QVERIFY(m_alice->waitSynced());
    QCOMPARE(contentOf(*m_hub, QStringLiteral("alice"), m_noteId), QStringLiteral("hello\nworld"));
}

void TestNoteEditor::aRemoteEditIsAppliedInPlaceAndMovesTheCursor()
{
    share(QStringLiteral("editor"));
    m_editor->setSession(m_alice->client->openNote(m_noteId));
    QTest::keyClicks(m_editor.get(), QStringLiteral("world"));
    QCOMPARE(m_editor->textCursor().position(), 5);
    QVERIFY(m_alice->waitSynced());

    NoteSession *bob = m_bob->client->openNote(m_noteId);
    QVERIFY(QTest::qWaitFor(
            [&]() { return bob->isJoined() && bob->text() == QStringLiteral("world"); }));
    QSignalSpy changes(m_editor->document(), &QTextDocument::contentsChange);
    QVERIFY(bob->applyLocal(TextOperation().insert(QStringLiteral("hello ")).retain(5)));
    QVERIFY(QTest::qWaitFor(
            [&]() { return m_editor->toPlainText() == QStringLiteral("hello world"); }));
    QCOMPARE(changes.size(), 1); // one small change, not a reset of the text
    QCOMPARE(changes.first().at(0).toInt(), 0);
    QCOMPARE(changes.first().at(1).toInt(), 0);
    QCOMPARE(changes.first().at(2).toInt(), 6);
    QCOMPARE(m_editor->textCursor().position(), 11); // still after "world"
    // Typing goes on where the user was.
    QTest::keyClicks(m_editor.get(), QStringLiteral("!"));
    QVERIFY(m_alice->waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return bob->text() == QStringLiteral("hello world!"); }));
}

void TestNoteEditor::linesAddedAboveTheViewDoNotMoveIt()
{
    share(QStringLiteral("editor"));
    m_editor->setSession(m_alice->client->openNote(m_noteId));
    QStringList lines;
    for (int i = 0; i < 300; ++i)
        lines << QStringLiteral("line %1").arg(i);
    m_editor->insertPlainText(lines.join(u'\n'));
    QVERIFY(m_alice->waitSynced());
    NoteSession *bob = m_bob->client->openNote(m_noteId);
    QVERIFY(QTest::qWaitFor([&]() { return bob->isJoined() && bob->text().size() > 2000; }));

    // The line shown at the top of the view.
    const auto topLine = [&]() { return m_editor->cursorForPosition(QPoint(4, 4)).block().text(); };
    m_editor->verticalScrollBar()->setValue(150); // reading line 150
    QTextCursor cursor(m_editor->document()->findBlockByNumber(155));
    m_editor->setTextCursor(cursor);
    QCOMPARE(topLine(), QStringLiteral("line 150"));
    const int cursorY = m_editor->cursorRect().top();
    // Bob adds 20 lines at the top and removes line 10.
    QVERIFY(bob->applyLocal(
            TextOperation()
                    .insert(QStringLiteral("new\n").repeated(20))
                    .retain(lines.mid(0, 10).join(u'\n').size() + 1)
                    .remove(QStringLiteral("line 10\n").size())
                    .retain(bob->text().size() - lines.mid(0, 11).join(u'\n').size() - 1)));
    QVERIFY(QTest::qWaitFor(
            [&]() { return m_editor->toPlainText().startsWith(QLatin1String("new\n")); }));
    QCOMPARE(topLine(), QStringLiteral("line 150"));
    QCOMPARE(m_editor->textCursor().block().text(), QStringLiteral("line 155"));
    QCOMPARE(m_editor->cursorRect().top(), cursorY); // not a pixel moved on screen
    // At the very top, text added above shows (nothing to keep in view).
    m_editor->verticalScrollBar()->setValue(0);
    QVERIFY(bob->applyLocal(
            TextOperation().insert(QStringLiteral("top\n")).retain(bob->text().size())));
    QVERIFY(QTest::qWaitFor(
            [&]() { return m_editor->toPlainText().startsWith(QLatin1String("top\n")); }));
    QCOMPARE(topLine(), QStringLiteral("top"));
}

void TestNoteEditor::undoTakesBackOnlyTheUsersOwnEdits()
{
    share(QStringLiteral("editor"));
    m_editor->setSession(m_alice->client->openNote(m_noteId));
    QTest::keyClicks(m_editor.get(), QStringLiteral("abc"));
    QVERIFY(m_alice->waitSynced());
    NoteSession *bob = m_bob->client->openNote(m_noteId);
    QVERIFY(QTest::qWaitFor(
            [&]() { return bob->isJoined() && bob->text() == QStringLiteral("abc"); }));
    QVERIFY(bob->applyLocal(TextOperation().retain(3).insert(QStringLiteral(" (bob)"))));
    QVERIFY(QTest::qWaitFor(
            [&]() { return m_editor->toPlainText() == QStringLiteral("abc (bob)"); }));

    QVERIFY(m_editor->canUndo());
    QTest::keySequence(m_editor.get(), QKeySequence::Undo); // "abc" was one run of typing
    QCOMPARE(m_editor->toPlainText(), QStringLiteral(" (bob)"));
    QVERIFY(!m_editor->canUndo());
    QTest::keySequence(m_editor.get(), QKeySequence::Redo);
    QCOMPARE(m_editor->toPlainText(), QStringLiteral("abc (bob)"));
    QVERIFY(m_alice->waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return bob->text() == QStringLiteral("abc (bob)"); }));
}

void TestNoteEditor::aRunOfTypingIsOneUndoStepWhateverKeysTypedIt()
{
    m_editor->setSession(m_alice->client->openNote(m_noteId));
    // "le Hé": Shift pressed on its own for the capital, then a dead key before the accent.
    QTest::keyClicks(m_editor.get(), QStringLiteral("le "));
    QTest::sendKeyEvent(QTest::Press, m_editor.get(), Qt::Key_Shift, QString(), Qt::ShiftModifier);
    QTest::keyClick(m_editor.get(), 'H', Qt::ShiftModifier);
    QTest::sendKeyEvent(QTest::Release, m_editor.get(), Qt::Key_Shift, QString(), Qt::NoModifier);
    QTest::sendKeyEvent(QTest::Click, m_editor.get(), Qt::Key_Dead_Acute, QString(),
                        Qt::NoModifier);
    QTest::sendKeyEvent(QTest::Click, m_editor.get(), Qt::Key_Eacute, QStringLiteral("é"),
                        Qt::NoModifier);
    QCOMPARE(m_editor->toPlainText(), QStringLiteral("le Hé"));
    // Moving the caret ends the run: what is typed there is a step of its own.
    QTest::keyClick(m_editor.get(), Qt::Key_Left);
    QTest::keyClicks(m_editor.get(), QStringLiteral("x"));
    QCOMPARE(m_editor->toPlainText(), QStringLiteral("le Hxé"));

    QTest::keySequence(m_editor.get(), QKeySequence::Undo);
    QCOMPARE(m_editor->toPlainText(), QStringLiteral("le Hé"));
    QTest::keySequence(m_editor.get(), QKeySequence::Undo);
    QCOMPARE(m_editor->toPlainText(), QString());
    QVERIFY(!m_editor->canUndo());
}

void TestNoteEditor::randomTypingInterleavedWithRemoteEditsConverges()
{
    share(QStringLiteral("editor"));
    NoteSession *alice = m_alice->client->openNote(m_noteId);
    m_editor->setSession(alice);
    NoteSession *bob = m_bob->client->openNote(m_noteId);
    QVERIFY(QTest::qWaitFor([&]() { return bob->isJoined(); }));
    QRandomGenerator rng(testSeed());
    const QString alphabet = QStringLiteral("abcdefghij \n");
    for (int step = 0; step < 300; ++step) {
        if (rng.bounded(2) == 0) {
            QTextCursor cursor = m_editor->textCursor();
            cursor.setPosition(int(rng.bounded(int(m_editor->document()->characterCount()))));
            m_editor->setTextCursor(cursor);
            const QChar c = alphabet.at(int(rng.bounded(int(alphabet.size()))));
            const int action = int(rng.bounded(10));
            if (action == 0) // undo past remote edits: the stack was transformed through them
                QTest::keySequence(m_editor.get(), QKeySequence::Undo);
            else if (action == 1)
                QTest::keySequence(m_editor.get(), QKeySequence::Redo);
            else if (action < 4)
                QTest::keyClick(m_editor.get(), Qt::Key_Backspace);
            else if (c == QLatin1Char('\n'))
                QTest::keyClick(m_editor.get(), Qt::Key_Return);
            else
                QTest::keyClicks(m_editor.get(), QString(c));
        } else {
            const QString text = bob->text();
            const qsizetype at = rng.bounded(int(text.size() + 1));
            TextOperation op;
            op.retain(at).insert(QStringLiteral("B")).retain(text.size() - at);
            QVERIFY(bob->applyLocal(op));
        }
        QCOMPARE(m_editor->toPlainText(), alice->text());
        if (step % 5 == 0)
            QCoreApplication::processEvents();
    }
    QVERIFY(m_alice->waitSynced());
    QVERIFY(m_bob->waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return alice->version() == bob->version(); }));
    QCOMPARE(m_editor->toPlainText(), bob->text());
    QCOMPARE(contentOf(*m_hub, QStringLiteral("bob"), m_noteId), bob->text());
}

void TestNoteEditor::aViewerCannotType()
{
    QVERIFY(m_alice->client->session(m_noteId) == nullptr);
    share(QStringLiteral("viewer"));
    NoteSession *bob = m_bob->client->openNote(m_noteId);
    QVERIFY(QTest::qWaitFor([&]() { return bob->isJoined(); }));
    m_editor->setSession(bob);
    QVERIFY(m_editor->isReadOnly());
    QTest::keyClicks(m_editor.get(), QStringLiteral("nope"));
    QCOMPARE(m_editor->toPlainText(), QString());
    QCOMPARE(bob->pendingEdits(), 0);
}

void TestNoteEditor::aLongNoteOpensInSlicesAndKeepsEditsThatCameMeanwhile()
{
    share(QStringLiteral("editor"));
    NoteSession *alice = m_alice->client->openNote(m_noteId);
    QString longText;
    for (int line = 0; longText.size() < 6'000'000; ++line)
        longText += QStringLiteral("line %1 of a long note, with some words to make it wide\n")
                            .arg(line);
    QVERIFY(alice->applyLocal(TextOperation().insert(longText)));
    QVERIFY(m_alice->waitSynced(60'000 * TimingWindowScale));
    NoteSession *bob = m_bob->client->openNote(m_noteId);
    QVERIFY(QTest::qWaitFor([&]() { return bob->isJoined() && bob->text() == longText; },
                            60'000 * TimingWindowScale));

    // Alice edits both ends; her edits are on their way while Bob's editor opens the note.
    QVERIFY(alice->applyLocal(
            TextOperation().insert(QStringLiteral("START ")).retain(longText.size())));
    QVERIFY(alice->applyLocal(
            TextOperation().retain(longText.size() + 6).insert(QStringLiteral("END"))));
    QSignalSpy progress(m_editor.get(), &NoteEditor::loadProgress);
    int editsWhileLoading = 0;
    connect(bob, &NoteSession::remoteOp, m_editor.get(),
            [&]() { editsWhileLoading += m_editor->isLoading() ? 1 : 0; });
    m_editor->setSession(bob);

    // Its start is shown at once; the rest is not there yet, and nothing can be typed.
    QVERIFY(m_editor->isLoading());
    QVERIFY(m_editor->isReadOnly());
    QVERIFY(m_editor->toPlainText().startsWith(QStringLiteral("line 0 of a long note")));
    QVERIFY(m_editor->document()->characterCount() < longText.size() / 4);
    QCOMPARE(m_editor->text(), longText); // all of it, for export and preview
    QTest::keyClicks(m_editor.get(), QStringLiteral("x"));
    QCOMPARE(bob->pendingEdits(), 0);

    QVERIFY(QTest::qWaitFor([&]() { return !m_editor->isLoading(); }, 60'000 * TimingWindowScale));
    QVERIFY(progress.size() > 3);
    for (qsizetype i = 1; i < progress.size(); ++i)
        QVERIFY(progress.at(i).at(0).toReal() > progress.at(i - 1).at(0).toReal());
    QCOMPARE(progress.last().at(0).toReal(), 1.0);
    QVERIFY(QTest::qWaitFor([&]() { return alice->version() == bob->version(); },
                            20'000 * TimingWindowScale));
    QVERIFY2(editsWhileLoading > 0, "Alice's edits came after the note had loaded");
    const QString expected = QStringLiteral("START ") + longText + QStringLiteral("END");
    QCOMPARE(bob->text(), expected);
    QCOMPARE(m_editor->toPlainText(), expected);
    QCOMPARE(m_editor->text(), expected);

    // Now it is Bob's to edit like any other note.
    QVERIFY(!m_editor->isReadOnly());
    m_editor->moveCursor(QTextCursor::End);
    QTest::keyClicks(m_editor.get(), QStringLiteral("!"));
    QVERIFY(m_bob->waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return alice->text().endsWith(QStringLiteral("END!")); }));
}

QTEST_MAIN(TestNoteEditor)
#include "tst_noteeditor.moc"
