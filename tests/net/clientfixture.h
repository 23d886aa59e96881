// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientstore.h"
#include "notesession.h"
#include "sqlitefaults.h"
#include "syncclient.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

/** Intervals shrunk so reconnect and heartbeat tests take seconds, not minutes. */
inline SyncClientSettings fastClientSettings(quint32 seed = 1)
{
    SyncClientSettings settings;
    settings.heartbeatMs = 200;
    settings.reconnect.baseMs = 50;
    settings.reconnect.capMs = 400;
    settings.reconnect.maxAttempts = 10;
    settings.reconnect.healthyAfterMs = 1000;
    // The tests' hubs are on loopback, standing for a hub anywhere: attempts are counted and
    // run out. Tests of a hub on the local network (never given up on) unset this.
    settings.reconnect.localNetwork = false;
    settings.persistDelayMs = 20;
    settings.seed = seed;
    return settings;
}

/** fastClientSettings() with the app's heartbeat (15 s), for tests moving megabytes of text:
 *  with 200 ms, a hub busy with them on a slow machine (AddressSanitizer; 48 drops of a
 *  paste on an AMD EPYC VM) looks like a dead link, and the clients reconnect without end.
 *  A drop such a test is about, the hub closing a connection, shows whatever the heartbeat. */
inline SyncClientSettings longTextClientSettings(quint32 seed = 1)
{
    SyncClientSettings settings = fastClientSettings(seed);
    settings.heartbeatMs = SyncClientSettings().heartbeatMs;
    return settings;
}

/** Writes a cache at path whose last sync was at lastSync, as an earlier run leaves it; what
 *  went wrong, empty if nothing. */
inline QString writeCacheLastSyncedAt(const QString &path, const QDateTime &lastSync)
{
    ClientStore store;
    QString error;
    if (!store.open(path, &error) || !store.setLastSync(lastSync.toMSecsSinceEpoch()))
        return QStringLiteral("the cache did not open: ") + error;
    store.close();
    return {};
}

/** One desktop client: its cache file (in its own folder unless given) and its SyncClient. */
class ClientHarness
{
public:
    explicit ClientHarness(const QUrl &url, const QString &token,
                           SyncClientSettings settings = fastClientSettings(),
                           const QString &cachePath = {})
        : m_path(cachePath.isEmpty() ? m_dir.filePath(QStringLiteral("cache.sqlite")) : cachePath)
    {
        QString error;
        if (!store.open(m_path, &error))
            qWarning("cache did not open: %s", qPrintable(error));
        client = std::make_unique<SyncClient>(url, &store, std::move(settings));
        client->setCredentials(token);
    }
    ~ClientHarness()
    {
        client.reset();
        store.close();
    }

    bool connectAndWait(int timeoutMs = 10'000)
    {
        client->connectToHub();
        return waitOnline(timeoutMs);
    }
    bool waitOnline(int timeoutMs = 10'000)
    {
        return QTest::qWaitFor([&]() { return client->state() == SyncClient::State::Online; },
                               timeoutMs);
    }
    /** Online, every change acknowledged, every note fetched and every open note joined. */
    bool waitSynced(int timeoutMs = 20'000)
    {
        return QTest::qWaitFor([&]() { return client->isSynced(); }, timeoutMs);
    }
    QString text(const QString &noteId) const
    {
        if (NoteSession *session = client->session(noteId))
            return session->text();
        return store.note(noteId).value_or(LocalNote{}).content;
    }
    QString path() const { return m_path; }

    ClientStore store;
    std::unique_ptr<SyncClient> client;

private:
    QTemporaryDir m_dir;
    QString m_path;
};
