// SPDX-License-Identifier: GPL-3.0-or-later
// HubStore: older databases (schema 1, the text rewritten with every commit; schema 3, the
// text in the notes row as of content_version) are migrated in place to schema 4 (the text in
// snapshots alone) without losing a note's text, and to schema 5 (each op's deleted units, for
// history listings, counted for the ops already stored); committing a new version of a long note
// writes only its small row; reading a long history keeps the page cache within its cap; a
// newer schema is refused; a failed statement rolls back its whole batch.
#include "hubstore.h"
#include "processmemory.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

class TestHubStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void schemaOneDatabaseIsMigratedWithItsNotes();
    void schemaThreeTextWrittenAtAStopBecomesASnapshot();
    void opsKeepWhatTheyDeletedStoredOnesCountedFromTheirText();
    void aNewVersionOfALongNoteWritesOnlyItsSmallRow();
    void aTextStartingWithUFeffIsStoredWhole();
    void readingALongHistoryKeepsThePageCacheWithinItsCap();
    void newerSchemaIsRefused();
    void failedStatementRollsBackTheBatch();
};

namespace {

/** Calls use(db) with a raw connection to path, outside HubStore. */
template<typename Use> void onRawConnection(const QString &path, Use use)
{
    const QString name = QStringLiteral("raw");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        use(db);
    }
    QSqlDatabase::removeDatabase(name);
}

/** Runs statements on a raw connection to path. */
void runRaw(const QString &path, const QStringList &statements)
{
    onRawConnection(path, [&](const QSqlDatabase &db) {
        QSqlQuery q(db);
        for (const QString &sql : statements)
            QVERIFY2(q.exec(sql), qPrintable(sql));
    });
}

/** The column names of table in the database at path. */
QStringList columns(const QString &path, const QString &table)
{
    QStringList names;
    onRawConnection(path, [&](const QSqlDatabase &db) {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)));
        while (q.next())
            names << q.value(1).toString();
    });
    return names;
}

/** The tables of schema 1, as the first hubs made them. */
QStringList schemaOne()
{
    return {QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                           "created_at INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE notes (id TEXT PRIMARY KEY, owner TEXT NOT NULL, title "
                           "TEXT NOT NULL, content TEXT NOT NULL, version INTEGER NOT NULL, "
                           "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at "
                           "INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE TABLE ops (note_id TEXT NOT NULL, version INTEGER NOT NULL, "
                           "op TEXT NOT NULL, user_id TEXT NOT NULL, client_id TEXT NOT NULL, "
                           "seq INTEGER NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY "
                           "(note_id, version)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE snapshots (note_id TEXT NOT NULL, version INTEGER NOT "
                           "NULL, content TEXT NOT NULL, PRIMARY KEY (note_id, version)) WITHOUT "
                           "ROWID"),
            QStringLiteral("CREATE TABLE collaborators (note_id TEXT NOT NULL, user_id TEXT NOT "
                           "NULL, role TEXT NOT NULL, PRIMARY KEY (note_id, user_id)) WITHOUT "
                           "ROWID"),
            QStringLiteral("CREATE TABLE chat (id TEXT PRIMARY KEY, note_id TEXT NOT NULL, "
                           "user_id TEXT NOT NULL, user_name TEXT NOT NULL, content TEXT NOT "
                           "NULL, ts INTEGER NOT NULL)")};
}

/** The tables of schema 3: schema 1 with content_version and revocations. */
QStringList schemaThree()
{
    return schemaOne() << QStringLiteral("ALTER TABLE notes ADD COLUMN content_version INTEGER "
                                         "NOT NULL DEFAULT 0")
                       << QStringLiteral("CREATE TABLE revocations (user_id TEXT PRIMARY KEY, "
                                         "before_ms INTEGER NOT NULL) WITHOUT ROWID");
}

HubStore::Note sampleNote(const QString &id)
{
    HubStore::Note n;
    n.id = id;
    n.owner = QStringLiteral("alice");
    n.title = QStringLiteral("Title");
    n.createdAt = 1;
    n.updatedAt = 1;
    return n;
}

/** Bytes this process has handed to write() and its kind so far (Linux), or -1. */
qint64 bytesWritten()
{
    return procValue(0, "io", "wchar:");
}

} // namespace

void TestHubStore::schemaOneDatabaseIsMigratedWithItsNotes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hub.sqlite"));
    runRaw(path,
           schemaOne() << QStringLiteral(
                                  "INSERT INTO notes VALUES ('n1', 'alice', 'Old', 'abc', 7, "
                                  "1, 2, 0)")
                       << QStringLiteral("PRAGMA user_version = 1"));

    HubStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    const auto note = store.note(QStringLiteral("n1"));
    QVERIFY(note);
    QCOMPARE(note->title, QStringLiteral("Old"));
    QCOMPARE(note->version, 7);
    // Schema 1 rewrote the text with every commit, so it is the text as of the note's version.
    QCOMPARE(store.snapshotAtOrBefore(QStringLiteral("n1"), 7),
             (std::pair<qint64, QString>{7, QStringLiteral("abc")}));
    QCOMPARE(store.notesVisibleTo(QStringLiteral("alice")).size(), 1);
    QVERIFY(!columns(path, QStringLiteral("notes")).contains(QLatin1String("content")));
    QVERIFY(columns(path, QStringLiteral("revocations")).contains(QLatin1String("before_ms")));
    store.close();

    // Opening again does not migrate twice.
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(store.note(QStringLiteral("n1"))->version, 7);
    QCOMPARE(store.snapshotAtOrBefore(QStringLiteral("n1"), 7)->second, QStringLiteral("abc"));
}

void TestHubStore::schemaThreeTextWrittenAtAStopBecomesASnapshot()
{
    // Schema 3 hubs wrote the text into the notes row (not as a snapshot) when they stopped:
    // here at version 2, with snapshot 0 from the create and ops 1 and 2 in the log.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hub.sqlite"));
    runRaw(path,
           schemaThree() << QStringLiteral("INSERT INTO notes VALUES ('n', 'alice', 'T', 'hello "
                                           "world!', 2, 1, 3, 0, 2)")
                         << QStringLiteral("INSERT INTO notes VALUES ('m', 'alice', 'U', 'one', 1, "
                                           "1, 3, 0, 0)")
                         << QStringLiteral("INSERT INTO snapshots VALUES ('n', 0, 'hello')")
                         << QStringLiteral("INSERT INTO snapshots VALUES ('m', 0, 'one')")
                         << QStringLiteral(
                                    "INSERT INTO ops VALUES ('n', 1, '[5,\" world\"]', 'alice', "
                                    "'c', 1, 2)")
                         << QStringLiteral("INSERT INTO ops VALUES ('n', 2, '[11,\"!\"]', 'alice', "
                                           "'c', 2, 3)")
                         << QStringLiteral("INSERT INTO ops VALUES ('m', 1, '[3,\"!\"]', 'alice', "
                                           "'c', 1, 2)")
                         << QStringLiteral("PRAGMA user_version = 3"));

    HubStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    using Snapshot = std::pair<qint64, QString>;
    QCOMPARE(store.snapshotAtOrBefore(QStringLiteral("n"), 2),
             (Snapshot{2, QStringLiteral("hello world!")}));
    QCOMPARE(store.snapshotAtOrBefore(QStringLiteral("n"), 1),
             (Snapshot{0, QStringLiteral("hello")}));
    // A note whose row held the create's text keeps that one snapshot and its log.
    QCOMPARE(store.snapshotAtOrBefore(QStringLiteral("m"), 1),
             (Snapshot{0, QStringLiteral("one")}));
    QCOMPARE(store.opsSince(QStringLiteral("m"), 0).size(), size_t(1));
    QCOMPARE(store.note(QStringLiteral("n"))->version, 2);
    QCOMPARE(columns(path, QStringLiteral("notes")),
             (QStringList{QStringLiteral("id"), QStringLiteral("owner"), QStringLiteral("title"),
                          QStringLiteral("version"), QStringLiteral("created_at"),
                          QStringLiteral("updated_at"), QStringLiteral("deleted_at")}));
}

void TestHubStore::opsKeepWhatTheyDeletedStoredOnesCountedFromTheirText()
{
    // A schema 3 log: an insert, a deletion of 6 units, a replacement of 3 by 2 in two places.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hub.sqlite"));
    runRaw(path,
           schemaThree() << QStringLiteral("INSERT INTO notes VALUES ('n', 'alice', 'T', 'hi!', 3, "
                                           "1, 3, 0, 0)")
                         << QStringLiteral("INSERT INTO snapshots VALUES ('n', 0, 'hello')")
                         << QStringLiteral(
                                    "INSERT INTO ops VALUES ('n', 1, '[5,\" world\"]', 'alice', "
                                    "'c', 1, 2)")
                         << QStringLiteral("INSERT INTO ops VALUES ('n', 2, '[5,-6]', 'alice', "
                                           "'c', 2, 3)")
                         << QStringLiteral("INSERT INTO ops VALUES ('n', 3, '[-1,\"h\",2,-2,"
                                           "\"!\"]', 'bob', 'd', 1, 4)")
                         << QStringLiteral("PRAGMA user_version = 3"));

    HubStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    const auto listed = store.authorsBetween(QStringLiteral("n"), 0, 3);
    QCOMPARE(listed.size(), size_t(3));
    QCOMPARE(listed[0].deleted, 0);
    QCOMPARE(listed[1].deleted, 6);
    QCOMPARE(listed[2].deleted, 3);
    QCOMPARE(listed[2].userId, QStringLiteral("bob"));
    QVERIFY(listed[2].op.isEmpty()); // the listing does not read the text

    // A new op keeps the count it is committed with.
    QVERIFY2(store.commit({HubStore::insertOp(QStringLiteral("n"),
                                              {4, "[-3]", QStringLiteral("alice"),
                                               QStringLiteral("e"), 1, 5, 3})},
                          &error),
             qPrintable(error));
    const auto all = store.opsBetween(QStringLiteral("n"), 2, 4);
    QCOMPARE(all.size(), size_t(2));
    QCOMPARE(all[0].op, QByteArray("[-1,\"h\",2,-2,\"!\"]"));
    QCOMPARE(all[1].deleted, 3);
    QCOMPARE(all[1].op, QByteArray("[-3]"));
}

void TestHubStore::aNewVersionOfALongNoteWritesOnlyItsSmallRow()
{
    if (bytesWritten() < 0)
        QSKIP("needs /proc/self/io (Linux)");
    QTemporaryDir dir;
    HubStore store;
    QString error;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("hub.sqlite")), &error), qPrintable(error));
    const QString id = QStringLiteral("long");
    QVERIFY2(store.commit({HubStore::insertNote(sampleNote(id)),
                           HubStore::insertSnapshot(id, 0, QString(1'000'000, u'n'))},
                          &error),
             qPrintable(error));
    // Versions 2, 128 and 32768 take one more byte than the one before: were the text in the
    // same row, SQLite would write all of it (about 250 pages) again with those versions.
    qint64 most = 0;
    qint64 mostAt = 0;
    for (const qint64 version : {1, 2, 3, 127, 128, 129, 32767, 32768, 32769}) {
        const qint64 before = bytesWritten();
        QVERIFY2(store.commit(
                         {HubStore::insertOp(id,
                                             {version, R"(["x",1000000])", QStringLiteral("alice"),
                                              QStringLiteral("c"), version, 2}),
                          HubStore::updateNoteVersion(id, version, 2)},
                         &error),
                 qPrintable(error));
        const qint64 written = bytesWritten() - before;
        if (written > most) {
            most = written;
            mostAt = version;
        }
    }
    qInfo("most written by one commit: %lld bytes (version %lld)", most, mostAt);
    // A commit is a few 4 KiB pages of the WAL (the op, its index entry, the row).
    QVERIFY2(most < 64 * 1024, qPrintable(QString::number(most)));
    QCOMPARE(store.note(id)->version, 32769);
}

void TestHubStore::aTextStartingWithUFeffIsStoredWhole()
{
    // SQLite drops a U+FEFF starting a UTF-16 string as a byte order mark.
    const QString bom(QChar(0xFEFF));
    QTemporaryDir dir;
    HubStore store;
    QString error;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("hub.sqlite")), &error), qPrintable(error));
    HubStore::Note note = sampleNote(QStringLiteral("n"));
    note.title = bom + QStringLiteral("Title");
    QVERIFY2(store.commit({HubStore::insertNote(note),
                           HubStore::insertSnapshot(note.id, 0, bom + QStringLiteral("hello"))},
                          &error),
             qPrintable(error));
    QCOMPARE(store.note(QStringLiteral("n"))->title, note.title);
    QCOMPARE(store.snapshotAtOrBefore(note.id, 0)->second, bom + QStringLiteral("hello"));
    QVERIFY2(store.commit({HubStore::insertSnapshot(note.id, 1, bom + bom)}, &error),
             qPrintable(error));
    QCOMPARE(store.snapshotAtOrBefore(note.id, 1)->second, bom + bom);
}

void TestHubStore::readingALongHistoryKeepsThePageCacheWithinItsCap()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hub.sqlite"));
    const QString id = QStringLiteral("long");
    {
        HubStore writer;
        QString error;
        QVERIFY2(writer.open(path, &error), qPrintable(error));
        HubStore::Batch batch{HubStore::insertNote(sampleNote(id)),
                              HubStore::insertSnapshot(id, 0, QString())};
        // 4,000 ops of 1,000 characters: about 4 MB of pages, twice SQLite's default cache.
        const QByteArray text = QByteArray(1000, 'p');
        for (qint64 v = 1; v <= 4000; ++v)
            batch << HubStore::insertOp(
                    id,
                    {v, "[\"" + text + "\"," + QByteArray::number((v - 1) * 1000) + "]",
                     QStringLiteral("alice"), QStringLiteral("c"), v, 2});
        QVERIFY2(writer.commit(batch, &error), qPrintable(error));
    }
    HubStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(store.opsSince(id, 0).size(), size_t(4000));

    // The store's connection is the one QSqlDatabase knows by its "tandem-hub" name.
    const QStringList names = QSqlDatabase::connectionNames().filter(QStringLiteral("tandem-hub"));
    QCOMPARE(names.size(), 1);
    const QVariant handle = QSqlDatabase::database(names.first(), false).driver()->handle();
    QCOMPARE(handle.typeName(), "sqlite3*");
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.data());
    int used = 0;
    int highwater = 0;
    QCOMPARE(sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_USED, &used, &highwater, 0), SQLITE_OK);
    qInfo("page cache after reading 4,000 ops: %d KiB (cap %d KiB)", used / 1024,
          HubStore::PageCacheKiB);
    // Full to its cap (so the reading went through it) and no further; SQLite's default
    // cache would hold about 2,000 KiB here.
    QVERIFY2(used >= HubStore::PageCacheKiB * 1024 / 2, qPrintable(QString::number(used)));
    QVERIFY2(used <= HubStore::PageCacheKiB * 1024 * 5 / 4, qPrintable(QString::number(used)));
}

void TestHubStore::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hub.sqlite"));
    runRaw(path, {QStringLiteral("PRAGMA user_version = 99")});
    HubStore store;
    QString error;
    QVERIFY(!store.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("schema version 99")), qPrintable(error));
}

void TestHubStore::failedStatementRollsBackTheBatch()
{
    QTemporaryDir dir;
    HubStore store;
    QString error;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("hub.sqlite")), &error), qPrintable(error));
    QVERIFY2(store.commit({HubStore::insertNote(sampleNote(QStringLiteral("a")))}, &error),
             qPrintable(error));
    // The second insert repeats a primary key: the first of the batch must not stay either.
    QVERIFY(!store.commit({HubStore::insertNote(sampleNote(QStringLiteral("b"))),
                           HubStore::insertNote(sampleNote(QStringLiteral("a")))},
                          &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!store.note(QStringLiteral("b")));
    // The cached statements still work after the failure.
    QVERIFY2(store.commit({HubStore::insertNote(sampleNote(QStringLiteral("c")))}, &error),
             qPrintable(error));
    QVERIFY(store.note(QStringLiteral("c")));
}

QTEST_GUILESS_MAIN(TestHubStore)
#include "tst_hubstore.moc"
