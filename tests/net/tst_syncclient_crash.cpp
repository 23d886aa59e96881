// SPDX-License-Identifier: GPL-3.0-or-later
// Crashes with real processes: a client (tandem-client-helper, the real SyncClient) SIGKILLed
// while offline with queued edits, or while typing online with ops in flight, delivers every
// edit it reported saved exactly once after a restart; and a tandem-hub SIGKILLed while two
// clients type loses nothing once it is back. Seeded (TANDEM_TEST_SEED replays).
#include "clientfixture.h"
#include "hubfixture.h"
#include "hubprocess.h"
#include "testseed.h"
#include "tokenedits.h"

#include <QProcess>

namespace {

/** One run of tandem-client-helper; collects the "saved N" lines it prints. */
class HelperRun
{
public:
    explicit HelperRun(const QStringList &args)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(TANDEM_CLIENT_HELPER_PATH), args);
    }
    ~HelperRun()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    /** Reads what it printed so far; true once pred holds. */
    bool waitFor(const std::function<bool()> &pred, int timeoutMs = 20'000)
    {
        return QTest::qWaitFor(
                       [&]() {
                           read();
                           return pred() || m_process.state() == QProcess::NotRunning;
                       },
                       timeoutMs) &&
                pred();
    }
    void sigkill()
    {
        m_process.kill(); // SIGKILL: no destructor, no flush, no goodbye
        m_process.waitForFinished(5000);
        read();
    }
    bool finishedOk()
    {
        // Waits with the event loop running: the hub may live in this very process.
        const bool done = QTest::qWaitFor(
                [&]() { return m_process.state() == QProcess::NotRunning; }, 20'000);
        read();
        return done && m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
    }
    QList<int> saved;
    bool synced = false;

private:
    void read()
    {
        m_buffer += m_process.readAllStandardOutput();
        qsizetype newline;
        while ((newline = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(newline);
            m_buffer.remove(0, newline + 1);
            if (line.startsWith("saved "))
                saved.append(line.mid(6).toInt());
            else if (line == "synced")
                synced = true;
        }
    }
    QProcess m_process;
    QByteArray m_buffer;
};

/** Every token saved is there once; others (maybe on disk, not yet reported) at most once. */
QString checkDelivered(const QString &text, const QSet<int> &saved, const QSet<int> &maybe)
{
    const QHash<QString, int> counts = tokenCounts(text);
    QStringList problems;
    for (int n : saved)
        if (counts.value(QStringLiteral("[k%1]").arg(n)) != 1)
            problems.append(QStringLiteral("k%1 ×%2").arg(n).arg(
                    counts.value(QStringLiteral("[k%1]").arg(n))));
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const int n = it.key().mid(2, it.key().size() - 3).toInt();
        if (!saved.contains(n) && !(maybe.contains(n) && it.value() == 1))
            problems.append(QStringLiteral("%1 ×%2 unexpected").arg(it.key()).arg(it.value()));
    }
    return problems.join(QStringLiteral(", "));
}

} // namespace

class TestSyncClientCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aClientKilledOfflineDeliversEachSavedEditOnce_data();
    void aClientKilledOfflineDeliversEachSavedEditOnce();
    void aKilledHubProcessLosesNothingTwoClientsTyped();
};

void TestSyncClientCrash::aClientKilledOfflineDeliversEachSavedEditOnce_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("offline") << QStringLiteral("offline");
    QTest::newRow("online, ops in flight") << QStringLiteral("online");
}

void TestSyncClientCrash::aClientKilledOfflineDeliversEachSavedEditOnce()
{
    QFETCH(QString, mode);
    HubFixture hub;
    QVERIFY(hub.start());
    auto raw = hub.client(QStringLiteral("alice"));
    const QString noteId = createNote(*raw, QStringLiteral("Crash"), QString());
    QTemporaryDir dir;
    const QString cache = dir.filePath(QStringLiteral("cache.sqlite"));
    const QString token = hub.token(QStringLiteral("alice"));
    const QString url = hub.url().toString();
    {
        HelperRun first({cache, url, token, QStringLiteral("sync")});
        QVERIFY(first.finishedOk());
        QVERIFY(first.synced);
    }

    QRandomGenerator rng(testSeed());
    QSet<int> saved, maybe;
    int next = 0;
    for (int round = 0; round < 6; ++round) {
        const int killAfter = 1 + int(rng.bounded(60));
        HelperRun run({cache, url, token, QStringLiteral("edit"), noteId, QStringLiteral("200"),
                       QString::number(next), mode});
        QVERIFY(run.waitFor([&]() { return run.saved.size() >= killAfter; }));
        run.sigkill();
        for (int n : std::as_const(run.saved))
            saved.insert(n);
        maybe.insert(run.saved.last() + 1); // on disk perhaps, not yet reported
        next += 200;
    }
    HelperRun last({cache, url, token, QStringLiteral("sync")});
    QVERIFY(last.finishedOk());
    QVERIFY(last.synced);

    QCOMPARE(checkDelivered(contentOf(hub, QStringLiteral("alice"), noteId), saved, maybe),
             QString());
    QVERIFY(saved.size() >= 6);
}

void TestSyncClientCrash::aKilledHubProcessLosesNothingTwoClientsTyped()
{
    QTemporaryDir data;
    const QString tokenA = createToken(data.path(), QStringLiteral("alice"));
    QVERIFY(!tokenA.isEmpty());
    HubProcess hub;
    QVERIFY(hub.start(data.path()));
    const quint16 port = quint16(hub.url.port());
    ClientHarness one(hub.url, tokenA);
    ClientHarness two(hub.url, tokenA);
    QVERIFY(one.connectAndWait());
    QVERIFY(two.connectAndWait());
    const QString noteId = one.client->createNote(QStringLiteral("Both"));
    QVERIFY(one.waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return two.store.note(noteId).has_value(); }));
    NoteSession *a = one.client->openNote(noteId);
    NoteSession *b = two.client->openNote(noteId);
    QVERIFY(one.waitSynced());
    QVERIFY(two.waitSynced());

    const quint32 seed = testSeed();
    TokenWriter wa(QStringLiteral("a"), seed), wb(QStringLiteral("b"), seed + 1);
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 80; ++i) {
            QVERIFY(wa.edit(*a));
            QVERIFY(wb.edit(*b));
            QTest::qWait(1);
            if (i == 40) {
                hub.process.kill(); // SIGKILL mid-typing: commits and acks in flight
                QVERIFY(hub.process.waitForFinished(10'000));
            }
        }
        QVERIFY(hub.start(data.path(), {}, port));
    }
    QVERIFY(one.waitSynced(30'000));
    QVERIFY(two.waitSynced(30'000));
    QVERIFY(QTest::qWaitFor([&]() { return a->version() == b->version(); }));
    QCOMPARE(a->text(), b->text());
    QCOMPARE(checkTokens(a->text(), wa.live() + wb.live()), QString());
    HubTestClient check;
    QVERIFY(check.connectAndAuth(hub.url, tokenA));
    QCOMPARE(joinNote(check, noteId)
                     .value(QLatin1String("note"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
             a->text());
}

QTEST_GUILESS_MAIN(TestSyncClientCrash)
#include "tst_syncclient_crash.moc"
