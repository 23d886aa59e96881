// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpproxy.h"

namespace {
constexpr int TickMs = 10;
}

TcpProxy::TcpProxy(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpProxy::accept);
    m_ticker.setInterval(TickMs);
    m_ticker.setTimerType(Qt::PreciseTimer);
    connect(&m_ticker, &QTimer::timeout, this, &TcpProxy::tick);
}

TcpProxy::~TcpProxy()
{
    // ~QObject deletes the sockets after this part of the object is gone, and a socket's
    // disconnected signal would call into it: cut every connection first.
    for (QObject *child : children())
        child->disconnect();
}

bool TcpProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void TcpProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *upstream = new QTcpSocket(this);
        client->setParent(this);
        m_pairs.append(Pair{client, upstream});
        connect(client, &QTcpSocket::readyRead, this, [=, this]() { pump(client, upstream); });
        connect(upstream, &QTcpSocket::readyRead, this, [=, this]() { pump(upstream, client); });
        connect(upstream, &QTcpSocket::connected, this, [=, this]() { pump(client, upstream); });
        // A close on one side closes the other, once what it sent has been passed on.
        connect(client, &QTcpSocket::disconnected, upstream, [=, this]() {
            pump(client, upstream);
            closeAfterForwarding(upstream);
        });
        connect(upstream, &QTcpSocket::disconnected, client, [=, this]() {
            pump(upstream, client);
            closeAfterForwarding(client);
        });
        upstream->connectToHost(m_targetAddress, m_targetPort);
    }
}

void TcpProxy::pump(QTcpSocket *from, QTcpSocket *to)
{
    if (m_blackholed || !from->isOpen() || to->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray data;
    if (m_bytesPerSecond > 0) {
        qint64 &allowance = m_allowance[from];
        data = from->read(qMin(allowance, from->bytesAvailable()));
        allowance -= data.size();
    } else {
        data = from->readAll();
    }
    if (!data.isEmpty())
        forward(to, data);
}

void TcpProxy::forward(QTcpSocket *to, const QByteArray &data)
{
    if (m_delayMs <= 0) {
        to->write(data);
        return;
    }
    // Precise single-shot timers with one fixed delay fire in the order they were started.
    QTimer::singleShot(m_delayMs, Qt::PreciseTimer, to, [to, data]() {
        if (to->state() == QAbstractSocket::ConnectedState)
            to->write(data);
    });
}

void TcpProxy::closeAfterForwarding(QTcpSocket *to)
{
    if (m_delayMs <= 0) {
        to->disconnectFromHost();
        return;
    }
    QTimer::singleShot(m_delayMs, Qt::PreciseTimer, to, [to]() { to->disconnectFromHost(); });
}

void TcpProxy::setBytesPerSecond(qint64 rate)
{
    m_bytesPerSecond = qMax<qint64>(0, rate);
    m_allowance.clear();
    if (m_bytesPerSecond > 0) {
        m_ticker.start();
    } else {
        m_ticker.stop();
        pumpAll(); // what waited for its turn goes now
    }
}

void TcpProxy::tick()
{
    const qint64 perTick = qMax<qint64>(1, m_bytesPerSecond * TickMs / 1000);
    m_allowance.clear(); // an unused allowance is not saved up: the link was idle
    for (const Pair &pair : std::as_const(m_pairs)) {
        if (!pair.client || !pair.upstream)
            continue;
        m_allowance.insert(pair.client, perTick);
        m_allowance.insert(pair.upstream, perTick);
        pump(pair.client, pair.upstream);
        pump(pair.upstream, pair.client);
    }
}

void TcpProxy::blackhole()
{
    m_blackholed = true;
}

void TcpProxy::resume()
{
    m_blackholed = false;
    pumpAll();
}

void TcpProxy::pumpAll()
{
    for (const Pair &pair : std::as_const(m_pairs)) {
        if (pair.client && pair.upstream) {
            pump(pair.client, pair.upstream);
            pump(pair.upstream, pair.client);
        }
    }
}

void TcpProxy::dropAll()
{
    for (const Pair &pair : std::as_const(m_pairs)) {
        if (pair.client)
            pair.client->abort();
        if (pair.upstream)
            pair.upstream->abort();
    }
    m_pairs.clear();
}

int TcpProxy::connectionCount() const
{
    int count = 0;
    for (const Pair &pair : m_pairs)
        count += pair.client && pair.client->state() == QAbstractSocket::ConnectedState;
    return count;
}
