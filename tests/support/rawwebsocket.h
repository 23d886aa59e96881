// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QTcpSocket>

#include <optional>

/** How RawWebSocket::frame() builds a frame. */
struct RawFrameOptions
{
    bool fin = true;
    quint8 rsv = 0;       ///< the three reserved bits, 0..7 (RSV1 = 4)
    bool masked = true;   ///< clients must mask (RFC 6455 5.3)
    qint64 declared = -1; ///< the length written in the header, when it must lie
};

/**
 * A WebSocket client written by hand over QTcpSocket, for the conformance and hostile-input
 * tests: it sends exactly the bytes a test builds (bad frames, broken handshakes, byte by
 * byte) and parses whatever the server sends back. Waiting turns the event loop, so the
 * server may run in the same thread.
 */
class RawWebSocket
{
public:
    enum Opcode : quint8 {
        Continuation = 0x0,
        Text = 0x1,
        Binary = 0x2,
        Close = 0x8,
        Ping = 0x9,
        Pong = 0xA,
    };
    using FrameOptions = RawFrameOptions;
    struct Frame
    {
        bool fin = true;
        quint8 rsv = 0;
        quint8 opcode = 0;
        bool masked = false;
        QByteArray payload;
        /** A close frame's status code (0: none given). */
        int closeCode() const;
    };
    /** What ended a wait for the server's close. */
    enum : int {
        NoCloseFrame = -1, ///< the TCP connection ended without a close frame
        TimedOut = -2,
    };

    RawWebSocket();

    /** A client frame (masked unless told otherwise). */
    static QByteArray frame(quint8 opcode, QByteArrayView payload, FrameOptions options = {});
    /** A close frame with a status code and a reason (code 0: an empty payload). */
    static QByteArray closeFrame(int code, QByteArrayView reason = {});
    /** A GET upgrade request for path with the usual headers plus extraHeaders ("Name: v\r\n"). */
    static QByteArray upgradeRequest(const QByteArray &path = "/v1",
                                     const QByteArray &extraHeaders = {});

    /** Opens the TCP connection, optionally from a given local address (127.0.0.x). */
    bool connectTo(quint16 port, const QHostAddress &from = {});
    /** connectTo() and a standard upgrade; true when the server answered 101. */
    bool handshake(quint16 port, const QByteArray &extraHeaders = {},
                   const QByteArray &path = "/v1");
    /** Waits for a complete HTTP response head and returns it (empty on timeout/close). */
    QByteArray readResponseHead(int timeoutMs = 5000);
    /** The status code of a head from readResponseHead() (0 if none). */
    static int statusOf(const QByteArray &head);

    /** Writes bytes all at once, or in pieces of chunk bytes each sent as its own segment. */
    void write(const QByteArray &bytes, int chunk = 0);
    /** The next complete frame from the server. */
    std::optional<Frame> nextFrame(int timeoutMs = 5000);
    /** The next whole data message (its fragments joined, pings passed over); nothing on a
     *  close frame, a closed connection or a timeout (timeoutMs for each fragment). */
    std::optional<QByteArray> nextMessage(int timeoutMs = 5000);
    /** Reads nothing more: what the server sends waits in the kernel, then in the server. */
    void stopReading();
    /** Reads again after stopReading(). */
    void resumeReading();
    /** Reads frames until the server's close frame; returns its code (0: none in it), or
     *  NoCloseFrame / TimedOut. Frames read on the way are kept in skipped. */
    int waitForClose(int timeoutMs = 5000);
    /** Waits until the server closed the TCP connection. */
    bool waitForDisconnected(int timeoutMs = 5000);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    QTcpSocket &socket() { return m_socket; }
    /** Bytes received and not yet parsed. */
    QByteArray &buffer() { return m_received; }
    QList<Frame> skipped;

private:
    std::optional<Frame> takeFrame();

    QTcpSocket m_socket;
    QByteArray m_received;
    quint32 m_maskSeed = 0x9e3779b9;
};
