// SPDX-License-Identifier: GPL-3.0-or-later
// Presence, cursors, typing and discussion on a note: who is here (presence_list/update/
// remove, also when a client vanishes, but not while a long message is still arriving), each
// person in a colour no one else on the note has,
// cursors moved through later ops, typing relayed to others only, chat stored, broadcast, cut
// to 2,000 characters and read back.
#include "hubfixture.h"
#include "rawwebsocket.h"

#include <QThread>

class TestHubPresence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void joinAnnouncesPresenceBothWays();
    void everyoneOnANoteHasAColourOfTheirOwn();
    void statusChangesAreBroadcast();
    void disconnectRemovesPresence();
    void silentClientIsDroppedByHeartbeat();
    void aMessageStillArrivingIsNotSilence();
    void aStallOfTheHubItselfIsNotItsClientsSilence();
    void cursorsAreTransformedThroughLaterOps();
    void typingGoesToOthersOnly();
    void chatIsStoredBroadcastAndCut();
};

namespace {
struct Pair
{
    std::unique_ptr<HubTestClient> alice;
    std::unique_ptr<HubTestClient> bob;
    QString noteId;
};

Pair sharedNote(HubFixture &fixture, const QString &content = QStringLiteral("hello world"))
{
    Pair p;
    p.alice = fixture.client(QStringLiteral("alice"));
    p.noteId = createNote(*p.alice, QStringLiteral("Shared"), content);
    p.alice->send(msg(QStringLiteral("share"),
                      {{QStringLiteral("noteId"), p.noteId},
                       {QStringLiteral("userId"), QStringLiteral("bob")},
                       {QStringLiteral("role"), QStringLiteral("editor")}}));
    p.alice->next(QStringLiteral("share_success"));
    p.bob = fixture.client(QStringLiteral("bob"));
    joinNote(*p.alice, p.noteId);
    joinNote(*p.bob, p.noteId);
    return p;
}
} // namespace

void TestHubPresence::joinAnnouncesPresenceBothWays()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    Pair p = sharedNote(fixture);
    // Bob's join listed both; alice was told bob arrived.
    const QJsonArray users =
            p.bob->next(QStringLiteral("presence_list")).value(QLatin1String("users")).toArray();
    QCOMPARE(users.size(), 2);
    const QJsonObject arrived =
            p.alice->next(QStringLiteral("presence_update"), 5000, [](const QJsonObject &m) {
                return m.value(QLatin1String("user"))
                               .toObject()
                               .value(QLatin1String("userId"))
                               .toString() == QLatin1String("bob");
            });
    const QJsonObject user = arrived.value(QLatin1String("user")).toObject();
    QCOMPARE(user.value(QLatin1String("userName")).toString(), QStringLiteral("bob Name"));
    QCOMPARE(user.value(QLatin1String("status")).toString(), QStringLiteral("online"));
    QVERIFY(user.value(QLatin1String("colour")).toString().startsWith(QLatin1Char('#')));
    // Last seen: a moment of this test, on the wall clock (the connection's last sign of life).
    const qint64 lastSeen = user.value(QLatin1String("lastSeen")).toInteger();
    QVERIFY2(lastSeen >= before && lastSeen <= QDateTime::currentMSecsSinceEpoch(),
             qPrintable(QString::number(lastSeen - before)));
}

void TestHubPresence::everyoneOnANoteHasAColourOfTheirOwn()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto alice = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("Team"), QStringLiteral("x"));
    joinNote(*alice, noteId);
    const auto colours = [](const QJsonObject &list) {
        QHash<QString, QString> byUser; // userId -> colour, each user's sessions agreeing
        for (const QJsonValue &v : list.value(QLatin1String("users")).toArray()) {
            const QJsonObject user = v.toObject();
            const QString colour = user.value(QLatin1String("colour")).toString();
            const QString id = user.value(QLatin1String("userId")).toString();
            if (byUser.contains(id) && byUser.value(id) != colour)
                byUser.insert(id, QStringLiteral("two colours"));
            else
                byUser.insert(id, colour);
        }
        return byUser;
    };
    const QString aliceColour =
            colours(alice->next(QStringLiteral("presence_list"))).value(QStringLiteral("alice"));
    // Alice in a second window, while most colours are free: the same colour.
    auto aliceAgain = fixture.client(QStringLiteral("alice"));
    joinNote(*aliceAgain, noteId);
    QCOMPARE(colours(aliceAgain->next(QStringLiteral("presence_list")))
                     .value(QStringLiteral("alice")),
             aliceColour);

    // Nine more people, as many as the palette has colours: hashing alone made ~all such
    // groups share one.
    std::vector<std::unique_ptr<HubTestClient>> others;
    QHash<QString, QString> seen;
    for (int i = 1; i <= 9; ++i) {
        const QString user = QStringLiteral("user%1").arg(i);
        shareNote(*alice, noteId, user);
        others.push_back(fixture.client(user));
        joinNote(*others.back(), noteId);
        seen = colours(others.back()->next(QStringLiteral("presence_list")));
    }
    QCOMPARE(seen.size(), 10);
    const QList<QString> all = seen.values();
    QCOMPARE(QSet<QString>(all.cbegin(), all.cend()).size(), 10);
    QCOMPARE(seen.value(QStringLiteral("alice")), aliceColour); // kept while others came

    // user9 leaves: the next to come takes the colour that freed, the only one nobody has.
    const QString freed = seen.value(QStringLiteral("user9"));
    others.back()->send(msg(QStringLiteral("leave_note"), {{QStringLiteral("noteId"), noteId}}));
    others.back()->next(QStringLiteral("note_left"));
    shareNote(*alice, noteId, QStringLiteral("erin"), QStringLiteral("viewer"));
    auto erin = fixture.client(QStringLiteral("erin"));
    joinNote(*erin, noteId);
    seen = colours(erin->next(QStringLiteral("presence_list")));
    QCOMPARE(seen.size(), 10);
    QVERIFY(!seen.contains(QStringLiteral("user9")));
    QCOMPARE(seen.value(QStringLiteral("erin")), freed);
    const QList<QString> now = seen.values();
    QCOMPARE(QSet<QString>(now.cbegin(), now.cend()).size(), 10);
}

void TestHubPresence::statusChangesAreBroadcast()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    Pair p = sharedNote(fixture);
    p.bob->send(
            msg(QStringLiteral("presence"), {{QStringLiteral("status"), QStringLiteral("away")}}));
    const QJsonObject update =
            p.alice->next(QStringLiteral("presence_update"), 5000, [](const QJsonObject &m) {
                return m.value(QLatin1String("user"))
                               .toObject()
                               .value(QLatin1String("status"))
                               .toString() == QLatin1String("away");
            });
    QCOMPARE(update.value(QLatin1String("user"))
                     .toObject()
                     .value(QLatin1String("userId"))
                     .toString(),
             QStringLiteral("bob"));
    p.bob->send(msg(QStringLiteral("presence"),
                    {{QStringLiteral("status"), QStringLiteral("asleep")}}));
    QCOMPARE(p.bob->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("bad_request"));
}

void TestHubPresence::disconnectRemovesPresence()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    Pair p = sharedNote(fixture);
    const QString bobSession = p.bob->sessionId;
    p.bob->socket().close();
    const QJsonObject removed = p.alice->next(QStringLiteral("presence_remove"));
    QCOMPARE(removed.value(QLatin1String("userId")).toString(), QStringLiteral("bob"));
    QCOMPARE(removed.value(QLatin1String("sessionId")).toString(), bobSession);
    QCOMPARE(removed.value(QLatin1String("noteId")).toString(), p.noteId);
}

void TestHubPresence::silentClientIsDroppedByHeartbeat()
{
    HubFixture fixture(withTestHeartbeat());
    QVERIFY(fixture.start());
    Pair p = sharedNote(fixture);
    // Bob's process freezes: no frames, not even pongs (his event loop never runs again
    // for the socket; a half-open link looks the same to the hub).
    p.bob->socket().blockSignals(true);
    p.bob->socket().pauseMode();
    QTcpSocket *raw = p.bob->socket().findChild<QTcpSocket *>();
    QVERIFY(raw);
    raw->setReadBufferSize(1);
    disconnect(raw, nullptr, nullptr, nullptr);
    QVERIFY(!p.alice->next(QStringLiteral("presence_remove"), 5000).isEmpty());
}

void TestHubPresence::aStallOfTheHubItselfIsNotItsClientsSilence()
{
    HubFixture fixture(withTestHeartbeat());
    QVERIFY(fixture.start());
    Pair p = sharedNote(fixture);
    QTest::qWait(500); // beats on time, pongs answered
    // The hub's thread is busy for a second (here the whole process: hub and clients): the
    // clients' pongs wait unread, and the first beat after it comes late. It must not drop
    // them as silent; it judges at the next beat, once their pongs are read.
    QThread::msleep(1000);
    QVERIFY(!p.alice->receives(QStringLiteral("presence_remove"), 1000));
    QCOMPARE(p.bob->socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(p.alice->socket().state(), QAbstractSocket::ConnectedState);
}

void TestHubPresence::aMessageStillArrivingIsNotSilence()
{
    HubFixture fixture(withTestHeartbeat());
    QVERIFY(fixture.start());
    // A client on a slow link sends one message in parts over 1.5 s, far more than the two
    // heartbeats (400 ms) of silence that drop a client; it answers no ping meanwhile (its
    // pongs would wait behind the message). Each part is a sign of life.
    RawWebSocket slow;
    QVERIFY(slow.handshake(fixture.hub().port(), fixture.bearerHeader(QStringLiteral("alice"))));
    RawFrameOptions part;
    part.fin = false;
    slow.write(RawWebSocket::frame(RawWebSocket::Text, R"({"type":"ping","pad":")", part));
    for (int i = 0; i < 10; ++i) {
        QTest::qWait(150);
        slow.write(RawWebSocket::frame(RawWebSocket::Continuation, QByteArray(100, 'x'), part));
    }
    slow.write(RawWebSocket::frame(RawWebSocket::Continuation, R"("})"));
    bool answered = false;
    for (int i = 0; i < 200 && !answered; ++i) {
        const std::optional<RawWebSocket::Frame> frame = slow.nextFrame(2000);
        if (!frame)
            break;
        answered = frame->payload.contains(R"("type":"pong")");
    }
    QVERIFY2(answered, "the hub dropped the client, or did not answer its message");
}

void TestHubPresence::cursorsAreTransformedThroughLaterOps()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    Pair p = sharedNote(fixture, QStringLiteral("hello world"));
    p.bob->send(msg(QStringLiteral("cursor"),
                    {{QStringLiteral("noteId"), p.noteId},
                     {QStringLiteral("position"), 6},
                     {QStringLiteral("anchor"), 11},
                     {QStringLiteral("version"), 0}}));
    const auto bobsCursor = [](const QJsonObject &m) {
        return m.value(QLatin1String("user")).toObject().contains(QLatin1String("cursor"));
    };
    QCOMPARE(p.alice->next(QStringLiteral("presence_update"), 5000, bobsCursor)
                     .value(QLatin1String("user"))
                     .toObject()
                     .value(QLatin1String("cursor"))
                     .toObject()
                     .value(QLatin1String("position"))
                     .toInt(),
             6);
    // Alice types at the start; bob's selection moves with the text.
    p.alice->send(msg(QStringLiteral("note_op"),
                      {{QStringLiteral("noteId"), p.noteId},
                       {QStringLiteral("baseVersion"), 0},
                       {QStringLiteral("op"), QJsonArray{QStringLiteral(">> "), 11}},
                       {QStringLiteral("clientId"), QStringLiteral("a")},
                       {QStringLiteral("seq"), 1}}));
    p.alice->next(QStringLiteral("note_op_ack"));
    auto carol = fixture.client(QStringLiteral("alice"));
    joinNote(*carol, p.noteId);
    const QJsonArray users =
            carol->next(QStringLiteral("presence_list")).value(QLatin1String("users")).toArray();
    QJsonObject cursor;
    for (const QJsonValue &u : users)
        if (u.toObject().value(QLatin1String("userId")).toString() == QLatin1String("bob"))
            cursor = u.toObject().value(QLatin1String("cursor")).toObject();
    QCOMPARE(cursor.value(QLatin1String("position")).toInt(), 9);
    QCOMPARE(cursor.value(QLatin1String("anchor")).toInt(), 14);
    QCOMPARE(cursor.value(QLatin1String("version")).toInt(), 1);
    // A cursor sent against an old version is brought forward before it is shown.
    p.bob->send(msg(QStringLiteral("cursor"),
                    {{QStringLiteral("noteId"), p.noteId},
                     {QStringLiteral("position"), 0},
                     {QStringLiteral("version"), 0}}));
    const QJsonObject moved = carol->next(QStringLiteral("presence_update"), 5000, bobsCursor);
    QCOMPARE(moved.value(QLatin1String("user"))
                     .toObject()
                     .value(QLatin1String("cursor"))
                     .toObject()
                     .value(QLatin1String("position"))
                     .toInt(),
             3);
}

void TestHubPresence::typingGoesToOthersOnly()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    Pair p = sharedNote(fixture);
    p.bob->send(msg(QStringLiteral("typing"), {{QStringLiteral("noteId"), p.noteId}}));
    const QJsonObject typing = p.alice->next(QStringLiteral("typing"));
    QCOMPARE(typing.value(QLatin1String("userId")).toString(), QStringLiteral("bob"));
    QCOMPARE(typing.value(QLatin1String("userName")).toString(), QStringLiteral("bob Name"));
    QVERIFY(!p.bob->receives(QStringLiteral("typing"), 200));
}

void TestHubPresence::chatIsStoredBroadcastAndCut()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    Pair p = sharedNote(fixture);
    p.bob->send(msg(QStringLiteral("chat_message"),
                    {{QStringLiteral("noteId"), p.noteId},
                     {QStringLiteral("content"), QStringLiteral("Looks good")}}));
    const QJsonObject chat = p.alice->next(QStringLiteral("chat_message"))
                                     .value(QLatin1String("message"))
                                     .toObject();
    QCOMPARE(chat.value(QLatin1String("content")).toString(), QStringLiteral("Looks good"));
    QCOMPARE(chat.value(QLatin1String("userId")).toString(), QStringLiteral("bob"));
    QCOMPARE(chat.value(QLatin1String("userName")).toString(), QStringLiteral("bob Name"));
    QVERIFY(!chat.value(QLatin1String("id")).toString().isEmpty());
    QVERIFY(chat.value(QLatin1String("timestamp")).toInteger() > 0);
    QVERIFY(!p.bob->next(QStringLiteral("chat_message")).isEmpty()); // the sender sees it stored

    p.bob->send(msg(QStringLiteral("chat_message"),
                    {{QStringLiteral("noteId"), p.noteId},
                     {QStringLiteral("content"), QString(5000, QLatin1Char('x'))}}));
    QCOMPARE(p.alice->next(QStringLiteral("chat_message"))
                     .value(QLatin1String("message"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString()
                     .size(),
             2000);

    fixture.stop(); // survives a restart
    QVERIFY(fixture.start());
    auto reader = fixture.client(QStringLiteral("alice"));
    reader->send(msg(QStringLiteral("chat_history"), {{QStringLiteral("noteId"), p.noteId}}));
    const QJsonArray history =
            reader->next(QStringLiteral("chat_history")).value(QLatin1String("messages")).toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history[0].toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("Looks good"));
}

QTEST_GUILESS_MAIN(TestHubPresence)
#include "tst_hub_presence.moc"
