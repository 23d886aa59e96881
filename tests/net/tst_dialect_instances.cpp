// SPDX-License-Identifier: GPL-3.0-or-later
// Seed 004 (../shared/seeds/004_dd873c48f7057190.txt), "WebSocket Durable Object", served at
// ws://HOST:PORT/ws?id=INSTANCE: the document's own browser flows (connect, ping, broadcast,
// get_stats, multi-instance) with every documented field of every reply checked, bad input,
// GET /websocket/stats, and identity under --auth token.
#include "hubfixture.h"

class TestDialectInstances : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectGreetsAndAnnounces();
    void pingBroadcastStatsAndEcho();
    void badJsonGetsAnErrorAndTheConnectionGoesOn();
    void instancesAreIsolated();
    void disconnectIsAnnounced();
    void statsRouteListsTheInstance();
    void curlUpgradeFromTheDocumentIsAccepted();
    void tokenModeNeedsAToken();
};

void TestDialectInstances::connectGreetsAndAnnounces()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    // const ws = new WebSocket('ws://localhost:8787/ws?id=default');
    HubTestClient first;
    QVERIFY(first.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=default"))));
    const QJsonObject hello = first.next(QStringLiteral("connected"));
    QCOMPARE(hello.value(QLatin1String("message")).toString(),
             QStringLiteral("Welcome to WebSocket server"));
    QCOMPARE(hello.value(QLatin1String("totalConnections")).toInt(), 1);
    const QString firstId = hello.value(QLatin1String("id")).toString();
    QVERIFY(!firstId.isEmpty());

    // Without ?id= a client joins the "default" instance.
    HubTestClient second;
    QVERIFY(second.open(dialectUrl(hub.hub(), QStringLiteral("/ws"))));
    const QJsonObject secondHello = second.next(QStringLiteral("connected"));
    QCOMPARE(secondHello.value(QLatin1String("totalConnections")).toInt(), 2);
    const QString secondId = secondHello.value(QLatin1String("id")).toString();
    QVERIFY(secondId != firstId);
    const QJsonObject joined = first.next(QStringLiteral("user_connected"));
    QCOMPARE(joined.value(QLatin1String("data")).toObject(),
             (QJsonObject{{QStringLiteral("id"), secondId},
                          {QStringLiteral("totalConnections"), 2}}));
    QVERIFY(!second.receives(QStringLiteral("user_connected"), 200)); // not about itself
}

void TestDialectInstances::pingBroadcastStatsAndEcho()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient a;
    HubTestClient b;
    QVERIFY(a.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=default"))));
    const QString aId = a.next(QStringLiteral("connected")).value(QLatin1String("id")).toString();
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(b.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=default"))));
    QVERIFY(!b.next(QStringLiteral("connected")).isEmpty());

    // ws.send(JSON.stringify({ type: 'ping', data: 'Hello from client' }));
    a.send({{QStringLiteral("type"), QStringLiteral("ping")},
            {QStringLiteral("data"), QStringLiteral("Hello from client")}});
    const QJsonObject pong = a.next(QStringLiteral("pong"));
    QCOMPARE(pong.size(), 2);
    QVERIFY(pong.value(QLatin1String("timestamp")).toInteger() >= before);

    // ws.send(JSON.stringify({ type: 'broadcast', data: { message: 'Hello everyone!' } }));
    const QJsonObject data{{QStringLiteral("message"), QStringLiteral("Hello everyone!")}};
    a.send({{QStringLiteral("type"), QStringLiteral("broadcast")}, {QStringLiteral("data"), data}});
    const QJsonObject relayed = b.next(QStringLiteral("broadcast"));
    QCOMPARE(relayed,
             (QJsonObject{{QStringLiteral("type"), QStringLiteral("broadcast")},
                          {QStringLiteral("data"), data}}));
    QVERIFY(!a.receives(QStringLiteral("broadcast"), 200)); // the sender is excluded

    // ws.send(JSON.stringify({ type: 'get_stats' }));
    a.send({{QStringLiteral("type"), QStringLiteral("get_stats")}});
    const QJsonObject stats =
            a.next(QStringLiteral("stats")).value(QLatin1String("data")).toObject();
    QCOMPARE(stats.value(QLatin1String("totalConnections")).toInt(), 2);
    QCOMPARE(stats.value(QLatin1String("yourId")).toString(), aId);
    QVERIFY(stats.value(QLatin1String("connectedAt")).toInteger() >= before - 5000);

    // Anything else is echoed with the time it arrived.
    const QJsonObject mine{{QStringLiteral("type"), QStringLiteral("hello")},
                           {QStringLiteral("your"), QStringLiteral("message")}};
    a.send(mine);
    const QJsonObject echo = a.next(QStringLiteral("echo"));
    QCOMPARE(echo.value(QLatin1String("data")).toObject(), mine);
    QVERIFY(echo.value(QLatin1String("receivedAt")).toInteger() >= before);
}

void TestDialectInstances::badJsonGetsAnErrorAndTheConnectionGoesOn()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient a;
    QVERIFY(a.open(dialectUrl(hub.hub(), QStringLiteral("/ws"))));
    for (const QString &bad : {QStringLiteral("{not json"), QStringLiteral("[1,2]"),
                               QStringLiteral("\"text\""), QString()}) {
        a.sendRaw(bad);
        const QJsonObject error = a.next(QStringLiteral("error"));
        QVERIFY2(!error.value(QLatin1String("message")).toString().isEmpty(), qPrintable(bad));
    }
    a.socket().sendBinaryMessage(QByteArray("\x01\x02", 2));
    QVERIFY(!a.next(QStringLiteral("error")).isEmpty());
    a.send({{QStringLiteral("type"), QStringLiteral("ping")}});
    QVERIFY(!a.next(QStringLiteral("pong")).isEmpty());
}

void TestDialectInstances::instancesAreIsolated()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    // const ws1 = new WebSocket('ws://localhost:8787/ws?id=room-1'); and room-2
    HubTestClient one;
    HubTestClient oneToo;
    HubTestClient two;
    QVERIFY(one.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=room-1"))));
    QVERIFY(oneToo.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=room-1"))));
    QVERIFY(two.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=room-2"))));
    QCOMPARE(two.next(QStringLiteral("connected")).value(QLatin1String("totalConnections")).toInt(),
             1);
    one.send({{QStringLiteral("type"), QStringLiteral("broadcast")},
              {QStringLiteral("data"), QStringLiteral("only room-1")}});
    QCOMPARE(oneToo.next(QStringLiteral("broadcast")).value(QLatin1String("data")).toString(),
             QStringLiteral("only room-1"));
    QVERIFY(!two.receives(QStringLiteral("broadcast"), 300));
    QVERIFY(!two.receives(QStringLiteral("user_connected"), 0));
}

void TestDialectInstances::disconnectIsAnnounced()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient stays;
    QVERIFY(stays.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=x"))));
    QString leavingId;
    {
        HubTestClient leaves;
        QVERIFY(leaves.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=x"))));
        leavingId = leaves.next(QStringLiteral("connected")).value(QLatin1String("id")).toString();
        leaves.socket().close();
        QVERIFY(leaves.waitForDisconnected());
    }
    const QJsonObject gone = stays.next(QStringLiteral("user_disconnected"));
    QCOMPARE(gone.value(QLatin1String("data")).toObject(),
             (QJsonObject{{QStringLiteral("id"), leavingId},
                          {QStringLiteral("totalConnections"), 1}}));
}

void TestDialectInstances::statsRouteListsTheInstance()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient a;
    QVERIFY(a.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=room-9"))));
    const QString id = a.next(QStringLiteral("connected")).value(QLatin1String("id")).toString();
    // GET /websocket/stats?id=<instance-id>
    const HttpReply reply = httpExchange(
            hub.hub().port(), "GET /websocket/stats?id=room-9 HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(reply.status, QByteArray("HTTP/1.1 200 OK"));
    const QJsonObject stats = reply.json();
    QCOMPARE(stats.value(QLatin1String("id")).toString(), QStringLiteral("room-9"));
    QCOMPARE(stats.value(QLatin1String("totalConnections")).toInt(), 1);
    QCOMPARE(stats.value(QLatin1String("connections"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("id"))
                     .toString(),
             id);
    const HttpReply empty =
            httpExchange(hub.hub().port(), "GET /websocket/stats HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(empty.json().value(QLatin1String("id")).toString(), QStringLiteral("default"));
    QCOMPARE(empty.json().value(QLatin1String("totalConnections")).toInt(), 0);
}

void TestDialectInstances::curlUpgradeFromTheDocumentIsAccepted()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    // curl -i -N -H "Connection: Upgrade" -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13"
    //   -H "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==" ws://localhost:8787/ws
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, hub.hub().port());
    QVERIFY(s.waitForConnected());
    s.write("GET /ws HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n\r\n");
    QByteArray reply;
    QVERIFY(QTest::qWaitFor(
            [&]() {
                reply += s.readAll();
                return reply.contains("\r\n\r\n");
            },
            5000));
    QVERIFY2(reply.startsWith("HTTP/1.1 101"), reply.constData());
    QVERIFY(reply.contains("HSmrc0sMlYUkAGmm5OPpG2HaGWk=")); // RFC 6455's accept for that key
}

void TestDialectInstances::tokenModeNeedsAToken()
{
    HubConfig config;
    config.auth = HubConfig::Auth::Token;
    HubFixture hub(config);
    QVERIFY(hub.start());
    const HttpReply refused = httpExchange(
            hub.hub().port(),
            "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n\r\n");
    QCOMPARE(refused.status, QByteArray("HTTP/1.1 401 Unauthorized"));
    QVERIFY(refused.json()
                    .value(QLatin1String("error"))
                    .toString()
                    .contains(QLatin1String("authentication required")));
    HubTestClient forged;
    QVERIFY(!forged.open(dialectUrl(hub.hub(), QStringLiteral("/ws?token=forged"))));

    // Browsers cannot set headers on a WebSocket: ?token= works, as does the header.
    HubTestClient byQuery;
    QVERIFY(byQuery.open(dialectUrl(
            hub.hub(), QStringLiteral("/ws?id=t&token=") + hub.token(QStringLiteral("alice")))));
    QVERIFY(!byQuery.next(QStringLiteral("connected")).isEmpty());
    HubTestClient byHeader;
    QVERIFY(byHeader.open(dialectUrl(hub.hub(), QStringLiteral("/ws?id=t")),
                          hub.token(QStringLiteral("bob")).toLatin1()));
    QCOMPARE(byHeader.next(QStringLiteral("connected"))
                     .value(QLatin1String("totalConnections"))
                     .toInt(),
             2);
    const HttpReply stats =
            httpExchange(hub.hub().port(), "GET /websocket/stats?id=t HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(stats.status, QByteArray("HTTP/1.1 401 Unauthorized"));
}

QTEST_GUILESS_MAIN(TestDialectInstances)
#include "tst_dialect_instances.moc"
