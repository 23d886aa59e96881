// SPDX-License-Identifier: GPL-3.0-or-later
// Every hub limit, enforced against real sockets: an oversized frame closes with 1009 and
// the hub's memory stays flat; bad messages get errors and repeated abuse closes; message
// rate, per-address connections, request heads (size, slowloris), origins, clients that do not
// read their answers (held back, then dropped as silent) and readers that fall behind on
// broadcasts (dropped as too slow).
#include "hubfixture.h"
#include "processmemory.h"
#include "rawwebsocket.h"

#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpSocket>

namespace {

QByteArray httpStatus(quint16 port, const QByteArray &request, int timeoutMs = 5000)
{
    return httpExchange(port, request, timeoutMs).status;
}

} // namespace

class TestHubLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void frameDeclaring1GiBClosesWith1009AndMemoryStaysFlat();
    void oversizedMessageAfterAuthClosesWith1009();
    void malformedMessagesGetErrorsThenAbuseCloses();
    void messageRateIsLimited();
    void connectionsPerAddressAreCapped();
    void slowRequestHeadTimesOut();
    void hugeRequestHeadIsRefused();
    void unknownEndpointIsRefused();
    void originAllowlist();
    void aClientNotReadingItsAnswersIsHeldBackThenDroppedAsSilent();
    void aReaderFallingBehindOnBroadcastsIsDropped_data();
    void aReaderFallingBehindOnBroadcastsIsDropped();
};

void TestHubLimits::frameDeclaring1GiBClosesWith1009AndMemoryStaysFlat()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    const qint64 before = rssKiB();
    RawWebSocket raw;
    QVERIFY(raw.handshake(fixture.hub().port()));
    RawFrameOptions declared;
    declared.declared = qint64(1) << 30;
    raw.socket().write(RawWebSocket::frame(RawWebSocket::Text, {}, declared));
    // Stream 32 MiB of "payload": none of it may pile up in the hub.
    const QByteArray chunk(1 << 20, 'a');
    for (int i = 0; i < 32 && raw.socket().state() == QAbstractSocket::ConnectedState; ++i) {
        raw.socket().write(chunk);
        // The hub runs on this thread: let the event loop turn while the bytes drain.
        (void)QTest::qWaitFor(
                [&]() {
                    return raw.socket().bytesToWrite() == 0 ||
                            raw.socket().state() != QAbstractSocket::ConnectedState;
                },
                2000);
    }
    QCOMPARE(raw.waitForClose(), int(QWebSocketProtocol::CloseCodeTooMuchData));
    const qint64 growthMiB = (rssKiB() - before) / 1024;
    qInfo("RSS growth while a client streamed a 1 GiB frame: %lld MiB", qlonglong(growthMiB));
    QVERIFY2(!MemoryBudgetsApply || growthMiB < 20,
             qPrintable(QStringLiteral("the hub grew by %1 MiB").arg(growthMiB)));
}

void TestHubLimits::oversizedMessageAfterAuthClosesWith1009()
{
    HubConfig config;
    config.maxMessageBytes = 256 * 1024;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto client = fixture.client(QStringLiteral("alice"));
    client->send(msg(
            QStringLiteral("note_created"),
            {{QStringLiteral("noteData"),
              QJsonObject{{QStringLiteral("title"), QStringLiteral("big")},
                          {QStringLiteral("content"), QString(300 * 1024, QLatin1Char('x'))}}}}));
    QVERIFY(client->waitForDisconnected());
    QCOMPARE(client->socket().closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    // Under the limit is fine.
    auto other = fixture.client(QStringLiteral("alice"));
    QVERIFY(!createNote(*other, QStringLiteral("ok"), QString(200 * 1024, QLatin1Char('x')))
                     .isEmpty());
}

void TestHubLimits::malformedMessagesGetErrorsThenAbuseCloses()
{
    HubConfig config;
    config.maxStrikes = 5;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto client = fixture.client(QStringLiteral("alice"));
    const QList<QPair<QString, QString>> cases = {
            {QStringLiteral("{not json"), QStringLiteral("malformed_json")},
            {QStringLiteral("[1,2,3]"), QStringLiteral("malformed_json")},
            {QStringLiteral(R"({"no":"type"})"), QStringLiteral("bad_request")},
            {QStringLiteral(R"({"type":"launch_missiles"})"), QStringLiteral("unknown_type")},
            {QStringLiteral(R"({"type":"join_note","noteId":42})"), QStringLiteral("bad_request")},
    };
    for (const auto &[text, code] : cases) {
        client->sendRaw(text);
        const QJsonObject error = client->next(QStringLiteral("error"));
        QCOMPARE(error.value(QLatin1String("code")).toString(), code);
        QVERIFY(!error.value(QLatin1String("message")).toString().isEmpty());
    }
    client->socket().sendBinaryMessage("\x01\x02");
    QCOMPARE(client->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("bad_request"));
    // The sixth bad message was one too many.
    QVERIFY(client->waitForDisconnected());
    QCOMPARE(client->socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
}

void TestHubLimits::messageRateIsLimited()
{
    HubConfig config;
    config.messagesPerSecond = 10;
    config.messageBurst = 10;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto client = fixture.client(QStringLiteral("alice"));
    for (int i = 0; i < 15; ++i)
        client->send(msg(QStringLiteral("ping")));
    QCOMPARE(client->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("rate_limited"));
    int pongs = 0;
    while (!client->next(QStringLiteral("pong"), 300).isEmpty())
        ++pongs;
    QVERIFY2(pongs >= 9 && pongs <= 11, qPrintable(QString::number(pongs)));
}

void TestHubLimits::connectionsPerAddressAreCapped()
{
    HubConfig config;
    config.listener.maxConnectionsPerAddress = 2;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    HubTestClient one, two, three;
    QVERIFY(one.connectTo(fixture.url()));
    QVERIFY(two.connectTo(fixture.url()));
    QVERIFY(!three.connectTo(fixture.url()));
    QCOMPARE(httpStatus(fixture.hub().port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
             QByteArray("HTTP/1.1 429 Too Many Requests"));
    one.socket().close();
    QVERIFY(one.waitForDisconnected());
    QTRY_COMPARE(httpStatus(fixture.hub().port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
                 QByteArray("HTTP/1.1 200 OK"));
}

void TestHubLimits::slowRequestHeadTimesOut()
{
    HubConfig config;
    config.listener.headerTimeoutMs = 300;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    // Slowloris: a head that never ends.
    QCOMPARE(httpStatus(fixture.hub().port(), "GET /healthz HTTP/1.1\r\nX-Slow: 1\r\n", 5000),
             QByteArray("HTTP/1.1 408 Request Timeout"));
}

void TestHubLimits::hugeRequestHeadIsRefused()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    const QByteArray huge =
            "GET /healthz HTTP/1.1\r\nX-Big: " + QByteArray(1 << 20, 'a') + "\r\n\r\n";
    QCOMPARE(httpStatus(fixture.hub().port(), huge),
             QByteArray("HTTP/1.1 431 Request Header Fields Too Large"));
}

void TestHubLimits::unknownEndpointIsRefused()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    QUrl url = fixture.url();
    url.setPath(QStringLiteral("/nowhere"));
    HubTestClient client;
    client.socket().open(url);
    QVERIFY(client.waitForDisconnected());
    QVERIFY(client.pending().isEmpty());
}

void TestHubLimits::originAllowlist()
{
    HubConfig config;
    config.allowedOrigins = {QStringLiteral("https://notes.example")};
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    RawWebSocket evil;
    QVERIFY(evil.connectTo(fixture.hub().port()));
    evil.write(RawWebSocket::upgradeRequest("/v1", "Origin: https://evil.example\r\n"));
    QCOMPARE(RawWebSocket::statusOf(evil.readResponseHead()), 403);
    RawWebSocket good;
    QVERIFY(good.handshake(fixture.hub().port(), "Origin: https://notes.example\r\n"));
    const std::optional<RawWebSocket::Frame> greeting = good.nextFrame();
    QVERIFY(greeting && greeting->payload.contains("connection_established"));
    // Native clients send no Origin and are always let in.
    HubTestClient native;
    QVERIFY(native.connectTo(fixture.url()));
}

namespace {
/** A raw client of user that has sent what it sends and then reads nothing at all. */
std::unique_ptr<RawWebSocket> deafClient(HubFixture &fixture, const QString &user,
                                         const QList<QByteArray> &messages)
{
    auto raw = std::make_unique<RawWebSocket>();
    if (!raw->handshake(fixture.hub().port(), fixture.bearerHeader(user)))
        return {};
    raw->stopReading();
    for (const QByteArray &message : messages)
        raw->socket().write(RawWebSocket::frame(RawWebSocket::Text, message));
    raw->socket().flush();
    return raw;
}

/** deafClient() over TLS, to a hub serving wss:// (its certificate taken as it is). */
std::unique_ptr<QSslSocket> deafTlsClient(HubFixture &fixture, const QString &user,
                                          const QList<QByteArray> &messages)
{
    auto socket = std::make_unique<QSslSocket>();
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), fixture.hub().port());
    // The hub runs on this thread: wait by turning the event loop, never by blocking.
    if (!QTest::qWaitFor([&]() { return socket->isEncrypted(); }, 10'000))
        return {};
    socket->write(RawWebSocket::upgradeRequest("/v1", fixture.bearerHeader(user)));
    QByteArray head;
    if (!QTest::qWaitFor(
                [&]() {
                    head += socket->readAll();
                    return head.contains("\r\n\r\n");
                },
                10'000) ||
        RawWebSocket::statusOf(head) != 101)
        return {};
    socket->setReadBufferSize(1);
    for (const QByteArray &message : messages)
        socket->write(RawWebSocket::frame(RawWebSocket::Text, message));
    return socket;
}

QString incompressibleText(int size)
{
    QString text;
    text.reserve(size);
    for (int i = 0; i < size; ++i)
        text += QChar(u'a' + QRandomGenerator::global()->bounded(26));
    return text;
}
} // namespace

void TestHubLimits::aClientNotReadingItsAnswersIsHeldBackThenDroppedAsSilent()
{
    HubConfig config;
    config.maxUnsentBytes = 256 * 1024;
    config.heartbeatIntervalMs = 1000;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto owner = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*owner, QStringLiteral("big"), incompressibleText(500'000));
    const qint64 before = rssKiB();
    // Asks for the 500 KB note 60 times and never reads a byte: answered all, that would be
    // 30 MB held for it. The hub answers while less than a quarter of the limit waits, then
    // leaves the rest of the requests unread.
    const QByteArray join = R"({"type":"join_note","noteId":")" + noteId.toLatin1() + R"("})";
    const auto reader = deafClient(fixture, QStringLiteral("alice"), QList<QByteArray>(60, join));
    QVERIFY(reader);
    QTest::qWait(1500);
    QCOMPARE(fixture.hub().connectionCount(), 2);
    const qint64 growthMiB = (rssKiB() - before) / 1024;
    qInfo("RSS growth with 60 requests for 500 KB not read: %lld MiB", qlonglong(growthMiB));
    QVERIFY2(!MemoryBudgetsApply || growthMiB < 10,
             qPrintable(QStringLiteral("the hub grew by %1 MiB").arg(growthMiB)));
    // Nothing moves and no pong comes: two heartbeats later it is dropped.
    QVERIFY(QTest::qWaitFor([&]() { return fixture.hub().connectionCount() == 1; }, 15000));
}

void TestHubLimits::aReaderFallingBehindOnBroadcastsIsDropped_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("ws") << false;
    // Over TLS, Qt counts as unsent only what it has not encrypted yet: what waits encrypted
    // must count too, or a slow reader is buffered for without end.
    QTest::newRow("wss") << true;
}

void TestHubLimits::aReaderFallingBehindOnBroadcastsIsDropped()
{
    QFETCH(bool, tls);
    HubConfig config;
    config.maxUnsentBytes = 256 * 1024;
    config.tls = tls;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    // The writer is a Tandem client: on the note, it gets the ops, never the text whole.
    auto writer = fixture.client(QStringLiteral("alice"), true);
    QVERIFY(!writer->userId.isEmpty());
    const QString noteId = createNote(*writer, QStringLiteral("busy"), QString());
    QVERIFY(!joinNote(*writer, noteId).isEmpty());
    const QByteArray join = R"({"type":"join_note","noteId":")" + noteId.toLatin1() + R"("})";
    const auto tlsReader = tls ? deafTlsClient(fixture, QStringLiteral("alice"), {join}) : nullptr;
    const auto reader = tls ? nullptr : deafClient(fixture, QStringLiteral("alice"), {join});
    QVERIFY(tls ? bool(tlsReader) : bool(reader));
    // The writer types 64 KB at a time: every op goes to the reader, who asked for none of it.
    // Past what the kernel's buffers hold, the hub queues it, up to the limit.
    const QString chunk = incompressibleText(64 * 1024);
    qsizetype length = 0;
    for (int i = 0; i < 300 && fixture.hub().connectionCount() == 2; ++i) {
        TextOperation op;
        op.insert(chunk);
        op.retain(length);
        writer->send(opMessage(noteId, i, op, QStringLiteral("w"), i + 1));
        QVERIFY2(!writer->next(QStringLiteral("note_op_ack")).isEmpty(),
                 qPrintable(QString::number(i)));
        length += chunk.size();
    }
    QVERIFY(QTest::qWaitFor([&]() { return fixture.hub().connectionCount() == 1; }, 15000));
}

QTEST_GUILESS_MAIN(TestHubLimits)
#include "tst_hub_limits.moc"
