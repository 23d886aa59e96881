// SPDX-License-Identifier: GPL-3.0-or-later
// The notes search inside the open note, as a person uses it: what they type in the search
// box is highlighted in the note (accents and case folded) and the status bar says how often;
// F3 / Shift+F3 and Enter in the box go from match to match and around; a note opened from a
// search shows its first match; the highlights follow the text as it changes; a word the note
// does not have is said so; clearing the search takes the highlights away.
#include "notelistmodel.h"
#include "windowfixture.h"

#include <QLineEdit>
#include <QListView>
#include <QStatusBar>

class TestSearchInNote : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void theSearchIsHighlightedInTheOpenNote();
    void f3AndShiftF3GoFromMatchToMatchAndAround();
    void enterInTheSearchBoxSelectsTheNextMatchAndKeepsTheFocus();
    void aNoteOpenedFromASearchShowsItsFirstMatch();
    void theHighlightsFollowTheText();
    void aWordTheNoteDoesNotHaveIsSaidSo();

private:
    /** A new note with this title and body; its id. */
    QString addNote(const QString &title, const QString &body);
    void search(const QString &text);
    /** The selected text of the editor. */
    QString selected() const;
    MainWindow &window() const { return *m_person->window; }

    std::unique_ptr<Person> m_person;
};

void TestSearchInNote::initTestCase()
{
    setUpWindowTests();
}

void TestSearchInNote::init()
{
    m_person = std::make_unique<Person>(QStringLiteral("ann"), QStringLiteral("Ann"));
    QVERIFY(m_person->open());
}

void TestSearchInNote::cleanup()
{
    m_person.reset();
}

QString TestSearchInNote::addNote(const QString &title, const QString &body)
{
    const QString id = window().newNote();
    QTest::keyClicks(window().titleEdit(), title);
    QTest::keyClick(window().titleEdit(), Qt::Key_Return);
    window().editor()->insertPlainText(body); // keyClicks takes Latin-1 only
    return id;
}

void TestSearchInNote::search(const QString &text)
{
    window().action(QStringLiteral("find"))->trigger();
    window().searchBox()->clear();
    QTest::keyClicks(window().searchBox(), text);
}

QString TestSearchInNote::selected() const
{
    return window().editor()->textCursor().selectedText();
}

void TestSearchInNote::theSearchIsHighlightedInTheOpenNote()
{
    const QString body = QStringLiteral("Crème fraîche, milk.\nMore CREME? crème!");
    addNote(QStringLiteral("Dairy"), body);
    NoteEditor *editor = window().editor();
    QCOMPARE(editor->extraSelections().size(), 0);
    search(QStringLiteral("creme"));
    QTRY_COMPARE(editor->searchMatches().size(), 3);
    QCOMPARE(editor->extraSelections().size(), 3);
    for (const TextRange &match : editor->searchMatches())
        QCOMPARE(TextSearch::fold(body.mid(match.anchor, match.head - match.anchor)),
                 QStringLiteral("creme"));
    // Each highlight covers its match in the document, with a background of its own.
    const QTextEdit::ExtraSelection second = editor->extraSelections().at(1);
    QCOMPARE(second.cursor.selectedText(), QStringLiteral("CREME"));
    QVERIFY(second.format.background().style() != Qt::NoBrush);
    QCOMPARE(window().statusBar()->currentMessage(),
             QStringLiteral("3 matches in this note: F3 for the next, Shift+F3 for the one "
                            "before."));
    window().searchBox()->clear();
    QTRY_COMPARE(editor->extraSelections().size(), 0);
    QVERIFY(editor->searchMatches().isEmpty());
    QVERIFY(!window().action(QStringLiteral("findNext"))->isEnabled());
}

void TestSearchInNote::f3AndShiftF3GoFromMatchToMatchAndAround()
{
    addNote(QStringLiteral("Words"), QStringLiteral("one two ONE three one"));
    search(QStringLiteral("one"));
    NoteEditor *editor = window().editor();
    QTRY_COMPARE(editor->searchMatches().size(), 3);
    QAction *next = window().action(QStringLiteral("findNext"));
    QAction *previous = window().action(QStringLiteral("findPrevious"));
    QCOMPARE(next->shortcut(), QKeySequence(QKeySequence::FindNext));
    QCOMPARE(previous->shortcut(), QKeySequence(QKeySequence::FindPrevious));
    QVERIFY(next->isEnabled());
    QTextCursor start = editor->textCursor();
    start.setPosition(0);
    editor->setTextCursor(start);
    const auto at = [editor]() { return editor->textCursor().selectionStart(); };
    next->trigger();
    QCOMPARE(at(), 0);
    QCOMPARE(selected(), QStringLiteral("one"));
    next->trigger();
    QCOMPARE(at(), 8);
    QCOMPARE(selected(), QStringLiteral("ONE"));
    next->trigger();
    QCOMPARE(at(), 18);
    next->trigger(); // around to the first
    QCOMPARE(at(), 0);
    previous->trigger(); // and back around to the last
    QCOMPARE(at(), 18);
    previous->trigger();
    QCOMPARE(at(), 8);
}

void TestSearchInNote::enterInTheSearchBoxSelectsTheNextMatchAndKeepsTheFocus()
{
    addNote(QStringLiteral("List"), QStringLiteral("apples, pears, apples"));
    window().activateWindow();
    search(QStringLiteral("apples"));
    QTRY_COMPARE(window().editor()->searchMatches().size(), 2);
    QTextCursor start = window().editor()->textCursor();
    start.setPosition(0);
    window().editor()->setTextCursor(start);
    QTest::keyClick(window().searchBox(), Qt::Key_Return);
    QCOMPARE(window().editor()->textCursor().selectionStart(), 0);
    QTest::keyClick(window().searchBox(), Qt::Key_Return);
    QCOMPARE(window().editor()->textCursor().selectionStart(), 15);
    QCOMPARE(selected(), QStringLiteral("apples"));
    QTRY_VERIFY(window().searchBox()->hasFocus()); // typing goes on refining the search
}

void TestSearchInNote::aNoteOpenedFromASearchShowsItsFirstMatch()
{
    QString body;
    for (int line = 0; line < 400; ++line)
        body += line == 300 ? QStringLiteral("the needle is here\n")
                            : QStringLiteral("line %1 of hay\n").arg(line);
    const QString haystack = addNote(QStringLiteral("Haystack"), body);
    addNote(QStringLiteral("Other"), QStringLiteral("nothing to see"));
    QCOMPARE(window().editor()->toPlainText(), QStringLiteral("nothing to see"));
    search(QStringLiteral("needle"));
    QTRY_COMPARE(window().notesModel()->rowCount(), 1);
    // Clicking the note found, as a person would.
    QListView *list = window().notesList();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualRect(list->model()->index(0, 0)).center());
    QTRY_COMPARE(window().editor()->session() ? window().editor()->session()->noteId() : QString(),
                 haystack);
    NoteEditor *editor = window().editor();
    const int needle = int(body.indexOf(QStringLiteral("needle")));
    QTRY_COMPARE(editor->textCursor().position(), needle);
    QVERIFY(!editor->textCursor().hasSelection()); // typing must not replace it
    QVERIFY(editor->viewport()->rect().contains(editor->cursorRect().center()));
}

void TestSearchInNote::theHighlightsFollowTheText()
{
    addNote(QStringLiteral("Tea"), QStringLiteral("green tea"));
    search(QStringLiteral("tea"));
    NoteEditor *editor = window().editor();
    QTRY_COMPARE(editor->searchMatches().size(), 1);
    editor->setFocus();
    editor->moveCursor(QTextCursor::End);
    QTest::keyClicks(editor, QStringLiteral(", black TEA"));
    QTRY_COMPARE(editor->searchMatches().size(), 2);
    QCOMPARE(editor->extraSelections().at(1).cursor.selectedText(), QStringLiteral("TEA"));
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Delete);
    QTRY_COMPARE(editor->searchMatches().size(), 0);
    QCOMPARE(editor->extraSelections().size(), 0);
}

void TestSearchInNote::aWordTheNoteDoesNotHaveIsSaidSo()
{
    addNote(QStringLiteral("Zoo"), QStringLiteral("a zebra"));
    addNote(QStringLiteral("Farm"), QStringLiteral("a cow"));
    search(QStringLiteral("zebra"));
    NoteEditor *editor = window().editor();
    QTRY_COMPARE(window().statusBar()->currentMessage(),
                 QStringLiteral("“zebra” is not in this note."));
    const int before = editor->textCursor().position();
    window().action(QStringLiteral("findNext"))->trigger();
    QCOMPARE(editor->textCursor().position(), before);
    QVERIFY(!editor->textCursor().hasSelection());
    QCOMPARE(window().statusBar()->currentMessage(),
             QStringLiteral("“zebra” is not in this note."));
}

QTEST_MAIN(TestSearchInNote)
#include "tst_searchinnote.moc"
