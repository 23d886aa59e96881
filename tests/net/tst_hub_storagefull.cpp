// SPDX-License-Identifier: GPL-3.0-or-later
// A full disk (here: hub.sqlite at its --max-database-bytes cap) loses nothing: the writer
// gets storage_failed and close 1011, every acknowledged op is stored exactly once, the hub
// keeps serving what it has, and with room again the same data folder carries on.
#include "hubfixture.h"
#include "textoperation.h"

#include <QSet>

class TestHubStorageFull : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fullDatabaseLosesNoAcknowledgedOp();
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

QTEST_GUILESS_MAIN(TestHubStorageFull)
#include "tst_hub_storagefull.moc"
