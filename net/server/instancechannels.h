// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <map>

QT_FORWARD_DECLARE_CLASS(QWebSocket)

/**
 * Seed 004's WebSocket server (`/ws?id=INSTANCE`): isolated instances of connections that
 * greet (`connected`), answer `ping` and `get_stats`, relay `broadcast` to the instance's
 * other connections, announce `user_connected`/`user_disconnected`, and echo anything else.
 * Nothing here touches notes; `docs/PROTOCOL.md` has the messages.
 */
class InstanceChannels : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int messagesPerSecond = 500;
        int messageBurst = 1000;
        int maxStrikes = 20;
        qint64 maxUnsentBytes = 32 * 1024 * 1024;
    };

    explicit InstanceChannels(Limits limits, QObject *parent = nullptr);
    ~InstanceChannels() override;

    /** Takes over socket (its instance is the `id` query item, or "default"). */
    void add(QWebSocket *socket, const QString &userId);
    /** GET /websocket/stats?id=: the instance's connections. */
    QJsonObject stats(const QString &instance) const;
    int connectionCount() const { return int(m_connections.size()); }
    /** Closes every connection (the hub is stopping). */
    void closeAll(int code, const QString &reason);

    static QString instanceOf(const QWebSocket *socket);

private:
    struct Connection
    {
        QWebSocket *socket = nullptr;
        QString id;
        QString instance;
        QString userId;
        qint64 connectedAt = 0;
        double tokens = 0;
        qint64 lastRefill = 0;
        int strikes = 0;
        bool closing = false;
    };
    void onMessage(QWebSocket *socket, const QString &text);
    void onDisconnected(QWebSocket *socket);
    void send(Connection &to, const QJsonObject &message);
    void sendError(Connection &to, const QString &message);
    /** Every connection of instance but except. */
    void sendToOthers(const QString &instance, const QWebSocket *except,
                      const QJsonObject &message);
    void close(Connection &connection, int code, const QString &reason);

    Limits m_limits;
    std::map<QWebSocket *, Connection> m_connections;
    QHash<QString, QList<QWebSocket *>> m_instances; ///< in order of connection
};
