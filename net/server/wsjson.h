// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small pieces every WebSocket endpoint of the hub shares: a message is one JSON object per
// text frame, each connection has a token bucket.

#include "websocketconnection.h"
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QString>

#include <optional>

namespace WsJson {

/** message as a complete WebSocket text frame: serialised and framed once, however many
 *  connections it is sent to (WebSocketConnection::sendFrame). */
inline QByteArray frame(const QJsonObject &message)
{
    return WebSocketConnection::textFrame(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

inline void send(WebSocketConnection *socket, const QJsonObject &message)
{
    socket->sendFrame(frame(message));
}

/** The message as a JSON object, or nothing when it is not one. */
inline std::optional<QJsonObject> parseObject(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

/** A token bucket: perSecond sustained, burst at most. */
struct TokenBucket
{
    double tokens = -1; ///< full on first use
    qint64 lastRefill = 0;

    bool take(int perSecond, int burst, qint64 nowMs)
    {
        if (tokens < 0) {
            tokens = burst;
            lastRefill = nowMs;
        }
        tokens = qMin(double(burst), tokens + double(nowMs - lastRefill) * perSecond / 1000.0);
        lastRefill = nowMs;
        if (tokens < 1)
            return false;
        tokens -= 1;
        return true;
    }
};

/** What every connection of a dialect endpoint may do. */
struct Limits
{
    int messagesPerSecond = 500;
    int messageBurst = 1000;
    int maxStrikes = 20;
    qint64 maxUnsentBytes = 32 * 1024 * 1024;
};

/**
 * Above this many unsent bytes a connection is sent no further state of a note while the last
 * one waits: each such message is the whole note, and a newer one replaces it (a 1 MB note
 * edited live is megabytes a second), so the change is held and the newest state goes once
 * the client has caught up (WebSocketConnection::notifyWhenUnsentAtMost). A slow client
 * skips versions instead of being dropped as too slow, and the hub's memory stays bounded.
 */
inline qint64 holdStatesAbove(qint64 maxUnsentBytes)
{
    return qMin<qint64>(1024 * 1024, maxUnsentBytes / 4);
}

/**
 * Two changes of a note told as one: the first sighting stays ("create", or "initial" for a
 * watcher that could not see the note before), a deletion ends all, and a revert outranks an
 * update.
 */
inline QString mergedChange(const QString &earlier, const QString &later)
{
    if (earlier.isEmpty() || later == QLatin1String("delete") ||
        (later == QLatin1String("revert") && earlier == QLatin1String("update")))
        return later;
    return earlier;
}

/**
 * Closes socket from the event loop: closing inline can re-enter a disconnected() handler
 * that frees state the caller is still using.
 */
inline void closeLater(WebSocketConnection *socket, int code, const QString &reason)
{
    QMetaObject::invokeMethod(
            socket,
            [socket, code, reason]() {
                socket->close(QWebSocketProtocol::CloseCode(code), reason);
            },
            Qt::QueuedConnection);
}

/**
 * The dialects' {"type":"error","message":…}, counted as a strike; past maxStrikes the
 * connection is closed with 1008. closing is the connection's "being closed" flag.
 */
inline void sendError(WebSocketConnection *socket, int &strikes, bool &closing, int maxStrikes,
                      const QString &message)
{
    if (closing)
        return;
    send(socket,
         {{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("message"), message}});
    if (++strikes > maxStrikes) {
        closing = true;
        closeLater(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                   QStringLiteral("too many bad messages"));
    }
}

/** Closes socket now (the hub is stopping) without hearing from it again, and frees it. */
inline void closeNow(QObject *owner, WebSocketConnection *socket, int code, const QString &reason)
{
    socket->disconnect(owner);
    socket->close(QWebSocketProtocol::CloseCode(code), reason);
    socket->flush();
    delete socket;
}

} // namespace WsJson
