// SPDX-License-Identifier: GPL-3.0-or-later
// Hub::shareNewNotes, what an invite that shares the host's notes asks for: every note the
// owner makes afterwards is shared with the invitee as it is made (in the create's own
// commit; the invitee hears note_shared with the role, the owner's reply lists them), after a
// restart too; other owners' notes are not; a revocation ends it.
#include "hubfixture.h"

class TestHubStandingShares : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aNoteMadeLaterIsSharedWithThemAsItIsMade();
    void itOutlivesARestart();
    void revokingTheirAccessEndsIt();
};

namespace {

QStringList listedNotes(HubTestClient &client)
{
    client.send(msg(QStringLiteral("list_notes")));
    QStringList ids;
    const QJsonArray notes =
            client.next(QStringLiteral("notes_list")).value(QLatin1String("notes")).toArray();
    for (const QJsonValue &note : notes)
        ids << note.toObject().value(QLatin1String("id")).toString();
    return ids;
}

} // namespace

void TestHubStandingShares::aNoteMadeLaterIsSharedWithThemAsItIsMade()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto alice = hub.client(QStringLiteral("alice"));
    auto bob = hub.client(QStringLiteral("bob"));
    auto carol = hub.client(QStringLiteral("carol"));
    const QString before = createNote(*alice, QStringLiteral("Made before"));
    hub.hub().shareNewNotes(QStringLiteral("alice"), QStringLiteral("bob"),
                            QStringLiteral("editor"));

    const QJsonObject made = createNoteData(*alice, QStringLiteral("Plan"));
    const QString noteId = made.value(QLatin1String("id")).toString();
    QVERIFY(!noteId.isEmpty());
    const QJsonArray collaborators = made.value(QLatin1String("collaborators")).toArray();
    QCOMPARE(collaborators.size(), 1);
    QCOMPARE(collaborators.at(0).toObject().value(QLatin1String("userId")).toString(),
             QStringLiteral("bob"));
    QCOMPARE(collaborators.at(0).toObject().value(QLatin1String("role")).toString(),
             QStringLiteral("editor"));
    const QJsonObject shared = bob->next(QStringLiteral("note_shared"));
    QCOMPARE(shared.value(QLatin1String("noteId")).toString(), noteId);
    QCOMPARE(shared.value(QLatin1String("role")).toString(), QStringLiteral("editor"));
    QCOMPARE(shared.value(QLatin1String("note")).toObject().value(QLatin1String("title")),
             QStringLiteral("Plan"));
    QVERIFY(!bob->receives(QStringLiteral("note_created_sync"), 200)); // not the owner's
    // bob may edit it; the note made before is not his (the invite's client shares those).
    QCOMPARE(joinNote(*bob, noteId).value(QLatin1String("role")).toString(),
             QStringLiteral("editor"));
    QCOMPARE(listedNotes(*bob), QStringList{noteId});
    QVERIFY(!before.isEmpty());

    // Only alice's notes: carol's are her own.
    const QString carols = createNote(*carol, QStringLiteral("Carol's"));
    QVERIFY(!carols.isEmpty());
    QCOMPARE(listedNotes(*bob), QStringList{noteId});
}

void TestHubStandingShares::itOutlivesARestart()
{
    HubFixture hub;
    QVERIFY(hub.start());
    hub.hub().shareNewNotes(QStringLiteral("alice"), QStringLiteral("bob"),
                            QStringLiteral("viewer"));
    QVERIFY(hub.restart());
    auto alice = hub.client(QStringLiteral("alice"));
    auto bob = hub.client(QStringLiteral("bob"));
    const QString noteId = createNote(*alice, QStringLiteral("After the restart"));
    const QJsonObject shared = bob->next(QStringLiteral("note_shared"));
    QCOMPARE(shared.value(QLatin1String("noteId")).toString(), noteId);
    QCOMPARE(shared.value(QLatin1String("role")).toString(), QStringLiteral("viewer"));
}

void TestHubStandingShares::revokingTheirAccessEndsIt()
{
    HubFixture hub;
    QVERIFY(hub.start());
    hub.hub().shareNewNotes(QStringLiteral("alice"), QStringLiteral("bob"),
                            QStringLiteral("editor"));
    hub.hub().revokeTokens(QStringLiteral("bob"));
    QTest::qWait(5);                    // bob's new tokens are made after the revocation
    for (int run = 0; run < 2; ++run) { // at once, and after a restart
        if (run == 1)
            QVERIFY(hub.restart());
        auto alice = hub.client(QStringLiteral("alice"));
        auto bob = hub.client(QStringLiteral("bob"));
        const QJsonObject made = createNoteData(*alice, QStringLiteral("Private"));
        QVERIFY(!made.value(QLatin1String("id")).toString().isEmpty());
        QVERIFY(made.value(QLatin1String("collaborators")).toArray().isEmpty());
        QVERIFY(!bob->receives(QStringLiteral("note_shared"), 300));
        QVERIFY(listedNotes(*bob).isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestHubStandingShares)
#include "tst_hub_standingshares.moc"
