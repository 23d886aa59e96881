// SPDX-License-Identifier: GPL-3.0-or-later
// Live editing through SyncClient/NoteSession against a real hub: two clients typing at once
// converge, an insert starting with U+FEFF included; 500 offline edits on each of two clients all
// arrive; a hub restarted mid-typing loses nothing; a reconnect catches up with ops only; remote
// cursors follow local edits; viewers cannot edit; a paste sent in parts resumes exactly after the
// app quits before and midway through its upload; unsent edits the cache cannot read back are kept
// as a copy. Edits insert unique tokens, so "nothing lost, nothing twice" is checked exactly
// (seeded; TANDEM_TEST_SEED replays).
#include "clientfixture.h"
#include "hubfixture.h"
#include "protocol/protocol.h"
#include "sanitizer.h"
#include "testseed.h"
#include "tokenedits.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace {

/** A hub, alice and bob online, and a note of alice's shared with bob (editor), open on both. */
/** A hub, and alice's app on a cache file of its own that can quit and start again, with a
 *  note of hers open and joined. */
struct Restartable
{
    HubFixture hub;
    QTemporaryDir dir;
    std::unique_ptr<ClientHarness> app;
    QString noteId;

    bool start()
    {
        if (!hub.start())
            return false;
        startApp();
        if (!app->connectAndWait())
            return false;
        noteId = app->client->createNote(QStringLiteral("Pasted"));
        if (!app->waitSynced())
            return false;
        NoteSession *session = app->client->openNote(noteId);
        return QTest::qWaitFor([&]() { return session->isJoined(); });
    }
    /** Quits the app (if running) and starts it again, offline, on the same cache. */
    void startApp()
    {
        app.reset();
        app = std::make_unique<ClientHarness>(hub.url(), hub.token(QStringLiteral("alice")),
                                              longTextClientSettings(),
                                              dir.filePath(QStringLiteral("alice.sqlite")));
    }
    NoteSession *session() const { return app->client->session(noteId); }
};

struct Duo
{
    HubFixture hub;
    std::unique_ptr<ClientHarness> alice;
    std::unique_ptr<ClientHarness> bob;
    QString noteId;

    bool start(const SyncClientSettings &settings = fastClientSettings())
    {
        if (!hub.start())
            return false;
        alice = std::make_unique<ClientHarness>(hub.url(), hub.token(QStringLiteral("alice")),
                                                settings);
        bob = std::make_unique<ClientHarness>(hub.url(), hub.token(QStringLiteral("bob")),
                                              settings);
        if (!alice->connectAndWait() || !bob->connectAndWait())
            return false;
        const QString id = alice->client->createNote(QStringLiteral("Shared"));
        if (!alice->waitSynced())
            return false;
        alice->client->share(id, QStringLiteral("bob"), QStringLiteral("editor"));
        if (!QTest::qWaitFor([&]() { return bob->store.note(id).has_value(); }, 5000))
            return false;
        noteId = id;
        alice->client->openNote(id);
        bob->client->openNote(id);
        return QTest::qWaitFor([&]() { return a()->isJoined() && b()->isJoined(); });
    }
    NoteSession *a() const { return alice->client->session(noteId); }
    NoteSession *b() const { return bob->client->session(noteId); }

    /** Empty when both are synced at one version with one text holding exactly the expected
     *  tokens, the same as the hub's; otherwise what differs. */
    QString convergedOn(const QSet<QString> &tokens)
    {
        if (!alice->waitSynced() || !bob->waitSynced())
            return QStringLiteral("not synced: %1 and %2 changes pending")
                    .arg(alice->client->pendingChanges())
                    .arg(bob->client->pendingChanges());
        if (!QTest::qWaitFor([&]() { return a()->version() == b()->version(); }))
            return QStringLiteral("versions %1 and %2").arg(a()->version()).arg(b()->version());
        if (a()->text() != b()->text())
            return QStringLiteral("texts differ");
        if (const QString wrong = checkTokens(a()->text(), tokens); !wrong.isEmpty())
            return wrong;
        if (contentOf(hub, QStringLiteral("alice"), noteId) != a()->text())
            return QStringLiteral("the hub's text differs");
        return {};
    }
};

} // namespace

class TestSyncClientEditing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoClientsTypingAtOnceConverge();
    void anInsertStartingWithAByteOrderMarkArrivesWhole();
    void fiveHundredOfflineEditsOnEachOfTwoClientsAllArrive();
    void aHubRestartWhileTwoClientsTypeLosesNothing();
    void aReconnectCatchesUpWithTheMissingOpsOnly();
    void remoteCursorsAreMovedThroughPendingLocalEdits();
    void aViewerCannotEdit();
    void editsTheHubRefusesAreKeptAsAConflictedCopy();
    void aPasteLargerThanAHubMessageArrivesInParts();
    void aPasteInPartsResumesAfterTheAppQuitsMidway();
    void unsentEditsTheCacheCannotReadBackAreKeptAsAConflictedCopy();
    void anEditPastTheNoteLimitIsRefusedAndChangesNothing();
    void theLongestNoteReachesAClientJoiningLater();
};

void TestSyncClientEditing::twoClientsTypingAtOnceConverge()
{
    Duo duo;
    QVERIFY(duo.start());
    const quint32 seed = testSeed();
    TokenWriter a(QStringLiteral("a"), seed), b(QStringLiteral("b"), seed + 1);
    NoteSession *as = duo.a();
    NoteSession *bs = duo.b();
    // Each client's editor text, kept only through the session's signals.
    QString aEditor = as->text(), bEditor = bs->text();
    connect(as, &NoteSession::remoteOp, this,
            [&](const TextOperation &op) { aEditor = op.apply(aEditor).value(); });
    connect(bs, &NoteSession::remoteOp, this,
            [&](const TextOperation &op) { bEditor = op.apply(bEditor).value(); });
    for (int i = 0; i < 300; ++i) {
        QVERIFY(a.edit(*as));
        aEditor = as->text();
        QVERIFY(b.edit(*bs));
        bEditor = bs->text();
        if (i % 7 == 0)
            QCoreApplication::processEvents();
    }
    QCOMPARE(duo.convergedOn(a.live() + b.live()), QString());
    QCOMPARE(aEditor, as->text());
    QCOMPARE(bEditor, bs->text());
}

void TestSyncClientEditing::anInsertStartingWithAByteOrderMarkArrivesWhole()
{
    // U+FEFF (a zero-width no-break space, or the byte order mark of a file pasted whole):
    // Qt 6.4's JSON parser drops it from the start of a string, so it must not be in one raw.
    Duo duo;
    QVERIFY(duo.start());
    const QString bom(QChar(0xFEFF));
    NoteSession *as = duo.a();
    QVERIFY(as->applyLocal(TextOperation().insert(bom + QStringLiteral("pasted from a file"))));
    QVERIFY(as->applyLocal(TextOperation().retain(as->text().size()).insert(bom)));
    NoteSession *bs = duo.b();
    QVERIFY(bs->applyLocal(TextOperation().insert(bom).retain(bs->text().size())));
    QCOMPARE(duo.convergedOn({}), QString());
    QCOMPARE(as->text().count(bom), 3);
    QCOMPARE(as->text().size(), 21);
}

void TestSyncClientEditing::fiveHundredOfflineEditsOnEachOfTwoClientsAllArrive()
{
    Duo duo;
    QVERIFY(duo.start());
    duo.alice->client->disconnectFromHub();
    duo.bob->client->disconnectFromHub();

    const quint32 seed = testSeed();
    TokenWriter a(QStringLiteral("a"), seed), b(QStringLiteral("b"), seed + 1);
    for (int i = 0; i < 500; ++i) {
        QVERIFY(a.edit(*duo.a()));
        QVERIFY(b.edit(*duo.b()));
    }
    QCOMPARE(duo.alice->client->pendingChanges(), 500);
    QCOMPARE(duo.bob->client->pendingChanges(), 500);

    duo.alice->client->connectToHub();
    duo.bob->client->connectToHub();
    QCOMPARE(duo.convergedOn(a.live() + b.live()), QString());
}

void TestSyncClientEditing::aHubRestartWhileTwoClientsTypeLosesNothing()
{
    Duo duo;
    QVERIFY(duo.start());
    const quint32 seed = testSeed();
    TokenWriter a(QStringLiteral("a"), seed), b(QStringLiteral("b"), seed + 1);
    NoteSession *as = duo.a();
    NoteSession *bs = duo.b();
    for (int round = 0; round < 4; ++round) {
        for (int i = 0; i < 60; ++i) {
            QVERIFY(a.edit(*as));
            QVERIFY(b.edit(*bs));
            QCoreApplication::processEvents();
            if (i == 30)
                duo.hub.stop(); // mid-burst: ops in flight, acks never sent
        }
        QVERIFY(duo.hub.restart());
    }
    QCOMPARE(duo.convergedOn(a.live() + b.live()), QString());
}

void TestSyncClientEditing::aReconnectCatchesUpWithTheMissingOpsOnly()
{
    Duo duo;
    QVERIFY(duo.start());
    NoteSession *bs = duo.b();
    duo.bob->client->disconnectFromHub();
    TokenWriter a(QStringLiteral("a"), testSeed());
    NoteSession *as = duo.a();
    const qint64 before = as->version();
    for (int i = 0; i < 50; ++i) {
        QVERIFY(a.edit(*as, 0));
        QVERIFY(duo.alice->waitSynced()); // one version each
    }
    QCOMPARE(as->version(), before + 50);

    QSignalSpy resets(bs, &NoteSession::textReset);
    QSignalSpy ops(bs, &NoteSession::remoteOp);
    duo.bob->client->connectToHub();
    QVERIFY(QTest::qWaitFor([&]() { return bs->version() == duo.a()->version(); }));
    QCOMPARE(ops.size(), 50);   // each missing version as an op
    QCOMPARE(resets.size(), 0); // never the whole text again
    QCOMPARE(bs->text(), duo.a()->text());
}

void TestSyncClientEditing::remoteCursorsAreMovedThroughPendingLocalEdits()
{
    Duo duo;
    QVERIFY(duo.start());
    NoteSession *as = duo.a();
    QVERIFY(as->replaceText(QStringLiteral("hello world")));
    QVERIFY(duo.alice->waitSynced());
    NoteSession *bs = duo.b();
    QVERIFY(QTest::qWaitFor([&]() { return bs->text() == QStringLiteral("hello world"); }));

    // bob's cursor at "world" (version v); alice then inserts before it without an ack yet.
    QSignalSpy presence(duo.alice->client.get(), &SyncClient::presenceUpdated);
    bs->setCursor({6, 11});
    QVERIFY(presence.wait());
    const QJsonObject cursor =
            presence.last().at(1).toJsonObject().value(QLatin1String("cursor")).toObject();
    QCOMPARE(cursor.value(QLatin1String("position")).toInt(), 11);
    duo.alice->client->disconnectFromHub(); // keep the local edit pending
    QVERIFY(as->applyLocal(TextOperation().insert(QStringLiteral(">> ")).retain(11)));
    const TextRange shown =
            as->remoteRange({qsizetype(cursor.value(QLatin1String("anchor")).toInt()),
                             qsizetype(cursor.value(QLatin1String("position")).toInt())},
                            qint64(cursor.value(QLatin1String("version")).toDouble()));
    QCOMPARE(shown, (TextRange{9, 14}));
    QCOMPARE(as->text().mid(shown.anchor, shown.head - shown.anchor), QStringLiteral("world"));
}

void TestSyncClientEditing::aViewerCannotEdit()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ClientHarness bob(hub.url(), hub.token(QStringLiteral("bob")));
    QVERIFY(alice.connectAndWait());
    QVERIFY(bob.connectAndWait());
    const QString noteId =
            alice.client->createNote(QStringLiteral("Read me"), QStringLiteral("text"));
    QVERIFY(alice.waitSynced());
    QVERIFY(alice.client->share(noteId, QStringLiteral("bob"), QStringLiteral("viewer")));
    QVERIFY(QTest::qWaitFor([&]() { return bob.store.note(noteId).has_value(); }));
    NoteSession *bs = bob.client->openNote(noteId);
    QVERIFY(bs);
    QVERIFY(QTest::qWaitFor(
            [&]() { return bs->isJoined() && bs->text() == QStringLiteral("text"); }));
    QVERIFY(bs->isReadOnly());
    QString why;
    QVERIFY(!bs->replaceText(QStringLiteral("changed"), &why));
    QVERIFY2(why.contains(QLatin1String("not edit")), qPrintable(why));
    QCOMPARE(bs->text(), QStringLiteral("text"));
    QCOMPARE(bob.client->pendingChanges(), 0);
}

void TestSyncClientEditing::aPasteLargerThanAHubMessageArrivesInParts()
{
    Duo duo;
    QVERIFY(duo.start(longTextClientSettings()));
    QVERIFY(duo.b()->replaceText(QStringLiteral("[bob]")));
    QVERIFY(duo.bob->waitSynced());
    QTRY_COMPARE(duo.a()->text(), QStringLiteral("[bob]"));
    int drops = 0;
    connect(duo.alice->client.get(), &SyncClient::stateChanged, this,
            [&]() { drops += duo.alice->client->state() != SyncClient::State::Online ? 1 : 0; });
    // 3 million CJK characters: 9 MB of UTF-8, over the hub's 8 MiB message limit. Sent as
    // one message, the hub closed the connection (1009) on every attempt and nothing of
    // alice's reached it again; now it goes in parts, and counts as one change till the last.
    const QString paste(3'000'000, QChar(0x4e2d));
    QVERIFY(duo.a()->applyLocal(TextOperation().insert(paste).retain(5)));
    QCOMPARE(duo.a()->pendingEdits(), 1);
    QVERIFY(duo.b()->applyLocal(TextOperation().retain(5).insert(QStringLiteral("[bob again]"))));
    QVERIFY(duo.alice->waitSynced(60'000 * TimingWindowScale));
    QVERIFY(duo.bob->waitSynced(60'000 * TimingWindowScale));
    QTRY_COMPARE_WITH_TIMEOUT(duo.b()->text().size(), paste.size() + 16,
                              30'000 * TimingWindowScale);
    QCOMPARE(duo.a()->text(), paste + QStringLiteral("[bob][bob again]"));
    QCOMPARE(duo.b()->text(), duo.a()->text());
    QCOMPARE(contentOf(duo.hub, QStringLiteral("alice"), duo.noteId), duo.a()->text());
    QCOMPARE(drops, 0);
    // In parts: a version each, none over what a hub accepts.
    QVERIFY(duo.a()->version() >= 1 + paste.size() / OtClient::DefaultMaxSentInsert);
}

void TestSyncClientEditing::aPasteInPartsResumesAfterTheAppQuitsMidway()
{
    // What waits of a paste is saved once, then only what happens to it (parts acknowledged,
    // keystrokes): read back after a quit, it must still be exactly the rest of the paste.
    Restartable alice;
    QVERIFY(alice.start());
    const QString id = alice.noteId;
    const auto typeAtEnd = [&](const QString &typed) {
        NoteSession *session = alice.session();
        for (QChar c : typed)
            QVERIFY(session->applyLocal(TextOperation().retain(session->text().size()).insert(c)));
    };
    // Offline: a paste in six parts (no two alike, so a part twice or out of order shows),
    // then keystrokes composed onto the rest of it while it waits.
    alice.app->client->disconnectFromHub();
    QString paste(6 * OtClient::DefaultMaxSentInsert - 1000, QChar());
    for (qsizetype i = 0; i < paste.size(); ++i)
        paste[i] = QChar(char16_t(u'a' + (i / 1000) % 26));
    QVERIFY(alice.session()->applyLocal(TextOperation().insert(paste)));
    typeAtEnd(QStringLiteral("[1]"));

    alice.startApp(); // quits with the whole paste waiting
    alice.app->client->openNote(id);
    typeAtEnd(QStringLiteral("[2]"));
    QCOMPARE(alice.app->text(id), paste + QStringLiteral("[1][2]"));
    // Quits again with two parts acknowledged and four waiting (the next may be on its way).
    NoteSession *session = alice.session();
    connect(
            session, &NoteSession::pendingEditsChanged, session,
            [&]() {
                if (session->version() == 2)
                    alice.app->client->disconnectFromHub();
            },
            Qt::QueuedConnection);
    QVERIFY(alice.app->connectAndWait());
    QTRY_VERIFY_WITH_TIMEOUT(alice.app->client->state() == SyncClient::State::Offline,
                             30'000 * TimingWindowScale);
    QCOMPARE(session->version(), 2);

    alice.startApp();
    alice.app->client->openNote(id);
    typeAtEnd(QStringLiteral("[3]"));
    QVERIFY(alice.app->connectAndWait());
    QVERIFY(alice.app->waitSynced(60'000 * TimingWindowScale));
    const QString expected = paste + QStringLiteral("[1][2][3]");
    QCOMPARE(alice.app->text(id), expected);
    QCOMPARE(contentOf(alice.hub, QStringLiteral("alice"), id), expected);
    QCOMPARE(alice.app->client->pendingChanges(), 0);
}

void TestSyncClientEditing::unsentEditsTheCacheCannotReadBackAreKeptAsAConflictedCopy()
{
    Restartable alice;
    QVERIFY(alice.start());
    const QString id = alice.noteId;
    NoteSession *session = alice.session();
    QVERIFY(session->replaceText(QStringLiteral("base")));
    QVERIFY(alice.app->waitSynced());
    // Offline: a paste in two parts, then a keystroke composed onto the rest of it.
    alice.app->client->disconnectFromHub();
    const QString paste(OtClient::DefaultMaxSentInsert + 100, QChar(u'p'));
    QVERIFY(session->applyLocal(TextOperation().retain(4).insert(paste)));
    QVERIFY(session->applyLocal(
            TextOperation().retain(4 + paste.size()).insert(QStringLiteral("!"))));
    const QString typed = QStringLiteral("base") + paste + QStringLiteral("!");
    alice.app.reset();
    // The keystroke's step no longer fits the rest it was made on (a bug, a cache edited by
    // hand): the unsent edits cannot be rebuilt.
    {
        QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("damage"));
        db.setDatabaseName(alice.dir.filePath(QStringLiteral("alice.sqlite")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE outbox_steps SET op = '[9999999,\"x\"]' "
                                      "WHERE part_units = 0")));
        QCOMPARE(q.numRowsAffected(), 1);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("damage"));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot be read back")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("out of step")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("local edits kept")));
    alice.startApp(); // its session for the note with unsent edits reads them
    QSignalSpy copied(alice.app->client.get(), &SyncClient::conflictCopied);
    // Nothing typed is lost: the text as it was on screen becomes a note of its own.
    QVERIFY(copied.wait(10'000));
    const QString copyId = copied.first().at(1).toString();
    QCOMPARE(alice.app->text(copyId), typed);
    QVERIFY(alice.app->connectAndWait());
    QVERIFY(alice.app->waitSynced(60'000 * TimingWindowScale));
    QCOMPARE(contentOf(alice.hub, QStringLiteral("alice"), copyId), typed);
    // The note itself starts again from the hub's text.
    QTRY_COMPARE(alice.app->text(id), QStringLiteral("base"));
    QCOMPARE(contentOf(alice.hub, QStringLiteral("alice"), id), QStringLiteral("base"));
}

void TestSyncClientEditing::anEditPastTheNoteLimitIsRefusedAndChangesNothing()
{
    Duo duo;
    QVERIFY(duo.start());
    QVERIFY(duo.a()->replaceText(QStringLiteral("keep me")));
    QVERIFY(duo.alice->waitSynced());
    // Refused here, with the reason, before anything is queued: the hub would refuse it too,
    // and a refusal there would leave a conflicted copy as large, refused in its turn.
    const QString tooLong(Protocol::MaxNoteUnits, QLatin1Char('x'));
    QString why;
    QVERIFY(!duo.a()->applyLocal(TextOperation().retain(7).insert(tooLong), &why));
    QVERIFY2(why.contains(QLatin1String("a note holds at most")), qPrintable(why));
    QCOMPARE(duo.a()->text(), QStringLiteral("keep me"));
    QCOMPARE(duo.a()->pendingEdits(), 0);
    QCOMPARE(duo.alice->client->pendingChanges(), 0);
    // Shortening is always allowed, and typing goes on.
    QVERIFY(duo.a()->applyLocal(TextOperation().retain(4).remove(3).insert(QStringLiteral("!"))));
    QVERIFY(duo.alice->waitSynced());
    QTRY_COMPARE(duo.b()->text(), QStringLiteral("keep!"));
}

void TestSyncClientEditing::theLongestNoteReachesAClientJoiningLater()
{
    // A note as long as a note can be, none of it ASCII: its text is ~30 MB of JSON, within
    // what a client accepts (a 64 MiB message) and what the hub queues for one connection
    // (32 MiB).
    // The new client fetches it in the background and opens it at once: the join waits for
    // the fetch and asks for the ops after it only. (It asked for the text twice, 63 MB
    // queued together, and the hub dropped it as too slow.)
    HubFixture hub;
    QVERIFY(hub.start());
    const SyncClientSettings settings = longTextClientSettings(testSeed());
    ClientHarness laptop(hub.url(), hub.token(QStringLiteral("alice")), settings);
    QVERIFY(laptop.connectAndWait());
    const QString longest(Protocol::MaxNoteUnits, QChar(0x4e2d));
    const QString noteId = laptop.client->createNote(QStringLiteral("Longest"), longest);
    // Under AddressSanitizer each of the 40 parts took ~3.4 s there: 35 were in at 120 s.
    QVERIFY(laptop.waitSynced(120'000 * TimingWindowScale));
    // The same person on another computer, with an empty cache.
    ClientHarness desktop(hub.url(), hub.token(QStringLiteral("alice")), settings);
    QVERIFY(desktop.connectAndWait());
    int drops = 0;
    connect(desktop.client.get(), &SyncClient::stateChanged, this,
            [&]() { drops += desktop.client->state() != SyncClient::State::Online ? 1 : 0; });
    QVERIFY(QTest::qWaitFor([&]() { return desktop.store.note(noteId).has_value(); },
                            60'000 * TimingWindowScale));
    NoteSession *session = desktop.client->openNote(noteId);
    QVERIFY(session);
    QVERIFY(QTest::qWaitFor([&]() { return session->isJoined(); }, 120'000 * TimingWindowScale));
    QVERIFY(session->text() == longest);
    QCOMPARE(drops, 0);
}

void TestSyncClientEditing::editsTheHubRefusesAreKeptAsAConflictedCopy()
{
    Duo duo;
    QVERIFY(duo.start());
    QVERIFY(duo.a()->replaceText(QStringLiteral("agenda")));
    QVERIFY(duo.alice->waitSynced());
    QVERIFY(QTest::qWaitFor(
            [&]() { return duo.bob->text(duo.noteId) == QStringLiteral("agenda"); }));

    // bob edits offline; meanwhile alice makes him a viewer. His edits cannot go in, and
    // they must not vanish either: they become a note of his own.
    duo.bob->client->disconnectFromHub();
    QVERIFY(duo.b()->replaceText(QStringLiteral("agenda + bob's ideas")));
    QVERIFY(duo.alice->client->share(duo.noteId, QStringLiteral("bob"), QStringLiteral("viewer")));
    QSignalSpy copied(duo.bob->client.get(), &SyncClient::conflictCopied);
    duo.bob->client->connectToHub();
    QVERIFY(copied.wait(10'000));
    QCOMPARE(copied.first().at(0).toString(), duo.noteId);
    const QString copyId = copied.first().at(1).toString();
    QVERIFY(duo.bob->waitSynced());
    QCOMPARE(duo.bob->store.note(copyId)->title, QStringLiteral("Shared (conflicted copy)"));
    QCOMPARE(contentOf(duo.hub, QStringLiteral("bob"), copyId),
             QStringLiteral("agenda + bob's ideas"));
    // The shared note itself is the duo.hub's, untouched, and bob's view of it is read-only.
    QVERIFY(QTest::qWaitFor(
            [&]() { return duo.bob->text(duo.noteId) == QStringLiteral("agenda"); }));
    QVERIFY(duo.b()->isReadOnly());
    QCOMPARE(contentOf(duo.hub, QStringLiteral("alice"), duo.noteId), QStringLiteral("agenda"));
}

QTEST_GUILESS_MAIN(TestSyncClientEditing)
#include "tst_syncclient_editing.moc"
