// SPDX-License-Identifier: GPL-3.0-or-later
// Seed 003's PresenceTracker (../shared/seeds/003_f521e2edd71f469c.txt) at
// ws://HOST:PORT/presence/ws, GET /presence/list and POST /presence/update: presence_list on
// connect, presence_update to the others, status and heartbeat messages, presence_remove when a
// user's last connection closes, 401 without an identity, and bad input.
#include "hubfixture.h"

class TestDialectPresence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trackerFlowOfTheDocument();
    void httpListAndUpdate();
    void badInputAndMissingIdentity();
};

namespace {

QUrl presenceUrl(HubFixture &hub, const QString &userId, const QString &name)
{
    return dialectUrl(hub.hub(),
                      QStringLiteral("/presence/ws?userId=%1&userName=%2").arg(userId, name));
}

QByteArray post(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target +
            " HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n\r\n" + body;
}

} // namespace

void TestDialectPresence::trackerFlowOfTheDocument()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    HubTestClient ann;
    QVERIFY(ann.open(presenceUrl(hub, QStringLiteral("u1"), QStringLiteral("Ann"))));
    const QJsonArray first =
            ann.next(QStringLiteral("presence_list")).value(QLatin1String("users")).toArray();
    QCOMPARE(first.size(), 1);
    const QJsonObject annUser = first.first().toObject();
    QCOMPARE(annUser.value(QLatin1String("userId")).toString(), QStringLiteral("u1"));
    QCOMPARE(annUser.value(QLatin1String("userName")).toString(), QStringLiteral("Ann"));
    QCOMPARE(annUser.value(QLatin1String("status")).toString(), QStringLiteral("online"));
    QVERIFY(annUser.value(QLatin1String("lastSeen")).toInteger() >= before);

    HubTestClient bo;
    QVERIFY(bo.open(presenceUrl(hub, QStringLiteral("u2"), QStringLiteral("Bo"))));
    QCOMPARE(
            bo.next(QStringLiteral("presence_list")).value(QLatin1String("users")).toArray().size(),
            2);
    QCOMPARE(ann.next(QStringLiteral("presence_update"))
                     .value(QLatin1String("user"))
                     .toObject()
                     .value(QLatin1String("userId"))
                     .toString(),
             QStringLiteral("u2"));
    QVERIFY(!bo.receives(QStringLiteral("presence_update"), 100)); // not about itself

    // { type: 'status', status } → presence_update to everyone
    bo.send({{QStringLiteral("type"), QStringLiteral("status")},
             {QStringLiteral("status"), QStringLiteral("away")}});
    for (HubTestClient *c : {&ann, &bo})
        QCOMPARE(c->next(QStringLiteral("presence_update"))
                         .value(QLatin1String("user"))
                         .toObject()
                         .value(QLatin1String("status"))
                         .toString(),
                 QStringLiteral("away"));
    // { type: 'heartbeat' } only refreshes lastSeen.
    bo.send({{QStringLiteral("type"), QStringLiteral("heartbeat")}});
    QVERIFY(!ann.receives(QStringLiteral("presence_update"), 200));

    // A second connection of Ann; closing one keeps her listed, closing both removes her.
    HubTestClient annAgain;
    QVERIFY(annAgain.open(presenceUrl(hub, QStringLiteral("u1"), QStringLiteral("Ann"))));
    QCOMPARE(annAgain.next(QStringLiteral("presence_list"))
                     .value(QLatin1String("users"))
                     .toArray()
                     .size(),
             2);
    annAgain.socket().close();
    QVERIFY(annAgain.waitForDisconnected());
    QVERIFY(!bo.receives(QStringLiteral("presence_remove"), 200));
    ann.socket().close();
    QVERIFY(ann.waitForDisconnected());
    QCOMPARE(bo.next(QStringLiteral("presence_remove")),
             (QJsonObject{{QStringLiteral("type"), QStringLiteral("presence_remove")},
                          {QStringLiteral("userId"), QStringLiteral("u1")}}));
}

void TestDialectPresence::httpListAndUpdate()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient ann;
    QVERIFY(ann.open(presenceUrl(hub, QStringLiteral("u1"), QStringLiteral("Ann"))));
    QVERIFY(!ann.next(QStringLiteral("presence_list")).isEmpty());
    const HttpReply list =
            httpExchange(hub.hub().port(),
                         "GET /presence/list?userId=u9&userName=Ops HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(list.status, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(list.json().value(QLatin1String("users")).toArray().size(), 1);

    const HttpReply updated =
            httpExchange(hub.hub().port(),
                         post("/api/realtime/presence/update?userId=u1&userName=Ann",
                              R"({"userId":"u1","status":"busy"})"));
    QCOMPARE(updated.status, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(updated.json(), (QJsonObject{{QStringLiteral("success"), true}}));
    QCOMPARE(ann.next(QStringLiteral("presence_update"))
                     .value(QLatin1String("user"))
                     .toObject()
                     .value(QLatin1String("status"))
                     .toString(),
             QStringLiteral("busy"));
    // Someone else's status cannot be set.
    QCOMPARE(httpExchange(hub.hub().port(),
                          post("/presence/update?userId=u2&userName=Bo",
                               R"({"userId":"u1","status":"away"})"))
                     .status,
             QByteArray("HTTP/1.1 403 Forbidden"));
}

void TestDialectPresence::badInputAndMissingIdentity()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    const HttpReply refused = httpExchange(
            hub.hub().port(),
            "GET /presence/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n\r\n");
    QCOMPARE(refused.status, QByteArray("HTTP/1.1 401 Unauthorized"));
    QCOMPARE(
            httpExchange(hub.hub().port(), "GET /presence/list HTTP/1.1\r\nHost: x\r\n\r\n").status,
            QByteArray("HTTP/1.1 401 Unauthorized"));

    HubTestClient ann;
    QVERIFY(ann.open(presenceUrl(hub, QStringLiteral("u1"), QStringLiteral("Ann"))));
    for (const QString &bad : {QStringLiteral("{bad"), QStringLiteral(R"({"type":"status"})"),
                               QStringLiteral(R"({"type":"status","status":"asleep"})"),
                               QStringLiteral(R"({"type":"fly"})")}) {
        ann.sendRaw(bad);
        QVERIFY2(!ann.next(QStringLiteral("error")).isEmpty(), qPrintable(bad));
    }
    QCOMPARE(httpExchange(hub.hub().port(),
                          post("/presence/update?userId=u1&userName=Ann", R"({"status":"asleep"})"))
                     .status,
             QByteArray("HTTP/1.1 400 Bad Request"));
    const HttpReply list =
            httpExchange(hub.hub().port(),
                         "GET /presence/list?userId=u1&userName=Ann HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(list.json()
                     .value(QLatin1String("users"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("status"))
                     .toString(),
             QStringLiteral("online"));
}

QTEST_GUILESS_MAIN(TestDialectPresence)
#include "tst_dialect_presence.moc"
