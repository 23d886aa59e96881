// SPDX-License-Identifier: GPL-3.0-or-later
// Seed 000 (../shared/seeds/000_c9563196f9ca3703.txt), "WebSocket Real-Time Updates", served at
// ws://HOST:PORT/ws/note/{noteId}: `initial` at once with every documented field, then
// `create`, `update` and `revert` whenever the note changes through the canonical protocol,
// to several clients per note; access rules as on /v1; cleanup on disconnect and delete.
#include "hubfixture.h"
#include "textoperation.h"

class TestDialectNoteWatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initialCarriesTheCurrentState();
    void changesReachEveryWatcherAsUpdateOrRevert();
    void aBurstOfOpsEndsInTheFinalState();
    void aSlowWatcherSkipsToTheNewestStateInsteadOfBeingDropped();
    void watcherBeforeCreationGetsCreate();
    void accessRulesHoldAndRevocationCloses();
    void deleteClosesWatchersAndDisconnectCleansUp();
    void tokenModeNeedsAToken();
    void aWatcherIsShownCommittedStatesOnly();
};

namespace {

/** A /v1 client as user (--auth none: the name is the identity). */
std::unique_ptr<HubTestClient> canonical(HubFixture &hub, const QString &user)
{
    auto c = std::make_unique<HubTestClient>();
    if (!c->connectAndAuth(hub.url(), user))
        qWarning("could not authenticate %s", qPrintable(user));
    return c;
}

QUrl watchUrl(HubFixture &hub, const QString &noteId, const QString &user)
{
    return dialectUrl(hub.hub(), QStringLiteral("/ws/note/%1?userId=%2").arg(noteId, user));
}

QJsonObject opMessage(const QString &noteId, qint64 base, const QJsonArray &op, qint64 seq)
{
    return msg(QStringLiteral("note_op"),
               {{QStringLiteral("noteId"), noteId},
                {QStringLiteral("baseVersion"), base},
                {QStringLiteral("op"), op},
                {QStringLiteral("clientId"), QStringLiteral("c")},
                {QStringLiteral("seq"), seq}});
}

} // namespace

void TestDialectNoteWatch::initialCarriesTheCurrentState()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    auto alice = canonical(hub, QStringLiteral("alice"));
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const QString noteId = createNote(*alice, QStringLiteral("Groceries"), QStringLiteral("milk"));
    alice->send(msg(QStringLiteral("share"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("userId"), QStringLiteral("bob")},
                     {QStringLiteral("role"), QStringLiteral("viewer")}}));
    QVERIFY(!alice->next(QStringLiteral("share_success")).isEmpty());

    // const ws = new WebSocket('ws://localhost:8787/ws/note/my-note-id');
    HubTestClient watcher;
    QVERIFY(watcher.open(watchUrl(hub, noteId, QStringLiteral("alice"))));
    const QJsonObject initial = watcher.next(QStringLiteral("initial"));
    QCOMPARE(initial.keys(), (QStringList{QStringLiteral("data"), QStringLiteral("type")}));
    const QJsonObject data = initial.value(QLatin1String("data")).toObject();
    QCOMPARE(data.value(QLatin1String("id")).toString(), noteId);
    QCOMPARE(data.value(QLatin1String("version")).toInteger(), 0);
    QCOMPARE(data.value(QLatin1String("title")).toString(), QStringLiteral("Groceries"));
    QCOMPARE(data.value(QLatin1String("blob")).toString(), QStringLiteral("milk"));
    QVERIFY(data.value(QLatin1String("createdAt")).toInteger() >= before);
    QVERIFY(data.value(QLatin1String("updatedAt")).toInteger() >=
            data.value(QLatin1String("createdAt")).toInteger());
    QCOMPARE(data.value(QLatin1String("collaborators")).toArray(),
             QJsonArray{QStringLiteral("bob")});
    QCOMPARE(data.size(), 7);
}

void TestDialectNoteWatch::changesReachEveryWatcherAsUpdateOrRevert()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    auto alice = canonical(hub, QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("T"), QStringLiteral("ab"));
    joinNote(*alice, noteId);
    // Multiple clients can connect to the same note.
    HubTestClient one;
    HubTestClient two;
    QVERIFY(one.open(watchUrl(hub, noteId, QStringLiteral("alice"))));
    QVERIFY(two.open(watchUrl(hub, noteId, QStringLiteral("alice"))));
    QVERIFY(!one.next(QStringLiteral("initial")).isEmpty());
    QVERIFY(!two.next(QStringLiteral("initial")).isEmpty());

    alice->send(opMessage(noteId, 0, QJsonArray{2, QStringLiteral("c")}, 1));
    QVERIFY(!alice->next(QStringLiteral("note_op_ack")).isEmpty());
    for (HubTestClient *w : {&one, &two}) {
        const QJsonObject data =
                w->next(QStringLiteral("update")).value(QLatin1String("data")).toObject();
        QCOMPARE(data.value(QLatin1String("blob")).toString(), QStringLiteral("abc"));
        QCOMPARE(data.value(QLatin1String("version")).toInteger(), 1);
    }

    // A title change through seed 001's whole-field form is an update too.
    alice->send(msg(QStringLiteral("note_update"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("changes"),
                      QJsonObject{{QStringLiteral("title"), QStringLiteral("Renamed")}}}}));
    QVERIFY(!alice->next(QStringLiteral("note_update_success")).isEmpty());
    QCOMPARE(one.next(QStringLiteral("update"))
                     .value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("title"))
                     .toString(),
             QStringLiteral("Renamed"));

    // Reverting to version 0 is a revert.
    alice->send(msg(QStringLiteral("revert"),
                    {{QStringLiteral("noteId"), noteId}, {QStringLiteral("version"), 0}}));
    QVERIFY(!alice->next(QStringLiteral("revert_success")).isEmpty());
    for (HubTestClient *w : {&one, &two}) {
        const QJsonObject data =
                w->next(QStringLiteral("revert")).value(QLatin1String("data")).toObject();
        QCOMPARE(data.value(QLatin1String("blob")).toString(), QStringLiteral("ab"));
        QCOMPARE(data.value(QLatin1String("version")).toInteger(), 2);
    }
    // Watchers only listen: what they send is ignored and changes nothing.
    one.sendRaw(QStringLiteral("{\"type\":\"update\",\"data\":{\"blob\":\"forged\"}}"));
    QVERIFY(!one.receives(QStringLiteral("update"), 300));
    QCOMPARE(joinNote(*canonical(hub, QStringLiteral("alice")), noteId)
                     .value(QLatin1String("note"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
             QStringLiteral("ab"));
}

void TestDialectNoteWatch::aBurstOfOpsEndsInTheFinalState()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    auto alice = canonical(hub, QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("T"), QString());
    joinNote(*alice, noteId);
    HubTestClient watcher;
    QVERIFY(watcher.open(watchUrl(hub, noteId, QStringLiteral("alice"))));
    QVERIFY(!watcher.next(QStringLiteral("initial")).isEmpty());
    constexpr int Ops = 50;
    for (int v = 0; v < Ops; ++v)
        alice->send(opMessage(noteId, v,
                              v == 0 ? QJsonArray{QStringLiteral("x")}
                                     : QJsonArray{v, QStringLiteral("x")},
                              v + 1));
    // Changes committed together are one update each commit; the last one is the final state.
    QJsonObject last;
    int updates = 0;
    while (last.value(QLatin1String("version")).toInteger() < Ops) {
        const QJsonObject update = watcher.next(QStringLiteral("update"), 10'000);
        QVERIFY(!update.isEmpty());
        ++updates;
        last = update.value(QLatin1String("data")).toObject();
    }
    QCOMPARE(last.value(QLatin1String("blob")).toString(), QString(Ops, QLatin1Char('x')));
    QVERIFY(updates <= Ops);
    qInfo("%d ops reached the watcher as %d updates", Ops, updates);
}

void TestDialectNoteWatch::aSlowWatcherSkipsToTheNewestStateInsteadOfBeingDropped()
{
    // Each message is the whole note (200 KB here): a watcher reading nothing while 60 changes
    // are made would have 12 MB piling up. The hub holds changes back while the last state
    // waits (the cap on unsent bytes, 256 KiB here, used to drop it as too slow) and sends the
    // newest once the watcher reads again.
    HubConfig config = trustedConfig();
    config.maxUnsentBytes = 256 * 1024;
    HubFixture hub(config);
    QVERIFY(hub.start());
    auto alice = canonical(hub, QStringLiteral("alice"));
    const QString noteId =
            createNote(*alice, QStringLiteral("Long"), QString(200'000, QLatin1Char('.')));
    joinNote(*alice, noteId);
    RawWebSocket watcher;
    QVERIFY(watcher.handshake(hub.hub().port(), {},
                              QStringLiteral("/ws/note/%1?userId=alice").arg(noteId).toUtf8()));
    // It stops reading: what the hub sends waits in the kernel, then in the hub.
    watcher.stopReading();
    constexpr int Changes = 60;
    QVERIFY(insertOneByOne(*alice, noteId, 200'000, Changes));
    // Reading again, it gets whole messages until the newest state: never a close.
    watcher.resumeReading();
    const StatesRead read = readStatesUntil(watcher, Changes);
    QVERIFY2(!read.closed, qPrintable(QStringLiteral("after %1 messages").arg(read.messages)));
    QCOMPARE(read.last.value(QLatin1String("blob")).toString(),
             QString(Changes, QLatin1Char('x')) + QString(200'000, QLatin1Char('.')));
    QVERIFY2(read.messages < Changes, qPrintable(QString::number(read.messages)));
    qInfo("%d changes reached the slow watcher as %d messages", Changes, read.messages);
    QVERIFY(watcher.isConnected());
}

void TestDialectNoteWatch::watcherBeforeCreationGetsCreate()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    const QString noteId = QStringLiteral("note-to-be");
    HubTestClient watcher;
    QVERIFY(watcher.open(watchUrl(hub, noteId, QStringLiteral("alice"))));
    QVERIFY(!watcher.receives(QStringLiteral("initial"), 300)); // nothing there yet
    auto alice = canonical(hub, QStringLiteral("alice"));
    alice->send(msg(QStringLiteral("note_created"),
                    {{QStringLiteral("noteData"),
                      QJsonObject{{QStringLiteral("id"), noteId},
                                  {QStringLiteral("title"), QStringLiteral("New")},
                                  {QStringLiteral("content"), QStringLiteral("first")}}}}));
    QVERIFY(!alice->next(QStringLiteral("note_created_success")).isEmpty());
    const QJsonObject data =
            watcher.next(QStringLiteral("create")).value(QLatin1String("data")).toObject();
    QCOMPARE(data.value(QLatin1String("id")).toString(), noteId);
    QCOMPARE(data.value(QLatin1String("blob")).toString(), QStringLiteral("first"));
    QCOMPARE(data.value(QLatin1String("title")).toString(), QStringLiteral("New"));
}

void TestDialectNoteWatch::accessRulesHoldAndRevocationCloses()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    auto alice = canonical(hub, QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("Private"), QStringLiteral("secret"));
    joinNote(*alice, noteId);

    // Bob may not see it: he hears nothing, exactly as for a note that does not exist.
    HubTestClient bob;
    QVERIFY(bob.open(watchUrl(hub, noteId, QStringLiteral("bob"))));
    alice->send(opMessage(noteId, 0, QJsonArray{6, QStringLiteral("!")}, 1));
    QVERIFY(!alice->next(QStringLiteral("note_op_ack")).isEmpty());
    QVERIFY(!bob.receives(QStringLiteral("update"), 300));
    QVERIFY(bob.pending().isEmpty());

    // Shared with him: he gets the state; revoked: the connection closes.
    alice->send(msg(QStringLiteral("share"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("userId"), QStringLiteral("bob")},
                     {QStringLiteral("role"), QStringLiteral("viewer")}}));
    QCOMPARE(bob.next(QStringLiteral("initial"))
                     .value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("blob"))
                     .toString(),
             QStringLiteral("secret!"));
    alice->send(msg(QStringLiteral("unshare"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("userId"), QStringLiteral("bob")}}));
    QVERIFY(bob.waitForDisconnected());
    QCOMPARE(bob.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
}

void TestDialectNoteWatch::deleteClosesWatchersAndDisconnectCleansUp()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    auto alice = canonical(hub, QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("T"), QStringLiteral("x"));
    joinNote(*alice, noteId);
    {
        HubTestClient leaves;
        QVERIFY(leaves.open(watchUrl(hub, noteId, QStringLiteral("alice"))));
        QVERIFY(!leaves.next(QStringLiteral("initial")).isEmpty());
        leaves.socket().close();
        QVERIFY(leaves.waitForDisconnected());
    }
    // Changes after a watcher left reach nobody and break nothing.
    alice->send(opMessage(noteId, 0, QJsonArray{1, QStringLiteral("y")}, 1));
    QVERIFY(!alice->next(QStringLiteral("note_op_ack")).isEmpty());

    HubTestClient stays;
    QVERIFY(stays.open(watchUrl(hub, noteId, QStringLiteral("alice"))));
    QVERIFY(!stays.next(QStringLiteral("initial")).isEmpty());
    alice->send(msg(QStringLiteral("note_deleted"), {{QStringLiteral("noteId"), noteId}}));
    QVERIFY(stays.waitForDisconnected());
    QCOMPARE(stays.socket().closeCode(), QWebSocketProtocol::CloseCodeNormal);
}

void TestDialectNoteWatch::tokenModeNeedsAToken()
{
    HubFixture hub; // --auth token
    QVERIFY(hub.start());
    const HttpReply refused = httpExchange(
            hub.hub().port(),
            "GET /ws/note/n1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n\r\n");
    QCOMPARE(refused.status, QByteArray("HTTP/1.1 401 Unauthorized"));
    auto alice = hub.client(QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("T"), QStringLiteral("x"));
    HubTestClient watcher;
    QVERIFY(watcher.open(dialectUrl(hub.hub(),
                                    QStringLiteral("/ws/note/%1?token=%2")
                                            .arg(noteId, hub.token(QStringLiteral("alice"))))));
    QCOMPARE(watcher.next(QStringLiteral("initial"))
                     .value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("id"))
                     .toString(),
             noteId);
}

void TestDialectNoteWatch::aWatcherIsShownCommittedStatesOnly()
{
    HubFixture hub(trustedConfig());
    QVERIFY(hub.start());
    auto alice = canonical(hub, QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("T"), QStringLiteral("ab"));
    joinNote(*alice, noteId);

    // The hub applies an op in memory; its commit waits. Were the hub killed now, version 1
    // would never have been, and would be handed out again: no watcher may see it yet.
    CommitHold hold(hub.dataDir());
    QVERIFY(hold.holding());
    alice->send(opMessage(noteId, 0, QJsonArray{2, QStringLiteral("c")}, 1));
    QVERIFY(!alice->receives(QStringLiteral("note_op_ack"), 300));
    HubTestClient watcher;
    QVERIFY(watcher.open(watchUrl(hub, noteId, QStringLiteral("alice"))));
    const QJsonObject initial =
            watcher.next(QStringLiteral("initial")).value(QLatin1String("data")).toObject();
    QCOMPARE(initial.value(QLatin1String("version")), QJsonValue(0));
    QCOMPARE(initial.value(QLatin1String("blob")), QJsonValue(QStringLiteral("ab")));

    QVERIFY(hold.release());
    QVERIFY(!alice->next(QStringLiteral("note_op_ack")).isEmpty());
    const QJsonObject update =
            watcher.next(QStringLiteral("update")).value(QLatin1String("data")).toObject();
    QCOMPARE(update.value(QLatin1String("version")), QJsonValue(1));
    QCOMPARE(update.value(QLatin1String("blob")), QJsonValue(QStringLiteral("abc")));
}

QTEST_GUILESS_MAIN(TestDialectNoteWatch)
#include "tst_dialect_notewatch.moc"
