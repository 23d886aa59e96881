// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

/** Calls use(db) with a connection of its own to the hub's database in dataDir (the hub
 *  stopped): for tests that read what the hub stored, or damage it as an outside tool would. */
template<typename Use> void onHubDatabase(const QString &dataDir, Use use)
{
    const QString connection = QStringLiteral("onHubDatabase");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(dataDir + QStringLiteral("/hub.sqlite"));
        if (db.open())
            use(db);
        else
            qWarning("the hub's database did not open: %s", qPrintable(db.lastError().text()));
    }
    QSqlDatabase::removeDatabase(connection);
}

/** Runs statements on the hub's database in dataDir (hub stopped); true if all succeeded. */
inline bool execOnHubDatabase(const QString &dataDir, const QStringList &statements)
{
    bool ok = false;
    onHubDatabase(dataDir, [&](const QSqlDatabase &db) {
        ok = true;
        for (const QString &statement : statements) {
            QSqlQuery q(db);
            if (!q.exec(statement)) {
                qWarning("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
                ok = false;
                return;
            }
        }
    });
    return ok;
}
