// SPDX-License-Identifier: GPL-3.0-or-later
// Seed 002 (../shared/seeds/002_f700c4c60730fd51.txt), "D1 + WebSocket Template", on
// ws://HOST:PORT/ws beside seed 004: join/leave rooms, message to a room, presence of a room,
// and subscribe → update for note changes made through the canonical protocol, filtered by
// field equality and by who may read the note.
#include "hubfixture.h"

class TestDialectRooms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void documentClientConnectsJoinsAndSubscribes();
    void roomMessagesAndPresence();
    void noteChangesReachMatchingSubscribersWhoMayReadThem();
    void aSlowSubscriberSkipsToTheNewestStateOfEachNote();
    void badInputGetsErrors();
};

namespace {

QUrl wsUrl(HubFixture &hub, const QString &user)
{
    return dialectUrl(hub.hub(), QStringLiteral("/ws?userId=%1&userName=%1").arg(user));
}

} // namespace

void TestDialectRooms::documentClientConnectsJoinsAndSubscribes()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    // const ws = new WebSocket('ws://localhost:8787/ws'); onopen: join, subscribe
    HubTestClient ws;
    QVERIFY(ws.open(dialectUrl(hub.hub(), QStringLiteral("/ws"))));
    ws.send({{QStringLiteral("type"), QStringLiteral("join")},
             {QStringLiteral("room"), QStringLiteral("users")}});
    ws.send({{QStringLiteral("type"), QStringLiteral("subscribe")},
             {QStringLiteral("resource"), QStringLiteral("users")},
             {QStringLiteral("filters"),
              QJsonObject{{QStringLiteral("status"), QStringLiteral("active")}}}});
    // Neither is answered (the document defines no reply) and neither is an error.
    QVERIFY(!ws.receives(QStringLiteral("error"), 300));
    ws.send({{QStringLiteral("type"), QStringLiteral("presence")},
             {QStringLiteral("room"), QStringLiteral("users")}});
    const QJsonArray users =
            ws.next(QStringLiteral("presence")).value(QLatin1String("users")).toArray();
    QCOMPARE(users.size(), 1);
    QCOMPARE(users.first().toObject().value(QLatin1String("status")).toString(),
             QStringLiteral("online"));
}

void TestDialectRooms::roomMessagesAndPresence()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient ann;
    HubTestClient bo;
    QVERIFY(ann.open(wsUrl(hub, QStringLiteral("ann"))));
    QVERIFY(bo.open(wsUrl(hub, QStringLiteral("bo"))));
    for (HubTestClient *c : {&ann, &bo}) {
        c->send({{QStringLiteral("type"), QStringLiteral("join")},
                 {QStringLiteral("room"), QStringLiteral("chat-room-1")}});
        // Answered in order: once presence is back, the join is in.
        c->send({{QStringLiteral("type"), QStringLiteral("presence")},
                 {QStringLiteral("room"), QStringLiteral("chat-room-1")}});
        QVERIFY(!c->next(QStringLiteral("presence")).isEmpty());
    }
    // { type: 'message', room: 'users', data: { text: 'Hello' } }
    const QJsonObject data{{QStringLiteral("text"), QStringLiteral("Hello")}};
    ann.send({{QStringLiteral("type"), QStringLiteral("message")},
              {QStringLiteral("room"), QStringLiteral("chat-room-1")},
              {QStringLiteral("data"), data}});
    const QJsonObject expected{{QStringLiteral("type"), QStringLiteral("message")},
                               {QStringLiteral("room"), QStringLiteral("chat-room-1")},
                               {QStringLiteral("from"), QStringLiteral("ann")},
                               {QStringLiteral("data"), data}};
    QCOMPARE(bo.next(QStringLiteral("message")), expected);
    QCOMPARE(ann.next(QStringLiteral("message")), expected);

    // { type: 'presence', room } → { type: 'presence', room, users: [{ id, name, status }] }
    bo.send({{QStringLiteral("type"), QStringLiteral("presence")},
             {QStringLiteral("room"), QStringLiteral("chat-room-1")}});
    const QJsonObject presence = bo.next(QStringLiteral("presence"));
    QCOMPARE(presence.value(QLatin1String("room")).toString(), QStringLiteral("chat-room-1"));
    QCOMPARE(presence.value(QLatin1String("users")).toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("ann")},
                                     {QStringLiteral("name"), QStringLiteral("ann")},
                                     {QStringLiteral("status"), QStringLiteral("online")}},
                         QJsonObject{{QStringLiteral("id"), QStringLiteral("bo")},
                                     {QStringLiteral("name"), QStringLiteral("bo")},
                                     {QStringLiteral("status"), QStringLiteral("online")}}}));

    // After leaving, Bo hears nothing more of the room and may not send to it.
    bo.send({{QStringLiteral("type"), QStringLiteral("leave")},
             {QStringLiteral("room"), QStringLiteral("chat-room-1")}});
    bo.send({{QStringLiteral("type"), QStringLiteral("presence")},
             {QStringLiteral("room"), QStringLiteral("chat-room-1")}});
    QCOMPARE(bo.next(QStringLiteral("presence")).value(QLatin1String("users")).toArray().size(), 1);
    ann.send({{QStringLiteral("type"), QStringLiteral("message")},
              {QStringLiteral("room"), QStringLiteral("chat-room-1")},
              {QStringLiteral("data"), QStringLiteral("still here?")}});
    QVERIFY(!ann.next(QStringLiteral("message")).isEmpty());
    QVERIFY(!bo.receives(QStringLiteral("message"), 300));
    bo.send({{QStringLiteral("type"), QStringLiteral("message")},
             {QStringLiteral("room"), QStringLiteral("chat-room-1")},
             {QStringLiteral("data"), QStringLiteral("x")}});
    QVERIFY(!bo.next(QStringLiteral("error")).isEmpty());
    // Seed 004 on the same path still works: rooms and instances do not mix.
    bo.send({{QStringLiteral("type"), QStringLiteral("ping")}});
    QVERIFY(!bo.next(QStringLiteral("pong")).isEmpty());
}

void TestDialectRooms::noteChangesReachMatchingSubscribersWhoMayReadThem()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient mine;    // alice, only her own notes
    HubTestClient all;     // alice, every note she may read
    HubTestClient outside; // carol, may read none of them
    QVERIFY(mine.open(wsUrl(hub, QStringLiteral("alice"))));
    QVERIFY(all.open(wsUrl(hub, QStringLiteral("alice"))));
    QVERIFY(outside.open(wsUrl(hub, QStringLiteral("carol"))));
    mine.send({{QStringLiteral("type"), QStringLiteral("subscribe")},
               {QStringLiteral("resource"), QStringLiteral("notes")},
               {QStringLiteral("filters"),
                QJsonObject{{QStringLiteral("owner"), QStringLiteral("alice")}}}});
    all.send({{QStringLiteral("type"), QStringLiteral("subscribe")},
              {QStringLiteral("resource"), QStringLiteral("notes")}});
    outside.send({{QStringLiteral("type"), QStringLiteral("subscribe")},
                  {QStringLiteral("resource"), QStringLiteral("notes")}});
    // Answered in order: once each pong is back, its subscription is in.
    for (HubTestClient *c : {&mine, &all, &outside}) {
        c->send({{QStringLiteral("type"), QStringLiteral("ping")}});
        QVERIFY(!c->next(QStringLiteral("pong")).isEmpty());
    }

    HubTestClient alice;
    QVERIFY(alice.connectAndAuth(hub.url(), QStringLiteral("alice")));
    const QString noteId = createNote(alice, QStringLiteral("Mine"), QStringLiteral("a"));
    for (HubTestClient *c : {&mine, &all}) {
        const QJsonObject update = c->next(QStringLiteral("update"));
        QCOMPARE(update.value(QLatin1String("resource")).toString(), QStringLiteral("notes"));
        QCOMPARE(update.value(QLatin1String("action")).toString(), QStringLiteral("create"));
        const QJsonObject data = update.value(QLatin1String("data")).toObject();
        QCOMPARE(data.value(QLatin1String("id")).toString(), noteId);
        QCOMPARE(data.value(QLatin1String("content")).toString(), QStringLiteral("a"));
    }
    joinNote(alice, noteId);
    alice.send(msg(QStringLiteral("note_op"),
                   {{QStringLiteral("noteId"), noteId},
                    {QStringLiteral("baseVersion"), 0},
                    {QStringLiteral("op"), QJsonArray{1, QStringLiteral("b")}},
                    {QStringLiteral("clientId"), QStringLiteral("c")},
                    {QStringLiteral("seq"), 1}}));
    const QJsonObject updated = mine.next(QStringLiteral("update"), 5000, [](const QJsonObject &m) {
        return m.value(QLatin1String("action")) == QLatin1String("update");
    });
    QCOMPARE(updated.value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
             QStringLiteral("ab"));

    // Bob's note is not alice's: the owner filter keeps it from `mine`, access from `all`.
    HubTestClient bob;
    QVERIFY(bob.connectAndAuth(hub.url(), QStringLiteral("bob")));
    createNote(bob, QStringLiteral("Bob's"), QStringLiteral("b"));
    alice.send(msg(QStringLiteral("note_deleted"), {{QStringLiteral("noteId"), noteId}}));
    QCOMPARE(all.next(QStringLiteral("update"), 5000,
                      [](const QJsonObject &m) {
                          return m.value(QLatin1String("action")) == QLatin1String("delete");
                      })
                     .value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("id"))
                     .toString(),
             noteId);
    for (const QJsonObject &m : all.pending())
        QVERIFY(m.value(QLatin1String("data")).toObject().value(QLatin1String("owner")) !=
                QLatin1String("bob"));
    QVERIFY(!outside.receives(QStringLiteral("update"), 300));
}

void TestDialectRooms::aSlowSubscriberSkipsToTheNewestStateOfEachNote()
{
    // Each update is the whole note (200 KB here): a subscriber reading nothing while 60
    // changes are made had all 12 MB queued for it in the hub, without limit. Updates are
    // held while the last state waits, and the newest goes once the subscriber reads again.
    HubConfig config = trustedConfig();
    config.maxUnsentBytes = 256 * 1024;
    HubFixture hub(config);
    QVERIFY(hub.start());
    RawWebSocket subscriber;
    QVERIFY(subscriber.handshake(hub.hub().port(), {}, "/ws?userId=alice&userName=alice"));
    subscriber.write(
            RawWebSocket::frame(RawWebSocket::Text, R"({"type":"subscribe","resource":"notes"})"));
    subscriber.write(RawWebSocket::frame(RawWebSocket::Text, R"({"type":"ping"})"));
    // Answered in order: once the pong is back (after the welcome), the subscription is in.
    QVERIFY(QTest::qWaitFor([&]() {
        return subscriber.nextMessage(100).value_or(QByteArray()).contains(R"("type":"pong")");
    }));
    HubTestClient alice;
    QVERIFY(alice.connectAndAuth(hub.url(), QStringLiteral("alice")));
    const QString noteId =
            createNote(alice, QStringLiteral("Long"), QString(200'000, QLatin1Char('.')));
    joinNote(alice, noteId);
    subscriber.stopReading();
    constexpr int Changes = 60;
    QVERIFY(insertOneByOne(alice, noteId, 200'000, Changes));
    subscriber.resumeReading();
    const StatesRead read = readStatesUntil(subscriber, Changes);
    QVERIFY2(!read.closed, qPrintable(QStringLiteral("after %1 messages").arg(read.messages)));
    QCOMPARE(read.last.value(QLatin1String("content")).toString(),
             QString(Changes, QLatin1Char('x')) + QString(200'000, QLatin1Char('.')));
    // The create and some updates went before the kernel's buffers filled; not all 61.
    QVERIFY2(read.messages < Changes, qPrintable(QString::number(read.messages)));
    qInfo("%d changes reached the slow subscriber as %d messages", Changes + 1, read.messages);
}

void TestDialectRooms::badInputGetsErrors()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    HubTestClient ws;
    QVERIFY(ws.open(wsUrl(hub, QStringLiteral("ann"))));
    for (const QString &bad :
         {QStringLiteral(R"({"type":"join"})"), QStringLiteral(R"({"type":"join","room":7})"),
          QStringLiteral(R"({"type":"presence","room":""})"),
          QStringLiteral(R"({"type":"subscribe"})"),
          QStringLiteral(R"({"type":"subscribe","resource":"notes","filters":[1]})")}) {
        ws.sendRaw(bad);
        QVERIFY2(!ws.next(QStringLiteral("error"))
                          .value(QLatin1String("message"))
                          .toString()
                          .isEmpty(),
                 qPrintable(bad));
    }
    ws.send({{QStringLiteral("type"), QStringLiteral("ping")}});
    QVERIFY(!ws.next(QStringLiteral("pong")).isEmpty());
}

QTEST_GUILESS_MAIN(TestDialectRooms)
#include "tst_dialect_rooms.moc"
