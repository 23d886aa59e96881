// SPDX-License-Identifier: GPL-3.0-or-later
// ReconnectPolicy: full-jitter exponential backoff that never exceeds its cap, gives up after
// its attempts, restarts only after a connection stayed healthy, and spreads a reconnect storm
// of 20 clients over time (seeded; TANDEM_TEST_SEED replays); a hub that cannot save is
// waited for between half the cap and the cap, for ever; a hub on this machine or the local
// network (recognised by its address) is probed within the local cap and never given up on.
// Time is an injected clock.
#include "reconnectpolicy.h"
#include "testseed.h"

#include <QSet>
#include <QTest>

class TestReconnectPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void delaysGrowWithinTheirCeilingAndNeverPassTheCap();
    void givesUpAfterItsAttemptsUntilReset();
    void onlyAHealthyConnectionRestartsTheCount();
    void aStormOfClientsSpreadsOut();
    void aHubThatCannotSaveIsWaitedForWithoutEverGivingUp();
    void aHubOnTheLocalNetworkIsProbedOftenAndNeverGivenUp();
    void recognisesHubsOnThisMachineAndTheLocalNetwork_data();
    void recognisesHubsOnThisMachineAndTheLocalNetwork();
};

void TestReconnectPolicy::delaysGrowWithinTheirCeilingAndNeverPassTheCap()
{
    const quint32 seed = testSeed();
    ReconnectSettings settings;
    settings.maxAttempts = 1000;
    for (int run = 0; run < 200; ++run) {
        ReconnectPolicy policy(
                settings, []() { return qint64(0); }, seed + quint32(run));
        qint64 ceiling = settings.baseMs;
        for (int attempt = 0; attempt < 40; ++attempt) {
            const std::optional<qint64> delay = policy.nextDelayMs();
            QVERIFY(delay);
            QVERIFY2(*delay >= 0 && *delay <= qMin(ceiling, settings.capMs),
                     qPrintable(QStringLiteral("attempt %1: %2 ms").arg(attempt).arg(*delay)));
            ceiling = qMin(ceiling * 2, settings.capMs);
        }
    }
    // Late attempts do use the whole range up to the cap (full jitter, not a fixed step).
    ReconnectPolicy policy(
            settings, []() { return qint64(0); }, seed);
    qint64 largest = 0;
    for (int attempt = 0; attempt < 200; ++attempt)
        largest = qMax(largest, *policy.nextDelayMs());
    QVERIFY(largest > settings.capMs / 2);
    QVERIFY(largest <= settings.capMs);
}

void TestReconnectPolicy::givesUpAfterItsAttemptsUntilReset()
{
    ReconnectPolicy policy(
            {}, []() { return qint64(0); }, testSeed());
    for (int i = 0; i < 10; ++i)
        QVERIFY(policy.nextDelayMs());
    QCOMPARE(policy.attempt(), 10);
    QVERIFY(!policy.nextDelayMs()); // Failed: the user decides
    policy.reset();                 // "Reconnect"
    QCOMPARE(policy.attempt(), 0);
    const std::optional<qint64> first = policy.nextDelayMs();
    QVERIFY(first && *first <= 1000);
}

void TestReconnectPolicy::onlyAHealthyConnectionRestartsTheCount()
{
    qint64 now = 0;
    ReconnectPolicy policy(
            {}, [&now]() { return now; }, testSeed());
    for (int i = 0; i < 5; ++i)
        policy.nextDelayMs();
    // Up for two seconds, then lost again: still counting.
    policy.connected();
    now += 2000;
    policy.nextDelayMs();
    QCOMPARE(policy.attempt(), 6);
    // Up for a minute: the next loss starts from the first step.
    policy.connected();
    now += 60'000;
    const std::optional<qint64> delay = policy.nextDelayMs();
    QCOMPARE(policy.attempt(), 1);
    QVERIFY(delay && *delay <= 1000);
}

void TestReconnectPolicy::aStormOfClientsSpreadsOut()
{
    // 20 clients lose a restarted hub at the same moment; each retries on its own schedule.
    const quint32 seed = testSeed();
    QSet<qint64> seconds;
    qint64 latest = 0;
    for (int client = 0; client < 20; ++client) {
        ReconnectPolicy policy(
                {}, []() { return qint64(0); }, seed * 31 + quint32(client));
        qint64 at = 0;
        for (int attempt = 0; attempt < 4; ++attempt)
            at += *policy.nextDelayMs(); // the hub stays down for the first four tries
        seconds.insert(at / 1000);
        latest = qMax(latest, at);
    }
    // Ceilings 1+2+4+8 s: the fourth retries land anywhere in 0–15 s, not in one second.
    QVERIFY2(seconds.size() >= 5, qPrintable(QString::number(seconds.size())));
    QVERIFY(latest <= 15'000);
}

void TestReconnectPolicy::aHubThatCannotSaveIsWaitedForWithoutEverGivingUp()
{
    const quint32 seed = testSeed();
    ReconnectSettings settings;
    ReconnectPolicy policy(
            settings, []() { return qint64(0); }, seed);
    qint64 shortest = settings.capMs, longest = 0;
    for (int i = 0; i < 1000; ++i) {
        const qint64 delay = policy.patientDelayMs();
        shortest = qMin(shortest, delay);
        longest = qMax(longest, delay);
    }
    QVERIFY2(shortest >= settings.capMs / 2, qPrintable(QString::number(shortest)));
    QVERIFY(longest <= settings.capMs);
    QVERIFY(longest - shortest > settings.capMs / 4); // spread out, not one fixed step
    // None of it counted as a failed attempt: a lost connection after it starts from base.
    QCOMPARE(policy.attempt(), 0);
    const std::optional<qint64> next = policy.nextDelayMs();
    QVERIFY(next && *next <= settings.baseMs);
}

void TestReconnectPolicy::aHubOnTheLocalNetworkIsProbedOftenAndNeverGivenUp()
{
    ReconnectSettings settings; // local or not as the hub's address says
    ReconnectPolicy policy(
            settings, []() { return qint64(0); }, testSeed());
    QCOMPARE(policy.maxAttempts(), settings.maxAttempts); // no hub yet: as for any
    policy.setHub(QUrl(QStringLiteral("wss://192.168.1.20:8443/v1")));
    QCOMPARE(policy.maxAttempts(), 0);
    qint64 longest = 0;
    for (int i = 0; i < 1000; ++i) { // a host away for over an hour
        const std::optional<qint64> delay = policy.nextDelayMs();
        QVERIFY2(delay, qPrintable(QStringLiteral("gave up at attempt %1").arg(i + 1)));
        QVERIFY2(*delay <= settings.localCapMs, qPrintable(QString::number(*delay)));
        longest = qMax(longest, *delay);
    }
    QCOMPARE(policy.attempt(), 1000);
    QVERIFY(longest > settings.localCapMs / 2); // the whole range, as for any hub

    // The same hub seen as remote again (its address changed): counted, and given up on.
    policy.setHub(QUrl(QStringLiteral("wss://notes.example.com/v1")));
    QCOMPARE(policy.maxAttempts(), settings.maxAttempts);
    QVERIFY(!policy.nextDelayMs());
}

void TestReconnectPolicy::recognisesHubsOnThisMachineAndTheLocalNetwork_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("local");
    const std::pair<const char *, bool> hubs[] = {
            {"ws://127.0.0.1:8080/v1", true},
            {"ws://localhost:8080/v1", true},
            {"ws://[::1]:8080/v1", true},
            {"wss://10.1.2.3/v1", true},
            {"wss://172.16.0.9/v1", true},
            {"wss://172.31.255.1/v1", true},
            {"wss://192.168.1.20:8443/v1", true},
            {"wss://169.254.7.7/v1", true},
            {"wss://[fe80::1]/v1", true},
            {"wss://[fd12:3456::1]/v1", true},
            {"wss://[::ffff:192.168.1.20]/v1", true},
            {"wss://nas:8443/v1", true},
            {"wss://Annas-Laptop.local/v1", true},
            {"wss://hub.lan/v1", true},
            {"wss://notes.home.arpa/v1", true},
            {"wss://hub.corp.internal/v1", true},
            {"wss://172.32.0.1/v1", false},
            {"wss://172.15.255.255/v1", false},
            {"wss://192.169.1.1/v1", false},
            {"wss://11.0.0.1/v1", false},
            {"wss://100.64.0.1/v1", false}, // carrier-grade NAT: the provider's, not yours
            {"wss://8.8.8.8/v1", false},
            {"wss://[2001:db8::1]/v1", false},
            {"wss://notes.example.com/v1", false},
            {"wss://local.example.com/v1", false},
            {"ws:///v1", false},
    };
    for (const auto &[url, local] : hubs)
        QTest::newRow(url) << QString::fromLatin1(url) << local;
}

void TestReconnectPolicy::recognisesHubsOnThisMachineAndTheLocalNetwork()
{
    QFETCH(QString, url);
    QFETCH(bool, local);
    QCOMPARE(ReconnectPolicy::isLocalNetwork(QUrl(url)), local);
}

QTEST_GUILESS_MAIN(TestReconnectPolicy)
#include "tst_reconnectpolicy.moc"
