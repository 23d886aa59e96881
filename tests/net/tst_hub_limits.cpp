// SPDX-License-Identifier: GPL-3.0-or-later
// Every hub limit, enforced against real sockets: an oversized frame closes with 1009 and
// the hub's memory stays flat; bad messages get errors and repeated abuse closes; message
// rate, per-address connections, request heads (size, slowloris), origins and slow readers.
#include "hubfixture.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTcpSocket>

namespace {

qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

/** A WebSocket client written by hand over QTcpSocket, for what QWebSocket will not send. */
class RawClient
{
public:
    RawClient()
    {
        // Keep every byte, also what arrives just before the hub closes the connection.
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this]() { received += socket.readAll(); });
    }

    bool handshake(quint16 port, const QByteArray &extraHeaders = {})
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return false;
        socket.write(
                "GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: "
                "Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                extraHeaders + "\r\n");
        return QTest::qWaitFor(
                       [this]() {
                           const qsizetype end = received.indexOf("\r\n\r\n");
                           if (end < 0)
                               return false;
                           head = received.first(end);
                           received.remove(0, end + 4);
                           return true;
                       },
                       5000) &&
                head.startsWith("HTTP/1.1 101");
    }

    /** A masked frame header for a payload of length (client frames must be masked). */
    static QByteArray frameHeader(quint8 opcode, quint64 length)
    {
        QByteArray h;
        h.append(char(0x80 | opcode));
        if (length < 126) {
            h.append(char(0x80 | length));
        } else if (length < 65536) {
            h.append(char(0x80 | 126));
            h.append(char(length >> 8)).append(char(length & 0xff));
        } else {
            h.append(char(0x80 | 127));
            for (int i = 7; i >= 0; --i)
                h.append(char((length >> (8 * i)) & 0xff));
        }
        return h + QByteArray(4, '\0'); // mask 0: the payload goes as is
    }

    void sendText(const QByteArray &text)
    {
        socket.write(frameHeader(0x1, quint64(text.size())) + text);
    }

    /** Waits for the server's close frame and returns its status code (0 if none came). */
    int closeCode(int timeoutMs = 5000)
    {
        int code = 0;
        (void)QTest::qWaitFor(
                [&]() {
                    // Server frames are unmasked: 0x88, length, then the code in two bytes.
                    for (qsizetype i = 0; i + 3 < received.size(); ++i) {
                        if (quint8(received[i]) == 0x88 && quint8(received[i + 1]) >= 2 &&
                            quint8(received[i + 1]) < 126) {
                            code = (quint8(received[i + 2]) << 8) | quint8(received[i + 3]);
                            return true;
                        }
                    }
                    return socket.state() == QAbstractSocket::UnconnectedState;
                },
                timeoutMs);
        return code;
    }

    QTcpSocket socket;
    QByteArray head;
    QByteArray received;
};

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
    void slowReaderIsDroppedInsteadOfBuffered();
};

void TestHubLimits::frameDeclaring1GiBClosesWith1009AndMemoryStaysFlat()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    const qint64 before = rssKiB();
    RawClient raw;
    QVERIFY(raw.handshake(fixture.hub().port()));
    raw.socket.write(RawClient::frameHeader(0x1, quint64(1) << 30));
    // Stream 32 MiB of "payload": none of it may pile up in the hub.
    const QByteArray chunk(1 << 20, 'a');
    for (int i = 0; i < 32 && raw.socket.state() == QAbstractSocket::ConnectedState; ++i) {
        raw.socket.write(chunk);
        // The hub runs on this thread: let the event loop turn while the bytes drain.
        (void)QTest::qWaitFor(
                [&]() {
                    return raw.socket.bytesToWrite() == 0 ||
                            raw.socket.state() != QAbstractSocket::ConnectedState;
                },
                2000);
    }
    QCOMPARE(raw.closeCode(), int(QWebSocketProtocol::CloseCodeTooMuchData));
    const qint64 growthMiB = (rssKiB() - before) / 1024;
    qInfo("RSS growth while a client streamed a 1 GiB frame: %lld MiB", qlonglong(growthMiB));
    QVERIFY2(growthMiB < 20, qPrintable(QStringLiteral("the hub grew by %1 MiB").arg(growthMiB)));
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
    RawClient evil;
    QVERIFY(evil.handshake(fixture.hub().port(), "Origin: https://evil.example\r\n"));
    QCOMPARE(evil.closeCode(), int(QWebSocketProtocol::CloseCodePolicyViolated));
    RawClient good;
    QVERIFY(good.handshake(fixture.hub().port(), "Origin: https://notes.example\r\n"));
    QVERIFY(QTest::qWaitFor([&]() { return good.received.contains("connection_established"); },
                            5000));
    // Native clients send no Origin and are always let in.
    HubTestClient native;
    QVERIFY(native.connectTo(fixture.url()));
}

void TestHubLimits::slowReaderIsDroppedInsteadOfBuffered()
{
    HubConfig config;
    config.maxUnsentBytes = 256 * 1024;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto owner = fixture.client(QStringLiteral("alice"));
    QString big;
    for (int i = 0; i < 500'000; ++i)
        big += QChar(u'a' + QRandomGenerator::global()->bounded(26)); // incompressible-ish
    const QString noteId = createNote(*owner, QStringLiteral("big"), big);
    // A client that asks for the big note again and again but never reads a byte.
    RawClient reader;
    QVERIFY(reader.handshake(fixture.hub().port(),
                             "Authorization: Bearer " +
                                     fixture.token(QStringLiteral("alice")).toLatin1() + "\r\n"));
    reader.socket.setReadBufferSize(1);
    QObject::disconnect(&reader.socket, nullptr, nullptr, nullptr);
    const QByteArray join = R"({"type":"join_note","noteId":")" + noteId.toLatin1() + R"("})";
    for (int i = 0; i < 60; ++i)
        reader.sendText(join);
    reader.socket.flush();
    QVERIFY(QTest::qWaitFor([&]() { return fixture.hub().connectionCount() == 1; }, 15000));
}

QTEST_GUILESS_MAIN(TestHubLimits)
#include "tst_hub_limits.moc"
