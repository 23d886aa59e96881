// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientstore.h"
#include "jsontext.h"
#include "sqlitedb.h"
#include "textbuffer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace {

constexpr int SchemaVersion = 4;
/** A note's text is written whole again once this many edits are journaled after it. */
constexpr int MaxJournaledEdits = 500;
/** An outbox's buffer is written whole again once this many steps are saved after it. */
constexpr int MaxBufferSteps = 500;
/**
 * outbox_steps.part_units of the row holding the buffer as written whole. It is kept apart
 * from the outbox's row, which SQLite writes whole on every update: counting a keystroke
 * would write the megabytes of a paste's rest again.
 */
constexpr qsizetype WholeBuffer = -1;

constexpr auto NoteColumns = "id, title, content, content_known, version, created_at, updated_at, "
                             "owner, role, collaborators, create_pending, title_pending, "
                             "delete_pending, base_title";

QString noteColumns(ClientStore::Text text)
{
    const QString columns = QLatin1String(NoteColumns);
    return text == ClientStore::Text::With
            ? columns
            : QString(columns).replace(QStringLiteral(", content,"), QStringLiteral(", '',"));
}

LocalNote noteFrom(const QSqlQuery &q)
{
    LocalNote n;
    n.id = q.value(0).toString();
    n.title = q.value(1).toString();
    n.content = q.value(2).toString();
    n.contentKnown = q.value(3).toBool();
    n.version = q.value(4).toLongLong();
    n.createdAt = q.value(5).toLongLong();
    n.updatedAt = q.value(6).toLongLong();
    n.owner = q.value(7).toString();
    n.role = q.value(8).toString();
    n.collaborators = JsonText::parse(q.value(9).toByteArray()).array();
    n.createPending = q.value(10).toBool();
    n.titlePending = q.value(11).toBool();
    n.deletePending = q.value(12).toBool();
    n.baseTitle = q.value(13).toString();
    return n;
}

using SqliteDb::reason;
using SqliteDb::text;

/** The columns of a note besides its id and its text (content, content_known, version), in
 *  the order of fieldValues(). */
constexpr auto FieldColumns = "title, created_at, updated_at, owner, role, collaborators, "
                              "create_pending, title_pending, delete_pending, base_title";

QVariantList fieldValues(const LocalNote &n)
{
    return {text(n.title),
            n.createdAt,
            n.updatedAt,
            text(n.owner),
            text(n.role),
            QString::fromUtf8(QJsonDocument(n.collaborators).toJson(QJsonDocument::Compact)),
            int(n.createPending),
            int(n.titlePending),
            int(n.deletePending),
            text(n.baseTitle)};
}

/*
 * Ops are stored as JSON text (the file is UTF-8) but go in and out as its UTF-8 bytes:
 * bound as a blob that the statement casts to TEXT, read back with CAST(... AS BLOB).
 * Through QString, SQLite and Qt converted a paste's op of 10 MB to UTF-16 and back, each
 * time into a fresh 20 MB string: most of the time it took to save the paste, and to start
 * with it waiting.
 */
QVariant opText(const std::optional<TextOperation> &op)
{
    return op ? QVariant(op->toJsonText()) : QVariant(QMetaType::fromType<QByteArray>());
}

std::optional<TextOperation> opFrom(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    OtResult<TextOperation> op = TextOperation::fromJsonText(value.toByteArray());
    if (!op)
        return std::nullopt;
    return std::move(op).value();
}

} // namespace

ClientStore::ClientStore()
    : m_connection(SqliteDb::uniqueConnectionName("tandem-client"))
{ }

ClientStore::~ClientStore()
{
    close();
}

QString ClientStore::defaultPath(const QString &serverUrl)
{
    // One file per hub; the hash keeps odd characters of a URL out of the file name.
    const QByteArray hash = QCryptographicHash::hash(serverUrl.toUtf8(), QCryptographicHash::Sha256)
                                    .toHex()
                                    .left(16);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
            QStringLiteral("/servers/") + QString::fromLatin1(hash) + QStringLiteral(".sqlite");
}

QSqlDatabase ClientStore::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool ClientStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && database().isOpen();
}

bool ClientStore::fail(const QString &what, const QString &why)
{
    m_lastReason = why;
    m_lastError = QStringLiteral("%1: %2").arg(what, why);
    qWarning("client cache %s: %s", qPrintable(m_path), qPrintable(m_lastError));
    return false;
}

bool ClientStore::exec(const QString &sql)
{
    QSqlQuery q(database());
    return q.exec(sql) || fail(sql.section(QLatin1Char(' '), 0, 2), q.lastError().text());
}

bool ClientStore::open(const QString &path, QString *error)
{
    close();
    m_path = path;
    QString why;
    if (openDatabase(&why))
        return true;
    *error = QStringLiteral("cannot open the local cache %1: %2").arg(path, why);
    close(); // after openDatabase's queries are gone, so the connection is really released
    return false;
}

bool ClientStore::openSettingAsideDamage(const QString &path, QString *error, QString *setAside)
{
    setAside->clear();
    // A damaged header fails the opening; damaged pages fail only the reads that meet them,
    // so the whole file is checked (quick_check: ~70 ms for 100 MB, read once at start).
    if (open(path, error)) {
        if (!isDamaged(path))
            return true;
        close();
        *error = QStringLiteral("database disk image is malformed");
    } else if (!isDamaged(path)) {
        return false;
    }
    const QString aside =
            QStringLiteral("%1.damaged-%2")
                    .arg(path,
                         QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    if (!QFile::rename(path, aside)) {
        *error += QStringLiteral("; it is damaged and could not be set aside");
        return false;
    }
    QFile::rename(path + QStringLiteral("-wal"), aside + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm")); // an index of the log, made again
    qWarning("the local cache %s was damaged (%s): set aside as %s", qPrintable(path),
             qPrintable(*error), qPrintable(aside));
    *setAside = aside;
    return open(path, error);
}

bool ClientStore::isDamaged(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return false;
    const QString name = SqliteDb::uniqueConnectionName("tandem-cache-check");
    bool damaged = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA quick_check"))) {
                damaged = !q.next() || q.value(0).toString() != QLatin1String("ok");
            } else {
                // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), with their extended codes.
                const int code = q.lastError().nativeErrorCode().toInt() & 0xff;
                damaged = code == 11 || code == 26;
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return damaged;
}

bool ClientStore::openDatabase(QString *error)
{
    const auto failed = [&](const QString &why) {
        *error = why;
        return false;
    };
    if (!SqliteDb::open(m_connection, m_path, {}, error))
        return false;
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")))
        return failed(q.lastError().text());
    const int version = q.next() ? q.value(0).toInt() : 0;
    if (version > SchemaVersion)
        return failed(QStringLiteral("it has schema version %1; this Tandem knows up to %2")
                              .arg(version)
                              .arg(SchemaVersion));
    // One transaction per schema step: a cache is at one version or the next, never between.
    const auto migrate = [&](std::initializer_list<const char *> statements) {
        if (!db.transaction())
            return failed(db.lastError().text());
        for (const char *sql : statements) {
            if (!q.exec(QString::fromLatin1(sql))) {
                const QString why = q.lastError().text();
                db.rollback();
                return failed(why);
            }
        }
        return db.commit() || failed(db.lastError().text());
    };
    if (version < 1 &&
        !migrate({"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                  "CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, title TEXT NOT NULL, "
                  "content TEXT NOT NULL, content_known INTEGER NOT NULL, version INTEGER NOT "
                  "NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, owner TEXT NOT "
                  "NULL, role TEXT NOT NULL, collaborators TEXT NOT NULL, create_pending INTEGER "
                  "NOT NULL, title_pending INTEGER NOT NULL, delete_pending INTEGER NOT NULL, "
                  "base_title TEXT NOT NULL)",
                  "CREATE TABLE IF NOT EXISTS outbox (note_id TEXT PRIMARY KEY, outstanding_op "
                  "TEXT NOT NULL, outstanding_seq INTEGER NOT NULL, outstanding_edits INTEGER NOT "
                  "NULL, buffer_op TEXT, buffer_edits INTEGER NOT NULL)",
                  "PRAGMA user_version = 1"}))
        return false;
    // v2: local edits are journaled (op by op) instead of rewriting the whole text.
    if (version < 2 &&
        !migrate({"CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                  "note_id TEXT NOT NULL, op TEXT NOT NULL)",
                  "CREATE INDEX IF NOT EXISTS journal_note ON journal (note_id, seq)",
                  "PRAGMA user_version = 2"}))
        return false;
    // v3: each outstanding op keeps the clientId it was sent with. Up to v2 one id was kept
    // for the installation with a saved next seq, which fell behind the seqs already sent when
    // a save failed (a full disk), so the next run could give a seq twice.
    if (version < 3 &&
        !migrate({"ALTER TABLE outbox ADD COLUMN outstanding_client_id TEXT NOT NULL DEFAULT ''",
                  "UPDATE outbox SET outstanding_client_id = COALESCE((SELECT value FROM meta "
                  "WHERE key = 'client_id'), '')",
                  "DELETE FROM meta WHERE key IN ('client_id', 'next_seq')",
                  "PRAGMA user_version = 3"}))
        return false;
    // v4: what happens to an outbox's buffer (an edit composed into it, a part taken out to
    // send) is saved as a step, not by writing the buffer (megabytes after a paste) again; the
    // buffer itself moves to a row of its own there (outbox.buffer_op is read from v3 caches).
    if (version < 4 &&
        !migrate({"CREATE TABLE IF NOT EXISTS outbox_steps (seq INTEGER PRIMARY KEY "
                  "AUTOINCREMENT, note_id TEXT NOT NULL, op TEXT, part_units INTEGER NOT NULL)",
                  "CREATE INDEX IF NOT EXISTS outbox_steps_note ON outbox_steps (note_id, seq)",
                  "PRAGMA user_version = 4"}))
        return false;
    // A new id for every run, its seqs counted in memory: nothing written per op, and no
    // (clientId, seq) is ever given twice, whatever failed to be saved before a crash.
    m_clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_nextSeq = 1;
    return true;
}

void ClientStore::close()
{
    SqliteDb::close(m_connection);
}

QString ClientStore::metaValue(const QString &key) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

bool ClientStore::setMetaValue(const QString &key, const QString &value, const QString &what)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    q.addBindValue(key);
    q.addBindValue(text(value));
    return q.exec() || fail(what, q.lastError().text());
}

QString ClientStore::userId() const
{
    return metaValue(QStringLiteral("user_id"));
}

bool ClientStore::setUserId(const QString &userId)
{
    return setMetaValue(QStringLiteral("user_id"), userId, QStringLiteral("saving the user"));
}

QString ClientStore::pinnedCertificate() const
{
    return metaValue(QStringLiteral("tls_pin"));
}

bool ClientStore::setPinnedCertificate(const QString &fingerprint)
{
    return setMetaValue(QStringLiteral("tls_pin"), fingerprint,
                        QStringLiteral("saving the hub's certificate"));
}

qint64 ClientStore::lastSync() const
{
    return metaValue(QStringLiteral("last_sync")).toLongLong();
}

bool ClientStore::setLastSync(qint64 msSinceEpoch)
{
    return setMetaValue(QStringLiteral("last_sync"), QString::number(msSinceEpoch),
                        QStringLiteral("saving the last sync"));
}

QList<LocalNote> ClientStore::notes(bool includeDeleted, Text text) const
{
    QList<LocalNote> result;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM notes WHERE delete_pending <= %2 "
                               "ORDER BY updated_at DESC, id")
                        .arg(noteColumns(text))
                        .arg(includeDeleted ? 1 : 0))) {
        m_lastError = q.lastError().text();
        return result;
    }
    while (q.next())
        result.append(noteFrom(q));
    if (text == Text::Without)
        return result;
    // Edits journaled since each text was written whole, in order.
    QHash<QString, QList<TextOperation>> journal;
    q.exec(QStringLiteral("SELECT note_id, CAST(op AS BLOB) FROM journal ORDER BY seq"));
    while (q.next())
        if (std::optional<TextOperation> op = opFrom(q.value(1)))
            journal[q.value(0).toString()].append(std::move(*op));
    if (!journal.isEmpty())
        for (LocalNote &n : result)
            applyJournal(n, journal.take(n.id));
    return result;
}

std::optional<LocalNote> ClientStore::note(const QString &id, Text text) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM notes WHERE id = ?").arg(noteColumns(text)));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    LocalNote n = noteFrom(q);
    if (text == Text::Without)
        return n;
    q.prepare(QStringLiteral("SELECT CAST(op AS BLOB) FROM journal WHERE note_id = ? "
                             "ORDER BY seq"));
    q.addBindValue(id);
    QList<TextOperation> ops;
    if (q.exec())
        while (q.next())
            if (std::optional<TextOperation> op = opFrom(q.value(0)))
                ops.append(std::move(*op));
    applyJournal(n, std::move(ops));
    return n;
}

void ClientStore::applyJournal(LocalNote &note, QList<TextOperation> ops) const
{
    if (ops.isEmpty())
        return;
    // Each op is applied to the text in place while that moves less than the text's length
    // in all: a paste and the typing after it (the paste taken from its op as it is, the
    // keystrokes appended), or a few edits near the end. The rest go through a TextBuffer,
    // where an op costs what it touches: applied to a QString one after the other, a few
    // hundred keystrokes journaled all over a 10 MB note copied the whole text each time (a
    // second of the UI thread for each read of the note). The TextBuffer costs two copies of
    // the text into fresh memory, which on a VM slow to fault pages in is what a start with
    // a paste waiting spent most of its time on.
    QString text = std::move(note.content);
    qsizetype next = 0;
    const QList<TextOperation::Component> &first = ops.front().components();
    if (text.isEmpty() && first.size() == 1 && first.front().kind == TextOperation::Kind::Insert) {
        text = first.front().text;
        ops.front() = TextOperation(); // the text shared with nothing: grown in place
        next = 1;
    }
    qsizetype budget = text.size();
    // Cannot happen: each op was made on the text before it. The ones before it stay.
    const auto stopped = [&](const OtStatus &why) {
        qWarning("the journal of note %s stops at edit %lld: %s", qPrintable(note.id),
                 qlonglong(next + 1), qPrintable(why.error().message()));
    };
    for (; next < ops.size(); ++next) {
        const qsizetype moved = ops.at(next).unitsMovedInPlace(text.size());
        if (moved > budget)
            break;
        budget -= moved;
        if (OtStatus applied = ops.at(next).applyInPlace(text); !applied) {
            stopped(applied);
            note.content = std::move(text);
            return;
        }
    }
    if (next < ops.size()) {
        TextBuffer buffer(text);
        for (; next < ops.size(); ++next) {
            if (OtStatus applied = buffer.apply(ops.at(next)); !applied) {
                stopped(applied);
                break;
            }
        }
        text = buffer.toString();
    }
    note.content = std::move(text);
}

bool ClientStore::saveNote(const LocalNote &n)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO notes (id, content, content_known, version, "
                             "%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(QLatin1String(FieldColumns)));
    for (const QVariant &value :
         QVariantList{n.id, text(n.content), int(n.contentKnown), n.version} + fieldValues(n))
        q.addBindValue(value);
    if (!q.exec())
        return fail(QStringLiteral("saving note %1").arg(n.id), reason(q.lastError()));
    // The text written whole: the edits journaled before it are in it.
    return dropJournal(n.id);
}

bool ClientStore::saveNoteFields(const LocalNote &n)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE notes SET (%1) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?")
                      .arg(QLatin1String(FieldColumns)));
    for (const QVariant &value : fieldValues(n) + QVariantList{n.id})
        q.addBindValue(value);
    if (!q.exec())
        return fail(QStringLiteral("saving note %1").arg(n.id), reason(q.lastError()));
    if (q.numRowsAffected() != 1)
        return fail(QStringLiteral("saving note %1").arg(n.id),
                    QStringLiteral("it is not in the cache"));
    return true;
}

bool ClientStore::dropJournal(const QString &id)
{
    // Always asked of the database: the count kept here is only a hint (a batch rolled back
    // may have made it wrong), and a stale journal row would be applied twice.
    QSqlQuery q(database());
    q.prepare(QStringLiteral("DELETE FROM journal WHERE note_id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(QStringLiteral("saving note %1").arg(id), q.lastError().text());
    m_journaled.insert(id, 0);
    return true;
}

bool ClientStore::removeNote(const QString &id)
{
    QSqlDatabase db = database();
    if (!begin())
        return fail(QStringLiteral("removing note %1").arg(id), db.lastError().text());
    QSqlQuery q(db);
    m_journaled.remove(id);
    m_savedOutboxes.remove(id);
    m_batchOutboxes.remove(id);
    for (const char *sql :
         {"DELETE FROM outbox WHERE note_id = ?", "DELETE FROM outbox_steps WHERE note_id = ?",
          "DELETE FROM journal WHERE note_id = ?", "DELETE FROM notes WHERE id = ?"}) {
        q.prepare(QString::fromLatin1(sql));
        q.addBindValue(id);
        if (!q.exec()) {
            const QString why = q.lastError().text();
            rollback();
            return fail(QStringLiteral("removing note %1").arg(id), why);
        }
    }
    return commit() || fail(QStringLiteral("removing note %1").arg(id), db.lastError().text());
}

bool ClientStore::discardOutbox(const QString &id)
{
    const QString what = QStringLiteral("discarding the unsent edits of note %1").arg(id);
    QSqlDatabase db = database();
    if (!begin())
        return fail(what, reason(db.lastError()));
    QSqlQuery q(db);
    const auto run = [&](const char *sql) {
        q.prepare(QString::fromLatin1(sql));
        q.addBindValue(id);
        return q.exec();
    };
    bool ok = run("DELETE FROM outbox WHERE note_id = ?");
    if (ok && q.numRowsAffected() > 0)
        ok = run("UPDATE notes SET content_known = 0 WHERE id = ?");
    ok = ok && run("DELETE FROM outbox_steps WHERE note_id = ?");
    if (!endWrite(ok, q, what))
        return false;
    m_savedOutboxes.remove(id);
    m_batchOutboxes.remove(id);
    return true;
}

bool ClientStore::clearNotes()
{
    m_journaled.clear();
    m_savedOutboxes.clear();
    m_batchOutboxes.clear();
    return exec(QStringLiteral("DELETE FROM outbox")) &&
            exec(QStringLiteral("DELETE FROM outbox_steps")) &&
            exec(QStringLiteral("DELETE FROM journal")) &&
            exec(QStringLiteral("DELETE FROM notes"));
}

Outbox ClientStore::outbox(const QString &id) const
{
    Outbox box;
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT CAST(outstanding_op AS BLOB), outstanding_client_id, "
                             "outstanding_seq, outstanding_edits, CAST(buffer_op AS BLOB), "
                             "buffer_edits FROM outbox WHERE note_id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return box;
    box.outstanding = opFrom(q.value(0));
    box.outstandingClientId = q.value(1).toString();
    box.outstandingSeq = q.value(2).toLongLong();
    box.outstandingEdits = q.value(3).toInt();
    box.buffer = opFrom(q.value(4));
    box.bufferEdits = q.value(5).toInt();
    // The buffer as saved whole, then what happened to it since, in order.
    q.prepare(QStringLiteral("SELECT CAST(op AS BLOB), part_units FROM outbox_steps "
                             "WHERE note_id = ? ORDER BY seq"));
    q.addBindValue(id);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        box.buffer.reset();
        box.damaged = true;
        return box;
    }
    int steps = 0;
    for (int row = 1; q.next(); ++row) {
        QString why;
        const qsizetype partUnits = q.value(1).toLongLong();
        if (partUnits != WholeBuffer)
            ++steps;
        if (partUnits == WholeBuffer) {
            box.buffer = opFrom(q.value(0));
            if (!box.buffer)
                why = QStringLiteral("a buffer that is not an op");
        } else if (!box.buffer) {
            why = QStringLiteral("a step with no buffer to make it to");
        } else if (q.value(0).isNull()) {
            box.buffer = std::move(*box.buffer).splitInserts(partUnits).second;
        } else if (std::optional<TextOperation> op = opFrom(q.value(0))) {
            OtResult<TextOperation> composed = TextOperation::compose(std::move(*box.buffer), *op);
            if (composed)
                box.buffer = std::move(composed).value();
            else
                why = composed.error().message();
        } else {
            why = QStringLiteral("a step that is not an op");
        }
        if (!why.isEmpty()) {
            qWarning("the unsent edits of note %s cannot be read back (row %d: %s)", qPrintable(id),
                     row, qPrintable(why));
            box.buffer.reset();
            box.damaged = true;
            return box;
        }
    }
    rememberOutbox(id, {box.outstandingClientId, box.outstandingSeq, steps});
    box.bufferSteps.emplace();
    return box;
}

bool ClientStore::hasOutbox(const QString &id) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT 1 FROM outbox WHERE note_id = ?"));
    q.addBindValue(id);
    return q.exec() && q.next();
}

void ClientStore::rememberOutbox(const QString &id, const SavedOutbox &saved) const
{
    // Inside a batch it is on disk only once the batch commits (it may yet be undone).
    if (m_batchDepth > 0) {
        m_savedOutboxes.remove(id);
        m_batchOutboxes.insert(id, saved);
    } else {
        m_savedOutboxes.insert(id, saved);
    }
}

QStringList ClientStore::notesWithOutbox() const
{
    QStringList ids;
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("SELECT note_id FROM outbox ORDER BY note_id")))
        while (q.next())
            ids.append(q.value(0).toString());
    return ids;
}

bool ClientStore::saveLiveState(const QString &id, const QString &content, qint64 version,
                                const Outbox &box, qint64 updatedAt)
{
    return saveState(id, content, nullptr, version, box, updatedAt);
}

bool ClientStore::saveEdits(const QString &id, const QString &content,
                            const QList<TextOperation> &ops, qint64 version, const Outbox &box,
                            qint64 updatedAt)
{
    return saveState(id, content, &ops, version, box, updatedAt);
}

bool ClientStore::saveState(const QString &id, const QString &content,
                            const QList<TextOperation> *edits, qint64 version, const Outbox &box,
                            qint64 updatedAt)
{
    if (edits && !m_journaled.contains(id)) {
        QSqlQuery count(database());
        count.prepare(QStringLiteral("SELECT COUNT(*) FROM journal WHERE note_id = ?"));
        count.addBindValue(id);
        m_journaled.insert(id, count.exec() && count.next() ? count.value(0).toInt() : 0);
    }
    // A small edit of a long text is a journal row, not the whole text written again; every
    // MaxJournaledEdits the text is written whole (and the journal emptied).
    const bool journal = edits && m_journaled.value(id) + edits->size() <= MaxJournaledEdits;
    QSqlDatabase db = database();
    const QString what = QStringLiteral("saving the edits of note %1").arg(id);
    if (!begin())
        return fail(what, reason(db.lastError()));
    QSqlQuery q(db);
    const auto run = [&](const QString &sql, const QVariantList &values) {
        q.prepare(sql);
        for (const QVariant &value : values)
            q.addBindValue(value);
        return q.exec();
    };
    const auto journalEdits = [&]() {
        for (const TextOperation &op : *edits)
            if (!run(QStringLiteral(
                             "INSERT INTO journal (note_id, op) VALUES (?, CAST(? AS TEXT))"),
                     {id, opText(op)}))
                return false;
        return true;
    };
    bool ok = journal
            ? journalEdits() &&
                    run(QStringLiteral("UPDATE notes SET version = ?, updated_at = "
                                       "MAX(updated_at, ?) WHERE id = ?"),
                        {version, updatedAt, id})
            : run(QStringLiteral("UPDATE notes SET content = ?, content_known = 1, version = ?, "
                                 "updated_at = MAX(updated_at, ?) WHERE id = ?"),
                  {text(content), version, updatedAt, id}) &&
                    run(QStringLiteral("DELETE FROM journal WHERE note_id = ?"), {id});
    // After a big paste the buffer holds the rest of it (megabytes), and each part acknowledged
    // and each keystroke made meanwhile would write it again: when the caller says what
    // happened to it since it was saved, only that is written (and the outstanding op only when
    // it is a new one). Every MaxBufferSteps it is written whole again.
    const auto known = m_savedOutboxes.constFind(id);
    const bool stepsOnly = !box.isEmpty() && box.buffer && box.bufferSteps &&
            known != m_savedOutboxes.cend() &&
            known->bufferSteps + box.bufferSteps->size() <= MaxBufferSteps;
    const SavedOutbox saved = stepsOnly ? *known : SavedOutbox{};
    SavedOutbox nowSaved{box.outstandingClientId, box.outstandingSeq, 0};
    bool written = false;
    if (ok && box.isEmpty()) {
        ok = run(QStringLiteral("DELETE FROM outbox WHERE note_id = ?"), {id}) &&
                run(QStringLiteral("DELETE FROM outbox_steps WHERE note_id = ?"), {id});
        written = true;
    } else if (ok && stepsOnly) {
        const bool sameOutstanding = saved.outstandingClientId == box.outstandingClientId &&
                saved.outstandingSeq == box.outstandingSeq;
        ok = sameOutstanding
                ? run(QStringLiteral("UPDATE outbox SET outstanding_edits = ?, buffer_edits = ? "
                                     "WHERE note_id = ?"),
                      {box.outstandingEdits, box.bufferEdits, id})
                : run(QStringLiteral("UPDATE outbox SET outstanding_op = CAST(? AS TEXT), "
                                     "outstanding_client_id = ?, outstanding_seq = ?, "
                                     "outstanding_edits = ?, buffer_edits = ? WHERE note_id = ?"),
                      {opText(box.outstanding), text(box.outstandingClientId), box.outstandingSeq,
                       box.outstandingEdits, box.bufferEdits, id});
        // No row (taken by something else meanwhile): written whole below.
        written = ok && q.numRowsAffected() == 1;
        for (qsizetype i = 0; written && ok && i < box.bufferSteps->size(); ++i) {
            const Outbox::BufferStep &step = box.bufferSteps->at(i);
            ok = run(QStringLiteral("INSERT INTO outbox_steps (note_id, op, part_units) "
                                    "VALUES (?, CAST(? AS TEXT), ?)"),
                     {id, opText(step.composed), step.partUnits});
        }
        if (written)
            nowSaved.bufferSteps = saved.bufferSteps + int(box.bufferSteps->size());
    }
    if (ok && !written) {
        ok = run(QStringLiteral(
                         "INSERT OR REPLACE INTO outbox (note_id, outstanding_op, "
                         "outstanding_client_id, outstanding_seq, outstanding_edits, "
                         "buffer_op, buffer_edits) VALUES (?, CAST(? AS TEXT), ?, ?, ?, NULL, ?)"),
                 {id, opText(box.outstanding), text(box.outstandingClientId), box.outstandingSeq,
                  box.outstandingEdits, box.bufferEdits}) &&
                run(QStringLiteral("DELETE FROM outbox_steps WHERE note_id = ?"), {id});
        if (ok && box.buffer)
            ok = run(QStringLiteral("INSERT INTO outbox_steps (note_id, op, part_units) VALUES "
                                    "(?, CAST(? AS TEXT), ?)"),
                     {id, opText(box.buffer), WholeBuffer});
    }
    if (!endWrite(ok, q, what))
        return false;
    m_journaled.insert(id, journal ? m_journaled.value(id) + int(edits->size()) : 0);
    if (box.isEmpty()) {
        m_savedOutboxes.remove(id);
        m_batchOutboxes.remove(id);
    } else {
        rememberOutbox(id, nowSaved);
    }
    return true;
}

bool ClientStore::endWrite(bool ok, const QSqlQuery &q, const QString &what)
{
    if (!ok) {
        const QString why = reason(q.lastError());
        rollback();
        return fail(what, why);
    }
    if (!commit()) {
        const QString why = reason(database().lastError());
        rollback();
        return fail(what, why);
    }
    return true;
}

bool ClientStore::markContentUnknown(const QString &id)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE notes SET content_known = 0 WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() || fail(QStringLiteral("marking note %1 stale").arg(id), q.lastError().text());
}

bool ClientStore::begin()
{
    return m_batchDepth > 0 || database().transaction();
}

bool ClientStore::commit()
{
    return m_batchDepth > 0 || database().commit();
}

void ClientStore::rollback()
{
    if (m_batchDepth > 0)
        m_batchFailed = true; // the whole batch is undone at its end
    else
        database().rollback();
}

void ClientStore::beginBatch()
{
    if (m_batchDepth++ == 0) {
        m_batchFailed = false;
        if (!database().transaction())
            fail(QStringLiteral("starting a batch"), database().lastError().text());
    }
}

bool ClientStore::endBatch()
{
    if (m_batchDepth == 0 || --m_batchDepth > 0)
        return true;
    QSqlDatabase db = database();
    // The outboxes saved in the batch are known to be on disk only if it commits.
    const QHash<QString, SavedOutbox> saved = std::exchange(m_batchOutboxes, {});
    if (m_batchFailed) {
        db.rollback();
        return false;
    }
    if (db.commit()) {
        m_savedOutboxes.insert(saved);
        return true;
    }
    const QString why = db.lastError().text();
    db.rollback();
    return fail(QStringLiteral("saving a batch"), why);
}

int ClientStore::pendingChanges(bool includeTextEdits) const
{
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT (SELECT COALESCE(SUM(outstanding_edits + buffer_edits), 0) "
                               "FROM outbox) * %1 + (SELECT COALESCE(SUM(create_pending + "
                               "title_pending + delete_pending), 0) FROM notes)")
                        .arg(includeTextEdits ? 1 : 0)) ||
        !q.next())
        return 0;
    return q.value(0).toInt();
}
