// SPDX-License-Identifier: GPL-3.0-or-later
// tandem-hub as a separate process, used the way an operator and its clients use it:
// the printed URL (port 0 picks one; 127.0.0.1 on every interface, and it says so), tokens from
// 'token create', SIGTERM closing clients with 1001, and SIGKILL in the middle of a burst of edits
// losing nothing acknowledged and applying nothing twice after a restart.
#include "hubprocess.h"
#include "hubtestclient.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

QJsonObject msg(const QString &type, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("type"), type);
    return fields;
}

/**
 * Appends a unique marker "w<writer>s<seq>;" as fast as acks allow, one op in flight,
 * each made against version 0 so the hub must transform it past everything since.
 */
class BurstWriter : public QObject
{
public:
    BurstWriter(int id, QString noteId)
        : m_id(id)
        , m_noteId(std::move(noteId))
    {
        connect(&client.socket(), &QWebSocket::textMessageReceived, this,
                [this](const QString &text) {
                    const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
                    if (m.value(QLatin1String("type")).toString() != QLatin1String("note_op_ack"))
                        return;
                    const qint64 seq = m.value(QLatin1String("seq")).toInteger();
                    acked.append(seq);
                    if (seq == m_seq)
                        sendNext();
                });
    }
    QString marker(qint64 seq) const { return QStringLiteral("w%1s%2;").arg(m_id).arg(seq); }
    void sendNext()
    {
        if (!running)
            return;
        ++m_seq;
        client.send(op(m_seq));
    }
    QJsonObject op(qint64 seq) const
    {
        return msg(QStringLiteral("note_op"),
                   {{QStringLiteral("noteId"), m_noteId},
                    {QStringLiteral("baseVersion"), 0},
                    {QStringLiteral("op"), QJsonArray{marker(seq)}},
                    {QStringLiteral("clientId"), QStringLiteral("writer-%1").arg(m_id)},
                    {QStringLiteral("seq"), seq}});
    }
    qint64 lastSent() const { return m_seq; }

    HubTestClient client;
    QList<qint64> acked;
    bool running = true;

private:
    int m_id;
    QString m_noteId;
    qint64 m_seq = 0;
};

} // namespace

class TestHubProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void printsItsUrlAndServesTokensItCreated();
    void onEveryInterfaceItPrintsALoopbackUrlAndSaysSo();
    void sigtermClosesClientsWithGoingAway();
    void sigkillMidBurstLosesNoAcknowledgedOp();
    void aSecondHubOnTheSameFolderIsRefusedUntilTheFirstEnds();
    void tokenRevokeReachesTheHubServingTheFolder();
    void aBackupMadeWhileServingIsADataFolderAsItIs();
};

void TestHubProcess::printsItsUrlAndServesTokensItCreated()
{
    QTemporaryDir data;
    const QString token = createToken(data.path(), QStringLiteral("ops"));
    QVERIFY(token.count(QLatin1Char('.')) == 2);
    HubProcess hub;
    QVERIFY(hub.start(data.path()));
    QCOMPARE(hub.url.path(), QStringLiteral("/v1"));
    HubTestClient client;
    QVERIFY(client.connectAndAuth(hub.url, token));
    QCOMPARE(client.userId, QStringLiteral("ops"));
    hub.process.kill();
    hub.process.waitForFinished();
}

void TestHubProcess::onEveryInterfaceItPrintsALoopbackUrlAndSaysSo()
{
    QTemporaryDir data;
    HubProcess hub;
    QVERIFY(hub.start(data.path()));
    QCOMPARE(hub.listeningLine, QStringLiteral("listening on ") + hub.url.toString());
    HubProcess everywhere;
    everywhere.host = QStringLiteral("0.0.0.0");
    QTemporaryDir otherData;
    QVERIFY(everywhere.start(otherData.path(), {QStringLiteral("--auth"), QStringLiteral("none")}));
    // The URL is one a client on this computer can use; the line says who else can.
    QCOMPARE(everywhere.url.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(everywhere.listeningLine,
             QStringLiteral("listening on ") + everywhere.url.toString() +
                     QStringLiteral(" on every network interface"));
    HubTestClient client;
    QVERIFY(client.connectAndAuth(everywhere.url, QStringLiteral("ops")));
}

void TestHubProcess::sigtermClosesClientsWithGoingAway()
{
    QTemporaryDir data;
    HubProcess hub;
    QVERIFY(hub.start(data.path()));
    HubTestClient client;
    QVERIFY(client.connectAndAuth(hub.url, createToken(data.path(), QStringLiteral("a"))));
    ::kill(pid_t(hub.process.processId()), SIGTERM);
    QVERIFY(client.waitForDisconnected(10'000));
    QCOMPARE(client.socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    // waitForFinished() is false for a process that has already finished.
    QVERIFY(hub.process.state() == QProcess::NotRunning || hub.process.waitForFinished(10'000));
    QCOMPARE(hub.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(hub.process.exitCode(), 0);
}

void TestHubProcess::aSecondHubOnTheSameFolderIsRefusedUntilTheFirstEnds()
{
    // Two hubs on one folder would give the same version of a note to two different ops.
    QTemporaryDir data;
    const QString token = createToken(data.path(), QStringLiteral("a"));
    HubProcess first;
    QVERIFY(first.start(data.path()));
    QString said;
    QCOMPARE(runHub({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--data"), data.path()},
                    &said),
             1);
    QVERIFY2(said.contains(QStringLiteral("is in use by another hub (tandem-hub, process %1)")
                                   .arg(first.process.processId())),
             qPrintable(said));
    QVERIFY2(!said.contains(u"listening"), qPrintable(said));
    // The first one serves on.
    HubTestClient client;
    QVERIFY(client.connectAndAuth(first.url, token));
    // However the first one ends, even by SIGKILL, the folder is free again.
    first.kill();
    QVERIFY(first.process.waitForFinished(10'000));
    HubProcess next;
    QVERIFY(next.start(data.path()));
    HubTestClient again;
    QVERIFY(again.connectAndAuth(next.url, token));
}

void TestHubProcess::tokenRevokeReachesTheHubServingTheFolder()
{
    // The operator's way: `tandem-hub token revoke` beside the running hub, which reads it at
    // its next heartbeat.
    QTemporaryDir data;
    const QString old = createToken(data.path(), QStringLiteral("alice"));
    const QString bobs = createToken(data.path(), QStringLiteral("bob"));
    HubProcess hub;
    QVERIFY(hub.start(data.path(), {QStringLiteral("--heartbeat-ms"), QStringLiteral("200")}));
    HubTestClient alice;
    HubTestClient bob;
    QVERIFY(alice.connectAndAuth(hub.url, old));
    QVERIFY(bob.connectAndAuth(hub.url, bobs));

    // A mistyped folder is refused, not revoked into a database nobody serves.
    const auto revoke = [](const QString &dataDir, QString *said) {
        return runHub({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("--user"),
                       QStringLiteral("alice"), QStringLiteral("--data"), dataDir},
                      said);
    };
    QString said;
    QCOMPARE(revoke(data.filePath(QStringLiteral("typo")), &said), 1);
    QVERIFY2(said.contains(u"no hub database"), qPrintable(said));
    QVERIFY(!QFileInfo::exists(data.filePath(QStringLiteral("typo"))));
    QVERIFY(alice.socket().state() == QAbstractSocket::ConnectedState);

    QCOMPARE(revoke(data.path(), &said), 0);
    QVERIFY2(said.contains(u"is refused"), qPrintable(said));

    QVERIFY(alice.waitForDisconnected(5000));
    QCOMPARE(alice.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(alice.socket().closeReason(), QStringLiteral("token revoked"));
    HubTestClient again;
    QVERIFY(!again.connectAndAuth(hub.url, old));
    QTest::qWait(5); // a token made after the revocation
    HubTestClient renewed;
    QVERIFY(renewed.connectAndAuth(hub.url, createToken(data.path(), QStringLiteral("alice"))));
    bob.send(msg(QStringLiteral("list_notes")));
    QVERIFY(!bob.next(QStringLiteral("notes_list")).isEmpty());
}

void TestHubProcess::aBackupMadeWhileServingIsADataFolderAsItIs()
{
    QTemporaryDir data;
    const QString token = createToken(data.path(), QStringLiteral("writer"));
    HubProcess hub;
    QVERIFY(hub.start(data.path()));
    HubTestClient writer;
    QVERIFY(writer.connectAndAuth(hub.url, token));
    const QString noteId = createNote(writer, QStringLiteral("kept"));
    QVERIFY(!noteId.isEmpty());
    QVERIFY(!joinNote(writer, noteId).isEmpty());
    // Typing goes on while the copy is made: the copy is one consistent version of it.
    const auto type = [&](int from, int to) {
        for (int i = from; i < to; ++i)
            writer.send(msg(QStringLiteral("note_op"),
                            {{QStringLiteral("noteId"), noteId},
                             {QStringLiteral("baseVersion"), 0},
                             {QStringLiteral("op"), QJsonArray{QStringLiteral("x")}},
                             {QStringLiteral("clientId"), QStringLiteral("w")},
                             {QStringLiteral("seq"), i + 1}}));
    };
    type(0, 200);
    QVERIFY(!writer.next(QStringLiteral("note_op_ack"), 10'000, [](const QJsonObject &m) {
                       return m.value(QLatin1String("seq")).toInt() == 200;
                   }).isEmpty());
    type(200, 400);
    const QString backup = data.filePath(QStringLiteral("backup"));
    const auto runBackup = [&](QString *said) {
        return runHub({QStringLiteral("backup"), QStringLiteral("--data"), data.path(),
                       QStringLiteral("--to"), backup},
                      said);
    };
    QString said;
    QCOMPARE(runBackup(&said), 0);
    QVERIFY2(said.contains(u"hub.sqlite, hub-secret"), qPrintable(said));
    QCOMPARE(QFileInfo(backup).permissions() & (QFile::ReadOther | QFile::ReadGroup),
             QFileDevice::Permissions());
    // Never over an earlier backup.
    QCOMPARE(runBackup(&said), 1);
    QVERIFY2(said.contains(u"is not empty"), qPrintable(said));
    hub.kill();
    QVERIFY(hub.process.waitForFinished(10'000));

    // Served as it is: the same token (the secret came along), and the note at one version
    // with everything acknowledged before the copy.
    HubProcess restored;
    QVERIFY(restored.start(backup));
    HubTestClient reader;
    QVERIFY(reader.connectAndAuth(restored.url, token));
    const QJsonObject joined = joinNote(reader, noteId);
    const qint64 version = joined.value(QLatin1String("version")).toInteger();
    QVERIFY2(version >= 200 && version <= 400, qPrintable(QString::number(version)));
    QCOMPARE(joined.value(QLatin1String("note")).toObject().value(QLatin1String("content")),
             QString(version, QLatin1Char('x')));
}

void TestHubProcess::sigkillMidBurstLosesNoAcknowledgedOp()
{
    QTemporaryDir data;
    const QString token = createToken(data.path(), QStringLiteral("writer"));
    QString noteId;
    std::vector<std::unique_ptr<BurstWriter>> writers;
    QHash<QString, int> expectedOnce; // marker -> must appear exactly once (acked)
    QStringList maybe;                // sent, not acked: at most once

    for (int round = 0; round < 3; ++round) {
        HubProcess hub;
        QVERIFY(hub.start(data.path()));
        if (noteId.isEmpty()) {
            HubTestClient owner;
            QVERIFY(owner.connectAndAuth(hub.url, token));
            noteId = createNote(owner, QStringLiteral("burst"));
            QVERIFY(!noteId.isEmpty());
            for (int i = 0; i < 3; ++i)
                writers.push_back(std::make_unique<BurstWriter>(i, noteId));
        }
        for (auto &w : writers) {
            QVERIFY(w->client.connectAndAuth(hub.url, token));
            QVERIFY(!joinNote(w->client, noteId).isEmpty());
            // Resend what was in flight when the hub died: applied at most once.
            if (w->lastSent() > 0 && !w->acked.contains(w->lastSent()))
                w->client.send(w->op(w->lastSent()));
            w->running = true;
            w->sendNext();
        }
        const int target = 150 * (round + 1);
        QVERIFY(QTest::qWaitFor(
                [&]() {
                    int total = 0;
                    for (auto &w : writers)
                        total += int(w->acked.size());
                    return total >= target;
                },
                60'000));
        hub.process.kill(); // SIGKILL, with ops in flight
        QVERIFY(hub.process.state() == QProcess::NotRunning || hub.process.waitForFinished(10'000));
        for (auto &w : writers) {
            w->running = false;
            w->client.waitForDisconnected();
        }
    }
    for (auto &w : writers) {
        for (qint64 seq : std::as_const(w->acked))
            expectedOnce.insert(w->marker(seq), 1);
        if (!w->acked.contains(w->lastSent()))
            maybe << w->marker(w->lastSent());
    }

    HubProcess hub;
    QVERIFY(hub.start(data.path()));
    HubTestClient reader;
    QVERIFY(reader.connectAndAuth(hub.url, token));
    const QString content = joinNote(reader, noteId)
                                    .value(QLatin1String("note"))
                                    .toObject()
                                    .value(QLatin1String("content"))
                                    .toString();
    qInfo("%lld acknowledged ops across 3 SIGKILLs; %lld characters stored",
          qlonglong(expectedOnce.size()), qlonglong(content.size()));
    for (auto it = expectedOnce.cbegin(); it != expectedOnce.cend(); ++it)
        QVERIFY2(content.count(it.key()) == 1,
                 qPrintable(QStringLiteral("%1 appears %2 times")
                                    .arg(it.key())
                                    .arg(content.count(it.key()))));
    for (const QString &m : std::as_const(maybe))
        QVERIFY2(content.count(m) <= 1, qPrintable(m));
    hub.process.kill();
    hub.process.waitForFinished();
}

QTEST_GUILESS_MAIN(TestHubProcess)
#include "tst_hubprocess.moc"
