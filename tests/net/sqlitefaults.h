// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Faults made on an SQLite file (a client's cache, a hub's database) from a connection of the
// test's own, as the disk under it would make them.

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <utility>

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

/**
 * Holds a hub's database write lock from another connection, as a stalled disk would: the hub
 * applies what comes in, and its commits wait (within its 5 s busy timeout) until release().
 */
class CommitHold
{
public:
    explicit CommitHold(const QString &dataDir)
        : m_name(QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(QDir(dataDir).filePath(QStringLiteral("hub.sqlite")));
        m_holding = db.open() && QSqlQuery(db).exec(QStringLiteral("BEGIN EXCLUSIVE"));
    }
    ~CommitHold()
    {
        release();
        QSqlDatabase::removeDatabase(m_name);
    }
    CommitHold(const CommitHold &) = delete;
    CommitHold &operator=(const CommitHold &) = delete;

    bool holding() const { return m_holding; }
    /** Lets the hub's commits through; true if the lock was held until now. */
    bool release()
    {
        if (!std::exchange(m_holding, false))
            return false;
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        const bool ok = QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        db.close();
        return ok;
    }

private:
    QString m_name;
    bool m_holding = false;
};
