// SPDX-License-Identifier: GPL-3.0-or-later
// DiscussionPanel: while a note's discussion has no messages, the list says why in its own
// area instead of showing a blank box: no note open, no messages yet (connected), or the hub out
// of reach (it keeps the discussion). Once there is a message, only the message is drawn.
#include "discussionpanel.h"
#include "placeholderlistview.h"
#include "windowfixture.h"

#include <QLineEdit>

class TestDiscussionPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpWindowTests(); }
    void anEmptyDiscussionSaysWhyInTheList();
};

void TestDiscussionPanel::anEmptyDiscussionSaysWhyInTheList()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    PlaceholderListView *list = bob.window->discussionPanel()->list();
    QCOMPARE(list->model()->rowCount(), 0);
    QCOMPARE(list->placeholderText(), QStringLiteral("Open a note to see its discussion."));
    QVERIFY(drawnPixels(list) > 50); // the words are drawn, not just set

    const QString noteId = alice.window->newNote();
    QVERIFY(alice.waitSynced());
    QVERIFY(shareAndOpen(alice, bob, noteId));
    QTRY_COMPARE(list->placeholderText(),
                 QStringLiteral("No messages yet. What you write here, everyone on this note "
                                "sees."));
    QVERIFY(drawnPixels(list) > 50);

    // The host stops: the discussion is out of reach.
    alice.workspaces->local()->stopHosting();
    QTRY_COMPARE(list->placeholderText(),
                 QStringLiteral("The discussion is kept by the hub: connect to see it."));
    QVERIFY(drawnPixels(list) > 50);

    // With a message, the list draws the message alone (here Alice's, hosting again).
    QString error;
    QVERIFY2(alice.workspaces->local()->startHosting(HostingOptions{0, false, true}, &error),
             qPrintable(error));
    alice.window->openNote(noteId);
    QVERIFY(alice.waitSynced());
    QLineEdit *input = alice.window->discussionPanel()->input();
    QTRY_VERIFY(input->isEnabled());
    input->setText(QStringLiteral("Hi"));
    alice.window->discussionPanel()->send();
    QTRY_COMPARE(alice.window->discussionPanel()->list()->model()->rowCount(), 1);
    PlaceholderListView *alicesList = alice.window->discussionPanel()->list();
    const QRect row = alicesList->visualRect(alicesList->model()->index(0, 0));
    QCOMPARE(drawnPixels(alicesList, row.bottom() + 1), 0); // nothing under the message
}

QTEST_MAIN(TestDiscussionPanel)
#include "tst_discussionpanel.moc"
