// SPDX-License-Identifier: GPL-3.0-or-later
#include "rawwebsocket.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

int RawWebSocket::Frame::closeCode() const
{
    if (payload.size() < 2)
        return 0;
    return (quint8(payload[0]) << 8) | quint8(payload[1]);
}

RawWebSocket::RawWebSocket()
{
    resumeReading();
}

void RawWebSocket::resumeReading()
{
    m_socket.setReadBufferSize(0);
    // Keep every byte, also what arrives just before the server closes the connection.
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                     [this]() { m_received += m_socket.readAll(); });
    m_received += m_socket.readAll();
}

void RawWebSocket::stopReading()
{
    QObject::disconnect(&m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    m_socket.setReadBufferSize(1); // Qt takes in one byte, and then nothing
}

std::optional<QByteArray> RawWebSocket::nextMessage(int timeoutMs)
{
    QByteArray message;
    for (;;) {
        const std::optional<Frame> frame = nextFrame(timeoutMs);
        if (!frame || frame->opcode == Close)
            return std::nullopt;
        if (frame->opcode == Ping || frame->opcode == Pong)
            continue;
        message += frame->payload;
        if (frame->fin)
            return message;
    }
}

QByteArray RawWebSocket::frame(quint8 opcode, QByteArrayView payload, FrameOptions options)
{
    // Masking keys differ from frame to frame but are the same on every run.
    static quint32 keySeed = 0x2545f491;
    keySeed = keySeed * 1664525u + 1013904223u;

    QByteArray out;
    out.append(char((options.fin ? 0x80 : 0) | ((options.rsv & 7) << 4) | (opcode & 0x0f)));
    const quint64 length = options.declared >= 0 ? quint64(options.declared) : payload.size();
    const char maskBit = options.masked ? char(0x80) : char(0);
    if (length < 126) {
        out.append(char(maskBit | char(length)));
    } else if (length < 65536) {
        out.append(char(maskBit | 126));
        out.append(char(length >> 8)).append(char(length & 0xff));
    } else {
        out.append(char(maskBit | 127));
        for (int i = 7; i >= 0; --i)
            out.append(char((length >> (8 * i)) & 0xff));
    }
    if (!options.masked)
        return out + payload.toByteArray();
    const char key[4] = {char(keySeed >> 24), char(keySeed >> 16), char(keySeed >> 8),
                         char(keySeed)};
    out.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out.append(char(payload[i] ^ key[i % 4]));
    return out;
}

QByteArray RawWebSocket::closeFrame(int code, QByteArrayView reason)
{
    QByteArray payload;
    if (code > 0)
        payload.append(char((code >> 8) & 0xff)).append(char(code & 0xff));
    payload.append(reason.toByteArray());
    return frame(Close, payload);
}

QByteArray RawWebSocket::upgradeRequest(const QByteArray &path, const QByteArray &extraHeaders)
{
    return "GET " + path +
            " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
            extraHeaders + "\r\n";
}

bool RawWebSocket::connectTo(quint16 port, const QHostAddress &from)
{
    if (!from.isNull() && !m_socket.bind(from))
        return false;
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket.waitForConnected(5000))
        return false;
    // Only once connected: QAbstractSocket drops options set before it has a socket (Qt 6.4),
    // and with Nagle on, small writes wait up to 40 ms for the server's delayed ACK.
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return true;
}

bool RawWebSocket::handshake(quint16 port, const QByteArray &extraHeaders, const QByteArray &path)
{
    if (!connectTo(port))
        return false;
    m_socket.write(upgradeRequest(path, extraHeaders));
    return statusOf(readResponseHead()) == 101;
}

QByteArray RawWebSocket::readResponseHead(int timeoutMs)
{
    QByteArray head;
    (void)QTest::qWaitFor(
            [&]() {
                const qsizetype end = m_received.indexOf("\r\n\r\n");
                if (end >= 0) {
                    head = m_received.first(end + 4);
                    m_received.remove(0, end + 4);
                    return true;
                }
                return m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    return head;
}

int RawWebSocket::statusOf(const QByteArray &head)
{
    if (!head.startsWith("HTTP/1."))
        return 0;
    return head.mid(9, 3).toInt();
}

void RawWebSocket::write(const QByteArray &bytes, int chunk)
{
    if (chunk <= 0 || chunk >= bytes.size()) {
        m_socket.write(bytes);
        (void)QTest::qWaitFor([this]() { return m_socket.bytesToWrite() == 0 || !isConnected(); },
                              10'000);
        return;
    }
    for (qsizetype i = 0; i < bytes.size() && isConnected(); i += chunk) {
        m_socket.write(bytes.mid(i, chunk));
        m_socket.flush();
        // Long enough for each piece to leave as its own segment and be read on its own.
        QThread::usleep(100);
        QCoreApplication::processEvents();
    }
    (void)QTest::qWaitFor([this]() { return m_socket.bytesToWrite() == 0 || !isConnected(); },
                          10'000);
}

std::optional<RawWebSocket::Frame> RawWebSocket::takeFrame()
{
    if (m_received.size() < 2)
        return std::nullopt;
    const auto *data = reinterpret_cast<const quint8 *>(m_received.constData());
    Frame f;
    f.fin = data[0] & 0x80;
    f.rsv = (data[0] >> 4) & 7;
    f.opcode = data[0] & 0x0f;
    f.masked = data[1] & 0x80;
    quint64 length = data[1] & 0x7f;
    qsizetype at = 2;
    if (length == 126) {
        if (m_received.size() < 4)
            return std::nullopt;
        length = (quint64(data[2]) << 8) | data[3];
        at = 4;
    } else if (length == 127) {
        if (m_received.size() < 10)
            return std::nullopt;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | data[2 + i];
        at = 10;
    }
    QByteArray key;
    if (f.masked) {
        if (m_received.size() < at + 4)
            return std::nullopt;
        key = m_received.mid(at, 4);
        at += 4;
    }
    if (quint64(m_received.size() - at) < length)
        return std::nullopt;
    f.payload = m_received.mid(at, qsizetype(length));
    if (f.masked)
        for (qsizetype i = 0; i < f.payload.size(); ++i)
            f.payload[i] = char(f.payload[i] ^ key[i % 4]);
    m_received.remove(0, at + qsizetype(length));
    return f;
}

std::optional<RawWebSocket::Frame> RawWebSocket::nextFrame(int timeoutMs)
{
    std::optional<Frame> f;
    (void)QTest::qWaitFor(
            [&]() {
                f = takeFrame();
                return f.has_value() || m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    if (!f)
        f = takeFrame();
    return f;
}

int RawWebSocket::waitForClose(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        std::optional<Frame> f = nextFrame(int(qMax<qint64>(1, timeoutMs - timer.elapsed())));
        if (!f)
            return isConnected() ? TimedOut : NoCloseFrame;
        if (f->opcode == Close)
            return f->closeCode();
        skipped.append(*f);
    }
    return TimedOut;
}

bool RawWebSocket::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor(
            [this]() { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}
