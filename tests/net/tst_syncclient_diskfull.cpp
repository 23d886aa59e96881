// SPDX-License-Identifier: GPL-3.0-or-later
// SyncClient when this computer's disk is full (FullDisk: every write to the cache fails
// as SQLite fails on a full disk): edits keep reaching the hub; those only in memory are
// counted and saved once there is room, and never handed to another account signing in; a
// later run never gives a (clientId, seq) of the failed saves again, so the hub never takes a
// new edit for an old one; a note that cannot be saved is not made; edits that must become a
// conflicted copy the cache cannot hold are kept by the hub, or, too long to hand it whole,
// held in memory until the cache has room. And when the hub's disk is full instead, the client
// tries it again, patiently and without giving up, until it can save. Against a real hub.
#include "clientfixture.h"
#include "hubfixture.h"

namespace {

const QString Full = QStringLiteral("database or disk is full");

/** A hub, and alice online with a note holding "agenda", open and saved. */
struct Alice
{
    HubFixture hub;
    std::unique_ptr<ClientHarness> client;
    QString noteId;

    bool start()
    {
        if (!hub.start())
            return false;
        client = std::make_unique<ClientHarness>(hub.url(), hub.token(QStringLiteral("alice")));
        if (!client->connectAndWait())
            return false;
        noteId = client->client->createNote(QStringLiteral("Plans"));
        NoteSession *note = client->client->openNote(noteId);
        return note && note->replaceText(QStringLiteral("agenda")) && client->waitSynced() &&
                client->client->saveNow();
    }
    NoteSession *note() const { return client->client->session(noteId); }
    /** Types text at the end of the note. */
    bool type(const QString &text) const
    {
        return note()->applyLocal(TextOperation().retain(note()->text().size()).insert(text));
    }
    QString hubText() { return contentOf(hub, QStringLiteral("alice"), noteId); }
};

/** bob, made an editor of alice's note, replaces its text with text offline while alice makes
 *  him a viewer: his edits can no longer go into the note. True once all of it is done. */
bool bobEditsWhileMadeViewer(Alice &alice, ClientHarness &bob, const QString &text)
{
    SyncClient *owner = alice.client->client.get();
    if (!bob.connectAndWait() ||
        !owner->share(alice.noteId, QStringLiteral("bob"), QStringLiteral("editor")) ||
        !QTest::qWaitFor([&]() { return bob.store.note(alice.noteId).has_value(); }))
        return false;
    NoteSession *note = bob.client->openNote(alice.noteId);
    if (!note || !QTest::qWaitFor([&]() { return note->text() == QStringLiteral("agenda"); }))
        return false;
    bob.client->disconnectFromHub();
    return note->replaceText(text) &&
            owner->share(alice.noteId, QStringLiteral("bob"), QStringLiteral("viewer"));
}

} // namespace

class TestSyncClientDiskFull : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void editsKeepReachingTheHubWhileTheCacheCannotBeWritten();
    void editsOnlyInMemoryAreCountedAndSavedOnceThereIsRoom();
    void editsOnlyInMemoryAreNeverHandedToAnotherAccount();
    void aLaterRunNeverTakesANewEditForOneTheFullDiskDidNotSave();
    void aNoteTheCacheCannotHoldIsNotMade();
    void aConflictedCopyTheCacheCannotHoldIsKeptByTheHub();
    void aConflictedCopyTooLongForTheHubIsHeldInMemoryUntilThereIsRoom();
    void aConflictedCopyTooLongForTheHubIsHeldInMemoryUntilThereIsRoom_data();
    void aHubThatCannotSaveIsTriedUntilItCan();
};

void TestSyncClientDiskFull::editsKeepReachingTheHubWhileTheCacheCannotBeWritten()
{
    Alice alice;
    QVERIFY(alice.start());
    SyncClient *client = alice.client->client.get();
    QSignalSpy copies(client, &SyncClient::conflictCopied);
    FullDisk full(alice.client->path());
    QVERIFY(full.isFull());

    // One at a time (each acknowledged before the next), then a burst.
    for (int i = 0; i < 5; ++i) {
        QVERIFY(alice.type(QStringLiteral(" %1").arg(i)));
        QVERIFY2(alice.client->waitSynced(5000), qPrintable(QString::number(i)));
    }
    for (int i = 5; i < 30; ++i)
        QVERIFY(alice.type(QStringLiteral(" %1").arg(i)));
    QVERIFY(alice.client->waitSynced());

    QString expected = QStringLiteral("agenda");
    for (int i = 0; i < 30; ++i)
        expected += QStringLiteral(" %1").arg(i);
    QCOMPARE(alice.note()->text(), expected);
    QCOMPARE(alice.hubText(), expected);
    QCOMPARE(copies.size(), 0);
    // Not saved here, but nothing would be lost: the hub has every edit.
    QVERIFY2(client->saveError().contains(Full), qPrintable(client->saveError()));
    QCOMPARE(client->unsavedEdits(), 0);
    QCOMPARE(alice.client->store.note(alice.noteId)->content, QStringLiteral("agenda"));
}

void TestSyncClientDiskFull::editsOnlyInMemoryAreCountedAndSavedOnceThereIsRoom()
{
    Alice alice;
    QVERIFY(alice.start());
    SyncClient *client = alice.client->client.get();
    client->disconnectFromHub();
    QSignalSpy saveState(client, &SyncClient::saveStateChanged);
    FullDisk full(alice.client->path());

    QVERIFY(alice.type(QStringLiteral(" one")));
    QVERIFY(alice.type(QStringLiteral(" two")));
    QVERIFY(alice.type(QStringLiteral(" three")));
    QCOMPARE(client->unsavedEdits(), 3);
    QVERIFY(client->saveError().contains(Full));
    QVERIFY(!client->saveNow());
    QVERIFY(saveState.size() >= 1);

    // Room again: the retry saves them without another keystroke.
    QVERIFY(full.free());
    QVERIFY(QTest::qWaitFor([&]() { return client->saveError().isEmpty(); }, 5000));
    QCOMPARE(client->unsavedEdits(), 0);
    const QString expected = QStringLiteral("agenda one two three");
    {
        ClientStore reader; // what a restart would find
        QString error;
        QVERIFY(reader.open(alice.client->path(), &error));
        QCOMPARE(reader.note(alice.noteId)->content, expected);
        QCOMPARE(reader.outbox(alice.noteId).edits(), 3);
    }
    client->connectToHub();
    QVERIFY(alice.client->waitSynced());
    QCOMPARE(alice.hubText(), expected);
}

void TestSyncClientDiskFull::aLaterRunNeverTakesANewEditForOneTheFullDiskDidNotSave()
{
    Alice alice;
    QVERIFY(alice.start());
    const QString path = alice.client->path();
    {
        // Typed and acknowledged, never saved here; then Tandem ends (quit, crash, power).
        FullDisk full(path);
        QVERIFY(alice.type(QStringLiteral(" sent while full")));
        QVERIFY(alice.client->waitSynced());
        alice.client->client.reset();
        alice.client->store.close();
    }
    // The next run finds the cache as it was before the disk filled up, and is offline
    // when the user types.
    ClientHarness next(alice.hub.url(), alice.hub.token(QStringLiteral("alice")),
                       fastClientSettings(), path);
    NoteSession *note = next.client->openNote(alice.noteId);
    QVERIFY(note);
    QCOMPARE(note->text(), QStringLiteral("agenda"));
    QVERIFY(note->applyLocal(TextOperation().insert(QStringLiteral("Next run: ")).retain(6)));
    QVERIFY(next.connectAndWait());
    QVERIFY(next.waitSynced());
    const QString expected = QStringLiteral("Next run: agenda sent while full");
    QCOMPARE(note->text(), expected);
    QCOMPARE(alice.hubText(), expected);
}

void TestSyncClientDiskFull::aNoteTheCacheCannotHoldIsNotMade()
{
    Alice alice;
    QVERIFY(alice.start());
    SyncClient *client = alice.client->client.get();
    const int before = client->summaries().size();
    FullDisk full(alice.client->path());
    QString error;
    QVERIFY(client->createNote(QStringLiteral("Lost?"), QStringLiteral("text"), &error).isEmpty());
    QVERIFY2(error.contains(Full), qPrintable(error));
    // Nothing reached the hub either: a fresh client of alice's finds only the first note.
    QVERIFY(full.free());
    ClientHarness other(alice.hub.url(), alice.hub.token(QStringLiteral("alice")));
    QVERIFY(other.connectAndWait());
    QVERIFY(other.waitSynced());
    QCOMPARE(other.client->summaries().size(), before);
    QCOMPARE(client->summaries().size(), before);
}

void TestSyncClientDiskFull::aConflictedCopyTheCacheCannotHoldIsKeptByTheHub()
{
    Alice alice;
    QVERIFY(alice.start());
    ClientHarness bob(alice.hub.url(), alice.hub.token(QStringLiteral("bob")));
    // bob's edits cannot go into the note, and his disk fills up: nor into a copy here.
    QVERIFY(bobEditsWhileMadeViewer(alice, bob, QStringLiteral("agenda + bob's ideas")));
    FullDisk full(bob.path());
    QSignalSpy copied(bob.client.get(), &SyncClient::conflictCopied);
    bob.client->connectToHub();
    QVERIFY(copied.wait(10'000));
    const QString copyId = copied.first().at(1).toString();
    QVERIFY(!copyId.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(contentOf(alice.hub, QStringLiteral("bob"), copyId),
                              QStringLiteral("agenda + bob's ideas"), 5000);
    QVERIFY(!bob.store.note(copyId));
    // His note is the hub's again, though his cache could not record that it had to be.
    QTRY_COMPARE(bob.client->session(alice.noteId)->text(), QStringLiteral("agenda"));

    // Room again: the next sync brings the copy to his computer.
    QVERIFY(full.free());
    bob.client->disconnectFromHub();
    QVERIFY(bob.connectAndWait());
    QVERIFY(bob.waitSynced());
    QCOMPARE(bob.text(copyId), QStringLiteral("agenda + bob's ideas"));
}

void TestSyncClientDiskFull::aConflictedCopyTooLongForTheHubIsHeldInMemoryUntilThereIsRoom()
{
    Alice alice;
    QVERIFY(alice.start());
    ClientHarness bob(alice.hub.url(), alice.hub.token(QStringLiteral("bob")));
    // Longer than the client ever hands the hub in one message.
    const QString ideas = QStringLiteral("agenda + ") +
            QString(OtClient::DefaultMaxSentInsert + 1000, QLatin1Char('b'));
    QVERIFY(bobEditsWhileMadeViewer(alice, bob, ideas));
    FullDisk full(bob.path());
    QSignalSpy copied(bob.client.get(), &SyncClient::conflictCopied);
    bob.client->connectToHub();
    QVERIFY(QTest::qWaitFor([&]() { return bob.client->unsavedEdits() == 1; }, 10'000));

    // Neither here nor on the hub: held in memory, counted (so quitting asks first), and said.
    QVERIFY(copied.isEmpty());
    QVERIFY2(bob.client->lastError().contains(QLatin1String("held in memory")),
             qPrintable(bob.client->lastError()));
    QVERIFY(bob.client->saveError().contains(Full));
    QVERIFY(!bob.client->saveNow());
    QCOMPARE(bob.client->unsavedEdits(), 1);
    QCOMPARE(bob.client->summaries().size(), 1); // the note only
    QVERIFY(bob.waitSynced());
    QCOMPARE(bob.client->session(alice.noteId)->text(), QStringLiteral("agenda"));

    // Room again: the retry keeps it as a copy here (or saveNow(), as quitting does, at
    // once), which then reaches the hub.
    QVERIFY(full.free());
    QFETCH(bool, saveNow);
    if (saveNow)
        QVERIFY(bob.client->saveNow());
    else
        QVERIFY(copied.wait(5000));
    QCOMPARE(copied.size(), 1);
    const QString copyId = copied.first().at(1).toString();
    QCOMPARE(copied.first().at(0).toString(), alice.noteId);
    QCOMPARE(bob.text(copyId), ideas);
    QCOMPARE(bob.client->unsavedEdits(), 0);
    QVERIFY(bob.client->lastError().isEmpty());
    // (The note's own text, the hub's again, is saved by its session's retry.)
    QTRY_VERIFY_WITH_TIMEOUT(bob.client->saveError().isEmpty(), 5000);
    QVERIFY(bob.waitSynced());
    QCOMPARE(contentOf(alice.hub, QStringLiteral("bob"), copyId), ideas);
}

void TestSyncClientDiskFull::editsOnlyInMemoryAreNeverHandedToAnotherAccount()
{
    Alice alice;
    QVERIFY(alice.start());
    SyncClient *client = alice.client->client.get();
    client->disconnectFromHub();
    FullDisk full(alice.client->path());
    QVERIFY(alice.type(QStringLiteral(" more")));
    QCOMPARE(client->unsavedEdits(), 1); // in memory only: the cache has nothing to send

    // Mallory signs in on this computer: refused, nothing of alice's dropped or handed over.
    client->setCredentials(alice.hub.token(QStringLiteral("mallory")));
    client->connectToHub();
    QVERIFY(QTest::qWaitFor([&]() { return client->state() == SyncClient::State::Failed; }));
    QVERIFY2(client->lastError().contains(QLatin1String("log in as alice")),
             qPrintable(client->lastError()));
    QCOMPARE(client->unsavedEdits(), 1);
    QCOMPARE(alice.note()->text(), QStringLiteral("agenda more"));
    QCOMPARE(hubList(alice.hub, QStringLiteral("mallory")).size(), 0);

    // alice again, and room: her edit reaches her note.
    QVERIFY(full.free());
    client->setCredentials(alice.hub.token(QStringLiteral("alice")));
    client->reconnectNow();
    QVERIFY(alice.client->waitSynced());
    QCOMPARE(alice.hubText(), QStringLiteral("agenda more"));
    QCOMPARE(hubList(alice.hub, QStringLiteral("mallory")).size(), 0);
}

void TestSyncClientDiskFull::aConflictedCopyTooLongForTheHubIsHeldInMemoryUntilThereIsRoom_data()
{
    QTest::addColumn<bool>("saveNow");
    QTest::newRow("tried again by itself") << false;
    QTest::newRow("saved before quitting") << true;
}

void TestSyncClientDiskFull::aHubThatCannotSaveIsTriedUntilItCan()
{
    Alice alice;
    QVERIFY(alice.start());
    SyncClient *client = alice.client->client.get();
    QSignalSpy states(client, &SyncClient::stateChanged);
    FullDisk hubFull(QDir(alice.hub.dataDir()).filePath(QStringLiteral("hub.sqlite")));
    QVERIFY(hubFull.isFull());
    QVERIFY(alice.type(QStringLiteral(" typed while the hub's disk is full")));
    QVERIFY(QTest::qWaitFor([&]() { return !client->hubSaveError().isEmpty(); }));
    QVERIFY2(client->hubSaveError().contains(Full), qPrintable(client->hubSaveError()));

    // Far longer than the ten quick attempts an unreachable hub gets before the client
    // gives up (50-400 ms each here): a hub that is up but cannot save is never given up on.
    QTest::qWait(5000);
    for (const QList<QVariant> &change : std::as_const(states))
        QVERIFY(change.first().value<SyncClient::State>() != SyncClient::State::Failed);
    QCOMPARE(client->pendingChanges(), 1);

    QVERIFY(hubFull.free());
    QVERIFY(alice.client->waitSynced());
    QCOMPARE(alice.hubText(), QStringLiteral("agenda typed while the hub's disk is full"));
    QVERIFY(client->hubSaveError().isEmpty());
}

QTEST_GUILESS_MAIN(TestSyncClientDiskFull)
#include "tst_syncclient_diskfull.moc"
