// SPDX-License-Identifier: GPL-3.0-or-later
#include "presencetracker.h"
#include "wsjson.h"

#include "websocketconnection.h"
#include <QDateTime>
#include <QJsonDocument>

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

PresenceTracker::PresenceTracker(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{ }

PresenceTracker::~PresenceTracker()
{
    closeAll(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("hub shutting down"));
}

bool PresenceTracker::isStatus(const QString &status)
{
    return status == QLatin1String("online") || status == QLatin1String("away") ||
            status == QLatin1String("busy");
}

void PresenceTracker::add(WebSocketConnection *socket, const QString &userId,
                          const QString &userName)
{
    socket->setParent(this);
    const qint64 now = nowMs();
    m_connections[socket] = {userId, {}, 0, false};
    User &user = m_users[userId];
    if (user.connections == 0) {
        user = {userId, userName, QStringLiteral("online"), now, 0};
        m_order.append(userId);
    }
    ++user.connections;
    user.userName = userName;
    user.status = QStringLiteral("online");
    user.lastSeen = now;
    connect(socket, &WebSocketConnection::textMessageReceived, this,
            [this, socket](const QString &text) { onMessage(socket, text); });
    connect(socket, &WebSocketConnection::binaryMessageReceived, this,
            [this, socket](const QByteArray &) {
                if (auto it = m_connections.find(socket); it != m_connections.end())
                    sendError(socket, it->second,
                              QStringLiteral("binary messages are not supported"));
            });
    connect(socket, &WebSocketConnection::disconnected, this,
            [this, socket]() { onDisconnected(socket); });

    WsJson::send(socket,
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("presence_list")},
                             {QStringLiteral("users"), usersJson()}});
    broadcast({{QStringLiteral("type"), QStringLiteral("presence_update")},
               {QStringLiteral("user"), userJson(user)}},
              socket);
}

QJsonObject PresenceTracker::list() const
{
    return {{QStringLiteral("users"), usersJson()}};
}

std::optional<QString> PresenceTracker::update(const QString &userId, const QString &status)
{
    if (!isStatus(status))
        return QStringLiteral("status is online, away or busy");
    auto it = m_users.find(userId);
    if (it == m_users.end())
        return std::nullopt; // as in the document: nothing to update for someone offline
    it->status = status;
    it->lastSeen = nowMs();
    broadcast({{QStringLiteral("type"), QStringLiteral("presence_update")},
               {QStringLiteral("user"), userJson(*it)}},
              nullptr);
    return std::nullopt;
}

void PresenceTracker::closeAll(int code, const QString &reason)
{
    while (!m_connections.empty()) {
        WebSocketConnection *socket = m_connections.begin()->first;
        m_connections.erase(m_connections.begin());
        WsJson::closeNow(this, socket, code, reason);
    }
    m_users.clear();
    m_order.clear();
}

void PresenceTracker::onMessage(WebSocketConnection *socket, const QString &text)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->second.closing)
        return;
    Connection &connection = it->second;
    const qint64 now = nowMs();
    if (!connection.bucket.take(m_limits.messagesPerSecond, m_limits.messageBurst, now)) {
        sendError(socket, connection, QStringLiteral("rate limit exceeded; slow down"));
        return;
    }
    const std::optional<QJsonObject> parsed = WsJson::parseObject(text);
    if (!parsed) {
        sendError(socket, connection,
                  QStringLiteral("invalid JSON: a message is a JSON object with a type"));
        return;
    }
    const QJsonObject &message = *parsed;
    const QString type = message.value(QLatin1String("type")).toString();
    User &user = m_users[connection.userId];
    if (type == QLatin1String("status")) {
        const QString status = message.value(QLatin1String("status")).toString();
        if (!isStatus(status)) {
            sendError(socket, connection, QStringLiteral("status is online, away or busy"));
            return;
        }
        user.status = status;
        user.lastSeen = now;
        broadcast({{QStringLiteral("type"), QStringLiteral("presence_update")},
                   {QStringLiteral("user"), userJson(user)}},
                  nullptr);
    } else if (type == QLatin1String("heartbeat")) {
        user.lastSeen = now;
    } else {
        sendError(socket, connection, QStringLiteral("unknown message type \"%1\"").arg(type));
    }
}

void PresenceTracker::onDisconnected(WebSocketConnection *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    const QString userId = it->second.userId;
    m_connections.erase(it);
    socket->deleteLater();
    auto user = m_users.find(userId);
    if (user == m_users.end() || --user->connections > 0)
        return;
    m_users.erase(user);
    m_order.removeOne(userId);
    broadcast({{QStringLiteral("type"), QStringLiteral("presence_remove")},
               {QStringLiteral("userId"), userId}},
              nullptr);
}

void PresenceTracker::broadcast(const QJsonObject &message, const WebSocketConnection *except)
{
    const QByteArray frame = WsJson::frame(message);
    for (auto &[socket, connection] : m_connections)
        if (socket != except && !connection.closing)
            socket->sendFrame(frame);
}

void PresenceTracker::sendError(WebSocketConnection *socket, Connection &connection,
                                const QString &message)
{
    WsJson::sendError(socket, connection.strikes, connection.closing, m_limits.maxStrikes, message);
}

QJsonObject PresenceTracker::userJson(const User &user)
{
    return {{QStringLiteral("userId"), user.userId},
            {QStringLiteral("userName"), user.userName},
            {QStringLiteral("status"), user.status},
            {QStringLiteral("lastSeen"), user.lastSeen}};
}

QJsonArray PresenceTracker::usersJson() const
{
    QJsonArray users;
    for (const QString &id : m_order)
        users.append(userJson(m_users.value(id)));
    return users;
}
