// SPDX-License-Identifier: GPL-3.0-or-later
// Reaching a hub the wrong way is said at once, with how to do it right: a plain request to a
// hub serving TLS is answered 426 (not a TLS handshake failing in silence), a TLS hello to a
// plain hub is answered at once (not at the request head's deadline), and the desktop client
// turns both, and an address with no hub behind it, into an error that says what to do,
// without retrying what cannot work. A hub refusing for now (429) is still retried.
#include "clientfixture.h"
#include "hubfixture.h"

#include <QSslSocket>
#include <QTcpSocket>

namespace {

HubConfig config(bool tls, int headerTimeoutMs = 60'000)
{
    HubConfig config;
    config.tls = tls;
    config.listener.headerTimeoutMs = headerTimeoutMs;
    return config;
}

/** A client that would retry a lost connection only after seconds, so a test sees whether it
 *  gave up or waits to retry. */
SyncClientSettings slowRetries()
{
    SyncClientSettings settings = fastClientSettings();
    settings.reconnect.baseMs = 3000;
    settings.reconnect.capMs = 3000;
    return settings;
}

/** What a client connecting to url gives up with at once; empty if it did not give up. */
QString errorGivenUpWith(HubFixture &hub, const QUrl &url)
{
    ClientHarness alice(url, hub.token(QStringLiteral("alice")), slowRetries());
    alice.client->connectToHub();
    if (!QTest::qWaitFor([&]() { return alice.client->state() == SyncClient::State::Failed; },
                         5000))
        return {};
    return alice.client->lastError();
}

} // namespace

class TestTransportMismatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aPlainRequestToATlsHubIsAnswered426();
    void aSilentConnectionToATlsHubIsClosedAtTheDeadline();
    void aTlsHelloToAPlainHubIsAnsweredAtOnce();
    void aWsAddressOfATlsHubFailsAtOnceSayingHowToJoin();
    void aWssAddressOfAPlainHubFailsAtOnceSayingItHasNoTls();
    void anAddressWithNoHubFailsSayingSo();
    void aHubRefusingForNowIsRetried();
};

void TestTransportMismatch::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend here");
}

void TestTransportMismatch::aPlainRequestToATlsHubIsAnswered426()
{
    HubFixture hub(config(true));
    QVERIFY(hub.start());
    const HttpReply answer =
            httpExchange(hub.hub().port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(answer.status, QByteArray("HTTP/1.1 426 Upgrade Required"));
    // RFC 9110 15.5.22: a 426 names the protocol to switch to.
    QVERIFY2(answer.head.contains("\r\nUpgrade: TLS/1.2, HTTP/1.1"), answer.head.constData());
    QCOMPARE(answer.json().value(QLatin1String("error")),
             QJsonValue(QStringLiteral("this hub takes only secure connections: wss:// and "
                                       "https://")));
    QCOMPARE(hub.hub().connectionCount(), 0);
}

void TestTransportMismatch::aSilentConnectionToATlsHubIsClosedAtTheDeadline()
{
    // Slowloris on the TLS port: neither a handshake nor a plain request ever comes.
    HubFixture hub(config(true, 300));
    QVERIFY(hub.start());
    QTcpSocket silent;
    silent.connectToHost(QStringLiteral("127.0.0.1"), hub.hub().port());
    QVERIFY(silent.waitForConnected(5000));
    QVERIFY(QTest::qWaitFor([&]() { return silent.state() == QAbstractSocket::UnconnectedState; },
                            5000));
}

void TestTransportMismatch::aTlsHelloToAPlainHubIsAnsweredAtOnce()
{
    // The head's deadline is a minute: an answer within seconds is the hub seeing the hello.
    HubFixture hub(config(false));
    QVERIFY(hub.start());
    QSslSocket tls;
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
    connect(&tls, &QSslSocket::errorOccurred, this,
            [&](QAbstractSocket::SocketError e) { error = e; });
    tls.connectToHostEncrypted(QStringLiteral("127.0.0.1"), hub.hub().port());
    QVERIFY(QTest::qWaitFor([&]() { return error != QAbstractSocket::UnknownSocketError; }, 5000));
    QCOMPARE(error, QAbstractSocket::SslHandshakeFailedError);
    QVERIFY(!tls.isEncrypted());
}

void TestTransportMismatch::aWsAddressOfATlsHubFailsAtOnceSayingHowToJoin()
{
    HubFixture hub(config(true));
    QVERIFY(hub.start());
    QUrl plain = hub.url();
    plain.setScheme(QStringLiteral("ws"));
    const QString error = errorGivenUpWith(hub, plain);
    QVERIFY2(error.contains(QLatin1String("only secure connections")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("tandems://")), qPrintable(error));
    QCOMPARE(hub.hub().connectedUsers(), QStringList());
}

void TestTransportMismatch::aWssAddressOfAPlainHubFailsAtOnceSayingItHasNoTls()
{
    HubFixture hub(config(false));
    QVERIFY(hub.start());
    QUrl secure = hub.url();
    secure.setScheme(QStringLiteral("wss"));
    const QString error = errorGivenUpWith(hub, secure);
    QVERIFY2(error.contains(QLatin1String("No secure connection")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("ws://")), qPrintable(error));
}

void TestTransportMismatch::anAddressWithNoHubFailsSayingSo()
{
    HubFixture hub(config(false));
    QVERIFY(hub.start());
    QUrl elsewhere = hub.url();
    elsewhere.setPath(QStringLiteral("/nowhere"));
    const QString error = errorGivenUpWith(hub, elsewhere);
    QVERIFY2(error.contains(QLatin1String("No Tandem hub answers at")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("HTTP 404")), qPrintable(error));
}

void TestTransportMismatch::aHubRefusingForNowIsRetried()
{
    HubConfig capped = config(false);
    capped.listener.maxConnectionsPerAddress = 1;
    HubFixture hub(capped);
    QVERIFY(hub.start());
    auto holder = std::make_unique<QTcpSocket>();
    holder->connectToHost(QStringLiteral("127.0.0.1"), hub.hub().port());
    QVERIFY(holder->waitForConnected(5000));
    QTest::qWait(100); // the hub has counted it

    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    alice.client->connectToHub();
    QVERIFY(QTest::qWaitFor(
            [&]() { return alice.client->state() == SyncClient::State::Reconnecting; }, 5000));
    QVERIFY2(alice.client->lastError().contains(QLatin1String("HTTP 429")),
             qPrintable(alice.client->lastError()));
    holder.reset();
    QVERIFY(alice.waitOnline());
}

QTEST_GUILESS_MAIN(TestTransportMismatch)
#include "tst_transport_mismatch.moc"
