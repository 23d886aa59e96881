// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include "wsjson.h"

#include <functional>

#include <map>

class WebSocketConnection;

/**
 * The `/ws` endpoint, shared by two seed documents whose message types do not collide:
 *
 * - seed 004 (`/ws?id=INSTANCE`): isolated instances of connections that greet (`connected`),
 *   answer `ping` and `get_stats`, relay `broadcast` to the instance's other connections,
 *   announce `user_connected`/`user_disconnected`, and echo anything else;
 * - seed 002: `join`/`leave` rooms, `message` to a room's members, `presence` of a room, and
 *   `subscribe` to a resource's changes, which the hub publishes (`notes` is live).
 *
 * Rooms are one namespace across instances; `docs/PROTOCOL.md` has the messages.
 */
class InstanceChannels : public QObject
{
    Q_OBJECT
public:
    using Limits = WsJson::Limits;

    explicit InstanceChannels(Limits limits, QObject *parent = nullptr);
    ~InstanceChannels() override;

    /** Takes over socket (its instance is the `id` query item, or "default"). */
    void add(WebSocketConnection *socket, const QString &userId, const QString &userName);
    /** GET /websocket/stats?id=: the instance's connections. */
    QJsonObject stats(const QString &instance) const;
    int connectionCount() const { return int(m_connections.size()); }
    /** Closes every connection (the hub is stopping). */
    void closeAll(int code, const QString &reason);

    static QString instanceOf(const WebSocketConnection *socket);

    /** Whether anyone subscribed to resource (so the hub can skip building changes). */
    bool hasSubscribers(const QString &resource) const;
    /**
     * A change of resource (seed 002 `update`): every subscriber whose filters all equal
     * data's fields, and for whose user maySee is true, gets {resource, action, data}.
     */
    void publish(const QString &resource, const QString &action, const QJsonObject &data,
                 const std::function<bool(const QString &userId)> &maySee);

private:
    struct Connection
    {
        WebSocketConnection *socket = nullptr;
        QString id;
        QString instance;
        QString userId;
        QString userName;
        qint64 connectedAt = 0;
        QSet<QString> rooms;
        QHash<QString, QJsonObject> subscriptions; ///< resource -> filters
        /** Updates held back while the last state waits for the client (see publish()):
         *  resource and item id -> the update, the newest state of the item. */
        QHash<QString, QJsonObject> held;
        WsJson::TokenBucket bucket;
        int strikes = 0;
        bool closing = false;
    };
    void onMessage(WebSocketConnection *socket, const QString &text);
    /** The updates held back for to (publish()), now that it has caught up. */
    void sendHeld(Connection &to);
    void onDisconnected(WebSocketConnection *socket);
    void send(Connection &to, const QJsonObject &message);
    void sendError(Connection &to, const QString &message);
    /** Every connection of instance but except. */
    void sendToOthers(const QString &instance, const WebSocketConnection *except,
                      const QJsonObject &message);
    void close(Connection &connection, int code, const QString &reason);
    /** Seed 002's messages; false if type is not one of them. */
    bool handleRoomMessage(Connection &from, const QString &type, const QJsonObject &message);
    /** Every one of sockets but except; a connection too slow to keep up is closed. */
    void sendToAll(const QList<WebSocketConnection *> &sockets, const WebSocketConnection *except,
                   const QJsonObject &message);

    Limits m_limits;
    std::map<WebSocketConnection *, Connection> m_connections;
    QHash<QString, QList<WebSocketConnection *>> m_instances; ///< in order of connection
    QHash<QString, QList<WebSocketConnection *>> m_rooms; ///< seed 002 rooms, in order of joining
    QHash<QString, int> m_subscribers;                    ///< resource -> subscribed connections
};
