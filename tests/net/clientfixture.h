// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientstore.h"
#include "notesession.h"
#include "syncclient.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

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
    settings.persistDelayMs = 20;
    settings.seed = seed;
    return settings;
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

/**
 * A full disk under an SQLite file (a client's cache, a hub's database), while it lives: every
 * write to its tables fails with SQLite's own words for it ("database or disk is full"),
 * every read still works.
 * Triggers made through a connection of its own (a schema change reaches every connection
 * to the file); dropped again by free(), or at the end.
 */
class FullDisk
{
public:
    explicit FullDisk(const QString &path)
        : m_connection(QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(path);
        m_full = db.open() &&
                run(QStringLiteral("CREATE TRIGGER IF NOT EXISTS "
                                   "full_%1_%2 BEFORE %2 ON %1 BEGIN SELECT "
                                   "RAISE(ABORT, 'database or disk is full'); END"));
    }
    ~FullDisk()
    {
        free();
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    /** True while the cache refuses writes. */
    bool isFull() const { return m_full; }
    /** Room again. */
    bool free()
    {
        if (m_full && run(QStringLiteral("DROP TRIGGER IF EXISTS full_%1_%2")))
            m_full = false;
        return !m_full;
    }

private:
    /** Runs sql for every table and kind of write (%1, %2). */
    bool run(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        QStringList tables;
        if (q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                  "name NOT LIKE 'sqlite_%'")))
            while (q.next())
                tables << q.value(0).toString();
        for (const QString &table : std::as_const(tables))
            for (const char *write : {"INSERT", "UPDATE", "DELETE"})
                if (!q.exec(sql.arg(table, QLatin1String(write)))) {
                    qWarning("FullDisk: %s", qPrintable(q.lastError().text()));
                    return false;
                }
        return !tables.isEmpty();
    }

    QString m_connection;
    bool m_full = false;
};
