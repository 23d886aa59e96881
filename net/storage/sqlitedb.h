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
/**
 * A text as it must be bound to be stored as it is. QtSql binds a null QString as SQL NULL:
 * NOT NULL text columns get '' instead. And QtSql binds a QString as UTF-16, whose leading
 * U+FEFF SQLite takes for a byte order mark and drops (a note starting with a zero-width
 * no-break space, or a pasted file's mark, lost it on disk): it is bound twice, and SQLite
 * keeps the second. Every text a user wrote is bound through this.
 */
inline QString text(const QString &value)
{
    if (value.isNull())
        return QStringLiteral("");
    if (value.startsWith(QChar(0xFEFF)))
        return QChar(0xFEFF) + value;
    return value;
}
} // namespace SqliteDb
