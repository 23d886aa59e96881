// SPDX-License-Identifier: GPL-3.0-or-later
#include "instancechannels.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUrlQuery>
#include <QUuid>
#include <QWebSocket>

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

constexpr qsizetype MaxInstanceLength = 128;

} // namespace

InstanceChannels::InstanceChannels(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{ }

InstanceChannels::~InstanceChannels()
{
    closeAll(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("hub shutting down"));
}

QString InstanceChannels::instanceOf(const QWebSocket *socket)
{
    const QString id = QUrlQuery(socket->requestUrl())
                               .queryItemValue(QStringLiteral("id"), QUrl::FullyDecoded);
    return id.isEmpty() ? QStringLiteral("default") : id.left(MaxInstanceLength);
}

void InstanceChannels::add(QWebSocket *socket, const QString &userId)
{
    socket->setParent(this);
    Connection connection;
    connection.socket = socket;
    connection.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    connection.instance = instanceOf(socket);
    connection.userId = userId;
    connection.connectedAt = nowMs();
    connection.tokens = m_limits.messageBurst;
    connection.lastRefill = connection.connectedAt;
    Connection &added = m_connections.emplace(socket, connection).first->second;
    QList<QWebSocket *> &members = m_instances[added.instance];
    members.append(socket);

    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, socket](const QString &text) { onMessage(socket, text); });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &) {
        if (auto it = m_connections.find(socket); it != m_connections.end())
            sendError(it->second, QStringLiteral("binary messages are not supported"));
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket]() { onDisconnected(socket); });

    const int total = int(members.size());
    send(added,
         {{QStringLiteral("type"), QStringLiteral("connected")},
          {QStringLiteral("id"), added.id},
          {QStringLiteral("message"), QStringLiteral("Welcome to WebSocket server")},
          {QStringLiteral("totalConnections"), total}});
    sendToOthers(added.instance, socket,
                 {{QStringLiteral("type"), QStringLiteral("user_connected")},
                  {QStringLiteral("data"),
                   QJsonObject{{QStringLiteral("id"), added.id},
                               {QStringLiteral("totalConnections"), total}}}});
}

QJsonObject InstanceChannels::stats(const QString &instance) const
{
    QJsonArray connections;
    for (QWebSocket *socket : m_instances.value(instance)) {
        const Connection &c = m_connections.at(socket);
        connections.append(QJsonObject{{QStringLiteral("id"), c.id},
                                       {QStringLiteral("connectedAt"), c.connectedAt}});
    }
    return {{QStringLiteral("id"), instance},
            {QStringLiteral("totalConnections"), int(connections.size())},
            {QStringLiteral("connections"), connections}};
}

void InstanceChannels::closeAll(int code, const QString &reason)
{
    while (!m_connections.empty()) {
        QWebSocket *socket = m_connections.begin()->first;
        socket->disconnect(this);
        socket->close(QWebSocketProtocol::CloseCode(code), reason);
        socket->flush();
        m_connections.erase(m_connections.begin());
        delete socket;
    }
    m_instances.clear();
}

void InstanceChannels::onMessage(QWebSocket *socket, const QString &text)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->second.closing)
        return;
    Connection &from = it->second;
    const qint64 now = nowMs();
    from.tokens =
            qMin(double(m_limits.messageBurst),
                 from.tokens + double(now - from.lastRefill) * m_limits.messagesPerSecond / 1000.0);
    from.lastRefill = now;
    if (from.tokens < 1) {
        sendError(from, QStringLiteral("Rate limit exceeded; slow down"));
        return;
    }
    from.tokens -= 1;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        sendError(from, QStringLiteral("Invalid JSON: a message is a JSON object with a type"));
        return;
    }
    const QJsonObject message = document.object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("ping")) {
        send(from,
             {{QStringLiteral("type"), QStringLiteral("pong")},
              {QStringLiteral("timestamp"), now}});
    } else if (type == QLatin1String("broadcast")) {
        sendToOthers(from.instance, socket,
                     {{QStringLiteral("type"), QStringLiteral("broadcast")},
                      {QStringLiteral("data"), message.value(QLatin1String("data"))}});
    } else if (type == QLatin1String("get_stats")) {
        send(from,
             {{QStringLiteral("type"), QStringLiteral("stats")},
              {QStringLiteral("data"),
               QJsonObject{{QStringLiteral("totalConnections"),
                            int(m_instances.value(from.instance).size())},
                           {QStringLiteral("yourId"), from.id},
                           {QStringLiteral("connectedAt"), from.connectedAt}}}});
    } else {
        send(from,
             {{QStringLiteral("type"), QStringLiteral("echo")},
              {QStringLiteral("data"), message},
              {QStringLiteral("receivedAt"), now}});
    }
}

void InstanceChannels::onDisconnected(QWebSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    const QString id = it->second.id;
    const QString instance = it->second.instance;
    m_connections.erase(it);
    QList<QWebSocket *> &members = m_instances[instance];
    members.removeOne(socket);
    const int total = int(members.size());
    if (members.isEmpty())
        m_instances.remove(instance);
    else
        sendToOthers(instance, nullptr,
                     {{QStringLiteral("type"), QStringLiteral("user_disconnected")},
                      {QStringLiteral("data"),
                       QJsonObject{{QStringLiteral("id"), id},
                                   {QStringLiteral("totalConnections"), total}}}});
    socket->deleteLater();
}

void InstanceChannels::send(Connection &to, const QJsonObject &message)
{
    if (to.closing)
        return;
    if (to.socket->bytesToWrite() > m_limits.maxUnsentBytes) {
        close(to, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too slow"));
        return;
    }
    to.socket->sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void InstanceChannels::sendError(Connection &to, const QString &message)
{
    send(to,
         {{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("message"), message}});
    if (++to.strikes > m_limits.maxStrikes)
        close(to, QWebSocketProtocol::CloseCodePolicyViolated,
              QStringLiteral("too many bad messages"));
}

void InstanceChannels::sendToOthers(const QString &instance, const QWebSocket *except,
                                    const QJsonObject &message)
{
    const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    for (QWebSocket *socket : m_instances.value(instance)) {
        if (socket == except)
            continue;
        Connection &to = m_connections.at(socket);
        if (to.closing)
            continue;
        if (socket->bytesToWrite() > m_limits.maxUnsentBytes) {
            close(to, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too slow"));
            continue;
        }
        socket->sendTextMessage(text);
    }
}

void InstanceChannels::close(Connection &connection, int code, const QString &reason)
{
    if (connection.closing)
        return;
    connection.closing = true;
    // From the event loop: closing can re-enter onDisconnected while a caller iterates.
    QWebSocket *socket = connection.socket;
    QMetaObject::invokeMethod(
            socket,
            [socket, code, reason]() {
                socket->close(QWebSocketProtocol::CloseCode(code), reason);
            },
            Qt::QueuedConnection);
}
