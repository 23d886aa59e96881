// SPDX-License-Identifier: GPL-3.0-or-later
#include "hubstore.h"
#include "sqlitedb.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <map>

namespace {

using SqliteDb::reason;

QString describe(const QSqlQuery &query)
{
    return reason(query.lastError());
}

HubStore::Note noteFrom(const QSqlQuery &q)
{
    HubStore::Note n;
    n.id = q.value(0).toString();
    n.owner = q.value(1).toString();
    n.title = q.value(2).toString();
    n.version = q.value(3).toLongLong();
    n.createdAt = q.value(4).toLongLong();
    n.updatedAt = q.value(5).toLongLong();
    n.deletedAt = q.value(6).toLongLong();
    return n;
}

std::vector<HubStore::Op> opsFrom(QSqlQuery &q)
{
    std::vector<HubStore::Op> ops;
    while (q.next())
        ops.push_back({q.value(0).toLongLong(), q.value(1).toByteArray(), q.value(2).toString(),
                       q.value(3).toString(), q.value(4).toLongLong(), q.value(5).toLongLong(),
                       q.value(6).toLongLong()});
    return ops;
}

using SqliteDb::text;

constexpr auto NoteColumns = "id, owner, title, version, created_at, updated_at, deleted_at";
constexpr auto OpColumns = "version, op, user_id, client_id, seq, created_at, deleted_units";

} // namespace

HubStore::HubStore()
    : m_connection(SqliteDb::uniqueConnectionName("tandem-hub"))
{ }

HubStore::~HubStore()
{
    close();
}

QSqlDatabase HubStore::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool HubStore::open(const QString &path, QString *error)
{
    // Batching (HubCommitter) keeps the fsync count of synchronous=FULL low.
    if (!SqliteDb::open(m_connection, path,
                        {QStringLiteral("PRAGMA foreign_keys=ON"),
                         QStringLiteral("PRAGMA cache_size = -%1").arg(PageCacheKiB)},
                        error))
        return false;
    return migrate(error);
}

void HubStore::close()
{
    m_prepared.clear();
    SqliteDb::close(m_connection);
}

bool HubStore::limitSize(qint64 maxBytes, QString *error)
{
    if (maxBytes <= 0)
        return true;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("PRAGMA page_size")) || !q.next()) {
        *error = describe(q);
        return false;
    }
    const qint64 pageSize = qMax<qint64>(512, q.value(0).toLongLong());
    if (!q.exec(QStringLiteral("PRAGMA max_page_count = %1")
                        .arg(qMax<qint64>(1, maxBytes / pageSize)))) {
        *error = describe(q);
        return false;
    }
    return true;
}

bool HubStore::migrate(QString *error)
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        *error = describe(q);
        return false;
    }
    const int current = q.value(0).toInt();
    if (current > SchemaVersion) {
        *error = QStringLiteral(
                         "the database has schema version %1; this hub knows up to %2 (a newer "
                         "tandem-hub made it)")
                         .arg(current)
                         .arg(SchemaVersion);
        return false;
    }
    if (current == SchemaVersion)
        return true;
    // Each step takes the schema from version N-1 to N, in one transaction with the bump.
    const QStringList v1 = {
            QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                           "created_at INTEGER NOT NULL)"),
            QStringLiteral(
                    "CREATE TABLE notes (id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT "
                    "NULL, "
                    "content TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, "
                    "updated_at INTEGER NOT NULL, deleted_at INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX notes_owner ON notes(owner)"),
            QStringLiteral(
                    "CREATE TABLE ops (note_id TEXT NOT NULL, version INTEGER NOT NULL, op TEXT "
                    "NOT NULL, "
                    "user_id TEXT NOT NULL, client_id TEXT NOT NULL, seq INTEGER NOT NULL, "
                    "created_at INTEGER NOT NULL, PRIMARY KEY (note_id, version)) WITHOUT ROWID"),
            QStringLiteral("CREATE INDEX ops_client ON ops(note_id, client_id, seq)"),
            QStringLiteral(
                    "CREATE TABLE snapshots (note_id TEXT NOT NULL, version INTEGER NOT NULL, "
                    "content TEXT NOT NULL, PRIMARY KEY (note_id, version)) WITHOUT ROWID"),
            QStringLiteral(
                    "CREATE TABLE collaborators (note_id TEXT NOT NULL, user_id TEXT NOT NULL, "
                    "role TEXT NOT NULL, PRIMARY KEY (note_id, user_id)) WITHOUT ROWID"),
            QStringLiteral("CREATE INDEX collaborators_user ON collaborators(user_id)"),
            QStringLiteral("CREATE TABLE chat (id TEXT PRIMARY KEY, note_id TEXT NOT NULL, user_id "
                           "TEXT NOT NULL, "
                           "user_name TEXT NOT NULL, content TEXT NOT NULL, ts INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX chat_note ON chat(note_id, ts)"),
            QStringLiteral("PRAGMA user_version = 1"),
    };
    // v2: the text is no longer rewritten with every commit; content_version says which version
    // the stored text is, and the ops after it are replayed on load.
    const QStringList v2 = {
            QStringLiteral(
                    "ALTER TABLE notes ADD COLUMN content_version INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("UPDATE notes SET content_version = version"),
            QStringLiteral("PRAGMA user_version = 2"),
    };
    // v3: tokens revoked by `tandem-hub token revoke` (or the app), per user.
    const QStringList v3 = {
            QStringLiteral("CREATE TABLE revocations (user_id TEXT PRIMARY KEY, before_ms INTEGER "
                           "NOT NULL) WITHOUT ROWID"),
            QStringLiteral("PRAGMA user_version = 3"),
    };
    // v4: the text leaves the notes row for the snapshots alone. Kept in the row, every commit
    // that changed the size of the version number (at 2, 128, 32768, ...) made SQLite write
    // the whole row again, a 1 MB note's text with it, and each snapshot wrote it twice. The
    // stored text becomes a snapshot at content_version (replacing an equal one, if any).
    const QStringList v4 = {
            QStringLiteral("INSERT OR REPLACE INTO snapshots (note_id, version, content) "
                           "SELECT id, content_version, content FROM notes"),
            QStringLiteral("ALTER TABLE notes DROP COLUMN content"),
            QStringLiteral("ALTER TABLE notes DROP COLUMN content_version"),
            QStringLiteral("PRAGMA user_version = 4"),
    };
    // v5: how many units each op deletes, so a history listing can set a large deletion apart
    // (the text before it restorable on its own) without reading the ops' text. Older ops get
    // theirs from their JSON: the negative counts of the array.
    const QStringList v5 = {
            QStringLiteral("ALTER TABLE ops ADD COLUMN deleted_units INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("UPDATE ops SET deleted_units = (SELECT coalesce(-sum(value), 0) FROM "
                           "json_each(ops.op) WHERE type = 'integer' AND value < 0)"),
            QStringLiteral("PRAGMA user_version = 5"),
    };
    // v6: an invite that shares the host's notes shares the ones made later too.
    const QStringList v6 = {
            QStringLiteral("CREATE TABLE standing_shares (owner TEXT NOT NULL, user_id TEXT NOT "
                           "NULL, role TEXT NOT NULL, PRIMARY KEY (owner, user_id)) WITHOUT ROWID"),
            QStringLiteral("PRAGMA user_version = 6"),
    };
    Batch batch;
    if (current < 1)
        for (const QString &sql : v1)
            batch.append({sql, {}});
    if (current < 2)
        for (const QString &sql : v2)
            batch.append({sql, {}});
    if (current < 3)
        for (const QString &sql : v3)
            batch.append({sql, {}});
    if (current < 4)
        for (const QString &sql : v4)
            batch.append({sql, {}});
    if (current < 5)
        for (const QString &sql : v5)
            batch.append({sql, {}});
    if (current < 6)
        for (const QString &sql : v6)
            batch.append({sql, {}});
    const bool migrated = commit(batch, error);
    m_prepared.clear(); // prepared against the old schema
    return migrated;
}

bool HubStore::commit(const Batch &batch, QString *error)
{
    if (batch.isEmpty())
        return true;
    QSqlDatabase db = database();
    if (!db.transaction()) {
        *error = reason(db.lastError());
        return false;
    }
    for (const Statement &statement : batch) {
        auto it = m_prepared.find(statement.sql);
        if (it == m_prepared.end()) {
            QSqlQuery q(db);
            if (!q.prepare(statement.sql)) {
                *error = describe(q);
                db.rollback();
                return false;
            }
            it = m_prepared.emplace(statement.sql, std::move(q)).first;
        }
        QSqlQuery &q = it->second;
        for (qsizetype i = 0; i < statement.values.size(); ++i)
            q.bindValue(int(i), statement.values[i]);
        const bool ran = q.exec();
        if (!ran)
            *error = describe(q);
        q.finish();
        if (!ran) {
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        *error = reason(db.lastError());
        db.rollback();
        return false;
    }
    return true;
}

std::optional<HubStore::Note> HubStore::note(const QString &id) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM notes WHERE id = ?").arg(QLatin1String(NoteColumns)));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return noteFrom(q);
}

QList<HubStore::Note> HubStore::notesVisibleTo(const QString &userId) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT n.id, n.owner, n.title, n.version, n.created_at, "
                             "n.updated_at, n.deleted_at, "
                             "CASE WHEN n.owner = ? THEN 'owner' ELSE c.role END FROM notes n "
                             "LEFT JOIN collaborators c ON c.note_id = n.id AND c.user_id = ? "
                             "WHERE n.deleted_at = 0 AND (n.owner = ? OR c.user_id IS NOT NULL) "
                             "ORDER BY n.updated_at DESC"));
    for (int i = 0; i < 3; ++i)
        q.addBindValue(userId);
    QList<Note> notes;
    if (q.exec()) {
        while (q.next()) {
            Note note = noteFrom(q);
            note.role = q.value(7).toString();
            notes.append(note);
        }
    }
    return notes;
}

QHash<QString, QString> HubStore::collaborators(const QString &noteId) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT user_id, role FROM collaborators WHERE note_id = ?"));
    q.addBindValue(noteId);
    QHash<QString, QString> result;
    if (q.exec())
        while (q.next())
            result.insert(q.value(0).toString(), q.value(1).toString());
    return result;
}

std::vector<HubStore::Op> HubStore::opsSince(const QString &noteId, qint64 after) const
{
    return opsBetween(noteId, after, std::numeric_limits<qint64>::max());
}

std::vector<HubStore::Op> HubStore::opsBetween(const QString &noteId, qint64 after,
                                               qint64 upTo) const
{
    return opsIn(QLatin1String(OpColumns), noteId, after, upTo);
}

std::vector<HubStore::Op> HubStore::authorsBetween(const QString &noteId, qint64 after,
                                                   qint64 upTo) const
{
    return opsIn(QLatin1String("version, '', user_id, client_id, seq, created_at, deleted_units"),
                 noteId, after, upTo);
}

std::vector<HubStore::Op> HubStore::opsIn(QLatin1String columns, const QString &noteId,
                                          qint64 after, qint64 upTo) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM ops WHERE note_id = ? AND version > ? AND version <= "
                             "? ORDER BY version")
                      .arg(columns));
    q.addBindValue(noteId);
    q.addBindValue(after);
    q.addBindValue(upTo);
    if (!q.exec())
        return {};
    return opsFrom(q);
}

std::optional<qint64> HubStore::committedVersion(const QString &noteId, const QString &clientId,
                                                 qint64 seq) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
            "SELECT version FROM ops WHERE note_id = ? AND client_id = ? AND seq = ?"));
    q.addBindValue(noteId);
    q.addBindValue(clientId);
    q.addBindValue(seq);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

std::optional<std::pair<qint64, QString>> HubStore::snapshotAtOrBefore(const QString &noteId,
                                                                       qint64 version) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
            "SELECT version, content FROM snapshots WHERE note_id = ? AND version <= ? "
            "ORDER BY version DESC LIMIT 1"));
    q.addBindValue(noteId);
    q.addBindValue(version);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return std::pair{q.value(0).toLongLong(), q.value(1).toString()};
}

std::optional<qint64> HubStore::lastSeq(const QString &noteId, const QString &clientId,
                                        QString *error) const
{
    // The newest entry of ops_client for the pair: one index look-up, whatever the history.
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT MAX(seq) FROM ops WHERE note_id = ? AND client_id = ?"));
    q.addBindValue(noteId);
    q.addBindValue(clientId);
    if (!q.exec() || !q.next()) {
        if (error)
            *error = describe(q);
        return std::nullopt;
    }
    return q.value(0).isNull() ? -1 : q.value(0).toLongLong();
}

QList<HubStore::ChatMessage> HubStore::chatHistory(const QString &noteId, int limit) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
            "SELECT id, note_id, user_id, user_name, content, ts FROM "
            "(SELECT * FROM chat WHERE note_id = ? ORDER BY ts DESC, rowid DESC LIMIT ?) "
            "ORDER BY ts, rowid"));
    q.addBindValue(noteId);
    q.addBindValue(limit);
    QList<ChatMessage> messages;
    if (q.exec())
        while (q.next())
            messages.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                             q.value(3).toString(), q.value(4).toString(),
                             q.value(5).toLongLong()});
    return messages;
}

qint64 HubStore::chatCount(const QString &noteId) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM chat WHERE note_id = ?"));
    q.addBindValue(noteId);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

QString HubStore::userName(const QString &userId) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT name FROM users WHERE id = ?"));
    q.addBindValue(userId);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

QHash<QString, QString> HubStore::users() const
{
    QHash<QString, QString> users;
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("SELECT id, name FROM users")))
        while (q.next())
            users.insert(q.value(0).toString(), q.value(1).toString());
    return users;
}

QHash<QString, qint64> HubStore::revocations() const
{
    QHash<QString, qint64> before;
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("SELECT user_id, before_ms FROM revocations")))
        while (q.next())
            before.insert(q.value(0).toString(), q.value(1).toLongLong());
    return before;
}

QHash<QString, QHash<QString, QString>> HubStore::standingShares() const
{
    QHash<QString, QHash<QString, QString>> shares;
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("SELECT owner, user_id, role FROM standing_shares")))
        while (q.next())
            shares[q.value(0).toString()].insert(q.value(1).toString(), q.value(2).toString());
    return shares;
}

HubStore::Statement HubStore::setStandingShare(const QString &owner, const QString &userId,
                                               const QString &role)
{
    return {QStringLiteral("INSERT INTO standing_shares (owner, user_id, role) VALUES (?, ?, ?) "
                           "ON CONFLICT(owner, user_id) DO UPDATE SET role = excluded.role"),
            {owner, userId, role}};
}

HubStore::Statement HubStore::removeStandingShares(const QString &userId)
{
    return {QStringLiteral("DELETE FROM standing_shares WHERE user_id = ?"), {userId}};
}

HubStore::Statement HubStore::revokeTokens(const QString &userId, qint64 beforeMs)
{
    return {QStringLiteral("INSERT INTO revocations (user_id, before_ms) VALUES (?, ?) "
                           "ON CONFLICT(user_id) DO UPDATE SET before_ms = "
                           "max(before_ms, excluded.before_ms)"),
            {userId, beforeMs}};
}

HubStore::Statement HubStore::upsertUser(const QString &id, const QString &name, qint64 now)
{
    return {QStringLiteral("INSERT INTO users (id, name, created_at) VALUES (?, ?, ?) "
                           "ON CONFLICT(id) DO UPDATE SET name = excluded.name"),
            {id, text(name), now}};
}

HubStore::Statement HubStore::insertNote(const Note &n)
{
    return {QStringLiteral("INSERT INTO notes (%1) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .arg(QLatin1String(NoteColumns)),
            {n.id, n.owner, text(n.title), n.version, n.createdAt, n.updatedAt, n.deletedAt}};
}

HubStore::Statement HubStore::updateNoteVersion(const QString &id, qint64 version, qint64 updatedAt)
{
    return {QStringLiteral("UPDATE notes SET version = ?, updated_at = ? WHERE id = ?"),
            {version, updatedAt, id}};
}

HubStore::Statement HubStore::updateNoteTitle(const QString &id, const QString &title,
                                              qint64 updatedAt)
{
    return {QStringLiteral("UPDATE notes SET title = ?, updated_at = ? WHERE id = ?"),
            {text(title), updatedAt, id}};
}

HubStore::Statement HubStore::setNoteDeleted(const QString &id, qint64 deletedAt)
{
    return {QStringLiteral("UPDATE notes SET deleted_at = ? WHERE id = ?"), {deletedAt, id}};
}

HubStore::Statement HubStore::insertOp(const QString &noteId, const Op &op)
{
    return {QStringLiteral("INSERT INTO ops (note_id, %1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .arg(QLatin1String(OpColumns)),
            {noteId, op.version, QString::fromUtf8(op.op), text(op.userId), text(op.clientId),
             op.seq, op.createdAt, op.deleted}};
}

HubStore::Statement HubStore::insertSnapshot(const QString &noteId, qint64 version,
                                             const QString &content)
{
    return {QStringLiteral("INSERT OR REPLACE INTO snapshots (note_id, version, content) VALUES "
                           "(?, ?, ?)"),
            {noteId, version, text(content)}};
}

HubStore::Statement HubStore::setCollaborator(const QString &noteId, const QString &userId,
                                              const QString &role)
{
    return {QStringLiteral("INSERT INTO collaborators (note_id, user_id, role) VALUES (?, ?, ?) "
                           "ON CONFLICT(note_id, user_id) DO UPDATE SET role = excluded.role"),
            {noteId, userId, role}};
}

HubStore::Statement HubStore::removeCollaborator(const QString &noteId, const QString &userId)
{
    return {QStringLiteral("DELETE FROM collaborators WHERE note_id = ? AND user_id = ?"),
            {noteId, userId}};
}

HubStore::Statement HubStore::insertChat(const ChatMessage &m)
{
    return {QStringLiteral("INSERT INTO chat (id, note_id, user_id, user_name, content, ts) VALUES "
                           "(?, ?, ?, ?, ?, ?)"),
            {m.id, m.noteId, m.userId, text(m.userName), text(m.content), m.timestamp}};
}

HubStore::Statement HubStore::trimChat(const QString &noteId, int above, int keep)
{
    return {QStringLiteral("DELETE FROM chat WHERE note_id = ? "
                           "AND (SELECT COUNT(*) FROM chat WHERE note_id = ?) > ? AND rowid NOT IN "
                           "(SELECT rowid FROM chat WHERE note_id = ? ORDER BY ts DESC, rowid DESC "
                           "LIMIT ?)"),
            {noteId, noteId, above, noteId, keep}};
}
