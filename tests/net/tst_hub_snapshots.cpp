// SPDX-License-Identifier: GPL-3.0-or-later
// When the hub writes a note's whole text again (a snapshot, the only place it stores the
// text): every 256 versions for a short note; for a long one only once the ops since the last
// snapshot amount to an eighth of its length, so a few keystrokes in a long note do not write
// it whole again; and at least every 4,096 versions. A stop writes none, and the count goes on
// across a restart. What is read back (the text after a restart, a past version) is the same
// either way. (A note whose stored log has a gap: tst_hub_damagednote.)
#include "hubdatabase.h"
#include "hubfixture.h"

namespace {

/** The versions the hub has a snapshot of for noteId, read from its database (hub stopped). */
QList<qint64> snapshotVersions(const QString &dataDir, const QString &noteId)
{
    QList<qint64> versions;
    onHubDatabase(dataDir, [&](const QSqlDatabase &db) {
        QSqlQuery q(db);
        q.prepare(
                QStringLiteral("SELECT version FROM snapshots WHERE note_id = ? ORDER BY version"));
        q.addBindValue(noteId);
        if (q.exec())
            while (q.next())
                versions.append(q.value(0).toLongLong());
    });
    return versions;
}

/** True if versions are the create's snapshot (0) and one more, in [first, last]; says what
 *  they are if not. */
bool theCreatesAndOneIn(const QList<qint64> &versions, qint64 first, qint64 last)
{
    if (versions.size() == 2 && versions[0] == 0 && versions[1] >= first && versions[1] <= last)
        return true;
    QStringList found;
    for (qint64 v : versions)
        found << QString::number(v);
    qWarning("snapshots at versions %s; expected 0 and one in %lld..%lld",
             qPrintable(found.join(QStringLiteral(", "))), first, last);
    return false;
}

QString versionText(HubTestClient &client, const QString &noteId, qint64 version)
{
    client.send(msg(QStringLiteral("get_version"),
                    {{QStringLiteral("noteId"), noteId}, {QStringLiteral("version"), version}}));
    return client.next(QStringLiteral("note_version")).value(QLatin1String("content")).toString();
}

/** Types "x"s at the start of a joined note, which had length units at version 0, from version
 *  from to version to: each op sent without waiting for the one before (so the hub commits them
 *  in a few batches); true once the last is acknowledged. */
bool typeAhead(HubTestClient &client, const QString &noteId, qsizetype length, int from, int to)
{
    for (int v = from; v <= to; ++v)
        client.send(xAtStart(noteId, length, v));
    return !client.next(QStringLiteral("note_op_ack"), 30'000, [to](const QJsonObject &m) {
                      return m.value(QLatin1String("version")).toInt() == to;
                  }).isEmpty();
}

/** Starts the hub, has alice create a note holding start and type ops keystrokes into it,
 *  and stops the hub; the note's id, or an empty string if something failed. */
QString typedThenStopped(HubFixture &fixture, const QString &start, int ops)
{
    if (!fixture.start())
        return {};
    QString noteId;
    {
        auto a = fixture.client(QStringLiteral("alice"));
        noteId = createNote(*a, QStringLiteral("t"), start);
        joinNote(*a, noteId);
        if (!typeAhead(*a, noteId, start.size(), 1, ops))
            noteId.clear();
    }
    fixture.stop();
    return noteId;
}

} // namespace

class TestHubSnapshots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aShortNoteIsWrittenWholeAfter256Versions();
    void theCountSinceTheLastSnapshotGoesOnAcrossARestart();
    void aLongNoteIsWrittenWholeOnlyOnceItsOpsAmountToAnEighthOfIt();
    void aVeryLongNoteIsStillWrittenWholeEvery4096Versions();
};

void TestHubSnapshots::aShortNoteIsWrittenWholeAfter256Versions()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    const QString start = QStringLiteral("short");
    const QString noteId = createNote(*a, QStringLiteral("t"), start);
    joinNote(*a, noteId);
    // In three rounds, so at least three commits: only the one at or past 256 versions writes
    // the text whole.
    QVERIFY(typeAhead(*a, noteId, start.size(), 1, 100));
    QVERIFY(typeAhead(*a, noteId, start.size(), 101, 200));
    QVERIFY(typeAhead(*a, noteId, start.size(), 201, 300));
    a.reset();
    fixture.stop();
    QVERIFY(theCreatesAndOneIn(snapshotVersions(fixture.config().dataDir, noteId), 256, 300));

    QVERIFY(fixture.start());
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QString(300, u'x') + start);
}

void TestHubSnapshots::theCountSinceTheLastSnapshotGoesOnAcrossARestart()
{
    // A stop writes no text: the next start replays the 200 ops after the create's snapshot
    // and goes on counting from it, so the 300th version is still at most 44 past a snapshot.
    HubFixture fixture;
    const QString start = QStringLiteral("short");
    const QString noteId = typedThenStopped(fixture, start, 200);
    QVERIFY(!noteId.isEmpty());
    QCOMPARE(snapshotVersions(fixture.config().dataDir, noteId), (QList<qint64>{0}));

    QVERIFY(fixture.start());
    {
        auto a = fixture.client(QStringLiteral("alice"));
        joinNote(*a, noteId);
        QVERIFY(typeAhead(*a, noteId, start.size(), 201, 300));
        QCOMPARE(versionText(*a, noteId, 150), QString(150, u'x') + start);
    }
    fixture.stop();
    QVERIFY(theCreatesAndOneIn(snapshotVersions(fixture.config().dataDir, noteId), 256, 300));
    QVERIFY(fixture.start());
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QString(300, u'x') + start);
}

void TestHubSnapshots::aLongNoteIsWrittenWholeOnlyOnceItsOpsAmountToAnEighthOfIt()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    // 40,000 units: an eighth is 5,000 bytes of ops. 300 ops of 11 bytes of JSON each
    // (["x",40000]) are 3,300: past 256 versions, but no snapshot yet. One paste of 5,000
    // units then makes the ops since the create's snapshot more than an eighth of the text.
    const QString start(40'000, u'n');
    const QString noteId = createNote(*a, QStringLiteral("t"), start);
    joinNote(*a, noteId);
    QVERIFY(typeAhead(*a, noteId, start.size(), 1, 300));
    const QString typed = QString(300, u'x') + start;
    const QString pasted = QString(5000, u'p') + typed;
    TextOperation paste;
    paste.insert(QString(5000, u'p')).retain(typed.size());
    a->send(opMessage(noteId, 300, paste, QStringLiteral("c"), 301));
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 301);
    // The count starts again from that snapshot: 300 more keystrokes do not write it again.
    QVERIFY(typeAhead(*a, noteId, pasted.size() - 301, 302, 601));
    QCOMPARE(versionText(*a, noteId, 280), QString(280, u'x') + start);
    a.reset();
    fixture.stop();
    QCOMPARE(snapshotVersions(fixture.config().dataDir, noteId), (QList<qint64>{0, 301}));

    QVERIFY(fixture.start());
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QString(300, u'x') + pasted);
    auto b = fixture.client(QStringLiteral("alice"));
    joinNote(*b, noteId);
    QCOMPARE(versionText(*b, noteId, 150), QString(150, u'x') + start);
    QCOMPARE(versionText(*b, noteId, 450), QString(149, u'x') + pasted);
}

void TestHubSnapshots::aVeryLongNoteIsStillWrittenWholeEvery4096Versions()
{
    HubConfig config;
    config.messagesPerSecond = 100'000; // 4,100 ops typed ahead, over a client's usual burst
    config.messageBurst = 100'000;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    // 500,000 units: an eighth is 62,500 bytes, more than 4,100 ops of 12 bytes (["x",500000])
    // add up to; the text is written whole once 4,096 versions have passed all the same.
    const QString start(500'000, u'n');
    const QString noteId = createNote(*a, QStringLiteral("t"), start);
    joinNote(*a, noteId);
    for (int from = 1; from <= 4100; from += 1025)
        QVERIFY(typeAhead(*a, noteId, start.size(), from, qMin(from + 1024, 4100)));
    a.reset();
    fixture.stop();
    QVERIFY(theCreatesAndOneIn(snapshotVersions(fixture.config().dataDir, noteId), 4096, 4100));

    QVERIFY(fixture.start());
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QString(4100, u'x') + start);
}

QTEST_GUILESS_MAIN(TestHubSnapshots)
#include "tst_hub_snapshots.moc"
