// SPDX-License-Identifier: GPL-3.0-or-later
// StatusPopup, the detailed status, with a real SyncClient and hub, on the rows whose
// wording depends on why the client stopped or when it last synced: a login refused at once
// is not shown as attempt 1 of 10 (no retry is coming) while a hub given up on shows every
// attempt it had, and one on the local network, tried without end, says so; a latency
// measured on a lost connection is said to be the last one; the last sync is said
// as the compact status says it (a time of day when it was today). (The popup opened from the
// window, its buttons and the rows following the client are in tst_mainwindow.)
#include "clientfixture.h"
#include "connectionindicator.h"
#include "hubfixture.h"
#include "statuspopup.h"

#include <QLocale>
#include <QPushButton>
#include <QTemporaryDir>

class TestStatusPopup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aLoginRefusedAtOnceIsNotShownAsRetrying();
    void aHubGivenUpOnShowsEveryAttempt();
    void aHubOnTheLocalNetworkShowsItsAttemptsWithoutAMaximum();
    void theLatencyOfALostConnectionIsSaidToBeThePastOne();
    void theLastSyncIsSaidAsTheCompactStatusSaysIt();
    void itStaysWhereItWasOpenedAsItsRowsGrow();
};

void TestStatusPopup::aLoginRefusedAtOnceIsNotShownAsRetrying()
{
    // Signed in, then the hub revokes the login: the dropped session's first reconnect is
    // refused, and that is where the client stops.
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    StatusPopup popup(alice.client.get());
    QVERIFY(alice.connectAndWait());
    QCOMPARE(popup.value(QStringLiteral("Attempts")), QStringLiteral("none"));
    hub.hub().revokeTokens(QStringLiteral("alice"));
    QTRY_COMPARE_WITH_TIMEOUT(alice.client->state(), SyncClient::State::Failed, 20'000);
    QVERIFY(alice.client->needsCredentials());
    QVERIFY(alice.client->attempt() >= 1);
    QCOMPARE(popup.value(QStringLiteral("Attempts")),
             QStringLiteral("not retried: see the last error"));
    QVERIFY2(popup.value(QStringLiteral("Last error")).contains(u"Authentication failed"),
             qPrintable(popup.value(QStringLiteral("Last error"))));
    QStringList buttons;
    for (const QPushButton *button : popup.findChildren<QPushButton *>())
        buttons << button->text();
    QVERIFY2(buttons.contains(QStringLiteral("&Sign In…")), qPrintable(buttons.join(u',')));
}

void TestStatusPopup::aHubGivenUpOnShowsEveryAttempt()
{
    HubFixture hub;
    QVERIFY(hub.start());
    SyncClientSettings settings = fastClientSettings();
    settings.reconnect.maxAttempts = 2;
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), settings);
    StatusPopup popup(alice.client.get());
    QVERIFY(alice.connectAndWait());
    hub.stop();
    QTRY_COMPARE_WITH_TIMEOUT(alice.client->state(), SyncClient::State::Failed, 20'000);
    QVERIFY(alice.client->isOutOfAttempts());
    QCOMPARE(popup.value(QStringLiteral("Attempts")), QStringLiteral("2 of 2"));
}

void TestStatusPopup::aHubOnTheLocalNetworkShowsItsAttemptsWithoutAMaximum()
{
    HubFixture hub;
    QVERIFY(hub.start());
    SyncClientSettings settings = fastClientSettings();
    settings.reconnect.localNetwork.reset(); // loopback: this machine
    settings.reconnect.maxAttempts = 2;
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")), settings);
    StatusPopup popup(alice.client.get());
    QVERIFY(alice.connectAndWait());
    hub.stop();
    QTRY_VERIFY_WITH_TIMEOUT(alice.client->attempt() >= 3, 20'000); // past the 2 of elsewhere
    QCOMPARE(alice.client->state(), SyncClient::State::Reconnecting);
    QVERIFY2(popup.value(QStringLiteral("Attempts"))
                     .endsWith(QLatin1String(", tried until the hub is back")),
             qPrintable(popup.value(QStringLiteral("Attempts"))));
}

void TestStatusPopup::theLatencyOfALostConnectionIsSaidToBeThePastOne()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    StatusPopup popup(alice.client.get());
    QVERIFY(alice.connectAndWait());
    QTRY_VERIFY(alice.client->latencyMs() >= 0);
    const QString measured = QStringLiteral("%1 ms").arg(alice.client->latencyMs());
    QCOMPARE(popup.value(QStringLiteral("Latency")), measured);
    hub.stop();
    QTRY_VERIFY(alice.client->state() != SyncClient::State::Online);
    QCOMPARE(popup.value(QStringLiteral("Latency")),
             measured + QStringLiteral(" when last connected"));
}

void TestStatusPopup::theLastSyncIsSaidAsTheCompactStatusSaysIt()
{
    // The caches of runs that last synced at 15:30 today and a week ago; the client starts
    // offline. The day's wording itself is tst_connectionindicator's.
    const QTime halfPastThree(15, 30);
    for (const int daysAgo : {0, 7}) {
        QTemporaryDir dir;
        const QString cache = dir.filePath(QStringLiteral("cache.sqlite"));
        const QDateTime lastSync(QDate::currentDate().addDays(-daysAgo), halfPastThree);
        QCOMPARE(writeCacheLastSyncedAt(cache, lastSync), QString());
        ClientHarness alice(QUrl(QStringLiteral("ws://127.0.0.1:9/v1")), QStringLiteral("alice"),
                            fastClientSettings(), cache);
        StatusPopup popup(alice.client.get());
        ConnectionIndicator indicator;
        indicator.setClient(alice.client.get());
        QCOMPARE(QStringLiteral("Offline · last sync ") + popup.value(QStringLiteral("Last sync")),
                 indicator.text());
    }
}

void TestStatusPopup::itStaysWhereItWasOpenedAsItsRowsGrow()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    StatusPopup popup(alice.client.get());
    const QPoint corner(700, 500);
    popup.showAt(corner);
    QVERIFY(QTest::qWaitForWindowExposed(&popup));
    QCOMPARE(popup.frameGeometry().bottomRight(), corner);
    const int height = popup.height();

    // A long error appears while it is open (the login revoked): taller, same corner.
    hub.hub().revokeTokens(QStringLiteral("alice"));
    QTRY_VERIFY_WITH_TIMEOUT(alice.client->needsCredentials(), 20'000);
    QTRY_VERIFY(popup.height() > height);
    QCOMPARE(popup.frameGeometry().bottomRight(), corner);
}

QTEST_MAIN(TestStatusPopup)
#include "tst_statuspopup.moc"
