// SPDX-License-Identifier: GPL-3.0-or-later
// The reconnect countdown ("Reconnecting in 3 s"): ConnectionSummary says when its text
// changes next, just past the end of the second it shows, and the status bar's indicator,
// the detailed popup and the tray icon's tooltip all refresh then, so side by side they never
// show different seconds (the first two used to tick on seconds of their own, started
// whenever they were made; the tooltip kept the number it had when the countdown began).
#include "clientfixture.h"
#include "connectionindicator.h"
#include "hubfixture.h"
#include "statuspopup.h"
#include "windowfixture.h"

#include <QSystemTrayIcon>

#include <QRegularExpression>

class TestReconnectCountdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theNextChangeIsJustPastTheSecondShown();
    void theStatusBarAndThePopupShowTheSameSecond();
    void theTrayToolTipShowsTheStatusBarsSecond();

private:
    /** Retries 3 to 6 s apart, long enough to watch a countdown. */
    static SyncClientSettings slowRetries()
    {
        SyncClientSettings settings = fastClientSettings();
        settings.reconnect.baseMs = 3000;
        settings.reconnect.capMs = settings.reconnect.localCapMs = 6000;
        return settings;
    }
    /** Calls look() a quarter of a second into three of the client's countdown's seconds;
     *  false if it had not after 30 s. */
    static bool lookIntoThreeSeconds(const SyncClient &client,
                                     const std::function<void(int expected)> &look)
    {
        int looks = 0;
        QElapsedTimer waited;
        waited.start();
        while (looks < 3 && waited.elapsed() < 30'000) {
            const qint64 left = QDateTime::currentDateTime().msecsTo(client.nextRetry());
            if (client.state() != SyncClient::State::Reconnecting || left < 1500) {
                QTest::qWait(50); // this attempt is too close: the next one's countdown
                continue;
            }
            QTest::qWait(int((left - 750) % 1000));
            const qint64 leftNow = QDateTime::currentDateTime().msecsTo(client.nextRetry());
            look(int((leftNow + 999) / 1000));
            if (QTest::currentTestFailed())
                return false;
            ++looks;
        }
        return looks == 3;
    }
    /** The N of "Reconnecting in N s", or -1. */
    static int secondsShown(const QString &text)
    {
        static const QRegularExpression countdown(QStringLiteral("^Reconnecting in (\\d+) s"));
        const QRegularExpressionMatch match = countdown.match(text);
        return match.hasMatch() ? match.captured(1).toInt() : -1;
    }
};

void TestReconnectCountdown::theNextChangeIsJustPastTheSecondShown()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), slowRetries());
    QCOMPARE(
            ConnectionSummary::msUntilCountdownChanges(*alice.client, QDateTime::currentDateTime()),
            -1); // offline: no countdown
    QVERIFY(alice.connectAndWait());
    hub.stop();
    QTRY_COMPARE_WITH_TIMEOUT(alice.client->state(), SyncClient::State::Reconnecting, 20'000);
    const QDateTime retry = alice.client->nextRetry();

    QCOMPARE(ConnectionSummary::msUntilCountdownChanges(*alice.client, retry.addMSecs(-2500)), 501);
    QCOMPARE(ConnectionSummary::msUntilCountdownChanges(*alice.client, retry.addMSecs(-2000)),
             1001);
    QCOMPARE(ConnectionSummary::msUntilCountdownChanges(*alice.client, retry.addMSecs(-1)), 2);
    QCOMPARE(ConnectionSummary::msUntilCountdownChanges(*alice.client, retry), 1000);

    // Checked against the text itself: unchanged until just before then, changed then.
    for (int left = 1; left <= 3000; left += 7) {
        const QDateTime now = retry.addMSecs(-left);
        const int next = ConnectionSummary::msUntilCountdownChanges(*alice.client, now);
        const int shown = secondsShown(ConnectionSummary::of(*alice.client, now).text);
        QVERIFY2(shown > 0, qPrintable(ConnectionSummary::of(*alice.client, now).text));
        QCOMPARE(secondsShown(ConnectionSummary::of(*alice.client, now.addMSecs(next - 2)).text),
                 shown);
        QCOMPARE(secondsShown(ConnectionSummary::of(*alice.client, now.addMSecs(next)).text),
                 shown - 1);
    }
}

void TestReconnectCountdown::theStatusBarAndThePopupShowTheSameSecond()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), slowRetries());
    ConnectionIndicator indicator;
    indicator.setClient(alice.client.get());
    QVERIFY(alice.connectAndWait());
    hub.stop();
    QTRY_COMPARE_WITH_TIMEOUT(alice.client->state(), SyncClient::State::Reconnecting, 20'000);
    QTest::qWait(370); // the popup opened a while after the countdown began
    StatusPopup popup(alice.client.get());

    QVERIFY(lookIntoThreeSeconds(*alice.client, [&](int expected) {
        QCOMPARE(secondsShown(indicator.text()), expected);
        QCOMPARE(secondsShown(popup.value(QStringLiteral("State"))), expected);
    }));
}

void TestReconnectCountdown::theTrayToolTipShowsTheStatusBarsSecond()
{
    // Bob signed in to Alice's hub, which she stops hosting: his Tandem counts down to its
    // next attempt.
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"), slowRetries());
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    alice.workspaces->local()->stopHosting();
    QTRY_COMPARE_WITH_TIMEOUT(bob.client()->state(), SyncClient::State::Reconnecting, 20'000);

    const QString prefix = QStringLiteral("Tandem — ");
    QVERIFY(lookIntoThreeSeconds(*bob.client(), [&](int expected) {
        QCOMPARE(secondsShown(bob.window->indicator()->text()), expected);
        QVERIFY2(bob.window->trayIcon()->toolTip().startsWith(prefix),
                 qPrintable(bob.window->trayIcon()->toolTip()));
        QCOMPARE(secondsShown(bob.window->trayIcon()->toolTip().mid(prefix.length())), expected);
    }));
}

QTEST_MAIN(TestReconnectCountdown)
#include "tst_reconnectcountdown.moc"
