// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hubconfig.h"

#include <QHash>
#include <QMutex>
#include <QStringList>
#include <QThread>
#include <QUrl>

#include <functional>

class Hub;

/**
 * A Hub running on a thread of its own, for the desktop app (the "This computer" workspace
 * and "Host local sync server"): the hub's sockets, timers and commits never wait on the
 * UI thread, and typing never waits on the hub. Start and stop block only while the hub
 * opens its store and binds, or says goodbye to its clients.
 */
class HubThread
{
public:
    explicit HubThread(HubConfig config);
    ~HubThread();
    HubThread(const HubThread &) = delete;
    HubThread &operator=(const HubThread &) = delete;

    /** Starts the hub; false with error if it could not open its store or bind. */
    bool start(QString *error);
    /** Closes every client (1001) after a last commit, then ends the thread. */
    void stop();
    bool isRunning() const { return m_hub != nullptr; }

    /** The hub's /v1 URL (ws://address:port/v1). */
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    /** SHA-256 of its TLS certificate (empty without TLS). */
    QString certificateFingerprint() const { return m_fingerprint; }
    /** A bearer token for user, signed by this hub. */
    QString issueToken(const QString &userId, const QString &userName, int days = 365);
    /** The users signed in to the hub, each once, as of at most refreshMs ago (never blocks:
     *  a snapshot kept by the hub's thread). */
    QStringList connectedUsers() const;
    /** Everyone the hub knows by name (signed in once, or invited): id -> name. */
    QHash<QString, QString> knownUsers();
    /** Refuses every token userId has now and disconnects them (Hub::revokeTokens). */
    void revokeTokens(const QString &userId);
    /** The notes owner makes from now on are shared with userId (Hub::shareNewNotes). */
    void shareNewNotes(const QString &owner, const QString &userId, const QString &role);
    static constexpr int refreshMs = 500;
    const HubConfig &config() const { return m_config; }
    /** The thread the hub lives on (tests check it is not the caller's). */
    QThread *thread() { return &m_thread; }

private:
    /** Runs f on the hub's thread and waits for it. */
    void onHubThread(const std::function<void()> &f);

    HubConfig m_config;
    QThread m_thread;
    QObject *m_context = nullptr;
    Hub *m_hub = nullptr;
    QUrl m_url;
    QString m_fingerprint;
    mutable QMutex m_usersMutex;
    QStringList m_users;
};
