// SPDX-License-Identifier: GPL-3.0-or-later
// Live editing through SyncClient/NoteSession against a real hub: two clients typing at once
// converge; 500 offline edits on each of two clients all arrive; a hub restarted mid-typing
// loses nothing; a reconnect catches up with ops only; remote cursors follow local edits;
// viewers cannot edit. Edits insert unique tokens, so "nothing lost, nothing twice" is
// checked exactly (seeded; TANDEM_TEST_SEED replays).
#include "clientfixture.h"
#include "hubfixture.h"
#include "testseed.h"
#include "tokenedits.h"

class TestSyncClientEditing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoClientsTypingAtOnceConverge();
    void fiveHundredOfflineEditsOnEachOfTwoClientsAllArrive();
    void aHubRestartWhileTwoClientsTypeLosesNothing();
    void aReconnectCatchesUpWithTheMissingOpsOnly();
    void remoteCursorsAreMovedThroughPendingLocalEdits();
    void aViewerCannotEdit();
    void editsTheHubRefusesAreKeptAsAConflictedCopy();

private:
    /** The note's text as the hub has it (through a fresh protocol client). */
    static QString hubText(HubFixture &hub, const QString &user, const QString &noteId)
    {
        auto check = hub.client(user);
        return joinNote(*check, noteId)
                .value(QLatin1String("note"))
                .toObject()
                .value(QLatin1String("content"))
                .toString();
    }
    /** alice creates a note shared with bob (editor); both clients online with it open. */
    static QString sharedNote(HubFixture &hub, ClientHarness &alice, ClientHarness &bob)
    {
        if (!alice.connectAndWait() || !bob.connectAndWait())
            return {};
        const QString noteId = alice.client->createNote(QStringLiteral("Shared"));
        if (!alice.waitSynced())
            return {};
        QSignalSpy shared(bob.client.get(), &SyncClient::noteChanged);
        alice.client->share(noteId, QStringLiteral("bob"), QStringLiteral("editor"));
        if (!QTest::qWaitFor([&]() { return bob.store.note(noteId).has_value(); }, 5000))
            return {};
        alice.client->openNote(noteId);
        bob.client->openNote(noteId);
        if (!QTest::qWaitFor([&]() {
                return alice.client->session(noteId)->isJoined() &&
                        bob.client->session(noteId)->isJoined();
            }))
            return {};
        Q_UNUSED(hub);
        return noteId;
    }
};

void TestSyncClientEditing::twoClientsTypingAtOnceConverge()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ClientHarness bob(hub.url(), hub.token(QStringLiteral("bob")));
    const QString noteId = sharedNote(hub, alice, bob);
    QVERIFY(!noteId.isEmpty());
    const quint32 seed = testSeed();
    TokenWriter a(QStringLiteral("a"), seed), b(QStringLiteral("b"), seed + 1);
    NoteSession *as = alice.client->session(noteId);
    NoteSession *bs = bob.client->session(noteId);
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
    QVERIFY(alice.waitSynced());
    QVERIFY(bob.waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return as->version() == bs->version(); }));
    QCOMPARE(as->text(), bs->text());
    QCOMPARE(aEditor, as->text());
    QCOMPARE(bEditor, bs->text());
    QCOMPARE(checkTokens(as->text(), a.live() + b.live()), QString());
    QCOMPARE(hubText(hub, QStringLiteral("alice"), noteId), as->text());
}

void TestSyncClientEditing::fiveHundredOfflineEditsOnEachOfTwoClientsAllArrive()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ClientHarness bob(hub.url(), hub.token(QStringLiteral("bob")));
    const QString noteId = sharedNote(hub, alice, bob);
    QVERIFY(!noteId.isEmpty());
    alice.client->disconnectFromHub();
    bob.client->disconnectFromHub();

    const quint32 seed = testSeed();
    TokenWriter a(QStringLiteral("a"), seed), b(QStringLiteral("b"), seed + 1);
    for (int i = 0; i < 500; ++i) {
        QVERIFY(a.edit(*alice.client->session(noteId)));
        QVERIFY(b.edit(*bob.client->session(noteId)));
    }
    QCOMPARE(alice.client->pendingChanges(), 500);
    QCOMPARE(bob.client->pendingChanges(), 500);

    alice.client->connectToHub();
    bob.client->connectToHub();
    QVERIFY(alice.waitSynced());
    QVERIFY(bob.waitSynced());
    NoteSession *as = alice.client->session(noteId);
    NoteSession *bs = bob.client->session(noteId);
    QVERIFY(QTest::qWaitFor([&]() { return as->version() == bs->version(); }));
    QCOMPARE(as->text(), bs->text());
    QCOMPARE(checkTokens(as->text(), a.live() + b.live()), QString());
    QCOMPARE(hubText(hub, QStringLiteral("bob"), noteId), as->text());
}

void TestSyncClientEditing::aHubRestartWhileTwoClientsTypeLosesNothing()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ClientHarness bob(hub.url(), hub.token(QStringLiteral("bob")));
    const QString noteId = sharedNote(hub, alice, bob);
    QVERIFY(!noteId.isEmpty());
    const quint32 seed = testSeed();
    TokenWriter a(QStringLiteral("a"), seed), b(QStringLiteral("b"), seed + 1);
    NoteSession *as = alice.client->session(noteId);
    NoteSession *bs = bob.client->session(noteId);
    for (int round = 0; round < 4; ++round) {
        for (int i = 0; i < 60; ++i) {
            QVERIFY(a.edit(*as));
            QVERIFY(b.edit(*bs));
            QCoreApplication::processEvents();
            if (i == 30)
                hub.stop(); // mid-burst: ops in flight, acks never sent
        }
        QVERIFY(hub.restart());
    }
    QVERIFY(alice.waitSynced());
    QVERIFY(bob.waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return as->version() == bs->version(); }));
    QCOMPARE(as->text(), bs->text());
    QCOMPARE(checkTokens(as->text(), a.live() + b.live()), QString());
    QCOMPARE(hubText(hub, QStringLiteral("alice"), noteId), as->text());
}

void TestSyncClientEditing::aReconnectCatchesUpWithTheMissingOpsOnly()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ClientHarness bob(hub.url(), hub.token(QStringLiteral("bob")));
    const QString noteId = sharedNote(hub, alice, bob);
    QVERIFY(!noteId.isEmpty());
    NoteSession *bs = bob.client->session(noteId);
    bob.client->disconnectFromHub();
    TokenWriter a(QStringLiteral("a"), testSeed());
    NoteSession *as = alice.client->session(noteId);
    const qint64 before = as->version();
    for (int i = 0; i < 50; ++i) {
        QVERIFY(a.edit(*as, 0));
        QVERIFY(alice.waitSynced()); // one version each
    }
    QCOMPARE(as->version(), before + 50);

    QSignalSpy resets(bs, &NoteSession::textReset);
    QSignalSpy ops(bs, &NoteSession::remoteOp);
    bob.client->connectToHub();
    QVERIFY(QTest::qWaitFor(
            [&]() { return bs->version() == alice.client->session(noteId)->version(); }));
    QCOMPARE(ops.size(), 50);   // each missing version as an op
    QCOMPARE(resets.size(), 0); // never the whole text again
    QCOMPARE(bs->text(), alice.client->session(noteId)->text());
}

void TestSyncClientEditing::remoteCursorsAreMovedThroughPendingLocalEdits()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ClientHarness bob(hub.url(), hub.token(QStringLiteral("bob")));
    const QString noteId = sharedNote(hub, alice, bob);
    QVERIFY(!noteId.isEmpty());
    NoteSession *as = alice.client->session(noteId);
    QVERIFY(as->replaceText(QStringLiteral("hello world")));
    QVERIFY(alice.waitSynced());
    NoteSession *bs = bob.client->session(noteId);
    QVERIFY(QTest::qWaitFor([&]() { return bs->text() == QStringLiteral("hello world"); }));

    // bob's cursor at "world" (version v); alice then inserts before it without an ack yet.
    QSignalSpy presence(alice.client.get(), &SyncClient::presenceUpdated);
    bs->setCursor({6, 11});
    QVERIFY(presence.wait());
    const QJsonObject cursor =
            presence.last().at(1).toJsonObject().value(QLatin1String("cursor")).toObject();
    QCOMPARE(cursor.value(QLatin1String("position")).toInt(), 11);
    alice.client->disconnectFromHub(); // keep the local edit pending
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

void TestSyncClientEditing::editsTheHubRefusesAreKeptAsAConflictedCopy()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ClientHarness bob(hub.url(), hub.token(QStringLiteral("bob")));
    const QString noteId = sharedNote(hub, alice, bob);
    QVERIFY(!noteId.isEmpty());
    QVERIFY(alice.client->session(noteId)->replaceText(QStringLiteral("agenda")));
    QVERIFY(alice.waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return bob.text(noteId) == QStringLiteral("agenda"); }));

    // bob edits offline; meanwhile alice makes him a viewer. His edits cannot go in, and
    // they must not vanish either: they become a note of his own.
    bob.client->disconnectFromHub();
    QVERIFY(bob.client->session(noteId)->replaceText(QStringLiteral("agenda + bob's ideas")));
    QVERIFY(alice.client->share(noteId, QStringLiteral("bob"), QStringLiteral("viewer")));
    QSignalSpy copied(bob.client.get(), &SyncClient::conflictCopied);
    bob.client->connectToHub();
    QVERIFY(copied.wait(10'000));
    QCOMPARE(copied.first().at(0).toString(), noteId);
    const QString copyId = copied.first().at(1).toString();
    QVERIFY(bob.waitSynced());
    QCOMPARE(bob.store.note(copyId)->title, QStringLiteral("Shared (conflicted copy)"));
    QCOMPARE(hubText(hub, QStringLiteral("bob"), copyId), QStringLiteral("agenda + bob's ideas"));
    // The shared note itself is the hub's, untouched, and bob's view of it is read-only.
    QVERIFY(QTest::qWaitFor([&]() { return bob.text(noteId) == QStringLiteral("agenda"); }));
    QVERIFY(bob.client->session(noteId)->isReadOnly());
    QCOMPARE(hubText(hub, QStringLiteral("alice"), noteId), QStringLiteral("agenda"));
}

QTEST_GUILESS_MAIN(TestSyncClientEditing)
#include "tst_syncclient_editing.moc"
