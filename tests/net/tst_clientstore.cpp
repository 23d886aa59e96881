// SPDX-License-Identifier: GPL-3.0-or-later
// ClientStore: each opening gives a new clientId whose seqs count from one; the cache keeps
// notes and each note's outbox (with the clientId and seq its op was sent with) across
// reopening; a live-state save is all or nothing; local edits are journaled and read back in
// order (the text written whole every 500); version-1 and version-2 caches are upgraded
// (a v2 outbox keeps the installation's old clientId); pending changes are counted; a
// cache that cannot be written says so instead of pretending; and a damaged one is set aside
// (kept) and made again, where one refused for another reason is left as it is.
#include "clientstore.h"

#include <QFile>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

/** Runs statements on a cache file through a connection of its own, as an older Tandem or
 *  another program would; false (with a warning) at the first that fails. */
bool runOn(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("raw");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        for (const QString &sql : statements) {
            if (ok && !q.exec(sql)) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
                ok = false;
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

class TestClientStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachOpeningGivesANewClientIdWithSeqsFromOne();
    void notesAndOutboxSurviveReopening();
    void liveStateSaveIsAtomic();
    void pendingChangesCountEditsAndUnconfirmedNoteChanges();
    void removingANoteRemovesItsOutbox();
    void aCacheFromANewerTandemIsRefused();
    void localEditsAreJournaledAndReadBackInOrder();
    void aVersionOneCacheIsUpgradedWithItsNotes();
    void aVersionTwoOutboxKeepsTheClientIdItsOpWasSentWith();
    void anUnwritableFolderIsReported();
    void aDamagedCacheIsSetAsideAndMadeAgain_data();
    void aDamagedCacheIsSetAsideAndMadeAgain();
    void aCacheRefusedForAnotherReasonIsLeftAlone();
    void eachHubGetsItsOwnCacheInTheAppDataFolder();
};

void TestClientStore::eachOpeningGivesANewClientIdWithSeqsFromOne()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a/b/cache.sqlite"));
    QString clientId;
    {
        ClientStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        clientId = store.clientId();
        QCOMPARE(clientId.size(), 36);
        QCOMPARE(store.takeSeq(), 1);
        QCOMPARE(store.takeSeq(), 2);
    }
    // The seqs of a run are not saved: a run that ends before its saves could be made (a
    // full disk) must not leave the next one a seq the hub has seen under the same id.
    ClientStore again;
    QString error;
    QVERIFY(again.open(path, &error));
    QVERIFY(again.clientId() != clientId);
    QCOMPARE(again.clientId().size(), 36);
    QCOMPARE(again.takeSeq(), 1);

    ClientStore other;
    QVERIFY(other.open(dir.filePath(QStringLiteral("other.sqlite")), &error));
    QVERIFY(other.clientId() != clientId);
}

void TestClientStore::notesAndOutboxSurviveReopening()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    LocalNote note;
    note.id = QStringLiteral("n1");
    note.title = QStringLiteral("Groceries");
    note.contentKnown = true;
    note.version = 3;
    note.updatedAt = 100;
    note.owner = QStringLiteral("alice");
    note.collaborators = QJsonArray{QJsonObject{{QStringLiteral("userId"), QStringLiteral("bob")}}};
    note.titlePending = true;
    Outbox box;
    box.outstanding = TextOperation().insert(QStringLiteral("milk"));
    box.outstandingClientId = QStringLiteral("an-earlier-run");
    box.outstandingSeq = 1;
    box.outstandingEdits = 4;
    box.buffer = TextOperation().retain(4).insert(QStringLiteral(", eggs"));
    box.bufferEdits = 6;
    {
        ClientStore store;
        QString error;
        QVERIFY(store.open(path, &error));
        QVERIFY(store.saveNote(note));
        QVERIFY(store.saveLiveState(note.id, QStringLiteral("milk, eggs"), 3, box, 200));
    }
    ClientStore store;
    QString error;
    QVERIFY(store.open(path, &error));
    const std::optional<LocalNote> loaded = store.note(QStringLiteral("n1"));
    QVERIFY(loaded);
    QCOMPARE(loaded->title, note.title);
    QCOMPARE(loaded->content, QStringLiteral("milk, eggs"));
    QCOMPARE(loaded->version, 3);
    QCOMPARE(loaded->updatedAt, 200);
    QCOMPARE(loaded->collaborators, note.collaborators);
    QVERIFY(loaded->titlePending);
    QVERIFY(!loaded->createPending);
    const Outbox out = store.outbox(QStringLiteral("n1"));
    QCOMPARE(out.outstanding, box.outstanding);
    QCOMPARE(out.outstandingClientId, QStringLiteral("an-earlier-run"));
    QCOMPARE(out.outstandingSeq, 1);
    QCOMPARE(out.buffer, box.buffer);
    QCOMPARE(out.edits(), 10);
    QCOMPARE(store.notesWithOutbox(), QStringList{QStringLiteral("n1")});
}

void TestClientStore::liveStateSaveIsAtomic()
{
    QTemporaryDir dir;
    ClientStore store;
    QString error;
    QVERIFY(store.open(dir.filePath(QStringLiteral("cache.sqlite")), &error));
    LocalNote note;
    note.id = QStringLiteral("n1");
    note.contentKnown = true;
    QVERIFY(store.saveNote(note));
    Outbox box;
    box.outstanding = TextOperation().insert(QStringLiteral("a"));
    box.outstandingClientId = store.clientId();
    box.outstandingSeq = store.takeSeq();
    box.outstandingEdits = 1;
    QVERIFY(store.saveLiveState(note.id, QStringLiteral("a"), 0, box));

    // Make the outbox write fail half-way (a trigger stands in for a full disk): the text and
    // the outbox must stay as they were.
    {
        QSqlQuery q(QSqlDatabase::database(QSqlDatabase::connectionNames().constFirst()));
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER fail BEFORE INSERT ON outbox BEGIN "
                                      "SELECT RAISE(ABORT, 'disk full'); END")));
    }
    box.buffer = TextOperation().retain(1).insert(QStringLiteral("b"));
    box.bufferEdits = 1;
    QVERIFY(!store.saveLiveState(note.id, QStringLiteral("ab"), 0, box));
    QVERIFY(store.lastError().contains(QLatin1String("disk full")));
    QCOMPARE(store.note(note.id)->content, QStringLiteral("a"));
    QVERIFY(!store.outbox(note.id).buffer);
    QCOMPARE(store.outbox(note.id).outstandingSeq, 1);
    // A seq taken for an op whose save failed is never given again: that op may be sent.
    QCOMPARE(store.takeSeq(), 2);
}

void TestClientStore::pendingChangesCountEditsAndUnconfirmedNoteChanges()
{
    QTemporaryDir dir;
    ClientStore store;
    QString error;
    QVERIFY(store.open(dir.filePath(QStringLiteral("cache.sqlite")), &error));
    QCOMPARE(store.pendingChanges(), 0);
    LocalNote created;
    created.id = QStringLiteral("new");
    created.createPending = true;
    created.titlePending = true;
    LocalNote deleted;
    deleted.id = QStringLiteral("gone");
    deleted.deletePending = true;
    QVERIFY(store.saveNote(created));
    QVERIFY(store.saveNote(deleted));
    Outbox box;
    box.outstanding = TextOperation().insert(QStringLiteral("xyz"));
    box.outstandingEdits = 3;
    QVERIFY(store.saveLiveState(created.id, QStringLiteral("xyz"), 0, box));
    QCOMPARE(store.pendingChanges(), 6);
    QCOMPARE(store.pendingChanges(false), 3);
    // A note deleted here is hidden from the list but still known (its delete is pending).
    QCOMPARE(store.notes().size(), 1);
    QCOMPARE(store.notes(true).size(), 2);
}

void TestClientStore::removingANoteRemovesItsOutbox()
{
    QTemporaryDir dir;
    ClientStore store;
    QString error;
    QVERIFY(store.open(dir.filePath(QStringLiteral("cache.sqlite")), &error));
    LocalNote note;
    note.id = QStringLiteral("n1");
    QVERIFY(store.saveNote(note));
    Outbox box;
    box.outstanding = TextOperation().insert(QStringLiteral("x"));
    box.outstandingEdits = 1;
    QVERIFY(store.saveLiveState(note.id, QStringLiteral("x"), 0, box));
    QVERIFY(store.removeNote(note.id));
    QVERIFY(!store.note(note.id));
    QVERIFY(store.outbox(note.id).isEmpty());
    QCOMPARE(store.pendingChanges(), 0);
}

void TestClientStore::aCacheFromANewerTandemIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    QVERIFY(runOn(path, {QStringLiteral("PRAGMA user_version = 99")}));
    ClientStore store;
    QString error;
    QVERIFY(!store.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("schema version 99")), qPrintable(error));
    QVERIFY(!store.isOpen());
}

void TestClientStore::localEditsAreJournaledAndReadBackInOrder()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    LocalNote note;
    note.id = QStringLiteral("n1");
    note.content = QStringLiteral("base");
    note.contentKnown = true;
    QString text = note.content;
    const auto edit = [&](ClientStore &store, const QString &add) {
        const TextOperation op = TextOperation().retain(text.size()).insert(add);
        text += add;
        Outbox box;
        box.buffer = op;
        box.bufferEdits = 1;
        return store.saveEdits(note.id, text, {op}, 0, box);
    };
    {
        ClientStore store;
        QString error;
        QVERIFY(store.open(path, &error));
        QVERIFY(store.saveNote(note));
        // 1,200 edits: past the journal's limit, so the text is also written whole on the way.
        for (int i = 0; i < 1200; ++i)
            QVERIFY(edit(store, QString(QChar(u'a' + i % 26))));
        QCOMPARE(store.note(note.id)->content, text);
        QCOMPARE(store.notes().first().content, text);
    }
    {
        // On disk: the text as written whole at edits 501 and 1,002, and the 198 edits since.
        QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM journal")) && q.next());
        QCOMPARE(q.value(0).toInt(), 198);
        QVERIFY(q.exec(QStringLiteral("SELECT length(content) FROM notes")) && q.next());
        QCOMPARE(q.value(0).toInt(), 4 + 1002);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    ClientStore store;
    QString error;
    QVERIFY(store.open(path, &error));
    QCOMPARE(store.note(note.id)->content, text); // reopened: the journal applies
    // A whole-text save (an ack, a remote op) empties the journal.
    QVERIFY(store.saveLiveState(note.id, text + QStringLiteral("!"), 1, Outbox{}));
    QCOMPARE(store.note(note.id)->content, text + QStringLiteral("!"));
    QVERIFY(store.removeNote(note.id));
    QVERIFY(!store.note(note.id));
}

void TestClientStore::aVersionOneCacheIsUpgradedWithItsNotes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    {
        ClientStore store;
        QString error;
        QVERIFY(store.open(path, &error));
        LocalNote note;
        note.id = QStringLiteral("old");
        note.content = QStringLiteral("kept");
        QVERIFY(store.saveNote(note));
    }
    // As Tandem's first cache format left it: no journal, no client id per outbox row.
    QVERIFY(runOn(path,
                  {QStringLiteral("DROP TABLE journal"),
                   QStringLiteral("ALTER TABLE outbox DROP COLUMN outstanding_client_id"),
                   QStringLiteral("PRAGMA user_version = 1")}));
    ClientStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(store.note(QStringLiteral("old"))->content, QStringLiteral("kept"));
    const TextOperation op = TextOperation().retain(4).insert(QStringLiteral("!"));
    QVERIFY(store.saveEdits(QStringLiteral("old"), QStringLiteral("kept!"), {op}, 0, Outbox{}));
    QCOMPARE(store.note(QStringLiteral("old"))->content, QStringLiteral("kept!"));
}

void TestClientStore::aVersionTwoOutboxKeepsTheClientIdItsOpWasSentWith()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    {
        ClientStore store;
        QString error;
        QVERIFY(store.open(path, &error));
        LocalNote note;
        note.id = QStringLiteral("n1");
        note.content = QStringLiteral("sent");
        QVERIFY(store.saveNote(note));
        Outbox box;
        box.outstanding = TextOperation().insert(QStringLiteral("sent"));
        box.outstandingSeq = 41;
        box.outstandingEdits = 4;
        QVERIFY(store.saveLiveState(note.id, QStringLiteral("sent"), 0, box));
    }
    // As Tandem left it up to version 2: one client id for the installation, in meta, with
    // its next seq; the outbox row without an id of its own.
    QVERIFY(runOn(path,
                  {QStringLiteral("ALTER TABLE outbox DROP COLUMN outstanding_client_id"),
                   QStringLiteral("INSERT INTO meta (key, value) VALUES ('client_id', "
                                  "'the-installation'), ('next_seq', '42')"),
                   QStringLiteral("PRAGMA user_version = 2")}));
    ClientStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    // The op goes again as the hub may have it already: the same (clientId, seq).
    const Outbox box = store.outbox(QStringLiteral("n1"));
    QCOMPARE(box.outstandingClientId, QStringLiteral("the-installation"));
    QCOMPARE(box.outstandingSeq, 41);
    QCOMPARE(box.outstanding, TextOperation().insert(QStringLiteral("sent")));
    QVERIFY(store.clientId() != QStringLiteral("the-installation"));
}

void TestClientStore::anUnwritableFolderIsReported()
{
    QTemporaryDir dir;
    // A file where the folder should be: nothing can be created there, even as root.
    QFile blocker(dir.filePath(QStringLiteral("blocked")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    ClientStore store;
    QString error;
    QVERIFY(!store.open(dir.filePath(QStringLiteral("blocked/cache.sqlite")), &error));
    QVERIFY2(error.contains(QLatin1String("cannot open the local cache")), qPrintable(error));
}

void TestClientStore::eachHubGetsItsOwnCacheInTheAppDataFolder()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString a = ClientStore::defaultPath(QStringLiteral("ws://192.0.2.1:8787/v1"));
    const QString b = ClientStore::defaultPath(QStringLiteral("ws://192.0.2.2:8787/v1"));
    QVERIFY(a != b);
    QCOMPARE(a, ClientStore::defaultPath(QStringLiteral("ws://192.0.2.1:8787/v1")));
    QVERIFY2(a.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
             qPrintable(a));
    QVERIFY(a.endsWith(QLatin1String(".sqlite")));
}

void TestClientStore::aDamagedCacheIsSetAsideAndMadeAgain_data()
{
    QTest::addColumn<bool>("garbage"); // else a real cache with pages overwritten
    QTest::newRow("not a database") << true;
    QTest::newRow("pages overwritten") << false;
}

void TestClientStore::aDamagedCacheIsSetAsideAndMadeAgain()
{
    QFETCH(bool, garbage);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    QByteArray damaged;
    if (garbage) {
        damaged = QByteArray(64 * 1024, '\x5a');
    } else {
        {
            ClientStore store;
            QString error;
            QVERIFY(store.open(path, &error));
            for (int i = 0; i < 200; ++i) {
                LocalNote note;
                note.id = QStringLiteral("n%1").arg(i);
                note.content = QString(500, QLatin1Char('x'));
                QVERIFY(store.saveNote(note));
            }
        }
        QVERIFY(runOn(path, {QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")}));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        damaged = file.readAll();
        // The header stays (SQLite opens it); the pages after the schema are scribbled over.
        for (qsizetype i = 8192; i < damaged.size(); i += 3)
            damaged[i] = char(i * 7);
    }
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(damaged), damaged.size());
    }
    QVERIFY(ClientStore::isDamaged(path));

    ClientStore store;
    QString error, aside;
    QVERIFY2(store.openSettingAsideDamage(path, &error, &aside), qPrintable(error));
    QVERIFY(aside.startsWith(path + QStringLiteral(".damaged-")));
    QFile kept(aside);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), damaged); // nothing of it thrown away
    QVERIFY(store.notes().isEmpty());
    LocalNote note;
    note.id = QStringLiteral("new");
    QVERIFY(store.saveNote(note)); // a working cache again
    QVERIFY(!ClientStore::isDamaged(path));
}

void TestClientStore::aCacheRefusedForAnotherReasonIsLeftAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    QVERIFY(runOn(path, {QStringLiteral("PRAGMA user_version = 99")}));
    ClientStore store;
    QString error, aside;
    QVERIFY(!store.openSettingAsideDamage(path, &error, &aside));
    QVERIFY2(error.contains(QLatin1String("schema version 99")), qPrintable(error));
    QVERIFY(aside.isEmpty());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).filter(QStringLiteral("damaged")).size(), 0);
}

QTEST_GUILESS_MAIN(TestClientStore)
#include "tst_clientstore.moc"
