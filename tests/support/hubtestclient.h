// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QUrl>
#include <QWebSocket>

#include <functional>

/**
 * A real WebSocket client for hub tests: connects over loopback, records every JSON
 * message it receives in order, and waits (processing events, no fixed sleeps) for the
 * next message of a type.
 */
class HubTestClient : public QObject
{
    Q_OBJECT
public:
    explicit HubTestClient(QObject *parent = nullptr);

    /** Opens url and waits for connection_established; false on failure. */
    bool connectTo(const QUrl &url, const QByteArray &bearerToken = {});
    /** Opens url and waits for the handshake only (the seed dialects greet differently);
     *  false if it was refused. */
    bool open(const QUrl &url, const QByteArray &bearerToken = {});
    /** connectTo(), then auth with token and wait for auth_success. speaksOps: says
     *  "ops": true, as Tandem does (no note_sync for notes it has joined). */
    bool connectAndAuth(const QUrl &url, const QString &token, bool speaksOps = false);
    void send(const QJsonObject &message);
    void sendRaw(const QString &text);

    /**
     * The first unconsumed message of type (and matching predicate), waiting up to timeoutMs;
     * it and every earlier message of that type are consumed. Empty object on time-out.
     */
    QJsonObject next(const QString &type, int timeoutMs = 5000,
                     const std::function<bool(const QJsonObject &)> &predicate = {});
    /**
     * Waits for the first unconsumed message whose type is one of types and returns it,
     * consumed (empty on time-out): for "success or error" replies.
     */
    QJsonObject nextOf(const QStringList &types, int timeoutMs = 5000);
    /** True if a message of type arrives within timeoutMs (not consumed). */
    bool receives(const QString &type, int timeoutMs);
    /** Messages received and not yet consumed. */
    QList<QJsonObject> pending() const { return m_messages; }
    bool waitForDisconnected(int timeoutMs = 5000);

    QWebSocket &socket() { return m_socket; }
    QString userId;
    QString sessionId;

private:
    bool receivesNow(const QString &type) const;

    QWebSocket m_socket;
    QList<QJsonObject> m_messages;
    bool m_disconnected = false;
};

/** Creates a note as client and returns the hub's noteData for it (empty on failure). */
inline QJsonObject createNoteData(HubTestClient &client, const QString &title,
                                  const QString &content = {})
{
    client.send({{QStringLiteral("type"), QStringLiteral("note_created")},
                 {QStringLiteral("noteData"),
                  QJsonObject{{QStringLiteral("title"), title},
                              {QStringLiteral("content"), content}}}});
    return client.next(QStringLiteral("note_created_success"))
            .value(QLatin1String("noteData"))
            .toObject();
}

/** Creates a note as client and returns its id (empty on failure). */
inline QString createNote(HubTestClient &client, const QString &title, const QString &content = {})
{
    return createNoteData(client, title, content).value(QLatin1String("id")).toString();
}

/** Shares the note as its owner and returns the share_success reply. */
inline QJsonObject shareNote(HubTestClient &owner, const QString &noteId, const QString &userId,
                             const QString &role = QStringLiteral("editor"))
{
    owner.send({{QStringLiteral("type"), QStringLiteral("share")},
                {QStringLiteral("noteId"), noteId},
                {QStringLiteral("userId"), userId},
                {QStringLiteral("role"), role}});
    return owner.next(QStringLiteral("share_success"));
}

/** Joins and returns the note_joined reply. */
inline QJsonObject joinNote(HubTestClient &client, const QString &noteId)
{
    client.send({{QStringLiteral("type"), QStringLiteral("join_note")},
                 {QStringLiteral("noteId"), noteId}});
    return client.next(QStringLiteral("note_joined"));
}
