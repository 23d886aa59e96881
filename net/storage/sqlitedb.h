// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

/**
 * What the hub's store and the client's cache do alike with SQLite: a uniquely named QtSql
 * connection opened with WAL (readers never block the writer) and synchronous=FULL (a
 * committed transaction survives power loss, not only a killed process), closed so QtSql
 * really lets it go.
 */
namespace SqliteDb {
/** A fresh connection name with the given prefix ("tandem-hub-3"). */
QString uniqueConnectionName(const char *prefix);
/** Opens path (creating its folder) as connection; extraPragmas run after the usual ones. */
bool open(const QString &connection, const QString &path, const QStringList &extraPragmas,
          QString *error);
/** SQLite's own words ("database or disk is full"), without Qt's driver text after them. */
QString reason(const QSqlError &error);
/** Closes and removes connection; every QSqlQuery on it must be gone. */
void close(const QString &connection);
/** QtSql binds a null QString as SQL NULL; NOT NULL text columns get '' instead. */
inline QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}
} // namespace SqliteDb
