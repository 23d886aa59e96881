// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionIndicator driven by a real SyncClient and hub through every state: the texts of
// seed 001's WebSocketStatus (Live, Connecting…, Reconnecting in N s (attempt n of m),
// Offline — n changes waiting, Sync failed — Reconnect, the last sync time), the dot's
// colour in real pixels, clicks, and the progress of a first sync of many notes.
// TANDEM_SCREENSHOT_DIR keeps the screenshots.
#include "clientfixture.h"
#include "connectionindicator.h"
#include "hubfixture.h"

#include <QDir>
#include <QRegularExpression>

class TestConnectionIndicator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheClientThroughEveryState();
    void aFailedSignInSaysSo();
    void theFirstSyncOfManyNotesShowsItsProgress();

private:
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
    SyncClientSettings settings = fastClientSettings();
    settings.reconnect.baseMs = 3000; // a countdown long enough to read
    settings.reconnect.capMs = 6000;
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), settings);
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
    QCOMPARE(indicator.text(), QStringLiteral("Sign-in needed — Reconnect"));
    QVERIFY(indicator.toolTip().contains(QLatin1String("Authentication failed")));
    checkDot(indicator, QStringLiteral("failed"), "#d1363b");
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

QTEST_MAIN(TestConnectionIndicator)
#include "tst_connectionindicator.moc"
