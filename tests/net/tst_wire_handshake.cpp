// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile and broken opening handshakes against a running tandem-hub over raw TCP: each
// gets the right HTTP status (or 101 where a quirky but valid one must work) and the
// connection ends; slowloris, 1 MB of headers, pipelined frames and a fragment flood. The
// hub's memory must stay within 50 MB of its baseline throughout.
#include "hubprocess.h"
#include "processmemory.h"
#include "rawwebsocket.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace {

constexpr int HandshakeTimeoutMs = 1000;
constexpr int MaxPerAddress = 256;

/** A request head from a request line and header lines (each ending in \r\n). */
QByteArray head(const QByteArray &requestLine, const QByteArray &headers)
{
    return requestLine + "\r\n" + headers + "\r\n";
}

const QByteArray Key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
const QByteArray Version = "Sec-WebSocket-Version: 13\r\n";
const QByteArray Upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
const QByteArray Host = "Host: 127.0.0.1\r\n";
const QByteArray Get = "GET /v1 HTTP/1.1";

QByteArray typeOf(const RawWebSocket::Frame &frame)
{
    return QJsonDocument::fromJson(frame.payload)
            .object()
            .value(QLatin1String("type"))
            .toString()
            .toUtf8();
}

} // namespace

class TestWireHandshake : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void handshakes_data();
    void handshakes();
    void pipelinedFramesAfterTheHandshakeAreRead();
    void slowlorisCannotLockOutOtherAddresses();
    void fragmentFloodKeepsMemoryFlat();
    void cleanup();

private:
    quint16 port() const { return quint16(m_hub.url.port()); }

    QTemporaryDir m_dir;
    HubProcess m_hub;
    MemoryWatch m_memory;
};

void TestWireHandshake::initTestCase()
{
    QVERIFY(m_hub.start(
            m_dir.path(),
            {QStringLiteral("--auth"), QStringLiteral("none"), QStringLiteral("--origin"),
             QStringLiteral("https://notes.example"), QStringLiteral("--handshake-timeout-ms"),
             QString::number(HandshakeTimeoutMs), QStringLiteral("--max-connections-per-address"),
             QString::number(MaxPerAddress)}));
    RawWebSocket warmUp;
    QVERIFY(warmUp.handshake(port()));
    QVERIFY(warmUp.nextFrame().has_value());
    QVERIFY(m_memory.start(m_hub.process.processId()));
    qInfo("hub RSS before the cases: %lld KiB", m_memory.baselineKiB);
}

void TestWireHandshake::cleanup()
{
    const QString memory = m_memory.check();
    QVERIFY2(memory.isEmpty(), qPrintable(memory));
}

void TestWireHandshake::handshakes_data()
{
    // The bytes sent (chunk 1: byte by byte), the status expected, and a header line the
    // response must contain and one it must not.
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("present");
    QTest::addColumn<QByteArray>("absent");

    auto add = [](const char *name, const QByteArray &request, int status,
                  const QByteArray &present = {}, const QByteArray &absent = {}, int chunk = 0) {
        QTest::newRow(name) << request << chunk << status << present << absent;
    };
    const QByteArray valid = head(Get, Host + Upgrade + Key + Version);

    // Valid, some in unusual but legal forms.
    add("valid handshake gets the RFC's accept value", valid, 101,
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    add("valid handshake sent byte by byte", valid, 101, {}, {}, 1);
    add("header names and tokens in other cases",
        head(Get,
             "host: x\r\nUPGRADE: WebSocket\r\nconnection: keep-alive, upgrade\r\n"
             "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n"),
        101);
    add("an extension offer is not taken up",
        head(Get,
             Host + Upgrade + Key + Version +
                     "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"),
        101, {}, "Sec-WebSocket-Extensions");
    add("a subprotocol offer is not taken up",
        head(Get, Host + Upgrade + Key + Version + "Sec-WebSocket-Protocol: chat, superchat\r\n"),
        101, {}, "Sec-WebSocket-Protocol");
    add("an allowed browser origin",
        head(Get, Host + Upgrade + Key + Version + "Origin: https://notes.example\r\n"), 101);

    // Broken handshakes.
    add("no key", head(Get, Host + Upgrade + Version), 400);
    add("key too short", head(Get, Host + Upgrade + Version + "Sec-WebSocket-Key: abc\r\n"), 400);
    add("key not base64",
        head(Get, Host + Upgrade + Version + "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==\r\n"),
        400);
    add("key of 15 bytes",
        head(Get,
             Host + Upgrade + Version + "Sec-WebSocket-Key: " + QByteArray(15, 'k').toBase64() +
                     "\r\n"),
        400);
    add("two keys",
        head(Get,
             Host + Upgrade + Version + Key + "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"),
        400);
    add("no version", head(Get, Host + Upgrade + Key), 426, "Sec-WebSocket-Version: 13");
    add("version 8", head(Get, Host + Upgrade + Key + "Sec-WebSocket-Version: 8\r\n"), 426,
        "Sec-WebSocket-Version: 13");
    add("two versions offered",
        head(Get, Host + Upgrade + Key + "Sec-WebSocket-Version: 13, 8\r\n"), 426,
        "Sec-WebSocket-Version: 13");
    add("no Connection header", head(Get, Host + "Upgrade: websocket\r\n" + Key + Version), 400);
    add("Connection without upgrade",
        head(Get, Host + "Upgrade: websocket\r\nConnection: keep-alive\r\n" + Key + Version), 400);
    add("no Upgrade header is plain HTTP",
        head(Get, Host + "Connection: Upgrade\r\n" + Key + Version), 404);
    add("upgrade to another protocol is plain HTTP",
        head(Get, Host + "Upgrade: h2c\r\nConnection: Upgrade\r\n" + Key + Version), 404);
    add("POST", head("POST /v1 HTTP/1.1", Host + Upgrade + Key + Version), 405);
    add("HTTP/1.0", head("GET /v1 HTTP/1.0", Host + Upgrade + Key + Version), 400);
    add("no Host", head(Get, Upgrade + Key + Version), 400);
    add("two Hosts", head(Get, Host + "Host: evil.example\r\n" + Upgrade + Key + Version), 400);
    add("unknown path", head("GET /nowhere HTTP/1.1", Host + Upgrade + Key + Version), 404);
    add("origin not allowed",
        head(Get, Host + Upgrade + Key + Version + "Origin: https://evil.example\r\n"), 403);

    // Malformed HTTP.
    add("header line without a colon", head(Get, Host + Upgrade + Key + Version + "Broken\r\n"),
        400);
    add("space before a header's colon",
        head(Get, "Host : 127.0.0.1\r\n" + Upgrade + Key + Version), 400);
    add("NUL in a header value",
        head(Get, Host + Upgrade + Key + Version + QByteArray("X-Evil: a\0b\r\n", 13)), 400);
    add("folded header line", head(Get, Host + Upgrade + Key + Version + "X-A: 1\r\n  folded\r\n"),
        400);
    add("request line of one word", "HELLO\r\n\r\n", 400);
    add("request line of four words",
        head("GET /v1 HTTP/1.1 extra", Host + Upgrade + Key + Version), 400);
    add("not HTTP", head("GET /v1 SPDY/3", Host + Upgrade + Key + Version), 400);
    add("a 20 KB request target",
        head("GET /v1?" + QByteArray(20'000, 'q') + " HTTP/1.1", Host + Upgrade + Key + Version),
        431);
    add("1 MB of headers",
        Get + "\r\n" + Host + Upgrade + Key + Version +
                QByteArray("X-Padding: " + QByteArray(1000, 'p') + "\r\n").repeated(1000) + "\r\n",
        431);
    QByteArray garbage(20'000, '\0');
    for (qsizetype i = 0; i < garbage.size(); ++i)
        garbage[i] = char((i * 131 + 7) % 251); // no \r\n\r\n in it
    add("20 KB of binary garbage", garbage, 431);
    // Answered at once, not at the deadline (408): the client's TLS then fails now.
    add("a TLS ClientHello on the plain port",
        QByteArray::fromHex("16030100a5010000a10303") + QByteArray(32, '\x11') +
                QByteArray::fromHex("000004130113020100"),
        400);
    add("nothing at all", QByteArray(), 408);
    add("line feeds without carriage returns",
        "GET /v1 HTTP/1.1\nHost: x\nUpgrade: websocket\nConnection: Upgrade\n\n", 408);
}

void TestWireHandshake::handshakes()
{
    QFETCH(QByteArray, request);
    QFETCH(int, chunk);
    QFETCH(int, status);
    QFETCH(QByteArray, present);
    QFETCH(QByteArray, absent);

    RawWebSocket ws;
    QVERIFY(ws.connectTo(port()));
    ws.write(request, chunk);
    const QByteArray response = ws.readResponseHead(HandshakeTimeoutMs + 5000);
    QVERIFY2(!response.isEmpty(), "no response");
    QCOMPARE(RawWebSocket::statusOf(response), status);
    if (!present.isEmpty())
        QVERIFY2(response.contains(present), response.constData());
    if (!absent.isEmpty())
        QVERIFY2(!response.contains(absent), response.constData());
    if (status == 101) {
        const std::optional<RawWebSocket::Frame> greeting = ws.nextFrame();
        QVERIFY(greeting);
        QCOMPARE(typeOf(*greeting), QByteArray("connection_established"));
    } else {
        QVERIFY2(ws.waitForDisconnected(), "the hub kept a refused connection open");
    }
}

void TestWireHandshake::pipelinedFramesAfterTheHandshakeAreRead()
{
    // Head and first frames in one segment: nothing after the head may be lost.
    RawWebSocket ws;
    QVERIFY(ws.connectTo(port()));
    ws.write(RawWebSocket::upgradeRequest() +
             RawWebSocket::frame(RawWebSocket::Text,
                                 R"({"type":"auth","token":"bob","userName":"Bob"})") +
             RawWebSocket::frame(RawWebSocket::Text, R"({"type":"ping"})"));
    QCOMPARE(RawWebSocket::statusOf(ws.readResponseHead()), 101);
    QByteArrayList types;
    while (types.size() < 3) {
        const std::optional<RawWebSocket::Frame> frame = ws.nextFrame();
        QVERIFY(frame);
        types << typeOf(*frame);
    }
    QCOMPARE(types, (QByteArrayList{"connection_established", "auth_success", "pong"}));
}

void TestWireHandshake::slowlorisCannotLockOutOtherAddresses()
{
    // 500 connections from 127.0.0.1 each send half a head and stall.
    std::vector<std::unique_ptr<RawWebSocket>> slow;
    for (int i = 0; i < 500; ++i) {
        auto ws = std::make_unique<RawWebSocket>();
        QVERIFY(ws->connectTo(port()));
        ws->socket().write("GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr");
        slow.push_back(std::move(ws));
    }
    // Meanwhile a client from another address connects and authenticates.
    RawWebSocket other;
    QVERIFY(other.connectTo(port(), QHostAddress(QStringLiteral("127.0.0.2"))));
    other.write(RawWebSocket::upgradeRequest());
    QCOMPARE(RawWebSocket::statusOf(other.readResponseHead()), 101);
    other.write(RawWebSocket::frame(RawWebSocket::Text,
                                    R"({"type":"auth","token":"carol","userName":"Carol"})"));
    QByteArrayList types;
    while (types.size() < 2) {
        const std::optional<RawWebSocket::Frame> frame = other.nextFrame();
        QVERIFY(frame);
        types << typeOf(*frame);
    }
    QCOMPARE(types, (QByteArrayList{"connection_established", "auth_success"}));

    // Every slow connection is answered: 429 over the per-address cap, 408 at the deadline.
    int timedOut = 0;
    int capped = 0;
    for (const auto &ws : slow) {
        const int status = RawWebSocket::statusOf(ws->readResponseHead(HandshakeTimeoutMs + 5000));
        timedOut += status == 408;
        capped += status == 429;
        QVERIFY(ws->waitForDisconnected());
    }
    qInfo("slowloris: %d answered 408, %d answered 429", timedOut, capped);
    // The warm-up connection of initTestCase holds one place under the cap.
    QCOMPARE(timedOut + capped, 500);
    QVERIFY(timedOut >= MaxPerAddress - 1 && timedOut <= MaxPerAddress);
}

void TestWireHandshake::fragmentFloodKeepsMemoryFlat()
{
    RawWebSocket ws;
    QVERIFY(ws.handshake(port()));
    ws.write(RawWebSocket::frame(RawWebSocket::Text,
                                 R"({"type":"auth","token":"dan","userName":"Dan"})"));
    QVERIFY(ws.nextFrame() && ws.nextFrame()); // connection_established, auth_success
    // One message opened and then 200,000 empty continuations: legal, and free for the hub.
    RawFrameOptions open;
    open.fin = false;
    const QByteArray empty = RawWebSocket::frame(RawWebSocket::Continuation, {}, open);
    ws.write(RawWebSocket::frame(RawWebSocket::Text, R"({"type":"ping")", open));
    for (int batch = 0; batch < 20; ++batch)
        ws.write(empty.repeated(10'000));
    ws.write(RawWebSocket::frame(RawWebSocket::Continuation, "}"));
    const std::optional<RawWebSocket::Frame> reply = ws.nextFrame(30'000);
    QVERIFY(reply);
    QCOMPARE(typeOf(*reply), QByteArray("pong"));
}

QTEST_GUILESS_MAIN(TestWireHandshake)
#include "tst_wire_handshake.moc"
