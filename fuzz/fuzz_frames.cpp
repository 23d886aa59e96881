// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the hub's WebSocket frame reader (WebSocketConnection) against a reference.
// The input's first byte picks how the rest is cut into TCP writes; the rest is what a
// client sends after the handshake, over a real loopback socket. A simple whole-buffer
// reference decoder (below, sharing no code with WebSocketConnection; UTF-8 is checked with
// QStringDecoder) predicts the messages delivered, the pongs sent and the close code; the
// incremental reader must produce exactly that, however the bytes were split.
#include "fuzzcheck.h"
#include "websocketconnection.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QStringDecoder>
#include <QTcpServer>
#include <QTcpSocket>

#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <memory>

namespace {

constexpr quint64 MaxFrame = 512;
constexpr quint64 MaxMessage = 2048;

struct Outcome
{
    QList<QByteArray> messages; ///< "T" or "B" followed by the payload
    QList<QByteArray> pongs;
    int closeCode = -1; ///< -1: no close frame; 0: a close frame without a code
    bool operator==(const Outcome &) const = default;
};

bool validCloseCode(int code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
            (code >= 3000 && code <= 4999);
}

bool validUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes); // decoding is lazy: convert
    return !decoder.hasError();
}

/** Whether some bytes could follow to make valid UTF-8. Not QStringDecoder's stateful
 *  mode: it holds back an unfinished sequence without judging it, even one no byte can
 *  complete ("\xe0\x9a"), where a server must fail fast. A sequence lacks at most three
 *  bytes, and every continuation after its second byte may be 0x80. */
bool validUtf8Prefix(const QByteArray &bytes)
{
    if (validUtf8(bytes))
        return true;
    for (int missing = 1; missing <= 3; ++missing) {
        for (int next = 0x80; next <= 0xbf; ++next) {
            const QByteArray completed = bytes + char(next) + QByteArray(missing - 1, char(0x80));
            if (validUtf8(completed))
                return true;
        }
    }
    return false;
}

/** What RFC 6455 says a server does with these client bytes (limits as configured). */
Outcome reference(QByteArrayView in)
{
    Outcome out;
    qsizetype pos = 0;
    int messageOpcode = 0;
    QByteArray message;
    auto fail = [&](int code) { out.closeCode = code; };
    while (in.size() - pos >= 2) {
        const auto b0 = quint8(in[pos]), b1 = quint8(in[pos + 1]);
        const bool fin = b0 & 0x80;
        const int rsv = (b0 >> 4) & 7, opcode = b0 & 0xf;
        const bool masked = b1 & 0x80;
        quint64 length = b1 & 0x7f;
        qsizetype header = 2;
        if (length == 126 || length == 127) {
            const int bytes = length == 126 ? 2 : 8;
            if (in.size() - pos < 2 + bytes)
                break;
            length = 0;
            for (int i = 0; i < bytes; ++i)
                length = (length << 8) | quint8(in[pos + 2 + i]);
            header += bytes;
        }
        if (masked)
            header += 4;
        if (in.size() - pos < header)
            break;
        const bool control = opcode >= 8;
        if (!masked || rsv || (opcode >= 3 && opcode <= 7) || opcode >= 11 ||
            (control && (!fin || length > 125)) || (length >> 63) ||
            (!control && opcode == 0 && messageOpcode == 0) ||
            (!control && opcode != 0 && messageOpcode != 0)) {
            fail(1002);
            break;
        }
        if (length > MaxFrame || (!control && quint64(message.size()) + length > MaxMessage)) {
            fail(1009);
            break;
        }
        if (quint64(in.size() - pos - header) < length)
            break;
        QByteArray payload = in.sliced(pos + header, qsizetype(length)).toByteArray();
        for (qsizetype i = 0; i < payload.size(); ++i)
            payload[i] = char(payload[i] ^ in[pos + header - 4 + (i % 4)]);
        pos += header + qsizetype(length);
        if (opcode == 8) {
            if (payload.size() == 1) {
                fail(1002);
            } else if (payload.size() >= 2) {
                const int code = (quint8(payload[0]) << 8) | quint8(payload[1]);
                QStringDecoder reason(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
                const QString text = reason.decode(payload.sliced(2)); // decoding is lazy: convert
                fail(!validCloseCode(code) ? 1002 : reason.hasError() ? 1007 : code);
            } else {
                fail(0);
            }
            break;
        }
        if (opcode == 9) {
            out.pongs << payload;
            continue;
        }
        if (opcode == 10)
            continue;
        if (opcode != 0) {
            messageOpcode = opcode;
            message.clear();
        }
        message += payload;
        if (messageOpcode == 1 && !validUtf8Prefix(message)) { // fails fast, in any fragment
            fail(1007);
            break;
        }
        if (fin) {
            if (messageOpcode == 1) {
                QStringDecoder whole(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
                const QString text = whole.decode(message); // and on a character left unfinished
                if (whole.hasError()) {
                    fail(1007);
                    break;
                }
            }
            out.messages << (messageOpcode == 1 ? QByteArray("T") : QByteArray("B")) + message;
            messageOpcode = 0;
            message.clear();
        }
    }
    return out;
}

/** Parses the frames the server sent into what the client saw. */
Outcome served(QByteArrayView in)
{
    Outcome out;
    qsizetype pos = 0;
    while (in.size() - pos >= 2) {
        const int opcode = quint8(in[pos]) & 0xf;
        quint64 length = quint8(in[pos + 1]) & 0x7f;
        qsizetype header = 2;
        if (length == 126 || length == 127) {
            const int bytes = length == 126 ? 2 : 8;
            length = 0;
            for (int i = 0; i < bytes; ++i)
                length = (length << 8) | quint8(in[pos + 2 + i]);
            header += bytes;
        }
        const QByteArray payload = in.sliced(pos + header, qsizetype(length)).toByteArray();
        pos += header + qsizetype(length);
        if (opcode == 10)
            out.pongs << payload;
        if (opcode == 8) {
            out.closeCode =
                    payload.size() >= 2 ? (quint8(payload[0]) << 8) | quint8(payload[1]) : 0;
            break;
        }
    }
    return out;
}

struct Harness
{
    QTcpServer server;

    template<typename Done> static void wait(Done done, const char *what)
    {
        const QDeadlineTimer deadline(10'000);
        while (!done()) {
            if (deadline.hasExpired())
                fuzzFailed("fuzz_frames", what);
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
    }
};

Harness *harness = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    harness = new Harness;
    if (!harness->server.listen(QHostAddress::LocalHost, 0))
        fuzzFailed("fuzz_frames", "cannot listen on loopback");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int chunk = 1 + data[0] % 64;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, harness->server.serverPort());
    Harness::wait([&]() { return harness->server.hasPendingConnections(); },
                  "no connection arrived");
    QTcpSocket *accepted = harness->server.nextPendingConnection();
    Harness::wait([&]() { return client.state() == QAbstractSocket::ConnectedState; },
                  "the client did not connect");
    // Only now: QAbstractSocket drops options set before it has a socket (Qt 6.4), and
    // without TCP_NODELAY each small write waits up to 40 ms for the server's delayed ACK.
    client.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto connection = std::make_unique<WebSocketConnection>(accepted, QUrl(QStringLiteral("/v1")),
                                                            QByteArray());
    connection->setMaxAllowedIncomingFrameSize(MaxFrame);
    connection->setMaxAllowedIncomingMessageSize(MaxMessage);
    Outcome delivered;
    QObject::connect(connection.get(), &WebSocketConnection::textMessageReceived,
                     [&](const QString &text) { delivered.messages << "T" + text.toUtf8(); });
    QObject::connect(connection.get(), &WebSocketConnection::binaryMessageReceived,
                     [&](const QByteArray &binary) { delivered.messages << "B" + binary; });

    for (qsizetype at = 0; at < bytes.size(); at += chunk) {
        client.write(bytes.mid(at, chunk));
        client.flush();
        QCoreApplication::processEvents();
    }
    // Everything sent has been read by the server and handled: nothing unsent in the client's
    // kernel queue (without TCP_NODELAY, Nagle held small writes there while the server
    // delayed its ACK: a false finding in CI), nothing in the server's kernel queue, nothing
    // in Qt's buffers.
    Harness::wait(
            [&]() {
                int unsent = 0;
                int queued = 0;
                if (client.state() == QAbstractSocket::ConnectedState)
                    ::ioctl(int(client.socketDescriptor()), SIOCOUTQNSD, &unsent);
                if (accepted->state() == QAbstractSocket::ConnectedState)
                    ::ioctl(int(accepted->socketDescriptor()), FIONREAD, &queued);
                return client.bytesToWrite() == 0 && unsent == 0 && queued == 0 &&
                        (accepted->state() != QAbstractSocket::ConnectedState ||
                         accepted->bytesAvailable() == 0);
            },
            "the server did not read everything");
    // Then what the server answered: wait for as much as the reference expects (a little
    // longer would not show more: the server has handled every byte already).
    const Outcome expected = reference(bytes);
    QByteArray answer;
    const QDeadlineTimer deadline(2000);
    for (;;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        answer += client.readAll();
        const Outcome sofar = served(answer);
        if ((sofar.pongs.size() >= expected.pongs.size() &&
             (expected.closeCode < 0 || sofar.closeCode >= 0)) ||
            deadline.hasExpired())
            break;
    }
    const Outcome seen = served(answer);
    if (qEnvironmentVariableIsSet("FUZZ_FRAMES_DEBUG"))
        std::fprintf(stderr, "delivered %d expected %d (%s) close %d/%d pongs %d/%d\n",
                     int(delivered.messages.size()), int(expected.messages.size()),
                     expected.messages.isEmpty() ? ""
                                                 : expected.messages.first().toHex().constData(),
                     seen.closeCode, expected.closeCode, int(seen.pongs.size()),
                     int(expected.pongs.size()));
    fuzzCheck("fuzz_frames", delivered.messages == expected.messages,
              "messages differ from the reference");
    fuzzCheck("fuzz_frames", seen.pongs == expected.pongs, "pongs differ from the reference");
    fuzzCheck("fuzz_frames", seen.closeCode == expected.closeCode,
              "close code differs from the reference");
    connection.reset();
    return 0;
}
