// SPDX-License-Identifier: GPL-3.0-or-later
// SyncClient's notes, local first: created, renamed and deleted offline and sent in order on
// connecting; a create resent after a crash is not duplicated; other users' creates, renames,
// shares and deletes reach the cache; the owner's cache keeps who a note is shared with; the cache
// stays readable and editable after a restart without network; a note deleted elsewhere while
// edited here survives as a copy; one user's unsent work is never handed to another account;
// many notes, or long ones, are all fetched without being dropped by the hub; a note another
// user types into reaches the cache (its text, time and list order) without being opened
// here (as the ops since the last, onto the cached text, or fetched whole when the cached
// text is not the one they apply to), and one open here gets the ops alone; an edit made
// elsewhere dates the note here as the moment it arrived; a note's summary has its open
// session's text, or else the cache's; and a rename or share, made here or brought by the
// listing at a reconnect, updates the note's fields without writing its text again.
#include "clientfixture.h"
#include "hubfixture.h"

#include <QSqlDatabase>
#include <QSqlQuery>

class TestSyncClientNotes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void notesMadeOfflineReachTheHubInOrder();
    void aCreateResentAfterACrashIsNotDuplicated();
    void otherUsersChangesReachTheCache();
    void theOwnersCacheKnowsWhoTheNoteIsSharedWith();
    void listedNotesAreFetchedWithoutBeingOpened();
    void aCollaboratorsTypingReachesTheCacheAsOpsWithoutOpeningTheNote();
    void aCachedTextOlderThanTheOpsIsFetchedInstead();
    void aLongCachedNoteMovedByOpsWritesThemNotItsText();
    void theCacheIsReadableAndEditableAfterARestartWithoutNetwork();
    void aNoteDeletedElsewhereWhileEditedHereIsKeptAsACopy();
    void anotherUserCannotTakeOverUnsentWork();
    void aRenameMadeElsewhereMeanwhileIsReportedNotDropped();
    void moreNotesThanTheHubsBurstLimitAreAllFetched();
    void longNotesAreFetchedWithoutOverfillingTheHubsQueue();
    void anEditMadeElsewhereDatesTheNoteHere();
    void aSummaryHasTheTextOfTheSessionOrElseOfTheCache();
    void aRenameOrShareLeavesTheCachedTextAsItIs();
    void aDeleteTheHubRefusesBringsBackTheHubsText();

private:
    /** Bob's note "Minutes" ("item 1"), shared with alice as an editor; empty on failure. */
    static QString minutesSharedWithAlice(HubTestClient &owner)
    {
        const QString noteId =
                createNote(owner, QStringLiteral("Minutes"), QStringLiteral("item 1"));
        owner.send(msg(QStringLiteral("share"),
                       {{QStringLiteral("noteId"), noteId},
                        {QStringLiteral("userId"), QStringLiteral("alice")},
                        {QStringLiteral("role"), QStringLiteral("editor")}}));
        return owner.next(QStringLiteral("share_success")).isEmpty() ? QString() : noteId;
    }

    /** The rows of noteId's journal in the cache at path (-1 if it cannot be read). */
    static int journalRows(const QString &path, const QString &noteId)
    {
        int rows = -1;
        {
            QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("SELECT COUNT(*) FROM journal WHERE note_id = ?"));
                q.addBindValue(noteId);
                if (q.exec() && q.next())
                    rows = q.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        return rows;
    }

    /** Alice's note "Plans" (text), shared with Bob as an editor and in his cache (he has
     *  not opened it), and Alice's session on it, joined. */
    struct SharedPlans
    {
        HubFixture hub;
        std::unique_ptr<ClientHarness> alice, bob;
        QString noteId;
        NoteSession *session = nullptr;

        bool start(const QString &text = QStringLiteral("one"))
        {
            if (!hub.start())
                return false;
            alice = std::make_unique<ClientHarness>(hub.url(), hub.token(QStringLiteral("alice")),
                                                    fastClientSettings());
            bob = std::make_unique<ClientHarness>(hub.url(), hub.token(QStringLiteral("bob")),
                                                  fastClientSettings());
            if (!alice->connectAndWait() || !bob->connectAndWait())
                return false;
            noteId = alice->client->createNote(QStringLiteral("Plans"), text);
            if (!alice->waitSynced() ||
                !alice->client->share(noteId, QStringLiteral("bob"), QStringLiteral("editor")) ||
                !QTest::qWaitFor([&]() { return bobsText() == text; }))
                return false;
            session = alice->client->openNote(noteId);
            return QTest::qWaitFor([&]() { return session->isJoined(); });
        }
        /** The text of the note in Bob's cache. */
        QString bobsText() const
        {
            const std::optional<LocalNote> note = bob->store.note(noteId);
            return note ? note->content : QString();
        }
    };
};

void TestSyncClientNotes::notesMadeOfflineReachTheHubInOrder()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    const QString a =
            alice.client->createNote(QStringLiteral("Draft"), QStringLiteral("first words"));
    const QString b = alice.client->createNote(QStringLiteral("Scratch"));
    alice.client->setTitle(a, QStringLiteral("Essay"));
    alice.client->deleteNote(b);
    QCOMPARE(alice.store.notes().size(), 1);
    QCOMPARE(alice.client->pendingChanges(), 5); // 2 creates, 1 edit, 1 title, 1 delete

    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    const QJsonArray notes = hubList(hub, QStringLiteral("alice"));
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.first()[QLatin1String("id")].toString(), a);
    QCOMPARE(notes.first()[QLatin1String("title")].toString(), QStringLiteral("Essay"));
    QCOMPARE(contentOf(hub, QStringLiteral("alice"), a), QStringLiteral("first words"));
    QVERIFY(!alice.store.note(b)); // the confirmed delete is forgotten locally too
    const LocalNote local = *alice.store.note(a);
    QVERIFY(!local.createPending && !local.titlePending);
}

void TestSyncClientNotes::aCreateResentAfterACrashIsNotDuplicated()
{
    HubFixture hub;
    QVERIFY(hub.start());
    QTemporaryDir dir;
    const QString cache = dir.filePath(QStringLiteral("cache.sqlite"));
    QString noteId;
    {
        ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), fastClientSettings(),
                            cache);
        QVERIFY(alice.connectAndWait());
        noteId = alice.client->createNote(QStringLiteral("Once"), QStringLiteral("only once"));
        QVERIFY(alice.waitSynced());
        // As if the app died after sending the create but before saving its confirmation.
        LocalNote note = *alice.store.note(noteId);
        note.createPending = true;
        QVERIFY(alice.store.saveNote(note));
    }
    ClientHarness again(hub.url(), hub.token(QStringLiteral("alice")), fastClientSettings(), cache);
    QCOMPARE(again.client->pendingChanges(), 1);
    QVERIFY(again.connectAndWait());
    QVERIFY(again.waitSynced());
    const QJsonArray notes = hubList(hub, QStringLiteral("alice"));
    QCOMPARE(notes.size(), 1);
    QCOMPARE(contentOf(hub, QStringLiteral("alice"), noteId), QStringLiteral("only once"));
    QCOMPARE(again.store.notes().size(), 1);
}

void TestSyncClientNotes::otherUsersChangesReachTheCache()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    QSignalSpy changed(alice.client.get(), &SyncClient::noteChanged);
    QSignalSpy removed(alice.client.get(), &SyncClient::noteRemoved);

    auto bob = hub.client(QStringLiteral("bob"));
    const QString noteId = createNote(*bob, QStringLiteral("Bob's list"), QStringLiteral("apples"));
    bob->send(msg(QStringLiteral("share"),
                  {{QStringLiteral("noteId"), noteId},
                   {QStringLiteral("userId"), QStringLiteral("alice")},
                   {QStringLiteral("role"), QStringLiteral("editor")}}));
    QVERIFY(QTest::qWaitFor([&]() { return alice.text(noteId) == QStringLiteral("apples"); }));
    QCOMPARE(alice.store.note(noteId)->role, QStringLiteral("editor"));
    QCOMPARE(alice.store.note(noteId)->owner, QStringLiteral("bob"));
    QVERIFY(changed.count() >= 1);

    bob->send(msg(QStringLiteral("note_update"),
                  {{QStringLiteral("noteId"), noteId},
                   {QStringLiteral("changes"),
                    QJsonObject{{QStringLiteral("title"), QStringLiteral("Fruit")}}}}));
    QVERIFY(QTest::qWaitFor(
            [&]() { return alice.store.note(noteId)->title == QStringLiteral("Fruit"); }));

    bob->send(msg(QStringLiteral("note_deleted"), {{QStringLiteral("noteId"), noteId}}));
    QVERIFY(removed.wait());
    QCOMPARE(removed.first().at(0).toString(), noteId);
    QVERIFY(!alice.store.note(noteId));
}

void TestSyncClientNotes::theOwnersCacheKnowsWhoTheNoteIsSharedWith()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    const QString noteId = alice.client->createNote(QStringLiteral("Plans"));
    QVERIFY(alice.waitSynced());
    const auto roles = [&]() {
        QStringList list;
        const QJsonArray collaborators = alice.store.note(noteId)->collaborators;
        for (const QJsonValue &c : collaborators)
            list << c[QLatin1String("userId")].toString() + u'=' +
                            c[QLatin1String("role")].toString();
        list.sort();
        return list.join(u',');
    };
    QVERIFY(alice.client->share(noteId, QStringLiteral("bob"), QStringLiteral("viewer")));
    QVERIFY(alice.client->share(noteId, QStringLiteral("carol"), QStringLiteral("editor")));
    QTRY_COMPARE(roles(), QStringLiteral("bob=viewer,carol=editor"));
    QVERIFY(alice.client->share(noteId, QStringLiteral("bob"), QStringLiteral("editor")));
    QTRY_COMPARE(roles(), QStringLiteral("bob=editor,carol=editor"));
    QVERIFY(alice.client->unshare(noteId, QStringLiteral("carol")));
    QTRY_COMPARE(roles(), QStringLiteral("bob=editor"));
}

void TestSyncClientNotes::listedNotesAreFetchedWithoutBeingOpened()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto raw = hub.client(QStringLiteral("alice"));
    QStringList ids;
    for (int i = 0; i < 3; ++i)
        ids.append(
                createNote(*raw, QStringLiteral("N%1").arg(i), QStringLiteral("text %1").arg(i)));
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(alice.store.note(ids[i])->content, QStringLiteral("text %1").arg(i));
    QVERIFY(alice.client->joinedNotes().isEmpty()); // fetched, not joined
}

void TestSyncClientNotes::aCollaboratorsTypingReachesTheCacheAsOpsWithoutOpeningTheNote()
{
    SharedPlans plans;
    QVERIFY(plans.start());
    ClientHarness &bob = *plans.bob;
    const qint64 listedAt = bob.client->summary(plans.noteId).updatedAt;
    QSignalSpy fetched(bob.client.get(), &SyncClient::versionReceived);

    // Alice types; Bob has not opened the note: his cache follows all the same.
    QTest::qWait(5);
    QVERIFY(plans.session->applyLocal(TextOperation().retain(3).insert(QStringLiteral(" two"))));
    QVERIFY(plans.session->applyLocal(TextOperation().retain(7).insert(QStringLiteral(" three"))));
    QVERIFY(QTest::qWaitFor(
            [&]() {
                return bob.client->summary(plans.noteId).text == QStringLiteral("one two three");
            },
            5000));
    QVERIFY(bob.client->summary(plans.noteId).updatedAt > listedAt);
    QCOMPARE(plans.bobsText(), QStringLiteral("one two three"));
    QCOMPARE(bob.store.note(plans.noteId)->version, 3); // the create's text, then the two
    QCOMPARE(fetched.count(), 0); // they came as ops, applied to the cached text
}

void TestSyncClientNotes::aLongCachedNoteMovedByOpsWritesThemNotItsText()
{
    const QString rest(SyncClient::JournalSyncedOpsFromUnits, QLatin1Char('.'));
    SharedPlans plans;
    QVERIFY(plans.start(QStringLiteral("one") + rest));
    QCOMPARE(journalRows(plans.bob->path(), plans.noteId), 0);
    QVERIFY(plans.session->applyLocal(
            TextOperation().retain(3).insert(QStringLiteral(" two")).retain(rest.size())));
    QVERIFY(QTest::qWaitFor([&]() { return plans.bobsText() == QStringLiteral("one two") + rest; },
                            5000));
    QVERIFY(plans.session->applyLocal(
            TextOperation().retain(7).insert(QStringLiteral(" three")).retain(rest.size())));
    QVERIFY(QTest::qWaitFor(
            [&]() { return plans.bobsText() == QStringLiteral("one two three") + rest; }, 5000));
    QCOMPARE(journalRows(plans.bob->path(), plans.noteId), 2); // the two ops, not the text
    QCOMPARE(plans.bob->store.note(plans.noteId)->version, 3);
}

void TestSyncClientNotes::aCachedTextOlderThanTheOpsIsFetchedInstead()
{
    SharedPlans plans;
    QVERIFY(plans.start());
    QVERIFY(plans.session->applyLocal(TextOperation().retain(3).insert(QStringLiteral(" two"))));
    QVERIFY(QTest::qWaitFor([&]() { return plans.bobsText() == QStringLiteral("one two"); }, 5000));

    // Bob's cache holds an older version's text (the ops would apply to it, wrongly).
    LocalNote stale = *plans.bob->store.note(plans.noteId);
    stale.content = QStringLiteral("ONE TWO");
    stale.version -= 1;
    QVERIFY(plans.bob->store.saveNote(stale));
    QSignalSpy fetched(plans.bob->client.get(), &SyncClient::versionReceived);
    QVERIFY(plans.session->applyLocal(TextOperation().retain(7).insert(QStringLiteral(" three"))));
    QVERIFY(QTest::qWaitFor([&]() { return plans.bobsText() == QStringLiteral("one two three"); },
                            5000));
    QCOMPARE(fetched.count(), 1);
    QCOMPARE(plans.bob->store.note(plans.noteId)->version, 3);
}

void TestSyncClientNotes::theCacheIsReadableAndEditableAfterARestartWithoutNetwork()
{
    HubFixture hub;
    QVERIFY(hub.start());
    QTemporaryDir dir;
    const QString cache = dir.filePath(QStringLiteral("cache.sqlite"));
    QString noteId;
    {
        ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), fastClientSettings(),
                            cache);
        QVERIFY(alice.connectAndWait());
        noteId = alice.client->createNote(QStringLiteral("Trip"), QStringLiteral("passport"));
        QVERIFY(alice.waitSynced());
    }
    const QUrl url = hub.url();
    const QString token = hub.token(QStringLiteral("alice"));
    hub.stop();

    // The app starts again with no hub to talk to.
    ClientHarness alice(url, token, fastClientSettings(), cache);
    alice.client->connectToHub();
    QVERIFY(QTest::qWaitFor(
            [&]() { return alice.client->state() == SyncClient::State::Reconnecting; }));
    QCOMPARE(alice.store.notes().size(), 1);
    NoteSession *session = alice.client->openNote(noteId);
    QVERIFY(session);
    QCOMPARE(session->text(), QStringLiteral("passport"));
    QVERIFY(session->replaceText(QStringLiteral("passport, tickets")));
    QCOMPARE(alice.client->pendingChanges(), 1);

    QVERIFY(hub.restart());
    QVERIFY(alice.waitSynced());
    QCOMPARE(contentOf(hub, QStringLiteral("alice"), noteId), QStringLiteral("passport, tickets"));
}

void TestSyncClientNotes::aNoteDeletedElsewhereWhileEditedHereIsKeptAsACopy()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto owner = hub.client(QStringLiteral("bob"));
    const QString noteId = minutesSharedWithAlice(*owner);
    QVERIFY(!noteId.isEmpty());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    alice.client->disconnectFromHub();
    QVERIFY(alice.client->openNote(noteId)->replaceText(QStringLiteral("item 1, item 2")));
    owner->send(msg(QStringLiteral("note_deleted"), {{QStringLiteral("noteId"), noteId}}));
    QVERIFY(!owner->next(QStringLiteral("note_deleted_success")).isEmpty());

    QSignalSpy copied(alice.client.get(), &SyncClient::conflictCopied);
    alice.client->connectToHub();
    QVERIFY(copied.wait(10'000));
    const QString copyId = copied.first().at(1).toString();
    QVERIFY(alice.waitSynced());
    QVERIFY(!alice.store.note(noteId));
    QCOMPARE(alice.store.note(copyId)->title, QStringLiteral("Minutes (conflicted copy)"));
    QCOMPARE(contentOf(hub, QStringLiteral("alice"), copyId), QStringLiteral("item 1, item 2"));
}

void TestSyncClientNotes::anotherUserCannotTakeOverUnsentWork()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    alice.client->disconnectFromHub();
    const QString noteId =
            alice.client->createNote(QStringLiteral("Mine"), QStringLiteral("secret"));

    alice.client->setCredentials(hub.token(QStringLiteral("mallory")));
    alice.client->connectToHub();
    QVERIFY(QTest::qWaitFor([&]() { return alice.client->state() == SyncClient::State::Failed; }));
    QVERIFY(alice.client->needsCredentials());
    QVERIFY2(alice.client->lastError().contains(QLatin1String("log in as alice")),
             qPrintable(alice.client->lastError()));
    QCOMPARE(alice.store.note(noteId)->content, QStringLiteral("secret"));
    QCOMPARE(hubList(hub, QStringLiteral("mallory")).size(), 0);

    alice.client->setCredentials(hub.token(QStringLiteral("alice")));
    alice.client->reconnectNow();
    QVERIFY(alice.waitSynced());
    QCOMPARE(contentOf(hub, QStringLiteral("alice"), noteId), QStringLiteral("secret"));
}

void TestSyncClientNotes::aRenameMadeElsewhereMeanwhileIsReportedNotDropped()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    const QString noteId = alice.client->createNote(QStringLiteral("Draft"));
    QVERIFY(alice.waitSynced());
    alice.client->disconnectFromHub();
    alice.client->setTitle(noteId, QStringLiteral("Mine"));

    auto phone = hub.client(QStringLiteral("alice")); // the same user on another device
    phone->send(msg(QStringLiteral("note_update"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("changes"),
                      QJsonObject{{QStringLiteral("title"), QStringLiteral("Theirs")}}}}));
    QVERIFY(!phone->next(QStringLiteral("note_update_success")).isEmpty());

    QSignalSpy conflicts(alice.client.get(), &SyncClient::titleConflict);
    alice.client->connectToHub();
    QVERIFY(alice.waitSynced());
    QCOMPARE(conflicts.size(), 1);
    QCOMPARE(conflicts.first().at(1).toString(), QStringLiteral("Theirs"));
    QCOMPARE(conflicts.first().at(2).toString(), QStringLiteral("Mine"));
    QCOMPARE(alice.store.note(noteId)->title, QStringLiteral("Mine"));
    QCOMPARE(hubList(hub, QStringLiteral("alice")).first()[QLatin1String("title")].toString(),
             QStringLiteral("Mine"));

    // A rename nobody else touched is no conflict.
    alice.client->setTitle(noteId, QStringLiteral("Final"));
    QVERIFY(alice.waitSynced());
    QCOMPARE(conflicts.size(), 1);
}

void TestSyncClientNotes::moreNotesThanTheHubsBurstLimitAreAllFetched()
{
    // 1,100 notes: fetching them all at once would pass the hub's default limit (bursts of
    // 1,000, then 500/s), get requests dropped and the connection closed for strikes.
    HubFixture hub;
    hub.config().messagesPerSecond = 1'000'000;
    hub.config().messageBurst = 1'000'000;
    QVERIFY(hub.start());
    {
        auto raw = hub.client(QStringLiteral("alice"));
        for (int i = 0; i < 1100; ++i)
            raw->send(msg(QStringLiteral("note_created"),
                          {{QStringLiteral("noteData"),
                            QJsonObject{{QStringLiteral("id"), QStringLiteral("n%1").arg(i)},
                                        {QStringLiteral("title"), QStringLiteral("N%1").arg(i)},
                                        {QStringLiteral("content"),
                                         QStringLiteral("text %1").arg(i)}}}}));
        QVERIFY(QTest::qWaitFor(
                [&]() { return hubList(hub, QStringLiteral("alice")).size() == 1100; }, 30'000));
    }
    hub.config().messagesPerSecond = HubConfig{}.messagesPerSecond;
    hub.config().messageBurst = HubConfig{}.messageBurst;
    QVERIFY(hub.restart());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QSignalSpy errors(alice.client.get(), &SyncClient::hubError);
    QSignalSpy states(alice.client.get(), &SyncClient::stateChanged);
    QSignalSpy progress(alice.client.get(), &SyncClient::syncProgressChanged);
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced(60'000));
    // The first sync reports its progress: up to 1,100 notes, done counting up, then 0 of 0.
    QVERIFY(progress.size() > 100);
    int maxTotal = 0;
    int lastDone = 0;
    for (qsizetype i = 0; i + 1 < progress.size(); ++i) {
        const int done = progress.at(i).at(0).toInt();
        const int total = progress.at(i).at(1).toInt();
        QVERIFY(done < total);
        QVERIFY(done >= lastDone);
        lastDone = done;
        maxTotal = std::max(maxTotal, total);
    }
    QCOMPARE(maxTotal, 1100);
    QCOMPARE(progress.last().at(0).toInt(), 0);
    QCOMPARE(progress.last().at(1).toInt(), 0);
    QCOMPARE(alice.client->syncTotal(), 0);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(states.size(), 3); // connecting, authenticating, online: never dropped
    QCOMPARE(alice.store.notes().size(), 1100);
    QCOMPARE(alice.store.note(QStringLiteral("n1099"))->content, QStringLiteral("text 1099"));
}

void TestSyncClientNotes::longNotesAreFetchedWithoutOverfillingTheHubsQueue()
{
    // 16 notes of 3 MB: fetched all at once they would be 48 MB queued for one connection, over
    // the 32 MiB the hub holds for a client before it drops it as too slow.
    constexpr int Notes = 16;
    HubFixture hub;
    QVERIFY(hub.start());
    {
        auto raw = hub.client(QStringLiteral("alice"));
        for (int i = 0; i < Notes; ++i)
            raw->send(msg(QStringLiteral("note_created"),
                          {{QStringLiteral("noteData"),
                            QJsonObject{{QStringLiteral("id"), QStringLiteral("n%1").arg(i)},
                                        {QStringLiteral("title"), QStringLiteral("N%1").arg(i)},
                                        {QStringLiteral("content"),
                                         QString(3'000'000, QLatin1Char('a' + i))}}}}));
        QVERIFY(QTest::qWaitFor(
                [&]() { return hubList(hub, QStringLiteral("alice")).size() == Notes; }, 60'000));
    }
    // The app's heartbeat: 48 MB arriving under AddressSanitizer kept the client busy past a
    // 200 ms window (a CI run of 2026-12-03), and it took the hub for gone.
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), longTextClientSettings());
    QSignalSpy states(alice.client.get(), &SyncClient::stateChanged);
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced(60'000));
    QVERIFY2(states.size() == 3, qPrintable(alice.client->lastError())); // never dropped
    for (int i = 0; i < Notes; ++i)
        QCOMPARE(alice.store.note(QStringLiteral("n%1").arg(i))->content,
                 QString(3'000'000, QLatin1Char('a' + i)));
}

void TestSyncClientNotes::anEditMadeElsewhereDatesTheNoteHere()
{
    HubFixture hub;
    QVERIFY(hub.start());
    // Ahead of the hub's clock, which dates the note's listing too (the later time is kept).
    qint64 clock = QDateTime::currentMSecsSinceEpoch() + 10 * 86'400'000LL;
    SyncClientSettings settings = fastClientSettings();
    settings.clock = [&clock]() { return clock; };
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), settings);
    QVERIFY(alice.connectAndWait());
    const QString noteId = alice.client->createNote(QStringLiteral("Plans"), QStringLiteral("one"));
    QVERIFY(alice.waitSynced());
    NoteSession *session = alice.client->openNote(noteId);
    QVERIFY(QTest::qWaitFor([&]() { return session->isJoined(); }));
    QCOMPARE(alice.client->summary(noteId).updatedAt, clock);

    // An hour later someone else (here: Alice at another computer) types into it.
    clock += 3'600'000;
    auto other = hub.client(QStringLiteral("alice"));
    const qint64 version = joinNote(*other, noteId)
                                   .value(QLatin1String("note"))
                                   .toObject()
                                   .value(QLatin1String("version"))
                                   .toInteger();
    other->send(msg(QStringLiteral("note_op"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("baseVersion"), version},
                     {QStringLiteral("op"), QJsonArray{3, QStringLiteral(" two")}},
                     {QStringLiteral("clientId"), QStringLiteral("elsewhere")},
                     {QStringLiteral("seq"), 1}}));
    QVERIFY(QTest::qWaitFor([&]() { return session->text() == QStringLiteral("one two"); }));
    // Listed as changed now, at once, and so kept in the cache.
    QCOMPARE(alice.client->summary(noteId).updatedAt, clock);
    alice.client->closeNote(noteId);
    QCOMPARE(alice.store.note(noteId)->updatedAt, clock);
}

QTEST_GUILESS_MAIN(TestSyncClientNotes)
void TestSyncClientNotes::aSummaryHasTheTextOfTheSessionOrElseOfTheCache()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    const QString open = alice.client->createNote(QStringLiteral("Open"), QStringLiteral("one"));
    const QString closed =
            alice.client->createNote(QStringLiteral("Closed"), QStringLiteral("kept"));
    QVERIFY(alice.waitSynced());
    QVERIFY(!alice.client->session(closed)); // synced and not open: no session, the cache's
    NoteSession *session = alice.client->openNote(open);
    QVERIFY(QTest::qWaitFor([&]() { return session->isJoined(); }));
    QVERIFY(session->applyLocal(TextOperation().retain(3).insert(QStringLiteral(" two"))));
    QCOMPARE(alice.client->summary(open).text, QStringLiteral("one two"));
    QCOMPARE(alice.client->summary(open).title, QStringLiteral("Open"));
    QCOMPARE(alice.client->summary(closed).text, QStringLiteral("kept"));
    QCOMPARE(alice.client->summary(closed).title, QStringLiteral("Closed"));
    // Closed and synced, the note's text comes from the cache, with the edit.
    QVERIFY(alice.waitSynced());
    alice.client->closeNote(open);
    QVERIFY(QTest::qWaitFor([&]() { return !alice.client->session(open); }));
    QCOMPARE(alice.client->summary(open).text, QStringLiteral("one two"));
    QVERIFY(alice.client->summary(QStringLiteral("no-such-note")).id.isEmpty());
}

void TestSyncClientNotes::aRenameOrShareLeavesTheCachedTextAsItIs()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    const QString id = alice.client->createNote(QStringLiteral("Long"), QStringLiteral("text"));
    QVERIFY(alice.waitSynced());
    NoteSession *session = alice.client->openNote(id);
    QVERIFY(QTest::qWaitFor([&]() { return session->isJoined(); }));
    QVERIFY(session->applyLocal(TextOperation().retain(4).insert(QStringLiteral("!"))));
    QVERIFY(alice.waitSynced());
    alice.client->closeNote(id);
    QVERIFY(QTest::qWaitFor([&]() { return !alice.client->session(id); }));
    const auto journaled = [&]() { return journalRows(alice.path(), id); };
    const int before = journaled();
    QVERIFY(before > 0); // the edit is journaled, the text not written whole since
    // Renamed elsewhere meanwhile: the listing at the reconnect brings the new title.
    alice.client->disconnectFromHub();
    auto other = hub.client(QStringLiteral("alice"));
    other->send(msg(QStringLiteral("note_update"),
                    {{QStringLiteral("noteId"), id},
                     {QStringLiteral("changes"),
                      QJsonObject{{QStringLiteral("title"), QStringLiteral("Longer")}}}}));
    QVERIFY(!other->next(QStringLiteral("note_update_success")).isEmpty());
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    QCOMPARE(alice.store.note(id)->title, QStringLiteral("Longer"));
    QCOMPARE(alice.store.note(id)->content, QStringLiteral("text!"));
    QCOMPARE(journaled(), before); // the text and its journal as they were
    // Renamed and shared here: the note's fields change, its text is not written again.
    alice.client->setTitle(id, QStringLiteral("Longest"));
    QVERIFY(alice.client->share(id, QStringLiteral("bob"), QStringLiteral("viewer")));
    QVERIFY(alice.waitSynced());
    QTRY_COMPARE(alice.store.note(id)->collaborators.size(), 1);
    QCOMPARE(hubList(hub, QStringLiteral("alice")).first()[QLatin1String("title")].toString(),
             QStringLiteral("Longest"));
    QCOMPARE(alice.store.note(id)->content, QStringLiteral("text!"));
    QCOMPARE(journaled(), before);
}

void TestSyncClientNotes::aDeleteTheHubRefusesBringsBackTheHubsText()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto owner = hub.client(QStringLiteral("bob"));
    const QString noteId = minutesSharedWithAlice(*owner);
    QVERIFY(!noteId.isEmpty());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    // Offline: an edit, saved in the cache with its outbox, then the delete (bob's note).
    alice.client->disconnectFromHub();
    QVERIFY(alice.client->openNote(noteId)->replaceText(QStringLiteral("item 1, item 2")));
    QTRY_VERIFY(alice.store.hasOutbox(noteId));
    alice.client->deleteNote(noteId);
    QVERIFY(!alice.store.hasOutbox(noteId)); // the edit went with the delete
    QCOMPARE(alice.store.notes().size(), 0);

    // The hub refuses it (only the owner deletes): the note comes back as the hub has it, not
    // with the text of an edit the hub never had at a version that does not hold it.
    QSignalSpy refused(alice.client.get(), &SyncClient::hubError);
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(0).toString(), QStringLiteral("forbidden"));
    QTRY_COMPARE(alice.store.notes().size(), 1);
    QTRY_COMPARE(alice.store.note(noteId)->content, QStringLiteral("item 1"));
    QVERIFY(alice.store.note(noteId)->contentKnown);
    QCOMPARE(alice.client->pendingChanges(), 0);
    NoteSession *session = alice.client->openNote(noteId);
    QVERIFY(QTest::qWaitFor([&]() { return session->isJoined(); }));
    QCOMPARE(session->text(), QStringLiteral("item 1"));
    QVERIFY(session->applyLocal(TextOperation().retain(6).insert(QStringLiteral("!"))));
    QVERIFY(alice.waitSynced());
    QCOMPARE(contentOf(hub, QStringLiteral("bob"), noteId), QStringLiteral("item 1!"));
}

#include "tst_syncclient_notes.moc"
