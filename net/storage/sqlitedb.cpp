// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitedb.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace SqliteDb {

QString uniqueConnectionName(const char *prefix)
{
    static QAtomicInt counter;
    return QStringLiteral("%1-%2").arg(QLatin1String(prefix)).arg(counter.fetchAndAddRelaxed(1));
}

bool open(const QString &connection, const QString &path, const QStringList &extraPragmas,
          QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create the folder of %1").arg(path);
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text());
        return false;
    }
    QSqlQuery q(db);
    const QStringList pragmas = QStringList{QStringLiteral("PRAGMA journal_mode=WAL"),
                                            QStringLiteral("PRAGMA synchronous=FULL")} +
            extraPragmas;
    for (const QString &pragma : pragmas) {
        if (!q.exec(pragma)) {
            *error = QStringLiteral("%1 failed: %2").arg(pragma, q.lastError().text());
            return false;
        }
    }
    return true;
}

QString reason(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

void close(const QString &connection)
{
    if (!QSqlDatabase::contains(connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
}

} // namespace SqliteDb
