// SPDX-License-Identifier: GPL-3.0-or-later
// The notes list of the main window as a person uses it: an empty list says why it is empty
// (no notes yet, or none has the search's words) in the list itself, and a right click on a
// note opens it and offers what can be done with it.
#include "notelistmodel.h"
#include "windowfixture.h"

#include <QLineEdit>
#include <QMenu>
#include <QTimer>

class TestNotesList : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void anEmptyListSaysWhyInTheList();
    void aRightClickOpensTheNoteAndOffersItsActions();

private:
    /** Pixels of the list's viewport drawn in the placeholder's colour. */
    int placeholderPixels() const;
    MainWindow &window() const { return *m_person->window; }

    std::unique_ptr<Person> m_person;
};

void TestNotesList::initTestCase()
{
    setUpWindowTests();
}

void TestNotesList::init()
{
    m_person = std::make_unique<Person>(QStringLiteral("ann"), QStringLiteral("Ann"));
    QVERIFY(m_person->open());
}

void TestNotesList::cleanup()
{
    m_person.reset();
}

int TestNotesList::placeholderPixels() const
{
    return drawnPixels(window().notesList());
}

void TestNotesList::anEmptyListSaysWhyInTheList()
{
    PlaceholderListView *list = window().notesList();
    QCOMPARE(list->model()->rowCount(), 0);
    QCOMPARE(list->placeholderText(),
             QStringLiteral("No notes yet. New note (Ctrl+N) starts one."));
    QVERIFY(placeholderPixels() > 50); // the words are drawn, not just set
    window().newNote();
    QTRY_COMPARE(list->model()->rowCount(), 1);
    window().searchBox()->setText(QStringLiteral("zebra"));
    QCOMPARE(list->model()->rowCount(), 0);
    QCOMPARE(list->placeholderText(), QStringLiteral("No note has “zebra”."));
    QVERIFY(placeholderPixels() > 50);
    window().searchBox()->clear();
    QCOMPARE(list->model()->rowCount(), 1);
    window().notesList()->clearSelection();
    // With a row, only the row is drawn: no words over or under it.
    const QRect row = list->visualRect(list->model()->index(0, 0));
    const QImage image = list->viewport()->grab().toImage();
    const QColor base = list->palette().color(QPalette::Base);
    for (int y = row.bottom() + 1; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            QCOMPARE(QColor(image.pixel(x, y)), base);
}

void TestNotesList::aRightClickOpensTheNoteAndOffersItsActions()
{
    const QString first = window().newNote();
    QTest::keyClicks(window().titleEdit(), QStringLiteral("First"));
    const QString second = window().newNote();
    QTest::keyClicks(window().titleEdit(), QStringLiteral("Second"));
    QTRY_COMPARE(window().notesModel()->rowCount(), 2);
    QCOMPARE(window().currentNoteId(), second);
    // Right away, while "Second" is still being typed and the hub still confirming: opening
    // "First" can move rows (the note left keeps its title and time), and the menu must still
    // be about "First" (it was about the other note, or none, when this ran on a busy machine).
    PlaceholderListView *list = window().notesList();
    const int row = window().notesModel()->rowOf(first);
    const QPoint at = list->visualRect(list->model()->index(row, 0)).center();

    QStringList offered;
    // The menu runs its own event loop: read it and close it from in there.
    QTimer poll;
    poll.setInterval(10);
    connect(&poll, &QTimer::timeout, this, [&]() {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        poll.stop();
        for (QAction *action : menu->actions())
            if (!action->isSeparator())
                offered << action->objectName() +
                                (action->isEnabled() ? QString() : QStringLiteral("(off)"));
        menu->close();
    });
    poll.start();
    QContextMenuEvent click(QContextMenuEvent::Mouse, at, list->viewport()->mapToGlobal(at));
    QApplication::sendEvent(list->viewport(), &click);
    QCOMPARE(window().currentNoteId(), first);
    QCOMPARE(offered,
             (QStringList{QStringLiteral("share"), QStringLiteral("history"),
                          QStringLiteral("exportMarkdown"), QStringLiteral("exportText"),
                          QStringLiteral("deleteNote")}));

    // Below the last row there is no note: no menu, nothing opened.
    offered.clear();
    const QPoint empty(10, list->viewport()->height() - 5);
    QContextMenuEvent nowhere(QContextMenuEvent::Mouse, empty,
                              list->viewport()->mapToGlobal(empty));
    poll.start();
    QApplication::sendEvent(list->viewport(), &nowhere);
    QTest::qWait(100);
    poll.stop();
    QCOMPARE(window().currentNoteId(), first);
    QVERIFY(offered.isEmpty());
}

QTEST_MAIN(TestNotesList)
#include "tst_noteslist.moc"
