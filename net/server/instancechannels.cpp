// SPDX-License-Identifier: GPL-3.0-or-later
#include "instancechannels.h"
#include "wsjson.h"

#include "websocketconnection.h"
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QUuid>

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

QString InstanceChannels::instanceOf(const WebSocketConnection *socket)
{
    const QString id = QUrlQuery(socket->requestUrl())
                               .queryItemValue(QStringLiteral("id"), QUrl::FullyDecoded);
    return id.isEmpty() ? QStringLiteral("default") : id.left(MaxInstanceLength);
}

void InstanceChannels::add(WebSocketConnection *socket, const QString &userId,
                           const QString &userName)
{
    socket->setParent(this);
    Connection connection;
    connection.socket = socket;
    connection.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    connection.instance = instanceOf(socket);
    connection.userId = userId;
    connection.userName = userName;
    connection.connectedAt = nowMs();
    Connection &added = m_connections.emplace(socket, connection).first->second;
    QList<WebSocketConnection *> &members = m_instances[added.instance];
    members.append(socket);

    connect(socket, &WebSocketConnection::textMessageReceived, this,
            [this, socket](const QString &text) { onMessage(socket, text); });
    connect(socket, &WebSocketConnection::unsentAtMost, this, [this, socket]() {
        if (auto it = m_connections.find(socket); it != m_connections.end())
            sendHeld(it->second);
    });
    connect(socket, &WebSocketConnection::binaryMessageReceived, this,
            [this, socket](const QByteArray &) {
                if (auto it = m_connections.find(socket); it != m_connections.end())
                    sendError(it->second, QStringLiteral("binary messages are not supported"));
            });
    connect(socket, &WebSocketConnection::disconnected, this,
            [this, socket]() { onDisconnected(socket); });

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
    for (WebSocketConnection *socket : m_instances.value(instance)) {
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
        WebSocketConnection *socket = m_connections.begin()->first;
        m_connections.erase(m_connections.begin());
        WsJson::closeNow(this, socket, code, reason);
    }
    m_instances.clear();
    m_rooms.clear();
    m_subscribers.clear();
}

void InstanceChannels::onMessage(WebSocketConnection *socket, const QString &text)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->second.closing)
        return;
    Connection &from = it->second;
    const qint64 now = nowMs();
    if (!from.bucket.take(m_limits.messagesPerSecond, m_limits.messageBurst, now)) {
        sendError(from, QStringLiteral("Rate limit exceeded; slow down"));
        return;
    }
    const std::optional<QJsonObject> parsed = WsJson::parseObject(text);
    if (!parsed) {
        sendError(from, QStringLiteral("Invalid JSON: a message is a JSON object with a type"));
        return;
    }
    const QJsonObject &message = *parsed;
    const QString type = message.value(QLatin1String("type")).toString();
    if (handleRoomMessage(from, type, message))
        return;
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

void InstanceChannels::onDisconnected(WebSocketConnection *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    const QString id = it->second.id;
    const QString instance = it->second.instance;
    for (auto sub = it->second.subscriptions.cbegin(); sub != it->second.subscriptions.cend();
         ++sub)
        if (--m_subscribers[sub.key()] == 0)
            m_subscribers.remove(sub.key());
    for (const QString &room : std::as_const(it->second.rooms)) {
        QList<WebSocketConnection *> &members = m_rooms[room];
        members.removeOne(socket);
        if (members.isEmpty())
            m_rooms.remove(room);
    }
    m_connections.erase(it);
    QList<WebSocketConnection *> &members = m_instances[instance];
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
    WsJson::send(to.socket, message);
}

void InstanceChannels::sendError(Connection &to, const QString &message)
{
    WsJson::sendError(to.socket, to.strikes, to.closing, m_limits.maxStrikes, message);
}

void InstanceChannels::sendToOthers(const QString &instance, const WebSocketConnection *except,
                                    const QJsonObject &message)
{
    sendToAll(m_instances.value(instance), except, message);
}

void InstanceChannels::sendToAll(const QList<WebSocketConnection *> &sockets,
                                 const WebSocketConnection *except, const QJsonObject &message)
{
    const QByteArray frame = WsJson::frame(message);
    for (WebSocketConnection *socket : sockets) {
        if (socket == except)
            continue;
        Connection &to = m_connections.at(socket);
        if (to.closing)
            continue;
        if (socket->bytesToWrite() > m_limits.maxUnsentBytes) {
            close(to, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too slow"));
            continue;
        }
        socket->sendFrame(frame);
    }
}

void InstanceChannels::close(Connection &connection, int code, const QString &reason)
{
    if (connection.closing)
        return;
    connection.closing = true;
    WsJson::closeLater(connection.socket, code, reason);
}

// ---------------------------------------------------------------- seed 002

bool InstanceChannels::handleRoomMessage(Connection &from, const QString &type,
                                         const QJsonObject &message)
{
    const bool roomType = type == QLatin1String("join") || type == QLatin1String("leave") ||
            type == QLatin1String("message") || type == QLatin1String("presence");
    if (!roomType && type != QLatin1String("subscribe") && type != QLatin1String("unsubscribe"))
        return false;
    if (type == QLatin1String("subscribe") || type == QLatin1String("unsubscribe")) {
        const QJsonValue resource = message.value(QLatin1String("resource"));
        const QJsonValue filters = message.value(QLatin1String("filters"));
        if (!resource.isString() || resource.toString().isEmpty() ||
            resource.toString().size() > MaxInstanceLength ||
            !(filters.isUndefined() || filters.isNull() || filters.isObject())) {
            sendError(from,
                      QStringLiteral("%1 needs a string \"resource\" and optional object "
                                     "\"filters\"")
                              .arg(type));
            return true;
        }
        const QString name = resource.toString();
        if (type == QLatin1String("subscribe")) {
            if (!from.subscriptions.contains(name))
                ++m_subscribers[name];
            from.subscriptions.insert(name, filters.toObject());
        } else if (from.subscriptions.remove(name) && --m_subscribers[name] == 0) {
            m_subscribers.remove(name);
        }
        return true;
    }
    const QJsonValue roomValue = message.value(QLatin1String("room"));
    if (!roomValue.isString() || roomValue.toString().isEmpty() ||
        roomValue.toString().size() > MaxInstanceLength) {
        sendError(from, QStringLiteral("%1 needs a string \"room\"").arg(type));
        return true;
    }
    const QString room = roomValue.toString();
    if (type == QLatin1String("join")) {
        if (!from.rooms.contains(room)) {
            from.rooms.insert(room);
            m_rooms[room].append(from.socket);
        }
    } else if (type == QLatin1String("leave")) {
        if (from.rooms.remove(room)) {
            QList<WebSocketConnection *> &members = m_rooms[room];
            members.removeOne(from.socket);
            if (members.isEmpty())
                m_rooms.remove(room);
        }
    } else if (type == QLatin1String("message")) {
        if (!from.rooms.contains(room)) {
            sendError(from, QStringLiteral("join the room before sending to it"));
            return true;
        }
        sendToAll(m_rooms.value(room), nullptr,
                  {{QStringLiteral("type"), QStringLiteral("message")},
                   {QStringLiteral("room"), room},
                   {QStringLiteral("from"), from.userId},
                   {QStringLiteral("data"), message.value(QLatin1String("data"))}});
    } else { // presence
        QJsonArray users;
        QSet<QString> listed;
        for (WebSocketConnection *socket : m_rooms.value(room)) {
            const Connection &member = m_connections.at(socket);
            if (listed.contains(member.userId))
                continue;
            listed.insert(member.userId);
            users.append(QJsonObject{{QStringLiteral("id"), member.userId},
                                     {QStringLiteral("name"), member.userName},
                                     {QStringLiteral("status"), QStringLiteral("online")}});
        }
        send(from,
             {{QStringLiteral("type"), QStringLiteral("presence")},
              {QStringLiteral("room"), room},
              {QStringLiteral("users"), users}});
    }
    return true;
}

bool InstanceChannels::hasSubscribers(const QString &resource) const
{
    return m_subscribers.value(resource) > 0;
}

void InstanceChannels::publish(const QString &resource, const QString &action,
                               const QJsonObject &data,
                               const std::function<bool(const QString &userId)> &maySee)
{
    const QJsonObject update{{QStringLiteral("type"), QStringLiteral("update")},
                             {QStringLiteral("resource"), resource},
                             {QStringLiteral("action"), action},
                             {QStringLiteral("data"), data}};
    const QString item = resource + QLatin1Char('\n') + data.value(QLatin1String("id")).toString();
    const qint64 holdAbove = WsJson::holdStatesAbove(m_limits.maxUnsentBytes);
    QByteArray frame;
    for (auto &[socket, connection] : m_connections) {
        auto subscription = connection.subscriptions.constFind(resource);
        if (subscription == connection.subscriptions.cend() || connection.closing)
            continue;
        bool matches = true;
        for (auto f = subscription->constBegin(); f != subscription->constEnd() && matches; ++f)
            matches = data.value(f.key()) == f.value();
        if (!matches || !maySee(connection.userId))
            continue;
        // Each update is the whole item (a note with its text): held while the last state
        // waits for a slow client, replaced by newer ones, sent once it has caught up.
        const QString merged = WsJson::mergedChange(
                connection.held.take(item).value(QLatin1String("action")).toString(), action);
        const bool hold = socket->bytesToWrite() > holdAbove;
        if (hold || merged != action) { // a held create or delete outranks this update
            QJsonObject own = update;
            own[QLatin1String("action")] = merged;
            if (hold) {
                connection.held.insert(item, own);
                socket->notifyWhenUnsentAtMost(holdAbove);
            } else {
                WsJson::send(socket, own);
            }
            continue;
        }
        if (frame.isEmpty())
            frame = WsJson::frame(update);
        socket->sendFrame(frame);
    }
}

void InstanceChannels::sendHeld(Connection &to)
{
    const QHash<QString, QJsonObject> held = std::exchange(to.held, {});
    if (to.closing)
        return;
    for (const QJsonObject &update : held)
        if (to.subscriptions.contains(update.value(QLatin1String("resource")).toString()))
            WsJson::send(to.socket, update);
}
