// SPDX-License-Identifier: GPL-3.0-or-later
// A note nobody has open is dropped from the hub's memory after a while unused (so a hub's
// memory follows the notes in use, not every note opened since it started), and whoever
// opens it next finds it as it was: its text, its version, and the ops it has applied (a
// resend is acknowledged, not applied twice). A note someone has open, or whose changes are
// not on disk yet, stays.
#include "hubfixture.h"

namespace {

constexpr int UnloadAfterMs = 100;
/** Longer than an unused note is kept, and than a note waits for its next note_sync (1 s),
 *  which keeps it too. */
constexpr int WellPastUnloadMs = 1500;

HubConfig quickUnload()
{
    HubConfig config;
    config.unloadIdleNotesAfterMs = UnloadAfterMs;
    return config;
}

int notesLoaded(HubFixture &fixture)
{
    return hubStats(fixture.hub().port()).value(QLatin1String("notesLoaded")).toInt(-1);
}

void leave(HubTestClient &client, const QString &noteId)
{
    client.send(msg(QStringLiteral("leave_note"), {{QStringLiteral("noteId"), noteId}}));
    QCOMPARE(client.next(QStringLiteral("note_left")).value(QLatin1String("noteId")).toString(),
             noteId);
}

/** A hub that unloads unused notes quickly, and alice in a note of hers, "abc", after she
 *  typed ops "x"s at its start (client "c", seqs 1…ops). */
struct AliceInANote
{
    HubFixture fixture{quickUnload()};
    std::unique_ptr<HubTestClient> alice;
    QString id;

    bool open(int ops)
    {
        if (!fixture.start())
            return false;
        alice = fixture.client(QStringLiteral("alice"));
        id = createNote(*alice, QStringLiteral("t"), QStringLiteral("abc"));
        joinNote(*alice, id);
        return insertOneByOne(*alice, id, 3, ops);
    }
};

} // namespace

class TestHubNoteUnload : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aNoteNobodyHasOpenIsUnloaded();
    void aNoteSomeoneHasOpenStaysLoaded();
    void anUnloadedNoteComesBackAsItWas();
    void aNoteWithChangesNotOnDiskStaysLoaded();
};

void TestHubNoteUnload::aNoteNobodyHasOpenIsUnloaded()
{
    HubFixture fixture(quickUnload());
    QVERIFY(fixture.start());
    auto alice = fixture.client(QStringLiteral("alice"));
    QStringList ids;
    for (int i = 0; i < 10; ++i) {
        ids << createNote(*alice, QStringLiteral("n%1").arg(i), QStringLiteral("abc"));
        joinNote(*alice, ids.last());
        QVERIFY(insertOneByOne(*alice, ids.last(), 3, 2));
    }
    QCOMPARE(notesLoaded(fixture), 10);
    for (const QString &id : std::as_const(ids))
        leave(*alice, id);
    QTRY_COMPARE(notesLoaded(fixture), 0);
    // Listing them reads the store: all there, none loaded for it.
    QCOMPARE(hubList(fixture, QStringLiteral("alice")).size(), 10);
}

void TestHubNoteUnload::aNoteSomeoneHasOpenStaysLoaded()
{
    AliceInANote a;
    QVERIFY(a.open(3));
    auto &[fixture, alice, id] = a;
    QTest::qWait(WellPastUnloadMs);
    QCOMPARE(notesLoaded(fixture), 1);
    QVERIFY(insertOneByOne(*alice, id, 3, 3, 4));
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), id), QStringLiteral("xxxxxxabc"));
}

void TestHubNoteUnload::anUnloadedNoteComesBackAsItWas()
{
    AliceInANote a;
    QVERIFY(a.open(20));
    auto &[fixture, alice, id] = a;
    leave(*alice, id);
    QTRY_COMPARE(notesLoaded(fixture), 0);

    const QJsonObject note = joinNote(*alice, id).value(QLatin1String("note")).toObject();
    QCOMPARE(note.value(QLatin1String("content")).toString(), QString(20, u'x') + u"abc");
    QCOMPARE(note.value(QLatin1String("version")).toInteger(), 20);
    // Client "c" resends its 20th op, as after a lost acknowledgement: it was applied before
    // the note left memory, so it is acknowledged at its version and not applied again.
    alice->send(xAtStart(id, 3, 20));
    const QJsonObject ack = alice->next(QStringLiteral("note_op_ack"));
    QCOMPARE(ack.value(QLatin1String("seq")).toInteger(), 20);
    QCOMPARE(ack.value(QLatin1String("version")).toInteger(), 20);
    QVERIFY(insertOneByOne(*alice, id, 3, 5, 21));
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), id), QString(25, u'x') + u"abc");
}

void TestHubNoteUnload::aNoteWithChangesNotOnDiskStaysLoaded()
{
    AliceInANote a;
    QVERIFY(a.open(3));
    auto &[fixture, alice, id] = a;
    {
        // The disk stalls: two more ops are applied in memory, and wait for their commit.
        CommitHold hold(fixture.dataDir());
        QVERIFY(hold.holding());
        alice->send(xAtStart(id, 3, 4));
        alice->send(xAtStart(id, 3, 5));
        leave(*alice, id);
        QTest::qWait(WellPastUnloadMs);
        QCOMPARE(notesLoaded(fixture), 1); // memory is ahead of the store: kept
        QVERIFY(hold.release());
    }
    QCOMPARE(alice->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 4);
    QCOMPARE(alice->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 5);
    QTRY_COMPARE(notesLoaded(fixture), 0);
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), id), QStringLiteral("xxxxxabc"));
}

QTEST_GUILESS_MAIN(TestHubNoteUnload)
#include "tst_hub_noteunload.moc"
