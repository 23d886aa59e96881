// SPDX-License-Identifier: GPL-3.0-or-later
// A full disk (here: hub.sqlite at its --max-database-bytes cap) loses nothing: the writer
// gets storage_failed and close 1011, every acknowledged op is stored exactly once, the hub
// keeps serving what it has, and with room again the same data folder carries on. Clients
// the lost change does not concern (readers, who were never told of it) stay connected.
#include "hubfixture.h"
#include "sqlitefaults.h"
#include "textoperation.h"

#include <QSet>

class TestHubStorageFull : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fullDatabaseLosesNoAcknowledgedOp();
    void aRestChangeTheDatabaseCannotHoldIsAnswered503();
    void aLostChangeDropsOnlyTheClientsItConcerns();
    void aClientWaitingForALostCommitIsToldToo();
    void aSessionLetInByALostShareIsLetGo();
    void aLostChangeOfASeedClientDropsEveryClient();
    void readersSigningInOnAFullDiskDropNobody();
};

namespace {

QString marker(int i)
{
    return QStringLiteral("<%1>").arg(i, 4, 10, QLatin1Char('0'));
}

QString contentOf(HubFixture &hub, const QString &noteId)
{
    auto reader = hub.client(QStringLiteral("alice"));
    return joinNote(*reader, noteId)
            .value(QLatin1String("note"))
            .toObject()
            .value(QLatin1String("content"))
            .toString();
}

HubConfig cappedAt256KiB()
{
    HubConfig capped;
    capped.maxDatabaseBytes = 256 * 1024;
    return capped;
}

/** An insert of 400 KiB into an empty note: more than cappedAt256KiB() leaves room for. */
TextOperation tooLargeForTheCap()
{
    TextOperation op;
    op.insert(QString(400 * 1024, QLatin1Char('x')));
    return op;
}

/** Asks for a new note with content, as alice over the REST API. */
HttpReply postNote(HubFixture &hub, const QByteArray &content)
{
    const QByteArray body = R"({"title":"big","content":")" + content + R"("})";
    return httpExchange(hub.hub().port(),
                        "POST /api/notes HTTP/1.1\r\nHost: x\r\n" +
                                hub.bearerHeader(QStringLiteral("alice")) +
                                "Content-Type: application/json\r\nContent-Length: " +
                                QByteArray::number(body.size()) + "\r\n\r\n" + body,
                        10'000);
}

} // namespace

void TestHubStorageFull::fullDatabaseLosesNoAcknowledgedOp()
{
    QTemporaryDir data;
    HubConfig capped;
    capped.dataDir = data.path();
    capped.maxDatabaseBytes = 256 * 1024;
    capped.messagesPerSecond = 100'000;
    capped.messageBurst = 100'000;
    QString noteId;
    QSet<int> acked;
    constexpr int Ops = 400; // 1 KB each: well past the cap
    {
        HubFixture hub(capped);
        QVERIFY(hub.start());
        auto writer = hub.client(QStringLiteral("alice"));
        noteId = createNote(*writer, QStringLiteral("full"), QString());
        QVERIFY(!noteId.isEmpty());
        joinNote(*writer, noteId);
        quint16 closeCode = 0;
        connect(&writer->socket(), &QWebSocket::disconnected, this,
                [&]() { closeCode = writer->socket().closeCode(); });
        const QString padding(1000, QLatin1Char('.'));
        // In waves of 10, so that some batches fit before the cap and one does not.
        QJsonObject failed;
        for (int i = 0; i < Ops && failed.isEmpty(); ++i) {
            TextOperation op;
            op.insert(marker(i) + padding).retain(qsizetype(i) * (6 + padding.size()));
            writer->send(opMessage(noteId, i, op, QStringLiteral("w"), i + 1));
            if (i % 10 != 9)
                continue;
            const QJsonObject reply = writer->nextOf(
                    {QStringLiteral("note_op_ack"), QStringLiteral("error")}, 10'000);
            QVERIFY(!reply.isEmpty());
            if (reply.value(QLatin1String("type")).toString() == QLatin1String("error"))
                failed = reply;
            else
                acked.insert(reply.value(QLatin1String("seq")).toInt() - 1);
            // The rest of the wave: acks, or the error.
            while (failed.isEmpty() && !acked.contains(i)) {
                const QJsonObject more = writer->nextOf(
                        {QStringLiteral("note_op_ack"), QStringLiteral("error")}, 10'000);
                QVERIFY(!more.isEmpty());
                if (more.value(QLatin1String("type")).toString() == QLatin1String("error"))
                    failed = more;
                else
                    acked.insert(more.value(QLatin1String("seq")).toInt() - 1);
            }
        }
        QCOMPARE(failed.value(QLatin1String("code")).toString(), QStringLiteral("storage_failed"));
        QVERIFY(writer->waitForDisconnected(10'000));
        QCOMPARE(closeCode, quint16(QWebSocketProtocol::CloseCodeBadOperation));
        QVERIFY(!acked.isEmpty());
        QVERIFY(acked.size() < Ops);
        qInfo("%lld of %d ops acknowledged before the database was full", qlonglong(acked.size()),
              Ops);

        // Still serving: a new client reads what was saved.
        const QString stored = contentOf(hub, noteId);
        for (int i : std::as_const(acked))
            QVERIFY2(stored.count(marker(i)) == 1, qPrintable(marker(i)));
    }

    // With room again, the same folder: every acknowledged op exactly once, nothing twice.
    HubConfig roomy;
    roomy.dataDir = data.path();
    HubFixture hub(roomy);
    QVERIFY(hub.start());
    const QString content = contentOf(hub, noteId);
    for (int i = 0; i < Ops; ++i) {
        const qsizetype seen = content.count(marker(i));
        if (acked.contains(i))
            QVERIFY2(seen == 1,
                     qPrintable(QStringLiteral("%1 seen %2 times").arg(marker(i)).arg(seen)));
        else
            QVERIFY2(seen <= 1, qPrintable(marker(i)));
    }
    // And it takes changes again.
    auto writer = hub.client(QStringLiteral("alice"));
    const QJsonObject joined = joinNote(*writer, noteId);
    const qint64 version = joined.value(QLatin1String("version")).toInteger();
    writer->send(msg(QStringLiteral("note_op"),
                     {{QStringLiteral("noteId"), noteId},
                      {QStringLiteral("baseVersion"), version},
                      {QStringLiteral("op"), QJsonArray{QStringLiteral("again"), content.size()}},
                      {QStringLiteral("clientId"), QStringLiteral("w2")},
                      {QStringLiteral("seq"), 1}}));
    QCOMPARE(
            writer->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInteger(),
            version + 1);
}

void TestHubStorageFull::aRestChangeTheDatabaseCannotHoldIsAnswered503()
{
    HubFixture hub(cappedAt256KiB());
    QVERIFY(hub.start());
    // The request's commit fails: it is answered, not left waiting until the client gives up.
    const HttpReply refused = postNote(hub, QByteArray(400 * 1024, 'x'));
    QCOMPARE(refused.status, QByteArray("HTTP/1.1 503 Service Unavailable"));
    QVERIFY2(refused.json().value(QLatin1String("error")).toString().contains(u"not applied"),
             refused.body.constData());
    // Nothing of it was kept, and a change that fits goes through.
    const HttpReply small = postNote(hub, "fits");
    QCOMPARE(small.status, QByteArray("HTTP/1.1 201 Created"));
    auto reader = hub.client(QStringLiteral("alice"));
    reader->send(msg(QStringLiteral("list_notes")));
    const QJsonArray notes =
            reader->next(QStringLiteral("notes_list")).value(QLatin1String("notes")).toArray();
    QCOMPARE(notes.size(), 1);
}

void TestHubStorageFull::aLostChangeDropsOnlyTheClientsItConcerns()
{
    HubFixture hub(cappedAt256KiB());
    QVERIFY(hub.start());
    auto writer = hub.client(QStringLiteral("alice"));
    const QString noteId = createNote(*writer, QStringLiteral("n"), QString());
    joinNote(*writer, noteId);
    // Who only reads: alice's second window, a seed-003 chat room client, a seed-000 watcher.
    auto reader = hub.client(QStringLiteral("alice"));
    joinNote(*reader, noteId);
    const QString token = QStringLiteral("?token=") + hub.token(QStringLiteral("alice"));
    HubTestClient room;
    HubTestClient watcher;
    QVERIFY(room.open(dialectUrl(hub.hub(), QStringLiteral("/rooms/r1/ws") + token)));
    QVERIFY(watcher.open(dialectUrl(hub.hub(), QStringLiteral("/ws/note/%1").arg(noteId) + token)));
    QVERIFY(!watcher.next(QStringLiteral("initial")).isEmpty());

    // A change too large for what is left: its batch is lost, and its writer hears of it.
    writer->send(opMessage(noteId, 0, tooLargeForTheCap(), QStringLiteral("w"), 1));
    QCOMPARE(writer->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("storage_failed"));
    QVERIFY(writer->waitForDisconnected());
    QCOMPARE(writer->socket().closeCode(), QWebSocketProtocol::CloseCodeBadOperation);

    // The others were never told of it (views show committed versions only): they lost
    // nothing and carry on, joined, and see the next change.
    QVERIFY(!reader->receives(QStringLiteral("error"), 300));
    reader->send(opMessage(noteId, 0, TextOperation().insert(QStringLiteral("ok")),
                           QStringLiteral("r"), 1));
    QCOMPARE(reader->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")),
             QJsonValue(1));
    QCOMPARE(watcher.next(QStringLiteral("update"))
                     .value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("blob")),
             QJsonValue(QStringLiteral("ok")));
    QCOMPARE(room.socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(contentOf(hub, noteId), QStringLiteral("ok"));
}

void TestHubStorageFull::aClientWaitingForALostCommitIsToldToo()
{
    HubFixture hub(cappedAt256KiB());
    QVERIFY(hub.start());
    auto writer = hub.client(QStringLiteral("alice"));
    const QString noteId = createNote(*writer, QStringLiteral("n"), QString());
    joinNote(*writer, noteId);
    auto asker = hub.client(QStringLiteral("alice"));
    auto bystander = hub.client(QStringLiteral("alice"));
    joinNote(*bystander, noteId);

    // The change's commit is held; a list asked for meanwhile waits for it. Then the commit
    // fails: the list would never come, so the asker is told as the writer is.
    CommitHold hold(hub.dataDir());
    QVERIFY(hold.holding());
    writer->send(opMessage(noteId, 0, tooLargeForTheCap(), QStringLiteral("w"), 1));
    QVERIFY(!writer->receives(QStringLiteral("note_op_ack"), 300));
    asker->send(msg(QStringLiteral("list_notes")));
    QVERIFY(!asker->receives(QStringLiteral("notes_list"), 300));
    QVERIFY(hold.release());
    for (HubTestClient *told : {writer.get(), asker.get()}) {
        QCOMPARE(told->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
                 QStringLiteral("storage_failed"));
        QVERIFY(told->waitForDisconnected());
    }
    QVERIFY(!bystander->receives(QStringLiteral("error"), 300));
    QCOMPARE(bystander->socket().state(), QAbstractSocket::ConnectedState);
}

void TestHubStorageFull::aSessionLetInByALostShareIsLetGo()
{
    HubFixture hub(cappedAt256KiB());
    QVERIFY(hub.start());
    auto alice = hub.client(QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("n"), QString());
    joinNote(*alice, noteId);
    auto bob = hub.client(QStringLiteral("bob"));

    // Held: a change too large for the database, then a share with bob, whom it lets in.
    CommitHold hold(hub.dataDir());
    QVERIFY(hold.holding());
    alice->send(opMessage(noteId, 0, tooLargeForTheCap(), QStringLiteral("w"), 1));
    QVERIFY(!alice->receives(QStringLiteral("note_op_ack"), 300));
    alice->send(msg(QStringLiteral("share"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("userId"), QStringLiteral("bob")},
                     {QStringLiteral("role"), QStringLiteral("viewer")}}));
    QVERIFY(!joinNote(*bob, noteId).isEmpty());

    // Both are lost: bob may not see the note as stored, so he does not stay on it.
    QVERIFY(hold.release());
    QCOMPARE(bob->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("storage_failed"));
    QVERIFY(bob->waitForDisconnected());
    auto bobAgain = hub.client(QStringLiteral("bob"));
    bobAgain->send(msg(QStringLiteral("join_note"), {{QStringLiteral("noteId"), noteId}}));
    QCOMPARE(bobAgain->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("not_found"));
}

void TestHubStorageFull::aLostChangeOfASeedClientDropsEveryClient()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto reader = hub.client(QStringLiteral("alice"));
    const QString noteId = createNote(*reader, QStringLiteral("n"), QStringLiteral("kept"));
    joinNote(*reader, noteId);
    const QString token = QStringLiteral("?token=") + hub.token(QStringLiteral("alice"));
    HubTestClient room;
    HubTestClient watcher;
    QVERIFY(room.open(dialectUrl(hub.hub(), QStringLiteral("/rooms/r1/ws") + token)));
    QVERIFY(!room.next(QStringLiteral("history")).isEmpty());
    QVERIFY(watcher.open(dialectUrl(hub.hub(), QStringLiteral("/ws/note/%1").arg(noteId) + token)));
    QVERIFY(!watcher.next(QStringLiteral("initial")).isEmpty());
    reader->send(msg(QStringLiteral("list_notes"))); // answered once all that is committed
    QVERIFY(!reader->next(QStringLiteral("notes_list")).isEmpty());

    // A seed client's chat message is lost; its dialect has no word for that but the close,
    // and the hub does not know which of them sent it: every client starts again.
    FullDisk full(QDir(hub.dataDir()).filePath(QStringLiteral("hub.sqlite")));
    QVERIFY(full.isFull());
    room.send({{QStringLiteral("type"), QStringLiteral("message")},
               {QStringLiteral("content"), QStringLiteral("lost")}});
    QCOMPARE(reader->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("storage_failed"));
    for (HubTestClient *client : {reader.get(), &room, &watcher}) {
        QVERIFY(client->waitForDisconnected());
        QCOMPARE(client->socket().closeCode(), QWebSocketProtocol::CloseCodeBadOperation);
    }
    QCOMPARE(room.socket().closeReason(), QStringLiteral("storage failure"));
}

void TestHubStorageFull::readersSigningInOnAFullDiskDropNobody()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto alice = hub.client(QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("n"), QStringLiteral("kept"));
    joinNote(*alice, noteId);
    {
        // Bob signs in once; list_notes is answered once his sign-in is committed.
        auto bob = hub.client(QStringLiteral("bob"));
        bob->send(msg(QStringLiteral("list_notes")));
        QVERIFY(!bob->next(QStringLiteral("notes_list")).isEmpty());
    }

    // The disk is full. Signing in again (as clients do every 15-30 s while a hub cannot save)
    // and reading write nothing, so no commit fails and nobody is disconnected.
    FullDisk full(QDir(hub.dataDir()).filePath(QStringLiteral("hub.sqlite")));
    QVERIFY(full.isFull());
    for (const QString &user : {QStringLiteral("alice"), QStringLiteral("bob")}) {
        auto reader = hub.client(user);
        reader->send(msg(QStringLiteral("list_notes")));
        QVERIFY(!reader->next(QStringLiteral("notes_list")).isEmpty());
        QVERIFY(!reader->receives(QStringLiteral("error"), 300));
        QCOMPARE(reader->socket().state(), QAbstractSocket::ConnectedState);
    }
    QVERIFY(!alice->receives(QStringLiteral("error"), 10));
    QCOMPARE(alice->socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(contentOf(hub, noteId), QStringLiteral("kept"));

    // A change is what fails, and says so.
    alice->send(opMessage(noteId, 0, TextOperation().retain(4).insert(QStringLiteral("!")),
                          QStringLiteral("a"), 1));
    QCOMPARE(alice->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("storage_failed"));
}

QTEST_GUILESS_MAIN(TestHubStorageFull)
#include "tst_hub_storagefull.moc"
