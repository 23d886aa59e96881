// SPDX-License-Identifier: GPL-3.0-or-later
// Disk errors under a real tandem-hub process: strace makes its fdatasync or write calls
// fail (EIO, ENOSPC) from some point of a burst of edits on. The writer gets storage_failed
// and close 1011 instead of an acknowledgement, and after a restart on healthy storage the
// database passes SQLite's integrity check, every acknowledged op is there exactly once and
// nothing is there twice. A backup onto a disk that fills up says so and leaves nothing.
#include "hubprocess.h"
#include "hubtestclient.h"
#include "textoperation.h"

#include <QJsonArray>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {

QJsonObject msg(const QString &type, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("type"), type);
    return fields;
}

QString marker(int i)
{
    return QStringLiteral("<%1>").arg(i, 4, 10, QLatin1Char('0'));
}

QString integrityOf(const QString &databasePath)
{
    QString result;
    {
        QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("integrity"));
        db.setDatabaseName(databasePath);
        if (!db.open())
            return db.lastError().text();
        QSqlQuery q(db);
        result = q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next()
                ? q.value(0).toString()
                : q.lastError().text();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("integrity"));
    return result;
}

} // namespace

class TestHubDiskFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aFailingDiskLosesNoAcknowledgedOp_data();
    void aFailingDiskLosesNoAcknowledgedOp();
    void aBackupOntoAFullDiskSaysSoAndLeavesNothing();

private:
    QString m_strace;
};

void TestHubDiskFaults::initTestCase()
{
    m_strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
    QVERIFY2(!m_strace.isEmpty(), "strace is needed (scripts/debian-packages.txt installs it)");
}

void TestHubDiskFaults::aFailingDiskLosesNoAcknowledgedOp_data()
{
    // The strace injection: which calls fail, how, and from which call on. A fresh hub makes
    // 9 fdatasync and 54 pwrite64 calls while starting; the rest come from commits.
    QTest::addColumn<QString>("inject");
    QTest::newRow("fdatasync fails with EIO") << QStringLiteral("fdatasync:error=EIO:when=30+");
    QTest::newRow("writes fail with ENOSPC") << QStringLiteral("pwrite64:error=ENOSPC:when=150+");
    QTest::newRow("writes fail with EIO") << QStringLiteral("pwrite64:error=EIO:when=150+");
}

void TestHubDiskFaults::aFailingDiskLosesNoAcknowledgedOp()
{
    QFETCH(QString, inject);
    QTemporaryDir data;
    QString noteId;
    QSet<int> acked;
    constexpr int Ops = 600;
    {
        HubProcess hub;
        QVERIFY(hub.start(data.path(), {QStringLiteral("--auth"), QStringLiteral("none")}, 0,
                          {m_strace, QStringLiteral("-f"), QStringLiteral("-qq"),
                           QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-e"),
                           QStringLiteral("inject=") + inject}));
        HubTestClient writer;
        QVERIFY(writer.connectAndAuth(hub.url, QStringLiteral("alice")));
        noteId = createNote(writer, QStringLiteral("disk"));
        QVERIFY(!noteId.isEmpty());
        QVERIFY(!joinNote(writer, noteId).isEmpty());
        quint16 closeCode = 0;
        connect(&writer.socket(), &QWebSocket::disconnected, this,
                [&]() { closeCode = writer.socket().closeCode(); });

        // Waves of five ops, so that commits batch some and the failure lands mid-burst.
        QJsonObject failed;
        for (int i = 0; i < Ops && failed.isEmpty(); ++i) {
            TextOperation op;
            op.insert(marker(i) + QString(200, QLatin1Char('.'))).retain(qsizetype(i) * (6 + 200));
            writer.send(msg(QStringLiteral("note_op"),
                            {{QStringLiteral("noteId"), noteId},
                             {QStringLiteral("baseVersion"), i},
                             {QStringLiteral("op"), op.toJson()},
                             {QStringLiteral("clientId"), QStringLiteral("w")},
                             {QStringLiteral("seq"), i + 1}}));
            if (i % 5 != 4)
                continue;
            while (failed.isEmpty() && !acked.contains(i)) {
                const QJsonObject reply = writer.nextOf(
                        {QStringLiteral("note_op_ack"), QStringLiteral("error")}, 20'000);
                QVERIFY2(!reply.isEmpty(), "the hub neither acknowledged nor refused");
                if (reply.value(QLatin1String("type")).toString() == QLatin1String("error"))
                    failed = reply;
                else
                    acked.insert(reply.value(QLatin1String("seq")).toInt() - 1);
            }
        }
        QVERIFY2(!failed.isEmpty(), "the injected fault never reached a commit");
        QCOMPARE(failed.value(QLatin1String("code")).toString(), QStringLiteral("storage_failed"));
        QVERIFY(writer.waitForDisconnected(10'000));
        QCOMPARE(closeCode, quint16(QWebSocketProtocol::CloseCodeBadOperation));
        QVERIFY(!acked.isEmpty());
        qInfo("%s: %lld ops acknowledged, then storage_failed", qPrintable(inject),
              qlonglong(acked.size()));
        hub.kill(); // the operator restarts it once the disk is fixed
        hub.process.waitForFinished(10'000);
    }

    QCOMPARE(integrityOf(QDir(data.path()).filePath(QStringLiteral("hub.sqlite"))),
             QStringLiteral("ok"));
    HubProcess hub;
    QVERIFY(hub.start(data.path(), {QStringLiteral("--auth"), QStringLiteral("none")}));
    HubTestClient reader;
    QVERIFY(reader.connectAndAuth(hub.url, QStringLiteral("alice")));
    const QJsonObject joined = joinNote(reader, noteId);
    const QString content = joined.value(QLatin1String("note"))
                                    .toObject()
                                    .value(QLatin1String("content"))
                                    .toString();
    for (int i = 0; i < Ops; ++i) {
        const qsizetype seen = content.count(marker(i));
        if (acked.contains(i))
            QVERIFY2(seen == 1,
                     qPrintable(QStringLiteral("%1 acknowledged, seen %2 times")
                                        .arg(marker(i))
                                        .arg(seen)));
        else
            QVERIFY2(seen <= 1, qPrintable(marker(i)));
    }
    // And it takes changes again.
    const qint64 version = joined.value(QLatin1String("note"))
                                   .toObject()
                                   .value(QLatin1String("version"))
                                   .toInteger();
    TextOperation op;
    op.insert(QStringLiteral("again")).retain(content.size());
    reader.send(msg(QStringLiteral("note_op"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("baseVersion"), version},
                     {QStringLiteral("op"), op.toJson()},
                     {QStringLiteral("clientId"), QStringLiteral("r")},
                     {QStringLiteral("seq"), 1}}));
    QVERIFY(!reader.next(QStringLiteral("note_op_ack"), 10'000).isEmpty());
}

void TestHubDiskFaults::aBackupOntoAFullDiskSaysSoAndLeavesNothing()
{
    QTemporaryDir data;
    HubProcess hub; // serving meanwhile, as in real use
    QVERIFY(hub.start(data.path(), {QStringLiteral("--auth"), QStringLiteral("none")}));
    HubTestClient writer;
    QVERIFY(writer.connectAndAuth(hub.url, QStringLiteral("alice")));
    const QString noteId = createNote(writer, QStringLiteral("kept"), QString(100'000, u'x'));
    QVERIFY(!noteId.isEmpty());
    const QString backup = data.filePath(QStringLiteral("backup"));
    const auto runBackup = [&](const QStringList &wrapper, QString *said) {
        return runHub({QStringLiteral("backup"), QStringLiteral("--data"), data.path(),
                       QStringLiteral("--to"), backup},
                      said, wrapper);
    };
    // Every write of the copy after its first few fails, as on a disk that fills up.
    QString said;
    QCOMPARE(runBackup({m_strace, QStringLiteral("-f"), QStringLiteral("-qq"), QStringLiteral("-o"),
                        QStringLiteral("/dev/null"), QStringLiteral("-e"),
                        QStringLiteral("inject=pwrite64:error=ENOSPC:when=3+")},
                       &said),
             1);
    QVERIFY2(said.contains(u"full"), qPrintable(said));
    QVERIFY2(!QFileInfo::exists(backup), "a half backup was left behind");
    // The hub served on, and a second attempt on a healthy disk makes the backup.
    writer.send(msg(QStringLiteral("list_notes")));
    QVERIFY(!writer.next(QStringLiteral("notes_list")).isEmpty());
    QCOMPARE(runBackup({}, &said), 0);
    QCOMPARE(integrityOf(QDir(backup).filePath(QStringLiteral("hub.sqlite"))),
             QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestHubDiskFaults)
#include "tst_hub_diskfaults.moc"
