// SPDX-License-Identifier: GPL-3.0-or-later
// RecentDurations, the hub's account of how long its last commits took: nearest-rank p50, p99
// and max in milliseconds over the last 256 durations only.
#include "recentdurations.h"
#include "testseed.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <vector>

namespace {

QJsonObject summary(int count, double p50, double p99, double max)
{
    return {{QStringLiteral("count"), count},
            {QStringLiteral("p50"), p50},
            {QStringLiteral("p99"), p99},
            {QStringLiteral("max"), max}};
}

} // namespace

class TestRecentDurations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptySaysOnlyItsCount();
    void percentilesAreNearestRankInMilliseconds();
    void oneDurationIsEveryPercentile();
    void onlyTheLast256Count();
    void aNegativeDurationCountsAsZero();
};

void TestRecentDurations::emptySaysOnlyItsCount()
{
    const RecentDurations none;
    QCOMPARE(none.count(), 0);
    QCOMPARE(none.summaryMs(), (QJsonObject{{QStringLiteral("count"), 0}}));
}

void TestRecentDurations::percentilesAreNearestRankInMilliseconds()
{
    // 1 to 100 ms, added in a random order: the 50th and the 99th of them.
    std::vector<qint64> us;
    for (int ms = 1; ms <= 100; ++ms)
        us.push_back(ms * 1000);
    QRandomGenerator random(testSeed());
    std::shuffle(us.begin(), us.end(), random);
    RecentDurations durations;
    for (qint64 d : us)
        durations.add(d);
    QCOMPARE(durations.count(), 100);
    QCOMPARE(durations.summaryMs(), summary(100, 50.0, 99.0, 100.0));
}

void TestRecentDurations::oneDurationIsEveryPercentile()
{
    RecentDurations durations;
    durations.add(1234);
    QCOMPARE(durations.summaryMs(), summary(1, 1.234, 1.234, 1.234));
}

void TestRecentDurations::onlyTheLast256Count()
{
    RecentDurations durations;
    for (int i = 0; i < RecentDurations::Capacity; ++i)
        durations.add(900'000); // slow once, long ago
    for (int i = 0; i < RecentDurations::Capacity; ++i)
        durations.add(5000);
    QCOMPARE(durations.count(), RecentDurations::Capacity);
    QCOMPARE(durations.summaryMs().value(QLatin1String("max")).toDouble(), 5.0);
    // One slow commit among 256 is the max, not the p99 (rank 254).
    durations.add(1'000'000);
    const QJsonObject summary = durations.summaryMs();
    QCOMPARE(summary.value(QLatin1String("count")).toInt(), RecentDurations::Capacity);
    QCOMPARE(summary.value(QLatin1String("p99")).toDouble(), 5.0);
    QCOMPARE(summary.value(QLatin1String("max")).toDouble(), 1000.0);
}

void TestRecentDurations::aNegativeDurationCountsAsZero()
{
    // Never below zero, whatever the caller's arithmetic made of two clock readings.
    RecentDurations durations;
    durations.add(-40);
    QCOMPARE(durations.summaryMs().value(QLatin1String("max")).toDouble(), 0.0);
}

QTEST_GUILESS_MAIN(TestRecentDurations)
#include "tst_recentdurations.moc"
