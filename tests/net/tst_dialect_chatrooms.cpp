// SPDX-License-Identifier: GPL-3.0-or-later
// Seed 003 (../shared/seeds/003_f521e2edd71f469c.txt), the ChatRoom Durable Object behind
// ws://HOST:PORT/rooms/{roomId}/ws (also under /api/realtime) and GET/POST
// /rooms/{roomId}/messages: history on connect, user_joined/user_left, message and typing,
// the 2,000-character cut and the 1,000 → 500 trim, 401 without an identity, bad input, and a
// room whose id is a note id being that note's discussion on /v1 too.
#include "hubfixture.h"

class TestDialectChatRooms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chatFlowOfTheDocument();
    void messagesOverHttp();
    void badInputGetsErrorsAndChangesNothing();
    void missingIdentityIsRefusedWith401();
    void storeIsTrimmedToTheLast500();
    void noteDiscussionIsSharedWithTheCanonicalProtocol();
};

namespace {

QUrl roomUrl(HubFixture &hub, const QString &room, const QString &userId, const QString &name,
             bool underApi = false)
{
    return dialectUrl(hub.hub(),
                      QStringLiteral("%1/rooms/%2/ws?userId=%3&userName=%4")
                              .arg(underApi ? QStringLiteral("/api/realtime") : QString(), room,
                                   userId, name));
}

QByteArray post(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
            "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

void TestDialectChatRooms::chatFlowOfTheDocument()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    // url: `/api/realtime/rooms/${roomId}/ws` (the Worker adds userId and userName)
    HubTestClient ann;
    QVERIFY(ann.open(roomUrl(hub, QStringLiteral("lobby"), QStringLiteral("u1"),
                             QStringLiteral("Ann"), true)));
    QCOMPARE(ann.next(QStringLiteral("history")).value(QLatin1String("messages")).toArray(),
             QJsonArray());

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    HubTestClient bo;
    QVERIFY(bo.open(
            roomUrl(hub, QStringLiteral("lobby"), QStringLiteral("u2"), QStringLiteral("Bo"))));
    QVERIFY(!bo.next(QStringLiteral("history")).isEmpty());
    const QJsonObject joined = ann.next(QStringLiteral("user_joined"));
    QCOMPARE(joined.value(QLatin1String("userId")).toString(), QStringLiteral("u2"));
    QCOMPARE(joined.value(QLatin1String("userName")).toString(), QStringLiteral("Bo"));
    QVERIFY(joined.value(QLatin1String("timestamp")).toInteger() >= before);
    QVERIFY(!bo.receives(QStringLiteral("user_joined"), 100)); // not about itself

    // send({ type: 'message', content: input })
    ann.send({{QStringLiteral("type"), QStringLiteral("message")},
              {QStringLiteral("content"), QStringLiteral("hello")}});
    for (HubTestClient *c : {&ann, &bo}) {
        const QJsonObject m =
                c->next(QStringLiteral("message")).value(QLatin1String("message")).toObject();
        QCOMPARE(m.value(QLatin1String("userId")).toString(), QStringLiteral("u1"));
        QCOMPARE(m.value(QLatin1String("userName")).toString(), QStringLiteral("Ann"));
        QCOMPARE(m.value(QLatin1String("content")).toString(), QStringLiteral("hello"));
        QVERIFY(!m.value(QLatin1String("id")).toString().isEmpty());
        QVERIFY(m.value(QLatin1String("timestamp")).toInteger() >= before);
        QCOMPARE(m.size(), 5);
    }
    // content.substring(0, 2000)
    ann.send({{QStringLiteral("type"), QStringLiteral("message")},
              {QStringLiteral("content"), QString(2500, QLatin1Char('z'))}});
    QCOMPARE(bo.next(QStringLiteral("message"))
                     .value(QLatin1String("message"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString()
                     .size(),
             2000);

    bo.send({{QStringLiteral("type"), QStringLiteral("typing")}});
    const QJsonObject typing = ann.next(QStringLiteral("typing"));
    QCOMPARE(typing,
             (QJsonObject{{QStringLiteral("type"), QStringLiteral("typing")},
                          {QStringLiteral("userId"), QStringLiteral("u2")},
                          {QStringLiteral("userName"), QStringLiteral("Bo")}}));
    QVERIFY(!bo.receives(QStringLiteral("typing"), 100));

    // A newcomer gets the recent messages, oldest first.
    HubTestClient cy;
    QVERIFY(cy.open(
            roomUrl(hub, QStringLiteral("lobby"), QStringLiteral("u3"), QStringLiteral("Cy"))));
    const QJsonArray history =
            cy.next(QStringLiteral("history")).value(QLatin1String("messages")).toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.first().toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("hello"));

    bo.socket().close();
    QVERIFY(bo.waitForDisconnected());
    const QJsonObject left = ann.next(QStringLiteral("user_left"));
    QCOMPARE(left.value(QLatin1String("userId")).toString(), QStringLiteral("u2"));
    QCOMPARE(left.value(QLatin1String("userName")).toString(), QStringLiteral("Bo"));
    QVERIFY(left.value(QLatin1String("timestamp")).toInteger() >= before);
}

void TestDialectChatRooms::messagesOverHttp()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient listener;
    QVERIFY(listener.open(
            roomUrl(hub, QStringLiteral("r1"), QStringLiteral("u1"), QStringLiteral("Ann"))));
    // app.post('/rooms/:roomId/messages', ...) { content }
    const HttpReply sent =
            httpExchange(hub.hub().port(),
                         post("/api/realtime/rooms/r1/messages?userId=u2&userName=Bo",
                              R"({"content":"via http"})"));
    QCOMPARE(sent.status, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(sent.json(), (QJsonObject{{QStringLiteral("success"), true}}));
    QCOMPARE(listener.next(QStringLiteral("message"))
                     .value(QLatin1String("message"))
                     .toObject()
                     .value(QLatin1String("userName"))
                     .toString(),
             QStringLiteral("Bo"));
    // app.get('/rooms/:roomId/messages') → { messages }
    const HttpReply read = httpExchange(
            hub.hub().port(),
            "GET /rooms/r1/messages?userId=u1&userName=Ann HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(read.status, QByteArray("HTTP/1.1 200 OK"));
    const QJsonArray messages = read.json().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first().toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("via http"));
}

void TestDialectChatRooms::badInputGetsErrorsAndChangesNothing()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient ann;
    QVERIFY(ann.open(
            roomUrl(hub, QStringLiteral("r"), QStringLiteral("u1"), QStringLiteral("Ann"))));
    for (const QString &bad :
         {QStringLiteral("{oops"), QStringLiteral("[]"), QStringLiteral(R"({"type":"message"})"),
          QStringLiteral(R"({"type":"message","content":42})"),
          QStringLiteral(R"({"type":"message","content":"   "})"),
          QStringLiteral(R"({"type":"dance"})")}) {
        ann.sendRaw(bad);
        QVERIFY2(!ann.next(QStringLiteral("error"))
                          .value(QLatin1String("message"))
                          .toString()
                          .isEmpty(),
                 qPrintable(bad));
    }
    for (const QByteArray &body :
         {QByteArray("{nope"), QByteArray(R"({"content":7})"), QByteArray(R"({"text":"x"})")})
        QCOMPARE(httpExchange(hub.hub().port(),
                              post("/rooms/r/messages?userId=u1&userName=Ann", body))
                         .status,
                 QByteArray("HTTP/1.1 400 Bad Request"));
    const HttpReply read = httpExchange(
            hub.hub().port(),
            "GET /rooms/r/messages?userId=u1&userName=Ann HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(read.json().value(QLatin1String("messages")).toArray().size(), 0);
    // Still working.
    ann.send({{QStringLiteral("type"), QStringLiteral("message")},
              {QStringLiteral("content"), QStringLiteral("fine")}});
    QVERIFY(!ann.next(QStringLiteral("message")).isEmpty());
}

void TestDialectChatRooms::missingIdentityIsRefusedWith401()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    // if (!userId || !userName) return new Response('Unauthorized', { status: 401 })
    for (const QByteArray &target : {QByteArray("/rooms/r/ws"), QByteArray("/rooms/r/ws?userId=u1"),
                                     QByteArray("/api/realtime/rooms/r/ws?userName=Ann")}) {
        const HttpReply reply = httpExchange(
                hub.hub().port(),
                "GET " + target +
                        " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                        "x3JJHMbDL1EzLkh9GBhXDw==\r\n\r\n");
        QCOMPARE(reply.status, QByteArray("HTTP/1.1 401 Unauthorized"));
    }
    QCOMPARE(httpExchange(hub.hub().port(), post("/rooms/r/messages", R"({"content":"x"})")).status,
             QByteArray("HTTP/1.1 401 Unauthorized"));
}

void TestDialectChatRooms::storeIsTrimmedToTheLast500()
{
    HubConfig config = trustedConfig();
    config.messagesPerSecond = 100'000;
    config.messageBurst = 100'000;
    HubFixture hub(config);
    QVERIFY(hub.start());
    HubTestClient ann;
    QVERIFY(ann.open(
            roomUrl(hub, QStringLiteral("busy"), QStringLiteral("u1"), QStringLiteral("Ann"))));
    for (int i = 1; i <= 1001; ++i)
        ann.send({{QStringLiteral("type"), QStringLiteral("message")},
                  {QStringLiteral("content"), QStringLiteral("m%1").arg(i)}});
    QVERIFY(!ann.next(QStringLiteral("message"), 30'000, [](const QJsonObject &m) {
                    return m.value(QLatin1String("message"))
                                   .toObject()
                                   .value(QLatin1String("content")) == QLatin1String("m1001");
                }).isEmpty());
    // One more message after the trim, then read the store beside the hub.
    ann.send({{QStringLiteral("type"), QStringLiteral("message")},
              {QStringLiteral("content"), QStringLiteral("last")}});
    QVERIFY(!ann.next(QStringLiteral("message")).isEmpty());
    HubStore store;
    QString error;
    QVERIFY2(store.open(hub.dataDir() + QStringLiteral("/hub.sqlite"), &error), qPrintable(error));
    const qint64 kept = store.chatCount(QStringLiteral("busy"));
    QVERIFY2(kept >= 500 && kept <= 502, qPrintable(QString::number(kept)));
    const QList<HubStore::ChatMessage> newest = store.chatHistory(QStringLiteral("busy"), 1);
    QCOMPARE(newest.first().content, QStringLiteral("last"));
}

void TestDialectChatRooms::noteDiscussionIsSharedWithTheCanonicalProtocol()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient alice;
    QVERIFY(alice.connectAndAuth(hub.url(), QStringLiteral("alice")));
    const QString noteId = createNote(alice, QStringLiteral("Plan"), QStringLiteral("x"));
    joinNote(alice, noteId);
    HubTestClient room;
    QVERIFY(room.open(roomUrl(hub, noteId, QStringLiteral("alice"), QStringLiteral("Alice"))));
    QVERIFY(!room.next(QStringLiteral("history")).isEmpty());

    alice.send(msg(QStringLiteral("chat_message"),
                   {{QStringLiteral("noteId"), noteId},
                    {QStringLiteral("content"), QStringLiteral("from v1")}}));
    QCOMPARE(room.next(QStringLiteral("message"))
                     .value(QLatin1String("message"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
             QStringLiteral("from v1"));
    room.send({{QStringLiteral("type"), QStringLiteral("message")},
               {QStringLiteral("content"), QStringLiteral("from the room")}});
    QCOMPARE(alice.next(QStringLiteral("chat_message"), 5000,
                        [](const QJsonObject &m) {
                            return m.value(QLatin1String("message"))
                                           .toObject()
                                           .value(QLatin1String("content")) ==
                                    QLatin1String("from the room");
                        })
                     .value(QLatin1String("noteId"))
                     .toString(),
             noteId);

    // Someone who may not read the note gets a room of that name that is not its discussion,
    // exactly as if there were no such note: no refusal that would tell the id is taken.
    HubTestClient mallory;
    QVERIFY(mallory.open(roomUrl(hub, noteId, QStringLiteral("mallory"), QStringLiteral("M"))));
    QCOMPARE(mallory.next(QStringLiteral("history")).value(QLatin1String("messages")).toArray(),
             QJsonArray());
    mallory.send({{QStringLiteral("type"), QStringLiteral("message")},
                  {QStringLiteral("content"), QStringLiteral("let me in")}});
    QVERIFY(!mallory.next(QStringLiteral("message")).isEmpty());
    const auto fromMallory = [](const QJsonObject &m) {
        return m.value(QLatin1String("message")).toObject().value(QLatin1String("userId")) ==
                QLatin1String("mallory");
    };
    QVERIFY(room.next(QStringLiteral("message"), 300, fromMallory).isEmpty());
    QVERIFY(alice.next(QStringLiteral("chat_message"), 0, fromMallory).isEmpty());
    const HttpReply outside =
            httpExchange(hub.hub().port(),
                         "GET /rooms/" + noteId.toLatin1() +
                                 "/messages?userId=mallory&userName=M HTTP/1.1\r\n"
                                 "Host: x\r\n\r\n");
    QCOMPARE(outside.status, QByteArray("HTTP/1.1 200 OK"));
    const QJsonArray seen = outside.json().value(QLatin1String("messages")).toArray();
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("let me in"));
}

QTEST_GUILESS_MAIN(TestDialectChatRooms)
#include "tst_dialect_chatrooms.moc"
