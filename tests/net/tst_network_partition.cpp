// SPDX-License-Identifier: GPL-3.0-or-later
// Network partitions, judged like Jepsen: a tandem-hub process in one network namespace, two
// real SyncClients (this process, moved into a second namespace) typing into one note over a
// veth pair, one of them through a TCP proxy that adds latency. The test cuts the link with
// iptables DROP in the hub's namespace for 5, 30 or 120 s while both keep typing, heals it,
// and checks that every edit typed is in the hub's copy exactly once, nothing else is, and
// both clients hold the hub's text. Everything lives in namespaces the test creates and
// removes; nothing touches the machine's own network. Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN),
// ip(8) and iptables(8); skipped without them, except under CI=true where that is a failure.
// Seeded (TANDEM_TEST_SEED replays).
#include "faulthistory.h"
#include "hubprocess.h"
#include "tcpproxy.h"
#include "testseed.h"
#include "twoeditors.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTimer>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

namespace {

const QString HubAddress = QStringLiteral("10.213.0.1");
const QString ClientAddress = QStringLiteral("10.213.0.2");

QString findTool(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
                name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return path;
}

/**
 * Two network namespaces joined by a veth pair (hub side 10.213.0.1, client side 10.213.0.2,
 * both only inside the namespaces), and the calling thread moved into the client side. The
 * destructor moves the thread back and deletes both namespaces.
 */
class Partitionable
{
public:
    Partitionable()
        : m_ip(findTool(QStringLiteral("ip")))
        , m_iptables(findTool(QStringLiteral("iptables")))
        , m_hub(QStringLiteral("tandem-part-%1-hub").arg(QCoreApplication::applicationPid()))
        , m_client(QStringLiteral("tandem-part-%1-cli").arg(QCoreApplication::applicationPid()))
    { }
    ~Partitionable()
    {
        if (m_home >= 0) {
            if (setns(m_home, CLONE_NEWNET) != 0)
                qWarning("could not return to the original network namespace: %s", strerror(errno));
            ::close(m_home);
        }
        for (const QString &ns : std::as_const(m_created))
            run(m_ip, {QStringLiteral("netns"), QStringLiteral("delete"), ns});
    }

    /** Empty when this machine can run the test; otherwise why not. */
    QString missing() const
    {
        if (geteuid() != 0)
            return QStringLiteral("needs root to create network namespaces");
        if (m_ip.isEmpty())
            return QStringLiteral("needs ip(8) (package iproute2)");
        if (m_iptables.isEmpty())
            return QStringLiteral("needs iptables(8) (package iptables)");
        return {};
    }

    /** Makes both namespaces and the link, then enters the client side. */
    QString setUp()
    {
        for (const QString &ns : {m_hub, m_client}) {
            if (!run(m_ip, {QStringLiteral("netns"), QStringLiteral("add"), ns}))
                return m_error;
            m_created.append(ns);
        }
        const QList<QStringList> steps{
                {QStringLiteral("-n"), m_hub, QStringLiteral("link"), QStringLiteral("add"),
                 QStringLiteral("vh"), QStringLiteral("type"), QStringLiteral("veth"),
                 QStringLiteral("peer"), QStringLiteral("name"), QStringLiteral("vc"),
                 QStringLiteral("netns"), m_client},
                {QStringLiteral("-n"), m_hub, QStringLiteral("addr"), QStringLiteral("add"),
                 HubAddress + QStringLiteral("/24"), QStringLiteral("dev"), QStringLiteral("vh")},
                {QStringLiteral("-n"), m_client, QStringLiteral("addr"), QStringLiteral("add"),
                 ClientAddress + QStringLiteral("/24"), QStringLiteral("dev"),
                 QStringLiteral("vc")},
                {QStringLiteral("-n"), m_hub, QStringLiteral("link"), QStringLiteral("set"),
                 QStringLiteral("vh"), QStringLiteral("up")},
                {QStringLiteral("-n"), m_client, QStringLiteral("link"), QStringLiteral("set"),
                 QStringLiteral("vc"), QStringLiteral("up")},
                {QStringLiteral("-n"), m_hub, QStringLiteral("link"), QStringLiteral("set"),
                 QStringLiteral("lo"), QStringLiteral("up")},
                {QStringLiteral("-n"), m_client, QStringLiteral("link"), QStringLiteral("set"),
                 QStringLiteral("lo"), QStringLiteral("up")},
        };
        for (const QStringList &step : steps)
            if (!run(m_ip, step))
                return m_error;
        m_home = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        const QByteArray clientPath = QStringLiteral("/run/netns/%1").arg(m_client).toLocal8Bit();
        const int target = ::open(clientPath.constData(), O_RDONLY | O_CLOEXEC);
        if (m_home < 0 || target < 0 || setns(target, CLONE_NEWNET) != 0) {
            const QString why = QString::fromLocal8Bit(strerror(errno));
            if (target >= 0)
                ::close(target);
            return QStringLiteral("could not enter %1: %2").arg(m_client, why);
        }
        ::close(target);
        return {};
    }

    /** How to start a program inside the hub's namespace. */
    QStringList inHubNamespace() const
    {
        return {m_ip, QStringLiteral("netns"), QStringLiteral("exec"), m_hub};
    }

    /** Drops every packet on the link, both ways (the sockets stay open at both ends). */
    bool cut()
    {
        return iptables({QStringLiteral("-A"), QStringLiteral("INPUT"), QStringLiteral("-i"),
                         QStringLiteral("vh"), QStringLiteral("-j"), QStringLiteral("DROP")}) &&
                iptables({QStringLiteral("-A"), QStringLiteral("OUTPUT"), QStringLiteral("-o"),
                          QStringLiteral("vh"), QStringLiteral("-j"), QStringLiteral("DROP")});
    }
    bool heal() { return iptables({QStringLiteral("-F")}); }
    QString error() const { return m_error; }

private:
    bool iptables(const QStringList &args)
    {
        return run(m_ip, inHubNamespace().mid(1) + QStringList{m_iptables} + args);
    }
    bool run(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (p.waitForFinished(10'000) && p.exitStatus() == QProcess::NormalExit &&
            p.exitCode() == 0)
            return true;
        m_error = QStringLiteral("%1 %2 failed: %3")
                          .arg(program, args.join(QLatin1Char(' ')),
                               QString::fromLocal8Bit(p.readAll()).trimmed());
        return false;
    }

    QString m_ip;
    QString m_iptables;
    QString m_hub;
    QString m_client;
    QStringList m_created;
    int m_home = -1;
    QString m_error;
};

} // namespace

class TestNetworkPartition : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyEditTypedDuringAPartitionArrivesOnce_data();
    void everyEditTypedDuringAPartitionArrivesOnce();
};

void TestNetworkPartition::everyEditTypedDuringAPartitionArrivesOnce_data()
{
    QTest::addColumn<int>("seconds");
    QTest::addColumn<qint64>("heartbeatMs");
    QTest::addColumn<bool>("survives");
    // With the default 15-s heartbeat a 5-s cut goes unnoticed: TCP retransmits what was lost.
    QTest::newRow("5 s, the connections survive") << 5 << qint64(15'000) << true;
    // With a short heartbeat the clients give the links up, queue edits, and reconnect after.
    QTest::newRow("5 s, the clients reconnect") << 5 << qint64(500) << false;
    QTest::newRow("30 s") << 30 << qint64(500) << false;
    QTest::newRow("120 s") << 120 << qint64(500) << false;
}

void TestNetworkPartition::everyEditTypedDuringAPartitionArrivesOnce()
{
    QFETCH(int, seconds);
    QFETCH(qint64, heartbeatMs);
    QFETCH(bool, survives);
    Partitionable net;
    if (const QString missing = net.missing(); !missing.isEmpty()) {
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL(qPrintable(missing + QStringLiteral(" (scripts/setup.sh installs the tools)")));
        QSKIP(qPrintable(missing));
    }
    if (const QString error = net.setUp(); !error.isEmpty())
        QFAIL(qPrintable(error));

    QTemporaryDir data;
    const QString token = createToken(data.path(), QStringLiteral("alice"));
    QVERIFY(!token.isEmpty());
    HubProcess hub;
    hub.host = HubAddress;
    QVERIFY(hub.start(data.path(), {}, 0, net.inHubNamespace()));
    // The second client's path has 40 ms of latency each way.
    TcpProxy slowLink(quint16(hub.url.port()));
    slowLink.setTargetAddress(QHostAddress(HubAddress));
    slowLink.setDelayMs(40);
    QVERIFY(slowLink.listen());
    QUrl viaProxy = hub.url;
    viaProxy.setHost(QStringLiteral("127.0.0.1"));
    viaProxy.setPort(slowLink.port());

    // Clients that keep trying through the whole cut (the default gives up after ten
    // failures, which is the user's Reconnect button and not what is judged here).
    SyncClientSettings settings = fastClientSettings();
    settings.heartbeatMs = heartbeatMs;
    settings.reconnect.capMs = 1000;
    settings.reconnect.maxAttempts = 100'000;
    TwoEditors editors(hub.url, viaProxy, token, settings);
    QVERIFY(editors.start(QStringLiteral("Partitioned")));
    ClientHarness &one = editors.one;
    ClientHarness &two = editors.two;
    NoteSession *a = editors.a;
    NoteSession *b = editors.b;

    const quint32 seed = testSeed();
    TokenWriter wa(QStringLiteral("a"), seed), wb(QStringLiteral("b"), seed + 1);
    // The slow link is slow: an edit of client two is acknowledged a round trip (2 × 40 ms)
    // later at the earliest.
    QElapsedTimer roundTrip;
    roundTrip.start();
    QVERIFY(wb.edit(*b));
    QVERIFY(QTest::qWaitFor([&]() { return two.client->pendingChanges() == 0; }));
    QVERIFY2(roundTrip.elapsed() >= 80,
             qPrintable(QStringLiteral("acknowledged after %1 ms").arg(roundTrip.elapsed())));
    QStringList history;
    int edits = 1;
    bool refused = false;
    QTimer typing;
    typing.setTimerType(Qt::PreciseTimer);
    QObject::connect(&typing, &QTimer::timeout, &typing, [&]() {
        refused |= !wa.edit(*a) || !wb.edit(*b);
        edits += 2;
    });
    // Which states each client passed through while the link was cut.
    QSet<int> statesA, statesB;
    bool cut = false;
    QObject::connect(one.client.get(), &SyncClient::stateChanged, &typing,
                     [&](SyncClient::State s) {
                         if (cut)
                             statesA.insert(int(s));
                     });
    QObject::connect(two.client.get(), &SyncClient::stateChanged, &typing,
                     [&](SyncClient::State s) {
                         if (cut)
                             statesB.insert(int(s));
                     });
    const auto note = [&](const QString &what) {
        history << QStringLiteral("%1: %2 edits; a %3 at version %4 with %5 pending, b %6 at "
                                  "version %7 with %8 pending")
                           .arg(what)
                           .arg(edits)
                           .arg(int(one.client->state()))
                           .arg(a->version())
                           .arg(one.client->pendingChanges())
                           .arg(int(two.client->state()))
                           .arg(b->version())
                           .arg(two.client->pendingChanges());
    };

    typing.start(100);
    QTest::qWait(2000);
    note(QStringLiteral("before the cut"));
    QVERIFY2(net.cut(), qPrintable(net.error()));
    cut = true;
    QTest::qWait(seconds * 1000);
    note(QStringLiteral("end of the cut"));
    // Proof that the cut was real: edits typed during it were still unacknowledged.
    const int pendingA = one.client->pendingChanges();
    const int pendingB = two.client->pendingChanges();
    QVERIFY2(net.heal(), qPrintable(net.error()));
    cut = false;
    QElapsedTimer sinceHeal;
    sinceHeal.start();
    QTest::qWait(2000);
    typing.stop();
    note(QStringLiteral("typing stopped"));
    QVERIFY(!refused);
    QVERIFY(pendingA > 0);
    QVERIFY(pendingB > 0);
    if (survives) {
        QVERIFY2(statesA.isEmpty() && statesB.isEmpty(), "a client dropped its connection");
    } else {
        QVERIFY(statesA.contains(int(SyncClient::State::Reconnecting)));
        QVERIFY(statesB.contains(int(SyncClient::State::Reconnecting)));
    }

    QVERIFY(editors.waitInStep());
    const qint64 healedToSynced = sinceHeal.elapsed() - 2000; // typing went on for 2 s
    note(QStringLiteral("synced"));
    const QString problems = editors.judge(wa.live() + wb.live(), history);
    if (!problems.isEmpty())
        QFAIL(qPrintable(
                QStringLiteral("%1 (history: %2)")
                        .arg(problems,
                             dumpHistory(
                                     QStringLiteral("partition-%1s-%2.log").arg(seconds).arg(seed),
                                     history))));
    qInfo("%d s cut: %d edits (%d + %d unacknowledged at the heal), %lld live tokens, version "
          "%lld, both in step with the hub %lld ms after typing stopped, every copy identical",
          seconds, edits, pendingA, pendingB, qlonglong(wa.live().size() + wb.live().size()),
          qlonglong(a->version()), qlonglong(healedToSynced));
}

QTEST_GUILESS_MAIN(TestNetworkPartition)
#include "tst_network_partition.moc"
