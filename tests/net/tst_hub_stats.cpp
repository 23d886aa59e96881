// SPDX-License-Identifier: GPL-3.0-or-later
// GET /v1/stats: every documented field, from a fresh hub and after a client typed, including
// how long the last commits took to reach the disk and how long changes waited for their
// acknowledgements.
#include "hubfixture.h"

#include <QElapsedTimer>

namespace {

QJsonObject stats(HubFixture &fixture)
{
    return hubStats(fixture.hub().port());
}

/** p50 <= p99 <= max, all above zero, or says which is not. */
bool ordered(const QJsonObject &summary)
{
    const double p50 = summary.value(QLatin1String("p50")).toDouble();
    const double p99 = summary.value(QLatin1String("p99")).toDouble();
    const double max = summary.value(QLatin1String("max")).toDouble();
    if (p50 > 0 && p50 <= p99 && p99 <= max)
        return true;
    qWarning("not ordered: %s", QJsonDocument(summary).toJson(QJsonDocument::Compact).constData());
    return false;
}

} // namespace

class TestHubStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aFreshHubReportsNothingYet();
    void typingShowsInCountsAndCommitTimes();
    void theOpsKeptInMemoryLevelOffAtTheirLimit();
};

void TestHubStats::aFreshHubReportsNothingYet()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    const QJsonObject s = stats(fixture);
    const QJsonObject none{{QStringLiteral("count"), 0}};
    QCOMPARE(s.value(QLatin1String("connections")).toInt(-1), 0);
    QCOMPARE(s.value(QLatin1String("notesOpen")).toInt(-1), 0);
    QCOMPARE(s.value(QLatin1String("notesLoaded")).toInt(-1), 0);
    QCOMPARE(s.value(QLatin1String("recentOpsHeld")).toInt(-1), 0);
    QCOMPARE(s.value(QLatin1String("recentOpsPerNote")).toInt(-1), 512);
    QCOMPARE(s.value(QLatin1String("opsPerSecond")).toDouble(-1), 0.0);
    QCOMPARE(s.value(QLatin1String("opsCommitted")).toInt(-1), 0);
    QCOMPARE(s.value(QLatin1String("batchesCommitted")).toInt(-1), 0);
    QCOMPARE(s.value(QLatin1String("commitDiskMs")).toObject(), none);
    QCOMPARE(s.value(QLatin1String("commitWaitMs")).toObject(), none);
    QVERIFY(s.value(QLatin1String("uptimeSeconds")).toInt(-1) >= 0);
    QCOMPARE(s.value(QLatin1String("protocolVersion")).toInt(), Protocol::Version);
}

void TestHubStats::typingShowsInCountsAndCommitTimes()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    QElapsedTimer elapsed;
    elapsed.start();
    auto a = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("t"), QStringLiteral("stats"));
    joinNote(*a, noteId);
    // Each acknowledged before the next: at least as many commits as keystrokes.
    const int keystrokes = 12;
    QVERIFY(insertOneByOne(*a, noteId, 5, keystrokes));

    const QJsonObject s = stats(fixture);
    const double testMs = double(elapsed.nsecsElapsed()) / 1e6;
    QCOMPARE(s.value(QLatin1String("connections")).toInt(), 1);
    QCOMPARE(s.value(QLatin1String("notesOpen")).toInt(), 1);
    QCOMPARE(s.value(QLatin1String("notesLoaded")).toInt(), 1);
    QCOMPARE(s.value(QLatin1String("recentOpsHeld")).toInt(), keystrokes);
    QCOMPARE(s.value(QLatin1String("opsCommitted")).toInt(), keystrokes);
    const int batches = s.value(QLatin1String("batchesCommitted")).toInt();
    QVERIFY2(batches > keystrokes, qPrintable(QString::number(batches))); // and the create
    // Every committed batch waited once; the committer may have merged some into one
    // transaction, so there are at most as many disk times, each a real fsync'd commit.
    const QJsonObject disk = s.value(QLatin1String("commitDiskMs")).toObject();
    const QJsonObject wait = s.value(QLatin1String("commitWaitMs")).toObject();
    QCOMPARE(wait.value(QLatin1String("count")).toInt(), batches);
    const int transactions = disk.value(QLatin1String("count")).toInt();
    QVERIFY2(transactions > keystrokes && transactions <= batches,
             qPrintable(QString::number(transactions)));
    QVERIFY(ordered(disk));
    QVERIFY(ordered(wait));
    // A change waits for its own transaction at least: the slowest transaction has a change
    // that waited as long.
    QVERIFY2(wait.value(QLatin1String("max")).toDouble() >=
                     disk.value(QLatin1String("max")).toDouble(),
             QJsonDocument(s).toJson(QJsonDocument::Compact).constData());
    // And no longer than all of this test's typing took.
    QVERIFY(wait.value(QLatin1String("max")).toDouble() <= testMs);
    QVERIFY(s.value(QLatin1String("opsPerSecond")).toDouble() >= 0);
}

void TestHubStats::theOpsKeptInMemoryLevelOffAtTheirLimit()
{
    // What the soak waits for before it judges the hub's memory: a note keeps every op not
    // yet committed, and of the committed ones its last recentOpsPerNote, not all of them;
    // also after a burst that was applied while the disk was slow.
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("t"), QStringLiteral("ring"));
    joinNote(*a, noteId);
    const int limit = stats(fixture).value(QLatin1String("recentOpsPerNote")).toInt();
    QCOMPARE(limit, 512);
    const int ops = limit + 100;
    {
        CommitHold hold(fixture.dataDir());
        QVERIFY(hold.holding());
        for (int v = 1; v <= ops; ++v) // sent at once, each on the version the one before makes
            a->send(xAtStart(noteId, 4, v));
        QTRY_COMPARE(stats(fixture).value(QLatin1String("recentOpsHeld")).toInt(), ops);
        QVERIFY(hold.release());
    }
    for (int acked = 0; acked < ops;) {
        const QJsonObject ack = a->next(QStringLiteral("note_op_ack"));
        QVERIFY2(!ack.isEmpty(),
                 qPrintable(QStringLiteral("no acknowledgement after %1").arg(acked)));
        acked = ack.value(QLatin1String("version")).toInt();
    }
    const QJsonObject s = stats(fixture);
    QCOMPARE(s.value(QLatin1String("opsCommitted")).toInt(), ops);
    QCOMPARE(s.value(QLatin1String("recentOpsHeld")).toInt(), limit);
}

QTEST_GUILESS_MAIN(TestHubStats)
#include "tst_hub_stats.moc"
