// SPDX-License-Identifier: GPL-3.0-or-later
// Crashes with real processes, judged like Jepsen (each side's history of what it typed, saved
// and had acknowledged is kept, and dumped to a file when the judgement fails): a client
// (tandem-client-helper, the real SyncClient) SIGKILLed 50 times while offline with queued
// edits, or 10 times while typing online with ops in flight, delivers every edit it reported
// saved exactly once, and nothing twice; a tandem-hub SIGKILLed 100 times at random points
// while two clients type loses nothing, applies nothing twice, and every copy ends identical.
// And a client whose disk is full (strace: ENOSPC on every write of its cache) still delivers
// what it types, killed there; its next run, from the cache as it was, loses nothing either.
// Seeded (TANDEM_TEST_SEED replays).
#include "faulthistory.h"
#include "hubprocess.h"
#include "testseed.h"
#include "twoeditors.h"

#include <QProcess>
#include <QStandardPaths>

namespace {

/** One run of tandem-client-helper (under wrapper, e.g. strace, when given); collects the
 *  "saved N" lines it prints. */
class HelperRun
{
public:
    explicit HelperRun(const QStringList &args, const QStringList &wrapper = {})
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const QString helper = QStringLiteral(TANDEM_CLIENT_HELPER_PATH);
        if (wrapper.isEmpty())
            m_process.start(helper, args);
        else
            m_process.start(wrapper.first(), wrapper.mid(1) + QStringList{helper} + args);
    }
    ~HelperRun()
    {
        killWithChildren(m_process);
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
        killWithChildren(m_process); // SIGKILL: no destructor, no flush, no goodbye
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
    bool done = false; ///< typed every edit it was asked to

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
            else if (line == "done")
                done = true;
        }
    }
    QProcess m_process;
    QByteArray m_buffer;
};

/** A hub with a note of alice's, and a client cache whose first run synced it. */
struct SyncedCache
{
    HubFixture hub;
    QTemporaryDir dir;
    QString noteId;
    QString cache;
    QString token;
    QString url;

    bool start(const QString &title)
    {
        if (!hub.start())
            return false;
        noteId = createNote(*hub.client(QStringLiteral("alice")), title, QString());
        cache = dir.filePath(QStringLiteral("cache.sqlite"));
        token = hub.token(QStringLiteral("alice"));
        url = hub.url().toString();
        HelperRun first(args({QStringLiteral("sync")}));
        return !noteId.isEmpty() && first.finishedOk() && first.synced;
    }
    /** tandem-client-helper's arguments: this cache, hub and token, then rest. */
    QStringList args(const QStringList &rest) const
    {
        return QStringList{cache, url, token} + rest;
    }
    QString hubText() { return contentOf(hub, QStringLiteral("alice"), noteId); }
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
    void aClientKilledOnAFullDiskLosesNothingItSent();
    void aHubKilled100TimesWhileTwoClientsTypeLosesNothing();
};

void TestSyncClientCrash::aClientKilledOfflineDeliversEachSavedEditOnce_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("kills");
    QTest::newRow("offline") << QStringLiteral("offline") << 50;
    QTest::newRow("online, ops in flight") << QStringLiteral("online") << 10;
}

void TestSyncClientCrash::aClientKilledOfflineDeliversEachSavedEditOnce()
{
    QFETCH(QString, mode);
    QFETCH(int, kills);
    constexpr int EditsPerRun = 200;
    SyncedCache client;
    QVERIFY(client.start(QStringLiteral("Crash")));

    const quint32 seed = testSeed();
    QRandomGenerator rng(seed);
    QSet<int> saved, maybe;
    QStringList history;
    int next = 0;
    for (int round = 0; round < kills; ++round) {
        const int killAfter = 1 + int(rng.bounded(60));
        HelperRun run(client.args({QStringLiteral("edit"), client.noteId,
                                   QString::number(EditsPerRun), QString::number(next), mode}));
        QVERIFY(run.waitFor([&]() { return run.saved.size() >= killAfter; }));
        run.sigkill();
        for (int n : std::as_const(run.saved))
            saved.insert(n);
        // Typed after the last one reported saved: on disk or not, so at most once.
        for (int n = run.saved.last() + 1; n < next + EditsPerRun; ++n)
            maybe.insert(n);
        history << QStringLiteral("round %1: typed k%2..k%3, killed after saved %4 (last k%5)")
                           .arg(round)
                           .arg(next)
                           .arg(next + EditsPerRun - 1)
                           .arg(run.saved.size())
                           .arg(run.saved.last());
        next += EditsPerRun;
    }
    HelperRun last(client.args({QStringLiteral("sync")}));
    QVERIFY(last.finishedOk());
    QVERIFY(last.synced);

    const QString content = client.hubText();
    const QString problems = checkDelivered(content, saved, maybe);
    if (!problems.isEmpty()) {
        history << QStringLiteral("hub text: %1").arg(content) << problems;
        QFAIL(qPrintable(QStringLiteral("%1 (history: %2)")
                                 .arg(problems,
                                      dumpHistory(QStringLiteral("client-kills-%1.log").arg(seed),
                                                  history))));
    }
    qInfo("%d SIGKILLs (%s): %lld edits reported saved, all delivered once", kills,
          qPrintable(mode), qlonglong(saved.size()));
    QVERIFY(saved.size() >= kills);
}

void TestSyncClientCrash::aClientKilledOnAFullDiskLosesNothingItSent()
{
    const QString strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
    QVERIFY2(!strace.isEmpty(), "strace is needed (scripts/debian-packages.txt installs it)");
    SyncedCache client;
    QVERIFY(client.start(QStringLiteral("Full")));

    // The disk is full: every write to the client's database and its log fails with ENOSPC
    // (SQLite writes them with pwrite64; its shared-memory index is a mapping and was made
    // when the cache was created, and sockets are not written that way). It types online,
    // then is killed.
    constexpr int Typed = 30;
    {
        HelperRun full(client.args({QStringLiteral("edit"), client.noteId, QString::number(Typed),
                                    QStringLiteral("0"), QStringLiteral("online")}),
                       {strace, QStringLiteral("-f"), QStringLiteral("-qq"), QStringLiteral("-o"),
                        QStringLiteral("/dev/null"), QStringLiteral("-P"), client.cache,
                        QStringLiteral("-P"), client.cache + QStringLiteral("-wal"),
                        QStringLiteral("-e"), QStringLiteral("inject=pwrite64:error=ENOSPC")});
        QVERIFY(full.waitFor([&]() { return full.done; }));
        // Nothing of it is on its disk, and every edit reached the hub.
        QVERIFY2(QTest::qWaitFor([&]() { return tokenCounts(client.hubText()).size() == Typed; },
                                 20'000),
                 qPrintable(client.hubText()));
        full.sigkill();
    }
    // The next run (the disk has room again) types offline and is killed; then one syncs.
    // Its cache is as it was before the disk filled up: its edits must not be taken for
    // those the full disk did not save.
    {
        HelperRun next(client.args({QStringLiteral("edit"), client.noteId, QStringLiteral("20"),
                                    QString::number(Typed), QStringLiteral("offline")}));
        QVERIFY(next.waitFor([&]() { return next.done; }));
        next.sigkill();
    }
    HelperRun last(client.args({QStringLiteral("sync")}));
    QVERIFY(last.finishedOk());
    QSet<int> all;
    for (int n = 0; n < Typed + 20; ++n)
        all.insert(n);
    QCOMPARE(checkDelivered(client.hubText(), all, {}), QString());
}

void TestSyncClientCrash::aHubKilled100TimesWhileTwoClientsTypeLosesNothing()
{
    QTemporaryDir data;
    const QString tokenA = createToken(data.path(), QStringLiteral("alice"));
    QVERIFY(!tokenA.isEmpty());
    HubProcess hub;
    QVERIFY(hub.start(data.path()));
    const quint16 port = quint16(hub.url.port());
    // The hub flaps a hundred times in under a minute: keep retrying through all of it (the
    // default gives up after ten quick failures in a row, which is not what is judged here).
    SyncClientSettings patient = fastClientSettings();
    patient.reconnect.maxAttempts = 100'000;
    TwoEditors editors(hub.url, hub.url, tokenA, patient);
    QVERIFY(editors.start(QStringLiteral("Both")));
    NoteSession *a = editors.a;
    NoteSession *b = editors.b;

    const quint32 seed = testSeed();
    QRandomGenerator rng(seed);
    TokenWriter wa(QStringLiteral("a"), seed), wb(QStringLiteral("b"), seed + 1);
    QStringList history;
    int edits = 0;
    for (int round = 0; round < 100; ++round) {
        // A burst of random length, the hub killed at a random point of it: commits, acks
        // and reconnects in flight, and sometimes edits made while it is down.
        const int burst = 10 + int(rng.bounded(50));
        const int killAt = int(rng.bounded(burst));
        for (int i = 0; i < burst; ++i) {
            QVERIFY(wa.edit(*a));
            QVERIFY(wb.edit(*b));
            edits += 2;
            QTest::qWait(1);
            if (i == killAt) {
                hub.process.kill();
                QVERIFY(hub.process.waitForFinished(10'000));
            }
        }
        history << QStringLiteral("round %1: %2 edits each, hub killed after %3; a at version "
                                  "%4 with %5 live tokens, b at %6 with %7")
                           .arg(round)
                           .arg(burst)
                           .arg(killAt + 1)
                           .arg(a->version())
                           .arg(wa.live().size())
                           .arg(b->version())
                           .arg(wb.live().size());
        QVERIFY(hub.start(data.path(), {}, port));
    }
    QVERIFY(editors.waitInStep());
    const QString problems = editors.judge(wa.live() + wb.live(), history);
    if (!problems.isEmpty())
        QFAIL(qPrintable(
                QStringLiteral("%1 (history: %2)")
                        .arg(problems,
                             dumpHistory(QStringLiteral("hub-kills-%1.log").arg(seed), history))));
    qInfo("100 SIGKILLs: %d edits, %lld live tokens, version %lld, all copies identical", edits,
          qlonglong(wa.live().size() + wb.live().size()), qlonglong(a->version()));
}

QTEST_GUILESS_MAIN(TestSyncClientCrash)
#include "tst_syncclient_crash.moc"
