// SPDX-License-Identifier: GPL-3.0-or-later
#include "hubbackup.h"

#include "hubcertificate.h"
#include "sqlitedb.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace HubBackup {

std::optional<QStringList> run(const QString &dataDir, const QString &backupDir, QString *error)
{
    const QDir from(dataDir);
    const QString database = from.filePath(QStringLiteral("hub.sqlite"));
    if (!QFileInfo::exists(database)) {
        *error = QStringLiteral("no hub database in %1 (is --data the hub's data folder?)")
                         .arg(dataDir);
        return std::nullopt;
    }
    const QDir to(backupDir);
    if (to.exists() && !to.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        *error = QStringLiteral("%1 is not empty: a backup goes into a new or empty folder")
                         .arg(backupDir);
        return std::nullopt;
    }
    const bool madeFolder = !to.exists();
    if (!QDir().mkpath(backupDir)) {
        *error = QStringLiteral("cannot make the folder %1").arg(backupDir);
        return std::nullopt;
    }
    // A backup that fails (a full disk) leaves nothing behind: no half copy to mistake for
    // one, and the folder free for the next attempt.
    const auto failed = [&]() -> std::optional<QStringList> {
        if (madeFolder)
            QDir(backupDir).removeRecursively();
        else
            for (const QString &name :
                 to.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
                QFile::remove(to.filePath(name));
        return std::nullopt;
    };
    // It holds the token secret: owner only, like a data folder.
    QFile::setPermissions(backupDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    // A plain connection, not a HubStore: a backup changes nothing in the database, not even
    // the schema of one an older hub still serves.
    const QString connection = SqliteDb::uniqueConnectionName("backup");
    bool copied = SqliteDb::open(connection, database, {}, error);
    if (copied) {
        QSqlQuery q(QSqlDatabase::database(connection, false));
        q.prepare(QStringLiteral("VACUUM INTO ?"));
        q.addBindValue(to.filePath(QStringLiteral("hub.sqlite")));
        copied = q.exec();
        if (!copied)
            *error = q.lastError().text();
    }
    SqliteDb::close(connection);
    if (!copied)
        return failed();
    QStringList written{QStringLiteral("hub.sqlite")};
    const QStringList files{QStringLiteral("hub-secret"),
                            QLatin1String(HubCertificate::CertificateFile),
                            QLatin1String(HubCertificate::KeyFile)};
    for (const QString &name : files) {
        const QString source = from.filePath(name);
        if (!QFileInfo::exists(source))
            continue;
        const QString target = to.filePath(name);
        if (!QFile::copy(source, target) ||
            !QFile::setPermissions(target, QFileInfo(source).permissions())) {
            *error = QStringLiteral("cannot copy %1 to %2").arg(source, backupDir);
            return failed();
        }
        written << name;
    }
    return written;
}

} // namespace HubBackup
