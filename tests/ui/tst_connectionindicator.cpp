// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionIndicator driven by a real SyncClient and hub through every state: the texts of
// seed 001's WebSocketStatus (Live, Connecting…, Reconnecting in N s (attempt n of m), or
// (attempt n) for a hub on the local network, tried without a maximum,
// Offline — n changes waiting, Sync failed — n changes waiting — Reconnect, the last sync
// time, with its day when that is not today), the dot's
// colour in real pixels, clicks, the progress of a first sync of many notes, and a note whose
// copy on the hub is damaged (counted as not syncing, in red, with the hub's reason).
// TANDEM_SCREENSHOT_DIR keeps the screenshots.
#include "clientfixture.h"
#include "connectionindicator.h"
#include "hubdatabase.h"
#include "hubfixture.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>

class TestConnectionIndicator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheClientThroughEveryState();
    void aLastSyncFromAnEarlierRunSaysWhichDay();
    void aFailedSignInSaysSo();
    void aHubGivenUpOnStillShowsTheChangesWaiting();
    void aHubOnTheLocalNetworkCountsAttemptsWithoutAMaximum();
    void theFirstSyncOfManyNotesShowsItsProgress();
    void aNoteDamagedOnTheHubIsShownAsNotSyncingUntilRestored();
    void aDamagedNoteClosedWithNothingToSendIsNoLongerCounted();

private:
    /** Retries at least 3 s apart (a countdown long enough to read), to a hub taken as being
     *  elsewhere, or on this machine (loopback, as its address says). */
    static SyncClientSettings readableCountdown(bool onThisMachine)
    {
        SyncClientSettings settings = fastClientSettings();
        settings.reconnect.baseMs = 3000;
        settings.reconnect.capMs = settings.reconnect.localCapMs = 6000;
        if (onThisMachine)
            settings.reconnect.localNetwork.reset();
        return settings;
    }
    /** Alice's note "Plan", "xxxshort" at version 3 (created, then three ops). */
    static QString noteWithThreeOps(HubFixture &hub)
    {
        auto writer = hub.client(QStringLiteral("alice"));
        const QString noteId = createNote(*writer, QStringLiteral("Plan"), QStringLiteral("short"));
        joinNote(*writer, noteId);
        return insertOneByOne(*writer, noteId, 5, 3) ? noteId : QString();
    }
    /** Restarts the hub with the note's op 2 set aside, as a tool outside it might: the hub
     *  can no longer rebuild the note. */
    static bool damageOnHub(HubFixture &hub, const QString &noteId)
    {
        hub.stop();
        const QString where =
                QStringLiteral(" FROM ops WHERE note_id = '%1' AND version = 2").arg(noteId);
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("cannot be loaded")));
        return execOnHubDatabase(hub.dataDir(),
                                 {QStringLiteral("CREATE TABLE aside AS SELECT *") + where,
                                  QStringLiteral("DELETE") + where}) &&
                hub.start();
    }
    /** Restarts the hub with the op damageOnHub() set aside put back. */
    static bool restoreOnHub(HubFixture &hub)
    {
        hub.stop();
        return execOnHubDatabase(hub.dataDir(),
                                 {QStringLiteral("INSERT INTO ops SELECT * FROM aside"),
                                  QStringLiteral("DROP TABLE aside")}) &&
                hub.start();
    }
    /** The dot, first from the left and vertically centred, is painted in expected. */
    static void checkDot(ConnectionIndicator &indicator, const QString &name, const char *expected)
    {
        const QImage image = indicator.grab().toImage();
        const QColor pixel = image.pixelColor(4 + 5, image.height() / 2);
        QCOMPARE(pixel.name(), QString::fromLatin1(expected));
        if (const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR"); !dir.isEmpty())
            image.save(QDir(dir).filePath(QStringLiteral("indicator-%1.png").arg(name)));
    }
};

void TestConnectionIndicator::followsTheClientThroughEveryState()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), readableCountdown(false));
    ConnectionIndicator indicator;
    indicator.setClient(alice.client.get());
    indicator.resize(420, 24);
    indicator.show();
    QVERIFY(QTest::qWaitForWindowExposed(&indicator));

    QCOMPARE(indicator.text(), QStringLiteral("Offline"));
    checkDot(indicator, QStringLiteral("offline"), "#8a8f98");
    alice.client->createNote(QStringLiteral("Queued"));
    QCOMPARE(indicator.text(), QStringLiteral("Offline — 1 change waiting"));

    alice.client->connectToHub();
    QCOMPARE(indicator.text(), QStringLiteral("Connecting… — 1 change waiting"));
    checkDot(indicator, QStringLiteral("connecting"), "#d98e04");
    QVERIFY(alice.waitSynced());
    QVERIFY(QTest::qWaitFor([&]() { return indicator.text() == QStringLiteral("Live"); }));
    checkDot(indicator, QStringLiteral("live"), "#2e9e4f");

    hub.stop();
    QVERIFY(QTest::qWaitFor(
            [&]() { return alice.client->state() == SyncClient::State::Reconnecting; }));
    static const QRegularExpression reconnecting(
            QStringLiteral("^Reconnecting in [0-3] s \\(attempt 1 of 10\\) · last sync \\S+"));
    QVERIFY2(reconnecting.match(indicator.text()).hasMatch(), qPrintable(indicator.text()));
    QVERIFY(indicator.toolTip().contains(QLatin1String("1001")));
    checkDot(indicator, QStringLiteral("reconnecting"), "#d98e04");

    alice.client->disconnectFromHub();
    QVERIFY2(indicator.text().startsWith(QStringLiteral("Offline · last sync ")),
             qPrintable(indicator.text()));

    QSignalSpy clicks(&indicator, &ConnectionIndicator::clicked);
    QTest::mouseClick(&indicator, Qt::LeftButton);
    QCOMPARE(clicks.size(), 1);
}

void TestConnectionIndicator::aLastSyncFromAnEarlierRunSaysWhichDay()
{
    // The cache of a run that last synced at 15:30 on some day; Tandem starts offline later.
    const auto startedAfter = [](const QDateTime &lastSync) -> QString {
        QTemporaryDir dir;
        const QString cache = dir.filePath(QStringLiteral("cache.sqlite"));
        if (const QString error = writeCacheLastSyncedAt(cache, lastSync); !error.isEmpty())
            return error;
        ClientHarness alice(QUrl(QStringLiteral("ws://127.0.0.1:9/v1")), QStringLiteral("alice"),
                            fastClientSettings(), cache);
        ConnectionIndicator indicator;
        indicator.setClient(alice.client.get());
        return indicator.text();
    };
    const QTime halfPastThree(15, 30);
    const QString time = QLocale().toString(halfPastThree, QLocale::ShortFormat);
    const QDate today = QDate::currentDate();
    QCOMPARE(startedAfter(QDateTime(today, halfPastThree)),
             QStringLiteral("Offline · last sync ") + time);
    QCOMPARE(startedAfter(QDateTime(today.addDays(-1), halfPastThree)),
             QStringLiteral("Offline · last sync yesterday ") + time);
    const QDateTime lastWeek(today.addDays(-7), halfPastThree);
    QCOMPARE(startedAfter(lastWeek),
             QStringLiteral("Offline · last sync ") +
                     QLocale().toString(lastWeek, QLocale::ShortFormat));
}

void TestConnectionIndicator::aFailedSignInSaysSo()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), QStringLiteral("bad token"));
    ConnectionIndicator indicator;
    indicator.setClient(alice.client.get());
    indicator.resize(420, 24);
    indicator.show();
    alice.client->connectToHub();
    QVERIFY(QTest::qWaitFor([&]() { return alice.client->state() == SyncClient::State::Failed; }));
    QCOMPARE(indicator.text(), QStringLiteral("Sign-in needed — Sign In"));
    QVERIFY(indicator.toolTip().contains(QLatin1String("Authentication failed")));
    checkDot(indicator, QStringLiteral("failed"), "#d1363b");
}

void TestConnectionIndicator::aHubGivenUpOnStillShowsTheChangesWaiting()
{
    HubFixture hub;
    QVERIFY(hub.start());
    SyncClientSettings settings = fastClientSettings();
    settings.reconnect.maxAttempts = 2;
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), settings);
    ConnectionIndicator indicator;
    indicator.setClient(alice.client.get());
    indicator.resize(520, 24);
    indicator.show();
    QVERIFY(alice.connectAndWait());
    const QString noteId = alice.client->createNote(QStringLiteral("Plans"), QStringLiteral("a"));
    QVERIFY(alice.client->openNote(noteId));
    QVERIFY(alice.waitSynced());

    hub.stop();
    QVERIFY(alice.client->session(noteId)->replaceText(QStringLiteral("ab")));
    QVERIFY(QTest::qWaitFor([&]() { return alice.client->state() == SyncClient::State::Failed; }));
    static const QRegularExpression failed(
            QStringLiteral("^Sync failed — 1 change waiting — Reconnect · last sync \\S+$"));
    QVERIFY2(failed.match(indicator.text()).hasMatch(), qPrintable(indicator.text()));
    checkDot(indicator, QStringLiteral("failed-waiting"), "#d1363b");
}

void TestConnectionIndicator::aHubOnTheLocalNetworkCountsAttemptsWithoutAMaximum()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), readableCountdown(true));
    ConnectionIndicator indicator;
    indicator.setClient(alice.client.get());
    indicator.resize(420, 24);
    QVERIFY(alice.connectAndWait());
    hub.stop();
    QVERIFY(QTest::qWaitFor(
            [&]() { return alice.client->state() == SyncClient::State::Reconnecting; }));
    static const QRegularExpression reconnecting(
            QStringLiteral("^Reconnecting in [0-3] s \\(attempt 1\\) · last sync \\S+$"));
    QVERIFY2(reconnecting.match(indicator.text()).hasMatch(), qPrintable(indicator.text()));
}

void TestConnectionIndicator::theFirstSyncOfManyNotesShowsItsProgress()
{
    HubFixture hub;
    QVERIFY(hub.start());
    {
        auto raw = hub.client(QStringLiteral("alice"));
        for (int i = 0; i < 30; ++i)
            QVERIFY(!createNote(*raw, QStringLiteral("N%1").arg(i), QStringLiteral("text"))
                             .isEmpty());
    }
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ConnectionIndicator indicator;
    indicator.setClient(alice.client.get());
    QStringList seen;
    connect(alice.client.get(), &SyncClient::syncProgressChanged, &indicator,
            [&]() { seen << indicator.text(); });
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    QTRY_COMPARE(indicator.text(), QStringLiteral("Live"));
    QVERIFY2(seen.contains(QStringLiteral("Live — syncing notes, 0 of 30")),
             qPrintable(seen.join(u'|')));
    QVERIFY2(std::any_of(seen.cbegin(), seen.cend(),
                         [](const QString &t) {
                             return t == QStringLiteral("Live — syncing notes, 20 of 30");
                         }),
             qPrintable(seen.join(u'|')));
}

void TestConnectionIndicator::aNoteDamagedOnTheHubIsShownAsNotSyncingUntilRestored()
{
    HubFixture hub;
    QVERIFY(hub.start());
    const QString noteId = noteWithThreeOps(hub);
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ConnectionIndicator indicator;
    indicator.setClient(alice.client.get());
    indicator.resize(420, 24);
    indicator.show();
    QVERIFY(QTest::qWaitForWindowExposed(&indicator));
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced()); // the note listed and fetched
    NoteSession *session = alice.client->openNote(noteId);
    QVERIFY(session);
    QVERIFY(alice.waitSynced());
    QCOMPARE(session->text(), QStringLiteral("xxxshort"));

    QVERIFY(damageOnHub(hub, noteId));
    QTRY_COMPARE(indicator.text(), QStringLiteral("Live — 1 note not syncing"));
    checkDot(indicator, QStringLiteral("note-not-syncing"), "#d1363b");
    QVERIFY2(indicator.toolTip().contains(QStringLiteral("“Plan” is not syncing: the hub's copy of "
                                                         "this note is damaged")),
             qPrintable(indicator.toolTip()));

    // An edit made meanwhile waits here, and is counted as waiting, not as being sent.
    QVERIFY(session->replaceText(QStringLiteral("xxxshort, kept")));
    QCOMPARE(indicator.text(), QStringLiteral("Live — 1 note not syncing — 1 change waiting"));
    // Closed with that edit unsent, the note is still followed, and still counted.
    alice.client->closeNote(noteId);
    QCOMPARE(indicator.text(), QStringLiteral("Live — 1 note not syncing — 1 change waiting"));

    // The operator restores the row and restarts the hub: the edit goes, all is live again.
    QVERIFY(restoreOnHub(hub));
    QVERIFY(alice.waitSynced());
    QTRY_COMPARE(indicator.text(), QStringLiteral("Live"));
    checkDot(indicator, QStringLiteral("live-again"), "#2e9e4f");
    QCOMPARE(contentOf(hub, QStringLiteral("alice"), noteId), QStringLiteral("xxxshort, kept"));
}

void TestConnectionIndicator::aDamagedNoteClosedWithNothingToSendIsNoLongerCounted()
{
    HubFixture hub;
    QVERIFY(hub.start());
    const QString noteId = noteWithThreeOps(hub);
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    ConnectionIndicator indicator;
    indicator.setClient(alice.client.get());
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    QVERIFY(alice.client->openNote(noteId));
    QVERIFY(alice.waitSynced());
    QVERIFY(damageOnHub(hub, noteId));
    QTRY_COMPARE(indicator.text(), QStringLiteral("Live — 1 note not syncing"));
    QCOMPARE(alice.client->notesNotSyncing().keys(), QStringList{noteId});

    // Nothing of it to send: closed, it is no longer followed, so no longer counted.
    alice.client->closeNote(noteId);
    QCOMPARE(indicator.text(), QStringLiteral("Live"));
    QVERIFY(alice.client->notesNotSyncing().isEmpty());
    QVERIFY(alice.client->session(noteId) == nullptr);
    // Opened again, the hub tells again.
    alice.client->openNote(noteId);
    QTRY_COMPARE(indicator.text(), QStringLiteral("Live — 1 note not syncing"));
}

QTEST_MAIN(TestConnectionIndicator)
#include "tst_connectionindicator.moc"
