// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

/**
 * A TCP proxy on 127.0.0.1 for fault tests: forwards every connection to a target port and
 * can stop forwarding without closing anything (a network blackhole: both sides see a live
 * socket that carries nothing), resume, or cut every connection at once.
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
    void pump(QTcpSocket *from, QTcpSocket *to);

    QTcpServer m_server;
    quint16 m_targetPort;
    bool m_blackholed = false;
    QList<Pair> m_pairs;
};
