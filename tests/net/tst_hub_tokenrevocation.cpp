// SPDX-License-Identifier: GPL-3.0-or-later
// Revoking a user's tokens (Hub::revokeTokens, as the app's host does; `tandem-hub token
// revoke` from another process is in tst_hubprocess): every connection that showed one of
// them closes with 1008, of every dialect; none of them opens anything again, not after a
// restart either; a token made afterwards works; other users are not touched.
#include "hubfixture.h"

class TestHubTokenRevocation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aRevokedUsersConnectionsCloseAndOthersStay();
    void aRevokedTokenOpensNothingAndANewOneDoes();
    void aRevocationOutlivesARestart();
};

namespace {

HttpReply listNotes(HubFixture &hub, const QString &token)
{
    return httpExchange(hub.hub().port(),
                        "GET /api/notes HTTP/1.1\r\nHost: x\r\n"
                        "Authorization: Bearer " +
                                token.toLatin1() + "\r\n\r\n");
}

/** A token for user made after anything revoked so far (revocations hold to the ms). */
QString laterToken(HubFixture &hub, const QString &user)
{
    QTest::qWait(5);
    return hub.token(user);
}

} // namespace

void TestHubTokenRevocation::aRevokedUsersConnectionsCloseAndOthersStay()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto alice = hub.client(QStringLiteral("alice"));
    auto bob = hub.client(QStringLiteral("bob"));
    const QString noteId = createNote(*alice, QStringLiteral("n"), QString());
    // alice also watches the note as a seed-000 client, and sits in a seed-003 chat room.
    HubTestClient watcher;
    HubTestClient room;
    const QString query = QStringLiteral("?token=") + hub.token(QStringLiteral("alice"));
    QVERIFY(watcher.open(dialectUrl(hub.hub(), QStringLiteral("/ws/note/") + noteId + query)));
    QVERIFY(room.open(dialectUrl(hub.hub(), QStringLiteral("/rooms/r1/ws") + query)));

    hub.hub().revokeTokens(QStringLiteral("alice"));
    for (HubTestClient *c : {alice.get(), &watcher, &room}) {
        QVERIFY(c->waitForDisconnected(5000));
        QCOMPARE(c->socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(c->socket().closeReason(), QStringLiteral("token revoked"));
    }
    // bob carries on.
    bob->send(msg(QStringLiteral("list_notes")));
    QVERIFY(!bob->next(QStringLiteral("notes_list")).isEmpty());
    QCOMPARE(bob->socket().state(), QAbstractSocket::ConnectedState);
}

void TestHubTokenRevocation::aRevokedTokenOpensNothingAndANewOneDoes()
{
    HubFixture hub;
    QVERIFY(hub.start());
    const QString old = hub.token(QStringLiteral("alice"));
    QCOMPARE(listNotes(hub, old).status, QByteArray("HTTP/1.1 200 OK"));
    QTest::qWait(5); // made strictly before the revocation
    hub.hub().revokeTokens(QStringLiteral("alice"));

    // /v1 by message and by header, the REST API, a seed endpoint: all refused.
    HubTestClient byMessage;
    QVERIFY(byMessage.connectTo(hub.url()));
    byMessage.send(msg(QStringLiteral("auth"), {{QStringLiteral("token"), old}}));
    QCOMPARE(byMessage.next(QStringLiteral("auth_failed")).value(QLatin1String("message")),
             QStringLiteral("Authentication failed: token revoked"));
    QVERIFY(byMessage.waitForDisconnected());
    HubTestClient byHeader;
    QVERIFY(byHeader.connectTo(hub.url(), old.toLatin1()));
    QVERIFY(!byHeader.next(QStringLiteral("auth_failed")).isEmpty());
    const HttpReply rest = listNotes(hub, old);
    QCOMPARE(rest.status, QByteArray("HTTP/1.1 401 Unauthorized"));
    QVERIFY2(rest.body.contains("token revoked"), rest.body.constData());
    const HttpReply seed = httpExchange(
            hub.hub().port(), RawWebSocket::upgradeRequest("/rooms/r1/ws?token=" + old.toLatin1()));
    QCOMPARE(seed.status, QByteArray("HTTP/1.1 401 Unauthorized"));

    // A token made after the revocation works; so do other users' old ones.
    HubTestClient fresh;
    QVERIFY(fresh.connectAndAuth(hub.url(), laterToken(hub, QStringLiteral("alice"))));
    QCOMPARE(fresh.userId, QStringLiteral("alice"));
    QCOMPARE(listNotes(hub, hub.token(QStringLiteral("bob"))).status,
             QByteArray("HTTP/1.1 200 OK"));
}

void TestHubTokenRevocation::aRevocationOutlivesARestart()
{
    HubFixture hub;
    QVERIFY(hub.start());
    const QString old = hub.token(QStringLiteral("alice"));
    QTest::qWait(5);
    hub.hub().revokeTokens(QStringLiteral("alice"));
    QVERIFY(hub.restart());
    QCOMPARE(listNotes(hub, old).status, QByteArray("HTTP/1.1 401 Unauthorized"));
    QCOMPARE(listNotes(hub, laterToken(hub, QStringLiteral("alice"))).status,
             QByteArray("HTTP/1.1 200 OK"));
}

QTEST_GUILESS_MAIN(TestHubTokenRevocation)
#include "tst_hub_tokenrevocation.moc"
