// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QVarLengthArray>
#include <QWebSocketProtocol>

QT_FORWARD_DECLARE_CLASS(QTcpSocket)
QT_FORWARD_DECLARE_CLASS(QTimer)

/** Checks UTF-8 as it arrives, piece by piece: a character may be split across pieces. */
class Utf8Validator
{
public:
    /** false as soon as bytes cannot be part of well-formed UTF-8 (RFC 3629: no overlong
     *  forms, no surrogates, nothing beyond U+10FFFF). */
    bool feed(QByteArrayView bytes);
    /** true when no character is left half-way. */
    bool complete() const { return m_need == 0; }
    void reset() { *this = Utf8Validator(); }

private:
    int m_need = 0; ///< continuation bytes still to come
    quint8 m_low = 0x80;
    quint8 m_high = 0xbf;
};

/**
 * The server side of one WebSocket connection (RFC 6455) over a TCP socket whose opening
 * handshake HubListener has already answered.
 *
 * The hub uses this instead of QWebSocket because Qt's frame reader fails valid traffic and
 * lets invalid traffic through (measured by tests/net/tst_wire_frames against Qt 6.4, and
 * unchanged in Qt's current sources): it decodes each fragment of a text message on its
 * own, so a character split between fragments closes the connection with 1007, and it
 * accepts unmasked client frames. This class checks UTF-8 across fragments, refuses
 * unmasked frames, reserved bits and opcodes, oversized or fragmented control frames and
 * invalid close codes, and enforces the frame and message limits from the header, before
 * any payload is buffered. Messages go out as frames made once (textFrame(), via
 * WsJson::frame()) however many connections they are sent to (sendFrame()).
 */
class WebSocketConnection : public QObject
{
    Q_OBJECT
public:
    /** Takes ownership of socket; bytes already buffered after the handshake are read.
     *  authorization: the request's Authorization header (the only one read later). */
    WebSocketConnection(QTcpSocket *socket, const QUrl &requestUrl, QByteArray authorization,
                        QObject *parent = nullptr);
    ~WebSocketConnection() override;

    /** Path and query of the request. */
    QUrl requestUrl() const { return m_requestUrl; }
    /** The request's Authorization header (empty without one). */
    QByteArray authorization() const { return m_authorization; }
    /** Who the hub knows this client as, once it does, and when the token it showed was
     *  issued (ms since the epoch; -1 without a token): a revocation closes it by these. */
    void setCredential(const QString &userId, qint64 tokenIssuedMs)
    {
        m_userId = userId;
        m_tokenIssuedMs = tokenIssuedMs;
    }
    QString userId() const { return m_userId; }
    qint64 tokenIssuedMs() const { return m_tokenIssuedMs; }
    QHostAddress peerAddress() const { return m_peerAddress; }

    void setMaxAllowedIncomingFrameSize(quint64 bytes) { m_maxFrameBytes = bytes; }
    void setMaxAllowedIncomingMessageSize(quint64 bytes) { m_maxMessageBytes = bytes; }
    /** While more than bytes wait to be sent (0: no limit), what the client sends next waits
     *  unread, and TCP holds the client back: a client that does not take in its answers
     *  cannot ask for more. Reading resumes once a quarter of that is left. */
    void setMaxUnsentWhileReading(qint64 bytes) { m_maxUnsentWhileReading = bytes; }
    bool isReadingPaused() const { return m_readingPaused; }
    /** Every byte ever queued for the client: with bytesToWrite(), how far sending has got. */
    qint64 queuedTotal() const { return m_queuedTotal; }
    /** Emits unsentAtMost() once, when no more than bytes wait to be sent to the client (at
     *  once if that is so already): a sender holding back what would only pile up (a state
     *  that a newer one replaces) learns when to send. */
    void notifyWhenUnsentAtMost(qint64 bytes);
    /** How long the client has shown no sign of life: no frame from it, no byte of one, and
     *  no progress in taking in what it is sent (since the connection began, if none yet). */
    qint64 silentMs() const { return clockMs() - m_lastLifeMs; }

    /** Messages larger than this go out in fragments of at most this size. A client sees
     *  life in each fragment (Qt tells it no less): one must arrive within its two heartbeats,
     *  30 s in the app, which 64 KiB do above ~17 kbit/s. */
    static constexpr qsizetype MaxOutgoingFrameBytes = 64 * 1024;
    /** A whole server text message (one frame, or fragments when large), to send to many
     *  with sendFrame(). */
    static QByteArray textFrame(QByteArrayView utf8);
    /** Sends a frame made by textFrame() (nothing once closing). */
    qint64 sendFrame(const QByteArray &frame);
    /** Frames of at least this many bytes wait in this connection's queue as they are,
     *  sharing their bytes with every other connection they go to; smaller ones are copied
     *  together into one buffer, so a burst of small frames is still one write. */
    static constexpr qsizetype SharedFrameBytes = 4096;
    /** Writes bytes to socket after everything written to it before, straight to the kernel
     *  when it can (plain TCP with nothing queued), else through Qt's buffer. */
    static qint64 writeDirect(QTcpSocket *socket, const char *data, qint64 size);
    /** The same for count buffers written one after the other (one system call when the
     *  kernel takes them); what it does not take is copied into Qt's buffer. */
    static qint64 writeDirect(QTcpSocket *socket, const QByteArray *buffers, qsizetype count);
    /** Sends FIN (shutdown for writing) when Qt holds nothing unsent for socket; false if
     *  it could not (bytes still queued, no descriptor, or TLS, which ends with
     *  disconnectFromHost()). Reading goes on. */
    static bool shutdownWrite(QTcpSocket *socket);
    void ping(const QByteArray &payload = {});
    /** An unsolicited pong (RFC 6455 5.5.3: a one-way heartbeat), answering no ping. */
    void sendPong(const QByteArray &payload);
    /** While a message of the client's has been arriving for everyMs, the client is sent an
     *  unsolicited pong with payload (a static string), then again every everyMs until the
     *  message is whole: a client sending a long message on a slow link finds the pongs to
     *  its pings waiting behind it, and would take the silence for a dead link. 0: never. */
    void setReceivingPong(qint64 everyMs, const char *payload)
    {
        m_receivingPongEveryMs = everyMs;
        m_receivingPong = payload;
    }
    /** Starts the closing handshake; the TCP connection ends when the client answers, or
     *  after a grace period. */
    void close(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeNormal,
               const QString &reason = {});
    /** Drops the TCP connection at once. */
    void abort();
    void flush();
    qint64 bytesToWrite() const;
    bool isOpen() const;

    /** How long a closing connection waits for the client's close frame. */
    static constexpr int CloseGraceMs = 2000;

Q_SIGNALS:
    void textMessageReceived(const QString &message);
    void binaryMessageReceived(const QByteArray &message);
    void pong(quint64 elapsedMs, const QByteArray &payload);
    /** See notifyWhenUnsentAtMost(); always emitted from the event loop. */
    void unsentAtMost();
    /** The TCP connection ended (emitted once). */
    void disconnected();

private:
    static qint64 clockMs();
    void readFrames();
    /** A part of a message still arriving (a frame of it, or bytes of a frame): life, and
     *  perhaps time for a receiving pong. */
    void messageArriving();
    /** Handles one complete frame (after a failure or close: only the client's close). */
    void handleFrame(quint8 opcode, bool fin, QByteArray payload);
    void handleClose(const QByteArray &payload);
    void fail(QWebSocketProtocol::CloseCode code, const QString &reason);
    void writeFrame(quint8 opcode, QByteArrayView payload);
    /** Queues bytes to be written at the end of this event-loop pass (see SharedFrameBytes). */
    void queue(const QByteArray &bytes);
    /** Puts this connection on the list written at the end of the event-loop pass, unless
     *  bytes are queued already; call before queueing into m_outgoing. */
    void scheduleFlush();
    void flushOutgoing();
    /** After bytes went out: reads again if paused and the queue is low enough. */
    void checkBacklog();
    void resumeReading();
    void endTcp();
    /** Ends TCP by force unless the client completes the close within CloseGraceMs. */
    void startGracePeriod();

    QPointer<QTcpSocket> m_socket;
    QUrl m_requestUrl;
    QByteArray m_authorization;
    QString m_userId;
    qint64 m_tokenIssuedMs = -1;
    /** Written at the end of this event-loop pass, in order. Mostly one buffer, kept in the
     *  object: a fan-out allocates nothing per recipient. */
    QVarLengthArray<QByteArray, 1> m_outgoing;
    qint64 m_outgoingBytes = 0; ///< in m_outgoing
    /** m_outgoing's last buffer is this connection's own, small frames copied together: the
     *  next small frame goes on its end, so a burst of them is still one contiguous write. */
    bool m_lastOutgoingOwn = false;
    qint64 m_queuedTotal = 0;
    qint64 m_maxUnsentWhileReading = 0;
    bool m_readingPaused = false;
    bool m_backlogged = false;       ///< Qt held unsent bytes after the last write it reported
    qint64 m_lastLifeMs = clockMs(); ///< see silentMs()
    /** Since when a message has been arriving untold: its first part, or the last pong that
     *  told the client (0: none arriving). See setReceivingPong(). */
    qint64 m_receivingSinceMs = 0;
    qint64 m_receivingPongEveryMs = 0;
    const char *m_receivingPong = nullptr;
    qint64 m_notifyUnsentAtMost = -1; ///< see notifyWhenUnsentAtMost(); -1: nobody asked
    QHostAddress m_peerAddress;
    quint64 m_maxFrameBytes = 1024 * 1024;
    quint64 m_maxMessageBytes = 8 * 1024 * 1024;

    QByteArray m_in;            ///< received bytes not yet parsed
    qsizetype m_skip = 0;       ///< payload bytes still to discard (after a failure)
    quint8 m_messageOpcode = 0; ///< text or binary while a fragmented message is open
    QByteArray m_message;
    Utf8Validator m_utf8;

    bool m_closeSent = false;
    bool m_closeReceived = false;
    bool m_tcpEnding = false;
    bool m_disconnected = false;
    QTimer *m_closeTimer = nullptr;
    QElapsedTimer m_pingTimer;
};
