// SPDX-License-Identifier: GPL-3.0-or-later
// HubStore: a schema-1 database (text rewritten with every commit) is migrated in place to
// schema 2 (text as of content_version, the ops after it in the log) without losing a note;
// a version-only update leaves the stored text alone; a newer schema is refused; a failed
// statement rolls back its whole batch.
#include "hubstore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestHubStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void schemaOneDatabaseIsMigratedWithItsNotes();
    void versionUpdateKeepsTheStoredText();
    void aTextStartingWithUFeffIsStoredWhole();
    void newerSchemaIsRefused();
    void failedStatementRollsBackTheBatch();
};

namespace {

/** Runs statements on a raw connection to path, outside HubStore. */
void runRaw(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("raw");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const QString &sql : statements)
            QVERIFY2(q.exec(sql), qPrintable(sql));
    }
    QSqlDatabase::removeDatabase(name);
}

HubStore::Note sampleNote(const QString &id)
{
    HubStore::Note n;
    n.id = id;
    n.owner = QStringLiteral("alice");
    n.title = QStringLiteral("Title");
    n.content = QStringLiteral("hello");
    n.createdAt = 1;
    n.updatedAt = 1;
    return n;
}

} // namespace

void TestHubStore::schemaOneDatabaseIsMigratedWithItsNotes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hub.sqlite"));
    runRaw(path,
           {QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
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
                           "NULL, ts INTEGER NOT NULL)"),
            QStringLiteral("INSERT INTO notes VALUES ('n1', 'alice', 'Old', 'abc', 7, 1, 2, 0)"),
            QStringLiteral("PRAGMA user_version = 1")});

    HubStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    const auto note = store.note(QStringLiteral("n1"));
    QVERIFY(note);
    QCOMPARE(note->content, QStringLiteral("abc"));
    QCOMPARE(note->version, 7);
    // Schema 1 rewrote the text with every commit, so it is the text as of the note's version.
    QCOMPARE(note->contentVersion, 7);
    QCOMPARE(store.notesVisibleTo(QStringLiteral("alice")).size(), 1);
    store.close();

    // Opening again does not migrate twice.
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(store.note(QStringLiteral("n1"))->contentVersion, 7);
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
    note.content = bom + QStringLiteral("hello");
    QVERIFY2(store.commit({HubStore::insertNote(note)}, &error), qPrintable(error));
    QCOMPARE(store.note(QStringLiteral("n"))->title, note.title);
    QCOMPARE(store.note(QStringLiteral("n"))->content, note.content);
    QVERIFY2(store.commit({HubStore::updateNoteText(QStringLiteral("n"), bom + bom, 1, 3)}, &error),
             qPrintable(error));
    QCOMPARE(store.note(QStringLiteral("n"))->content, bom + bom);
}

void TestHubStore::versionUpdateKeepsTheStoredText()
{
    QTemporaryDir dir;
    HubStore store;
    QString error;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("hub.sqlite")), &error), qPrintable(error));
    QVERIFY2(store.commit({HubStore::insertNote(sampleNote(QStringLiteral("n")))}, &error),
             qPrintable(error));
    QCOMPARE(store.note(QStringLiteral("n"))->contentVersion, 0);

    QVERIFY2(store.commit({HubStore::insertOp(QStringLiteral("n"),
                                              {1, R"([5," world"])", QStringLiteral("alice"),
                                               QStringLiteral("c"), 1, 2}),
                           HubStore::updateNoteVersion(QStringLiteral("n"), 1, 2)},
                          &error),
             qPrintable(error));
    auto note = store.note(QStringLiteral("n"));
    QCOMPARE(note->version, 1);
    QCOMPARE(note->updatedAt, 2);
    QCOMPARE(note->content, QStringLiteral("hello"));
    QCOMPARE(note->contentVersion, 0);
    QCOMPARE(store.opsBetween(QStringLiteral("n"), note->contentVersion, note->version).size(),
             size_t(1));

    QVERIFY2(store.commit({HubStore::updateNoteText(QStringLiteral("n"),
                                                    QStringLiteral("hello world"), 1, 3)},
                          &error),
             qPrintable(error));
    note = store.note(QStringLiteral("n"));
    QCOMPARE(note->content, QStringLiteral("hello world"));
    QCOMPARE(note->contentVersion, 1);
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
