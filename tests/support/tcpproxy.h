// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

/**
 * A TCP proxy on 127.0.0.1 for fault tests: forwards every connection to a target port and
 * can stop forwarding without closing anything (a network blackhole: both sides see a live
 * socket that carries nothing), resume, or cut every connection at once. It can also hold
 * every byte for a fixed time in each direction (latency, where netem is not available) and
 * pass at most so many bytes a second in each direction (a slow link).
 */
class TcpProxy : public QObject
{
    Q_OBJECT
public:
    explicit TcpProxy(quint16 targetPort, QObject *parent = nullptr);
    ~TcpProxy() override;

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    void setTargetPort(quint16 port) { m_targetPort = port; }
    /** Where connections go (127.0.0.1 unless set). */
    void setTargetAddress(const QHostAddress &address) { m_targetAddress = address; }
    /** Holds every byte this long in each direction before passing it on (0: none). */
    void setDelayMs(int ms) { m_delayMs = ms; }
    /** Passes at most this many bytes a second in each direction of each connection (0: no
     * limit); the rest waits in the proxy. */
    void setBytesPerSecond(qint64 rate);

    /** Stops forwarding: bytes wait in the sockets' buffers, nothing is closed. */
    void blackhole();
    /** Forwards again (new connections and whatever still can flow). */
    void resume();
    bool isBlackholed() const { return m_blackholed; }
    /** Closes every proxied connection. */
    void dropAll();
    int connectionCount() const;

private:
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
    };
    void accept();
    /** Gives every direction its bytes for the next tick and passes on what waits. */
    void tick();
    void pump(QTcpSocket *from, QTcpSocket *to);
    void pumpAll();
    /** Writes data to to now or after the delay, in the order it was read. */
    void forward(QTcpSocket *to, const QByteArray &data);
    /** Closes to once everything read before it has been forwarded. */
    void closeAfterForwarding(QTcpSocket *to);

    QTcpServer m_server;
    quint16 m_targetPort;
    QHostAddress m_targetAddress = QHostAddress(QHostAddress::LocalHost);
    int m_delayMs = 0;
    qint64 m_bytesPerSecond = 0;
    /** Bytes each reading socket may still pass on in this tick (with a rate only). */
    QHash<const QTcpSocket *, qint64> m_allowance;
    QTimer m_ticker;
    bool m_blackholed = false;
    QList<Pair> m_pairs;
};
