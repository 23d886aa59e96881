// SPDX-License-Identifier: GPL-3.0-or-later
#include "websocketconnection.h"

#include <QAbstractEventDispatcher>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#include <sys/uio.h>
#endif

Q_LOGGING_CATEGORY(lcFrames, "tandem.hub.frames")

namespace {

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xa,
};

constexpr qsizetype MaxControlPayload = 125;

/** Close codes a peer may send (RFC 6455 7.4, and the IANA registry up to 1014). */
bool isValidCloseCode(int code)
{
    if (code >= 3000 && code <= 4999)
        return true;
    return code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
}

QByteArray frameHeader(quint8 opcode, quint64 length)
{
    QByteArray header;
    header.reserve(10);
    header.append(char(0x80 | opcode));
    if (length < 126) {
        header.append(char(length));
    } else if (length < 65536) {
        header.append(char(126));
        header.append(char(length >> 8)).append(char(length & 0xff));
    } else {
        header.append(char(127));
        for (int i = 7; i >= 0; --i)
            header.append(char((length >> (8 * i)) & 0xff));
    }
    return header;
}

} // namespace

bool Utf8Validator::feed(QByteArrayView bytes)
{
    for (const char ch : bytes) {
        const auto c = quint8(ch);
        if (m_need == 0) {
            if (c < 0x80)
                continue;
            if (c < 0xc2) // a continuation byte, or the lead of an overlong two-byte form
                return false;
            if (c < 0xe0) {
                m_need = 1;
            } else if (c < 0xf0) {
                m_need = 2;
                m_low = c == 0xe0 ? 0xa0 : 0x80;  // no overlong three-byte forms
                m_high = c == 0xed ? 0x9f : 0xbf; // no surrogates
            } else if (c < 0xf5) {
                m_need = 3;
                m_low = c == 0xf0 ? 0x90 : 0x80;  // no overlong four-byte forms
                m_high = c == 0xf4 ? 0x8f : 0xbf; // nothing beyond U+10FFFF
            } else {
                return false;
            }
            continue;
        }
        if (c < m_low || c > m_high)
            return false;
        --m_need;
        m_low = 0x80;
        m_high = 0xbf;
    }
    return true;
}

WebSocketConnection::WebSocketConnection(QTcpSocket *socket, const QUrl &requestUrl,
                                         QByteArray authorization, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_requestUrl(requestUrl)
    , m_authorization(std::move(authorization))
    , m_peerAddress(socket->peerAddress())
{
    socket->setParent(this);
    socket->disconnect(); // nobody else listens to it from now on
    // Qt's own buffer in front of ours stays small: a client sending faster than the hub
    // reads is held back by TCP instead of filling memory.
    socket->setReadBufferSize(256 * 1024);
    // No Nagle: a message must not wait for the ACK of the one before it. Readers send
    // nothing back, so their ACKs are delayed (up to 40 ms on Linux) and an op broadcast
    // soon after another would wait that long in the kernel.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, &WebSocketConnection::readFrames);
    const auto wrote = [this]() {
        // A client reading a long answer on a slow link, its pongs waiting unread behind its
        // next requests, is alive as long as the answer moves. Only bytes that had waited
        // prove the client read something: the first write after an idle spell goes into a
        // kernel buffer with room, even on a dead link.
        if (m_backlogged)
            m_lastLifeMs = clockMs();
        m_backlogged = bytesToWrite() > m_outgoingBytes;
        checkBacklog();
    };
    // Over TLS, bytesWritten() means encrypted, not sent: the kernel taking bytes is
    // encryptedBytesWritten().
    if (auto *tls = qobject_cast<QSslSocket *>(socket))
        connect(tls, &QSslSocket::encryptedBytesWritten, this, wrote);
    else
        connect(socket, &QTcpSocket::bytesWritten, this, wrote);
    connect(socket, &QTcpSocket::disconnected, this, [this]() {
        if (m_closeTimer)
            m_closeTimer->stop();
        if (!m_disconnected) {
            m_disconnected = true;
            Q_EMIT disconnected();
        }
    });
    // Frames may have come in the same segment as the handshake: read them once the new
    // owner had a chance to connect.
    QMetaObject::invokeMethod(this, &WebSocketConnection::readFrames, Qt::QueuedConnection);
}

WebSocketConnection::~WebSocketConnection()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    flushOutgoing();
    // Deleted right after close() (the usual "close, deleteLater"): let the socket send what
    // is queued, the close frame among it, instead of resetting the connection under it.
    QTcpSocket *socket = m_socket;
    socket->setParent(parent());
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(CloseGraceMs, socket, [socket]() {
        socket->abort();
        socket->deleteLater();
    });
    socket->disconnectFromHost();
}

bool WebSocketConnection::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && !m_closeSent;
}

qint64 WebSocketConnection::bytesToWrite() const
{
    if (!m_socket)
        return m_outgoingBytes;
    // Over TLS, Qt's bytesToWrite() is only what it has not encrypted yet, and it encrypts at
    // once: what waits for the client is in the encrypted buffer.
    if (const auto *tls = qobject_cast<const QSslSocket *>(m_socket.data()))
        return m_outgoingBytes + tls->bytesToWrite() + tls->encryptedBytesToWrite();
    return m_outgoingBytes + m_socket->bytesToWrite();
}

void WebSocketConnection::flush()
{
    flushOutgoing();
    if (m_socket)
        m_socket->flush();
}

QByteArray WebSocketConnection::textFrame(QByteArrayView utf8)
{
    QByteArray frames;
    frames.reserve(utf8.size() + 16 * (utf8.size() / MaxOutgoingFrameBytes + 1));
    // Big messages go in fragments: clients cap their frame size (Qt's SyncClient at 16 MiB),
    // and a frame still arriving when the sender stalls can trip a client's read timeout.
    // Cuts fall between characters: Qt's clients decode each fragment on its own.
    qsizetype at = 0;
    do {
        qsizetype end = qMin(utf8.size(), at + MaxOutgoingFrameBytes);
        while (end < utf8.size() && end > at + 1 && (quint8(utf8[end]) & 0xc0) == 0x80)
            --end;
        const bool last = end == utf8.size();
        QByteArray header = frameHeader(at == 0 ? Text : Continuation, quint64(end - at));
        if (!last)
            header[0] = char(header[0] & 0x7f); // FIN only on the last fragment
        frames.append(header).append(utf8.sliced(at, end - at));
        at = end;
    } while (at < utf8.size());
    return frames;
}

qint64 WebSocketConnection::sendFrame(const QByteArray &frame)
{
    if (!isOpen())
        return 0;
    queue(frame);
    return frame.size();
}

void WebSocketConnection::queue(const QByteArray &bytes)
{
    scheduleFlush();
    // A frame made once for every recipient stays shared unless it is small: a note's whole
    // text sent to every session with access to it is in memory once, not once per session
    // with something else queued in the same pass.
    if (bytes.size() < SharedFrameBytes && !m_outgoing.isEmpty() &&
        (m_lastOutgoingOwn || std::as_const(m_outgoing).last().size() < SharedFrameBytes)) {
        m_outgoing.last().append(bytes);
        m_lastOutgoingOwn = true;
    } else {
        m_outgoing.append(bytes);
        m_lastOutgoingOwn = false;
    }
    m_outgoingBytes += bytes.size();
    m_queuedTotal += bytes.size();
}

namespace {
// Connections with bytes queued in this pass of this thread's event loop (the hub may run in
// any thread: the desktop app hosts it on one of its own).
thread_local QList<QPointer<WebSocketConnection>> t_unflushed;
thread_local bool t_flushScheduled = false;
} // namespace

void WebSocketConnection::scheduleFlush()
{
    // Queued until the end of this event-loop pass, then written with one call per socket:
    // a burst of ops reaches each reader as one write, not one per op.
    if (!m_outgoing.isEmpty())
        return; // on the list already
    t_unflushed.append(this);
    if (!t_flushScheduled) {
        t_flushScheduled = true;
        QTimer::singleShot(0, QAbstractEventDispatcher::instance(), []() {
            t_flushScheduled = false;
            const QList<QPointer<WebSocketConnection>> due = std::exchange(t_unflushed, {});
            for (const QPointer<WebSocketConnection> &connection : due)
                if (connection)
                    connection->flushOutgoing();
        });
    }
}

void WebSocketConnection::flushOutgoing()
{
    m_outgoingBytes = 0;
    const QVarLengthArray<QByteArray, 1> buffers(std::move(m_outgoing));
    m_outgoing.clear();
    if (!buffers.isEmpty() && m_socket)
        writeDirect(m_socket, buffers.constData(), buffers.size());
    checkBacklog(); // the kernel may have taken it all: no bytesWritten will come
}

void WebSocketConnection::checkBacklog()
{
    if (m_readingPaused && bytesToWrite() <= m_maxUnsentWhileReading / 4)
        resumeReading();
    if (m_notifyUnsentAtMost >= 0 && bytesToWrite() <= m_notifyUnsentAtMost) {
        m_notifyUnsentAtMost = -1;
        // Not from inside a write: whoever is told may well send something.
        QMetaObject::invokeMethod(
                this, [this]() { Q_EMIT unsentAtMost(); }, Qt::QueuedConnection);
    }
}

void WebSocketConnection::notifyWhenUnsentAtMost(qint64 bytes)
{
    m_notifyUnsentAtMost = bytes;
    checkBacklog();
}

void WebSocketConnection::resumeReading()
{
    m_readingPaused = false;
    QMetaObject::invokeMethod(this, &WebSocketConnection::readFrames, Qt::QueuedConnection);
}

namespace {

#ifndef Q_OS_WIN
/**
 * Straight to the kernel when Qt holds nothing for this socket: a fan-out writes to hundreds
 * of sockets per op, and Qt's way (queue, enable the write notifier, write on the next pass,
 * disable it) costs two epoll_ctl calls and a wake-up per socket on top of the write itself,
 * and leaves a 16-KiB buffer behind on every idle connection. Not for TLS: those bytes must
 * go through QSslSocket's encryption. Returns the bytes the kernel took; 0 when it took none
 * (full), or when they must go through Qt (which finds and reports any error as it reads).
 */
qint64 sendStraight(QTcpSocket *socket, iovec *buffers, int count)
{
    if (socket->bytesToWrite() != 0 || qobject_cast<QSslSocket *>(socket))
        return 0;
    const qintptr fd = socket->socketDescriptor();
    if (fd < 0)
        return 0;
    constexpr int Flags = MSG_DONTWAIT | MSG_NOSIGNAL;
    if (count == 1) // the usual case, and a little cheaper
        return qMax<qint64>(0, ::send(int(fd), buffers->iov_base, buffers->iov_len, Flags));
    msghdr message{};
    message.msg_iov = buffers;
    message.msg_iovlen = size_t(count);
    return qMax<qint64>(0, ::sendmsg(int(fd), &message, Flags));
}
#endif

} // namespace

qint64 WebSocketConnection::writeDirect(QTcpSocket *socket, const char *data, qint64 size)
{
    qint64 sent = 0;
#ifndef Q_OS_WIN
    iovec buffer{const_cast<char *>(data), size_t(size)};
    sent = sendStraight(socket, &buffer, 1);
#endif
    // What the kernel does not take goes through Qt, so the order is kept.
    return sent == size ? size : sent + qMax<qint64>(0, socket->write(data + sent, size - sent));
}

qint64 WebSocketConnection::writeDirect(QTcpSocket *socket, const QByteArray *buffers,
                                        qsizetype count)
{
    qint64 written = 0;
    qsizetype next = 0; // the first buffer the kernel has not taken whole
#ifndef Q_OS_WIN
    qint64 into = 0; // how much of it it took
    constexpr int MaxBuffersPerCall = 64;
    while (next < count) {
        iovec batch[MaxBuffersPerCall];
        int inBatch = 0;
        for (; inBatch < MaxBuffersPerCall && next + inBatch < count; ++inBatch)
            batch[inBatch] = {const_cast<char *>(buffers[next + inBatch].constData()),
                              size_t(buffers[next + inBatch].size())};
        qint64 sent = sendStraight(socket, batch, inBatch);
        written += sent;
        const qsizetype end = next + inBatch;
        while (next < end && sent >= buffers[next].size())
            sent -= buffers[next++].size();
        into = sent;
        if (next < end)
            break; // the kernel is full (or the bytes must go through Qt)
    }
    if (into > 0) {
        const QByteArray &rest = buffers[next++];
        written += qMax<qint64>(0, socket->write(rest.constData() + into, rest.size() - into));
    }
#endif
    // The rest waits in Qt's buffer, copied: Qt 6.4's QTcpSocket copies whatever it queues,
    // even a whole QByteArray (measured: 20 clients that did not read, sent a 4 MiB frame
    // each, took 100 MB). So a large frame is held once only until the kernel is full.
    for (; next < count; ++next)
        written += qMax<qint64>(0, socket->write(buffers[next]));
    return written;
}

bool WebSocketConnection::shutdownWrite(QTcpSocket *socket)
{
    // Never under TLS: it ends with a close_notify alert before the FIN, which
    // QSslSocket::disconnectFromHost() sends. A bare FIN is an "unexpected eof" to OpenSSL 3,
    // and a Qt client then drops what it had read (an https:// answer arrived empty).
    const auto *tls = qobject_cast<const QSslSocket *>(socket);
    if ((tls && tls->isEncrypted()) || socket->bytesToWrite() > 0 || socket->socketDescriptor() < 0)
        return false;
#ifdef Q_OS_WIN
    return ::shutdown(SOCKET(socket->socketDescriptor()), SD_SEND) == 0;
#else
    return ::shutdown(int(socket->socketDescriptor()), SHUT_WR) == 0;
#endif
}

qint64 WebSocketConnection::clockMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

void WebSocketConnection::ping(const QByteArray &payload)
{
    if (!isOpen())
        return;
    m_pingTimer.start();
    writeFrame(Ping, payload.first(qMin(payload.size(), MaxControlPayload)));
}

void WebSocketConnection::sendPong(const QByteArray &payload)
{
    if (isOpen())
        writeFrame(Pong, payload.first(qMin(payload.size(), MaxControlPayload)));
}

void WebSocketConnection::writeFrame(quint8 opcode, QByteArrayView payload)
{
    queue(frameHeader(opcode, quint64(payload.size())).append(payload));
}

void WebSocketConnection::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (!isOpen())
        return;
    QByteArray payload;
    payload.append(char((int(code) >> 8) & 0xff)).append(char(int(code) & 0xff));
    QByteArray why = reason.toUtf8();
    if (why.size() > MaxControlPayload - 2) {
        why.truncate(MaxControlPayload - 2);
        while (!why.isEmpty() && (quint8(why.back()) & 0xc0) == 0x80)
            why.chop(1); // a cut character's continuation bytes
        if (!why.isEmpty() && quint8(why.back()) >= 0xc0)
            why.chop(1); // and its lead byte
    }
    payload.append(why);
    writeFrame(Close, payload);
    m_closeSent = true;
    if (m_readingPaused)
        resumeReading(); // what comes now is read only to find the client's close frame
    if (m_closeReceived) {
        endTcp();
        return;
    }
    // Wait for the client's close frame, reading and discarding what comes before it: closing
    // with unread data would reset the connection and could destroy the close frame in flight.
    startGracePeriod();
}

void WebSocketConnection::startGracePeriod()
{
    if (!m_closeTimer) {
        m_closeTimer = new QTimer(this);
        m_closeTimer->setSingleShot(true);
        connect(m_closeTimer, &QTimer::timeout, this, [this]() {
            if (m_socket)
                m_socket->abort(); // the client never finished closing
        });
    }
    m_closeTimer->start(CloseGraceMs);
}

void WebSocketConnection::abort()
{
    m_outgoing.clear();
    m_outgoingBytes = 0;
    if (m_socket)
        m_socket->abort();
}

void WebSocketConnection::endTcp()
{
    if (m_tcpEnding || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_tcpEnding = true;
    // A lingering close: send FIN after everything queued and go on reading (and dropping)
    // until the client closes too. Closing at once would reset the connection if the client
    // still sent something, and a reset can destroy the close frame before it is read.
    flushOutgoing();
    m_socket->flush();
    if (!shutdownWrite(m_socket)) {
        m_socket->disconnectFromHost(); // Qt writes the rest first
        return;
    }
    startGracePeriod();
}

void WebSocketConnection::fail(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    qCDebug(lcFrames) << "closing a connection from" << m_peerAddress.toString() << "with"
                      << int(code) << reason;
    m_message.clear();
    m_messageOpcode = 0;
    close(code, reason);
}

void WebSocketConnection::readFrames()
{
    if (!m_socket || m_readingPaused)
        return;
    if (m_closeReceived) {
        // The closing handshake is over: whatever still comes is dropped unread.
        m_in.clear();
        (void)m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_skip > 0 && m_in.isEmpty()) {
        // A refused payload goes straight from the socket to nowhere, never into a buffer.
        const qint64 skipped = m_socket->skip(m_skip);
        m_skip -= qMax<qint64>(0, skipped);
        if (m_skip > 0)
            return;
    }
    // read(n) with n the size of Qt's one buffered block takes the block itself (no copy), and
    // Qt then holds no buffer for the socket; readAll() would copy into a new 16-KiB array and
    // leave Qt's block allocated for the next read: 16 KiB kept by every idle connection.
    for (qint64 n = m_socket->bytesAvailable(); n > 0; n = m_socket->bytesAvailable())
        m_in += m_socket->read(n);
    // Parse from pos and drop what was parsed once at the end: many small frames in one read
    // must not move the rest of the buffer once per frame.
    qsizetype pos = 0;
    const QPointer<WebSocketConnection> self(this);
    auto consumed = qScopeGuard([&]() {
        if (!self)
            return;
        m_in.remove(0, qMin(pos, m_in.size()));
        // readAll() hands over a buffer of 16 KiB or more; an idle connection keeps none.
        if (m_in.isEmpty())
            m_in = QByteArray();
    });
    while (self && m_socket && !m_closeReceived) {
        if (m_skip > 0) {
            const qsizetype n = qMin(m_skip, m_in.size() - pos);
            pos += n;
            m_skip -= n;
            if (m_skip > 0)
                return;
        }
        const char *in = m_in.constData() + pos;
        const qsizetype available = m_in.size() - pos;
        if (available < 2)
            return;
        const auto b0 = quint8(in[0]);
        const auto b1 = quint8(in[1]);
        const bool fin = b0 & 0x80;
        const quint8 rsv = (b0 >> 4) & 7;
        const quint8 opcode = b0 & 0x0f;
        const bool masked = b1 & 0x80;
        const int lengthBytes = (b1 & 0x7f) == 126 ? 2 : (b1 & 0x7f) == 127 ? 8 : 0;
        const qsizetype headerSize = 2 + lengthBytes + (masked ? 4 : 0);
        if (available < headerSize)
            return;
        quint64 length = b1 & 0x7f;
        if (lengthBytes > 0) {
            length = 0;
            for (int i = 0; i < lengthBytes; ++i)
                length = (length << 8) | quint8(in[2 + i]);
        }
        const bool control = opcode & 0x8;
        // Skipping a payload never buffers it; the cap only keeps the count in range.
        const auto skipPayload = [&]() {
            pos += headerSize;
            m_skip = qsizetype(qMin<quint64>(length, quint64(1) << 62));
        };

        if (m_closeSent) {
            // Closing: only the client's close frame matters.
            if (opcode != Close || length > MaxControlPayload) {
                skipPayload();
                continue;
            }
        } else {
            QString refused;
            QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeProtocolError;
            if (!masked)
                refused = QStringLiteral("client frames must be masked");
            else if (rsv != 0)
                refused = QStringLiteral("reserved bits set without an extension");
            else if ((opcode > Binary && opcode < Close) || opcode > Pong)
                refused = QStringLiteral("reserved opcode %1").arg(opcode);
            else if (control && (!fin || length > MaxControlPayload))
                refused = QStringLiteral("control frames must be whole and at most 125 bytes");
            else if (lengthBytes == 8 && (length >> 63))
                refused = QStringLiteral("frame length out of range");
            else if (!control && opcode == Continuation && m_messageOpcode == 0)
                refused = QStringLiteral("continuation frame without a message to continue");
            else if (!control && opcode != Continuation && m_messageOpcode != 0)
                refused = QStringLiteral("new message before the last one was finished");
            else if (length > m_maxFrameBytes) {
                code = QWebSocketProtocol::CloseCodeTooMuchData;
                refused = QStringLiteral("frame too large");
            } else if (!control && quint64(m_message.size()) + length > m_maxMessageBytes) {
                code = QWebSocketProtocol::CloseCodeTooMuchData;
                refused = QStringLiteral("message too large");
            }
            if (!refused.isEmpty()) {
                skipPayload();
                fail(code, refused);
                continue;
            }
        }

        if (quint64(available - headerSize) < length) {
            // The payload is still arriving (bounded by the frame limit). Its bytes are life:
            // on a slow link one frame can take longer than the silence allowed.
            if (!control && available > headerSize)
                messageArriving();
            return;
        }
        QByteArray payload(in + headerSize, qsizetype(length));
        if (masked) {
            const char *key = in + headerSize - 4;
            char *data = payload.data();
            for (qsizetype i = 0; i < payload.size(); ++i)
                data[i] = char(data[i] ^ key[i & 3]);
        }
        pos += headerSize + qsizetype(length);
        m_lastLifeMs = clockMs();
        handleFrame(opcode, fin, std::move(payload));
        if (self && m_maxUnsentWhileReading > 0 && bytesToWrite() > m_maxUnsentWhileReading) {
            m_readingPaused = true; // checkBacklog() reads on once enough went out
            return;
        }
    }
}

void WebSocketConnection::messageArriving()
{
    m_lastLifeMs = clockMs();
    if (m_receivingPongEveryMs <= 0)
        return;
    if (m_receivingSinceMs == 0) {
        m_receivingSinceMs = m_lastLifeMs;
    } else if (m_lastLifeMs - m_receivingSinceMs >= m_receivingPongEveryMs) {
        m_receivingSinceMs = m_lastLifeMs;
        sendPong(m_receivingPong);
    }
}

void WebSocketConnection::handleFrame(quint8 opcode, bool fin, QByteArray payload)
{
    switch (opcode) {
    case Close:
        handleClose(payload);
        return;
    case Ping:
        if (!m_closeSent)
            writeFrame(Pong, payload);
        return;
    case Pong:
        Q_EMIT pong(quint64(m_pingTimer.isValid() ? m_pingTimer.elapsed() : 0), payload);
        return;
    default:
        break;
    }
    if (m_closeSent)
        return;
    if (opcode != Continuation) {
        m_messageOpcode = opcode;
        m_message.clear();
        m_utf8.reset();
    }
    if (m_messageOpcode == Text && !m_utf8.feed(payload)) {
        fail(QWebSocketProtocol::CloseCodeWrongDatatype, QStringLiteral("invalid UTF-8"));
        return;
    }
    if (m_message.isEmpty())
        m_message = std::move(payload);
    else
        m_message.append(payload);
    if (!fin) {
        messageArriving();
        return;
    }
    m_receivingSinceMs = 0;
    const quint8 kind = m_messageOpcode;
    const QByteArray message = std::exchange(m_message, {});
    m_messageOpcode = 0;
    if (kind == Text) {
        if (!m_utf8.complete()) {
            fail(QWebSocketProtocol::CloseCodeWrongDatatype,
                 QStringLiteral("text ends inside a character"));
            return;
        }
        Q_EMIT textMessageReceived(QString::fromUtf8(message));
    } else {
        Q_EMIT binaryMessageReceived(message);
    }
}

void WebSocketConnection::handleClose(const QByteArray &payload)
{
    m_closeReceived = true;
    const int code = payload.size() >= 2 ? (quint8(payload[0]) << 8) | quint8(payload[1]) : 0;
    Utf8Validator reason;
    if (payload.size() == 1)
        fail(QWebSocketProtocol::CloseCodeProtocolError, QStringLiteral("close frame of one byte"));
    else if (payload.size() >= 2 && !isValidCloseCode(code))
        fail(QWebSocketProtocol::CloseCodeProtocolError,
             QStringLiteral("invalid close code %1").arg(code));
    else if (!reason.feed(QByteArrayView(payload).sliced(qMin<qsizetype>(2, payload.size()))) ||
             !reason.complete())
        fail(QWebSocketProtocol::CloseCodeWrongDatatype,
             QStringLiteral("close reason is not UTF-8"));
    else if (!m_closeSent) {
        // Echo the code (RFC 6455 5.5.1); then the server ends the TCP connection first.
        writeFrame(Close, payload.first(qMin<qsizetype>(payload.size(), 2)));
        m_closeSent = true;
    }
    endTcp();
}
