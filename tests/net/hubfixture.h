// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpexchange.h"
#include "hub.h"
#include "hubtestclient.h"
#include "jsontext.h"
#include "rawwebsocket.h"
#include "sqlitefaults.h"
#include "textoperation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

/** A hub on 127.0.0.1, port 0, with its data in a temporary folder; tokens on demand. */
class HubFixture
{
public:
    explicit HubFixture(HubConfig config = {})
    {
        config.address = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        if (config.dataDir.isEmpty())
            config.dataDir = m_dir.path();
        m_config = config;
    }

    /** The configuration the next start() uses. */
    HubConfig &config() { return m_config; }
    /** Listen on this port instead of a free one the system picks. */
    void setPort(quint16 port) { m_config.port = port; }

    bool start()
    {
        m_hub = std::make_unique<Hub>(m_config);
        QString error;
        if (!m_hub->start(&error)) {
            qWarning("hub did not start: %s", qPrintable(error));
            return false;
        }
        return true;
    }
    void stop()
    {
        if (m_hub)
            m_config.port = m_hub->port(); // a restart comes back on the same port
        m_hub.reset();
    }
    /** stop() then start() on the same port and data folder, as an operator's restart. */
    bool restart()
    {
        stop();
        return start();
    }

    Hub &hub() { return *m_hub; }
    QUrl url() const { return m_hub->url(); }
    QString token(const QString &user, int days = 1) const
    {
        return QString::fromLatin1(
                m_hub->tokens()->issue(user, user + QStringLiteral(" Name"), days));
    }
    /** The header line that authenticates a raw request or handshake as user. */
    QByteArray bearerHeader(const QString &user) const
    {
        return "Authorization: Bearer " + token(user).toLatin1() + "\r\n";
    }
    /** A client authenticated as user; owned by the caller. speaksOps: a Tandem client
     *  ("ops": true in auth). */
    std::unique_ptr<HubTestClient> client(const QString &user, bool speaksOps = false)
    {
        auto c = std::make_unique<HubTestClient>();
        if (!c->connectAndAuth(url(), token(user), speaksOps))
            qWarning("client %s could not authenticate", qPrintable(user));
        return c;
    }
    QString dataDir() const { return m_config.dataDir; }

private:
    QTemporaryDir m_dir;
    HubConfig m_config;
    std::unique_ptr<Hub> m_hub;
};

/** A hub on a trusted network (--auth none): the seed documents' own flows carry no tokens. */
inline HubConfig trustedConfig()
{
    HubConfig config;
    config.auth = HubConfig::Auth::None;
    return config;
}

/** The tests' quick heartbeat: a ping every 200 ms, silent clients dropped after 400 ms. */
constexpr int TestHeartbeatMs = 200;
inline HubConfig withTestHeartbeat(HubConfig config = {})
{
    config.heartbeatIntervalMs = TestHeartbeatMs;
    return config;
}

inline QJsonObject msg(const QString &type, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("type"), type);
    return fields;
}

/** A note_op message: op made on baseVersion, the seq-th op of clientId. */
inline QJsonObject opMessage(const QString &noteId, qint64 baseVersion, const TextOperation &op,
                             const QString &clientId, qint64 seq)
{
    return msg(QStringLiteral("note_op"),
               {{QStringLiteral("noteId"), noteId},
                {QStringLiteral("baseVersion"), baseVersion},
                {QStringLiteral("op"), op.toJson()},
                {QStringLiteral("clientId"), clientId},
                {QStringLiteral("seq"), seq}});
}

/** The op making version v of a note that had length units at version 0 and gains an "x" at
 *  its start with every version: the v-th op of client "c", or the seq-th of clientId. */
inline QJsonObject xAtStart(const QString &noteId, qsizetype length, qint64 v,
                            const QString &clientId = QStringLiteral("c"), qint64 seq = 0)
{
    TextOperation op;
    op.insert(QStringLiteral("x")).retain(length + v - 1);
    return opMessage(noteId, v - 1, op, clientId, seq > 0 ? seq : v);
}

/** Inserts "x" at the start of a joined note of length units at version 0, changes times as
 *  versions from, from + 1, …, each acknowledged before the next (as many commits); false if
 *  an ack does not come. */
inline bool insertOneByOne(HubTestClient &client, const QString &noteId, qsizetype length,
                           int changes, int from = 1)
{
    for (int v = from; v < from + changes; ++v) {
        client.send(xAtStart(noteId, length, v));
        if (client.next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt() != v)
            return false;
    }
    return true;
}

/** A seed client's messages carrying a note's whole state, read until the one at version. */
struct StatesRead
{
    QJsonObject last; ///< its "data"
    int messages = 0;
    bool closed = false; ///< closed (or silent for 10 s) first
};
inline StatesRead readStatesUntil(RawWebSocket &client, qint64 version)
{
    StatesRead read;
    while (read.last.value(QLatin1String("version")).toInteger() < version) {
        const std::optional<QByteArray> message = client.nextMessage(10'000);
        if (!message) {
            read.closed = true;
            break;
        }
        ++read.messages;
        read.last =
                QJsonDocument::fromJson(*message).object().value(QLatin1String("data")).toObject();
    }
    return read;
}

/** A note's text as the hub has it, read by a fresh protocol client of user. */
inline QString contentOf(HubFixture &hub, const QString &user, const QString &noteId)
{
    auto reader = hub.client(user);
    return joinNote(*reader, noteId)
            .value(QLatin1String("note"))
            .toObject()
            .value(QLatin1String("content"))
            .toString();
}

/** The notes the hub lists for user, asked by a fresh protocol client of theirs. */
inline QJsonArray hubList(HubFixture &hub, const QString &user)
{
    auto check = hub.client(user);
    check->send(msg(QStringLiteral("list_notes")));
    return check->next(QStringLiteral("notes_list")).value(QLatin1String("notes")).toArray();
}

/** ws://127.0.0.1:PORT + pathAndQuery, for the seed dialects' endpoints. */
inline QUrl dialectUrl(Hub &hub, const QString &pathAndQuery)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(hub.port()).arg(pathAndQuery));
}
