// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include "wsjson.h"

#include <map>
#include <optional>

class WebSocketConnection;

/**
 * Seed 003's PresenceTracker (`/presence/ws`, `GET /presence/list`, `POST /presence/update`):
 * one hub-wide list of who is online, with a status (online, away, busy) and when they were
 * last seen. A user with several connections is listed once and removed when the last closes.
 */
class PresenceTracker : public QObject
{
    Q_OBJECT
public:
    using Limits = WsJson::Limits;

    explicit PresenceTracker(Limits limits, QObject *parent = nullptr);
    ~PresenceTracker() override;

    void add(WebSocketConnection *socket, const QString &userId, const QString &userName);
    /** GET /presence/list: {"users": [...]}. */
    QJsonObject list() const;
    /** POST /presence/update for userId: an error message, or nothing when done. */
    std::optional<QString> update(const QString &userId, const QString &status);
    void closeAll(int code, const QString &reason);

    static bool isStatus(const QString &status);

private:
    struct User
    {
        QString userId;
        QString userName;
        QString status;
        qint64 lastSeen = 0;
        int connections = 0;
    };
    struct Connection
    {
        QString userId;
        WsJson::TokenBucket bucket;
        int strikes = 0;
        bool closing = false;
    };
    void onMessage(WebSocketConnection *socket, const QString &text);
    void onDisconnected(WebSocketConnection *socket);
    void broadcast(const QJsonObject &message, const WebSocketConnection *except);
    void sendError(WebSocketConnection *socket, Connection &connection, const QString &message);
    static QJsonObject userJson(const User &user);
    QJsonArray usersJson() const;

    Limits m_limits;
    std::map<WebSocketConnection *, Connection> m_connections;
    QHash<QString, User> m_users; ///< userId -> presence
    QList<QString> m_order;       ///< userIds in the order they came online
};
