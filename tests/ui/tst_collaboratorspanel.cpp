// SPDX-License-Identifier: GPL-3.0-or-later
// The people panel between two real windows: while no one else is on the note it says the
// one way the user has to bring someone in (host on "This computer", invite and share while
// hosting, share a note of one's own on a hub, nothing for a note shared with them), and
// while the hub is out of reach it says that, not "Only you are here".
#include "collaboratorspanel.h"
#include "presencemodel.h"
#include "windowfixture.h"
#include "workspace.h"

#include <QLabel>

class TestCollaboratorsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aloneOnANoteThePanelSaysHowToBringSomeoneIn();
    void offlineThePanelSaysSoInsteadOfOnlyYou();
    void inASmallWindowTheSentenceIsWholeAndTheListShowsOnlyPeople();
};

namespace {

QString aloneText(const Person &person)
{
    const QLabel *label = person.window->collaboratorsPanel()->emptyLabel();
    return label->isVisible() ? label->text() : QString();
}

} // namespace

void TestCollaboratorsPanel::initTestCase()
{
    setUpWindowTests();
}

void TestCollaboratorsPanel::aloneOnANoteThePanelSaysHowToBringSomeoneIn()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice.open());
    QTRY_COMPARE(aloneText(alice), QStringLiteral("Open a note to see who is on it."));
    const QString aliceNote = alice.window->newNote();
    QVERIFY(alice.waitSynced());
    // On "This computer", not hosting: no one can reach the note until Alice hosts.
    QTRY_COMPARE(aloneText(alice),
                 QStringLiteral("Only you are here. To write with others, host a sync server "
                                "(Server → Host Local Sync Server…)."));

    QString error;
    QVERIFY2(alice.workspaces->local()->startHosting(HostingOptions{0, false, true}, &error),
             qPrintable(error));
    QTRY_COMPARE(aloneText(alice),
                 QStringLiteral("Only you are here. Invite someone (Server → Invite "
                                "Collaborator…), or share the note (Note → Share…)."));

    // Bob, on Alice's hub, on a note of his own: he can share it, not invite.
    QVERIFY(bob.open());
    const QString link = alice.workspaces->local()->invite(bob.name(), &error, false);
    QVERIFY2(bob.workspaces->openLink(link, &error), qPrintable(error));
    QVERIFY(bob.waitSynced());
    const QString bobNote = bob.window->newNote();
    QVERIFY(bob.waitSynced());
    QTRY_COMPARE(aloneText(bob),
                 QStringLiteral("Only you are here. Share the note (Note → Share…) to write it "
                                "with others."));

    // Bob shares it with Alice. On it together, neither panel shows a hint.
    QVERIFY(shareAndOpen(bob, alice, bobNote));
    QTRY_COMPARE(alice.window->presence()->rowCount(), 1);
    QTRY_COMPARE(aloneText(alice), QString());
    QTRY_COMPARE(aloneText(bob), QString());

    // Bob leaves it: Alice, host but not its owner, can invite people to her hub.
    bob.window->openNote({});
    QTRY_COMPARE(aloneText(alice),
                 QStringLiteral("Only you are here. Invite someone (Server → Invite "
                                "Collaborator…)."));

    // Alice shares her own note with Bob; he opens it and she leaves it: nothing he can do.
    QVERIFY(shareAndOpen(alice, bob, aliceNote));
    alice.window->openNote({});
    QTRY_COMPARE(aloneText(bob), QStringLiteral("Only you are here."));
}

void TestCollaboratorsPanel::offlineThePanelSaysSoInsteadOfOnlyYou()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    const QString noteId = alice.window->newNote();
    QVERIFY(alice.waitSynced());
    QVERIFY(shareAndOpen(alice, bob, noteId));
    QTRY_COMPARE(bob.window->presence()->rowCount(), 1);

    // The hub goes away: Bob no longer knows who is on the note, and the panel says so.
    Workspace *home = alice.workspaces->local();
    HostingOptions options = home->hostingOptions();
    options.port = quint16(home->publicUrl().port());
    home->stopHosting();
    const QString offline = QStringLiteral(
            "Not connected: who else is on this note shows again once Tandem reconnects.");
    QTRY_COMPARE(aloneText(bob), offline);
    QCOMPARE(bob.window->presence()->rowCount(), 0);
    bob.screenshot(QStringLiteral("people-offline"));

    // Back: Alice is listed again and the hint goes.
    QString error;
    QVERIFY2(home->startHosting(options, &error), qPrintable(error));
    bob.client()->reconnectNow();
    QTRY_COMPARE_WITH_TIMEOUT(bob.window->presence()->rowCount(), 1, 20000);
    QCOMPARE(aloneText(bob), QString());
}

void TestCollaboratorsPanel::inASmallWindowTheSentenceIsWholeAndTheListShowsOnlyPeople()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    alice.window->resize(560, 380);
    const QString noteId = alice.window->newNote();
    QVERIFY(alice.waitSynced());
    const CollaboratorsPanel *panel = alice.window->collaboratorsPanel();
    const QLabel *label = panel->emptyLabel();
    const auto *list = panel->findChild<QWidget *>(QStringLiteral("collaboratorsList"));
    QVERIFY(list);
    QTRY_VERIFY(label->isVisible());
    alice.screenshot(QStringLiteral("people-alone-small-window"));
    QVERIFY2(label->height() >= label->heightForWidth(label->width()),
             qPrintable(QStringLiteral("%1 px high, its text needs %2")
                                .arg(label->height())
                                .arg(label->heightForWidth(label->width()))));
    QVERIFY(!list->isVisible()); // no empty white box under "Only you are here"

    QVERIFY(shareAndOpen(alice, bob, noteId));
    QTRY_COMPARE(alice.window->presence()->rowCount(), 1);
    QVERIFY(list->isVisible());
    QVERIFY(!label->isVisible());
}

QTEST_MAIN(TestCollaboratorsPanel)
#include "tst_collaboratorspanel.moc"
