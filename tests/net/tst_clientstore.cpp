// SPDX-License-Identifier: GPL-3.0-or-later
// ClientStore: each opening gives a new clientId whose seqs count from one; the cache keeps
// notes and each note's outbox (with the clientId and seq its op was sent with) across
// reopening; a live-state save is all or nothing; local edits are journaled and read back in
// order (the text written whole every 500), edits anywhere as well as typing (randomized,
// seeded), and a journal that does not follow or does not fit keeps what can be read; a read
// without the text and a save of the fields leave the text and its journal alone;
// version-1, -2 and -3 caches are upgraded (a v2 outbox keeps the installation's old
// clientId); an outbox's buffer (the rest of a paste) is written once, then only the steps
// made to it (parts taken, keystrokes), read back as the buffer they make (randomized,
// seeded), and steps that cannot be replayed mark it damaged; pending changes are counted; a
// cache that cannot be written says so instead of pretending; and a damaged one is set aside
// (kept) and made again, where one refused for another reason is left as it is.
#include "clientstore.h"
#include "testseed.h"

#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
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

/** One value of a query on a cache file, through a connection of its own. */
QVariant peek(const QString &path, const QString &sql)
{
    const QString name = QStringLiteral("peek");
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QSqlQuery q(db);
        if (db.open() && q.exec(sql) && q.next())
            value = q.value(0);
        else
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

/** Opens the cache at path (making it) with note in it (by default an empty note "n1"). */
bool openWithNote(ClientStore &store, const QString &path, LocalNote note = {})
{
    QString error;
    if (note.id.isEmpty())
        note.id = QStringLiteral("n1");
    if (!store.open(path, &error) || !store.saveNote(note)) {
        qWarning("cache: %s %s", qPrintable(error), qPrintable(store.lastError()));
        return false;
    }
    return true;
}

/** A note with an outbox as a paste of `units` leaves it: the first part sent, the rest
 *  waiting as the buffer. */
Outbox pasted(qsizetype units, qsizetype partUnits)
{
    QString text(units, QChar());
    for (qsizetype i = 0; i < units; ++i)
        text[i] = QChar(char16_t(u'a' + i % 26));
    auto [part, rest] = TextOperation().insert(text).splitInserts(partUnits);
    Outbox box;
    box.outstanding = part;
    box.outstandingClientId = QStringLiteral("this-run");
    box.outstandingSeq = 1;
    box.buffer = rest;
    box.bufferEdits = 1;
    return box;
}

/** Takes the buffer's next part out as the outstanding op, as an acknowledgement does. */
void takePart(Outbox &box, qsizetype partUnits)
{
    auto [part, rest] = box.buffer->splitInserts(partUnits);
    box.outstanding = part;
    ++box.outstandingSeq;
    box.buffer = rest;
    box.recordStep({std::nullopt, partUnits});
}

/** A position in text that does not split a surrogate pair, at random. */
qsizetype boundaryIn(const QString &text, QRandomGenerator &rng)
{
    qsizetype at = rng.bounded(int(text.size() + 1));
    if (at > 0 && at < text.size() && text.at(at).isLowSurrogate())
        --at;
    return at;
}

/** A random edit of text as an editor makes one: an insert (now and then a paste, some of
 *  it outside the BMP), a deletion, or both at one place (a replacement). */
TextOperation randomEdit(const QString &text, QRandomGenerator &rng)
{
    const qsizetype at = boundaryIn(text, rng);
    qsizetype end = at;
    if (rng.bounded(3) != 0) {
        end = boundaryIn(text, rng);
        if (end < at)
            end = at;
        end = std::min(end, at + 40);
        if (end < text.size() && text.at(end).isLowSurrogate())
            ++end;
    }
    QString added;
    const int units = rng.bounded(20) == 0 ? 3000 : rng.bounded(4);
    for (int i = 0; i < units; ++i)
        added += rng.bounded(10) == 0 ? QString::fromUcs4(U"\U0001F600")
                                      : QString(QChar(u'a' + rng.bounded(26)));
    if (added.isEmpty() && end == at)
        added = QStringLiteral("x");
    return TextOperation().retain(at).remove(end - at).insert(added).retain(text.size() - end);
}

/** Types text at the end of the buffer's document, as a keystroke while it waits does. */
void typeAtEnd(Outbox &box, const QString &text)
{
    const TextOperation key = TextOperation().retain(box.buffer->targetLength()).insert(text);
    box.buffer = TextOperation::compose(*box.buffer, key).value();
    ++box.bufferEdits;
    box.recordStep({key, 0});
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
    void discardingAnOutboxKeepsTheTextAndMarksItStale();
    void aCacheFromANewerTandemIsRefused();
    void localEditsAreJournaledAndReadBackInOrder();
    void aJournalOfEditsAnywhereReadsBackAsTheTextTheyMade_data();
    void aJournalOfEditsAnywhereReadsBackAsTheTextTheyMade();
    void aJournalRowThatDoesNotFollowKeepsTheEditsBeforeIt();
    void aJournalThatDoesNotFitTheTextLeavesTheTextAsWritten();
    void aReadWithoutTheTextLeavesTheTextAndItsJournalAlone();
    void opsAreStoredAsJsonTextAndReadBackExactly();
    void aTextStartingWithUFeffIsStoredWhole();
    void aVersionOneCacheIsUpgradedWithItsNotes();
    void aVersionTwoOutboxKeepsTheClientIdItsOpWasSentWith();
    void aVersionThreeOutboxKeepsItsBuffer();
    void aPastesRestIsWrittenOnceThenOnlyWhatHappensToIt();
    void bufferStepsReadBackAsTheBufferTheyMade();
    void bufferStepsThatCannotBeReplayedMarkTheOutboxDamaged();
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

void TestClientStore::discardingAnOutboxKeepsTheTextAndMarksItStale()
{
    QTemporaryDir dir;
    ClientStore store;
    QString error;
    QVERIFY(store.open(dir.filePath(QStringLiteral("cache.sqlite")), &error));
    LocalNote edited;
    edited.id = QStringLiteral("edited");
    edited.content = QStringLiteral("ab");
    edited.contentKnown = true;
    edited.version = 3;
    LocalNote synced = edited;
    synced.id = QStringLiteral("synced");
    QVERIFY(store.saveNote(edited));
    QVERIFY(store.saveNote(synced));
    Outbox box;
    box.outstanding = TextOperation().retain(2).insert(QStringLiteral("c"));
    box.outstandingEdits = 1;
    box.buffer = TextOperation().retain(3).insert(QStringLiteral("d"));
    box.bufferEdits = 1;
    QVERIFY(store.saveEdits(edited.id, QStringLiteral("abcd"), {*box.outstanding, *box.buffer}, 3,
                            box));

    // The text holds edits the hub never acknowledged: without them it is stale.
    QVERIFY(store.discardOutbox(edited.id));
    QVERIFY(!store.hasOutbox(edited.id));
    QVERIFY(store.outbox(edited.id).isEmpty());
    QCOMPARE(store.pendingChanges(), 0);
    QCOMPARE(store.note(edited.id)->content, QStringLiteral("abcd"));
    QVERIFY(!store.note(edited.id)->contentKnown);
    QCOMPARE(store.note(edited.id)->version, 3);
    // With nothing to discard, the text is the hub's still.
    QVERIFY(store.discardOutbox(synced.id));
    QVERIFY(store.note(synced.id)->contentKnown);
    QCOMPARE(store.note(synced.id)->content, QStringLiteral("ab"));
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

void TestClientStore::aJournalOfEditsAnywhereReadsBackAsTheTextTheyMade_data()
{
    QTest::addColumn<QString>("base");
    QTest::newRow("an empty note") << QString();
    QTest::newRow("a written note")
            << QStringLiteral("Tandem \U0001F600 notes, ") + QString(5000, QChar(u'n'));
}

void TestClientStore::aJournalOfEditsAnywhereReadsBackAsTheTextTheyMade()
{
    QFETCH(QString, base);
    QRandomGenerator rng(testSeed());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    LocalNote note;
    note.id = QStringLiteral("n1");
    note.content = base;
    note.contentKnown = true;
    auto store = std::make_unique<ClientStore>();
    QVERIFY(openWithNote(*store, path, note));
    QString text = base;
    int journaled = 0;
    // Under the 500 journaled edits after which the text is written whole: every edit made
    // since the note was written is read back from the journal. Saved one to five at a time
    // (as after a failed save), the cache reopened now and then.
    while (journaled < 480) {
        QList<TextOperation> ops;
        for (int n = 1 + rng.bounded(5); n > 0; --n) {
            // The note's first edit, when it is empty, is a paste, then mostly typing after it.
            const TextOperation op = text.isEmpty()
                    ? TextOperation().insert(QString(20'000, QChar(u'p')))
                    : randomEdit(text, rng);
            text = op.apply(text).value();
            ops.append(op);
        }
        journaled += int(ops.size());
        QVERIFY(store->saveEdits(note.id, text, ops, 0, Outbox{}));
        QCOMPARE(store->note(note.id)->content, text);
        if (rng.bounded(20) == 0) {
            store = std::make_unique<ClientStore>();
            QString error;
            QVERIFY2(store->open(path, &error), qPrintable(error));
        }
    }
    QCOMPARE(peek(path, QStringLiteral("SELECT COUNT(*) FROM journal")).toInt(), journaled);
    QCOMPARE(peek(path, QStringLiteral("SELECT content FROM notes")).toString(), base);
    ClientStore reopened;
    QString error;
    QVERIFY(reopened.open(path, &error));
    QCOMPARE(reopened.note(note.id)->content, text);
    QCOMPARE(reopened.notes().first().content, text);
}

void TestClientStore::aJournalRowThatDoesNotFollowKeepsTheEditsBeforeIt()
{
    // Cannot happen (each edit is journaled with the ones it follows, in one transaction),
    // but a cache changed by hand still opens, with what can be read of it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    {
        ClientStore store;
        QVERIFY(openWithNote(store, path));
        const QList<TextOperation> ops = {TextOperation().insert(QStringLiteral("abc")),
                                          TextOperation().retain(3).insert(QStringLiteral("d"))};
        QVERIFY(store.saveEdits(QStringLiteral("n1"), QStringLiteral("abcd"), ops, 0, Outbox{}));
    }
    QVERIFY(runOn(path,
                  {QStringLiteral("INSERT INTO journal (note_id, op) VALUES "
                                  "('n1', '[9,\"x\"]'), ('n1', '[4,\"e\"]')")}));
    ClientStore store;
    QString error;
    QVERIFY(store.open(path, &error));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("journal of note n1 stops at edit 3")));
    QCOMPARE(store.note(QStringLiteral("n1"))->content, QStringLiteral("abcd"));
}

void TestClientStore::aJournalThatDoesNotFitTheTextLeavesTheTextAsWritten()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    LocalNote note;
    note.content = QStringLiteral("written");
    {
        ClientStore store;
        QVERIFY(openWithNote(store, path, note));
    }
    // Edits of a text of 3 units, journaled against one of 7.
    QVERIFY(runOn(path,
                  {QStringLiteral("INSERT INTO journal (note_id, op) VALUES "
                                  "('n1', '[3,\"x\"]'), ('n1', '[4,\"y\"]')")}));
    ClientStore store;
    QString error;
    QVERIFY(store.open(path, &error));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("journal of note n1 stops at edit 1")));
    QCOMPARE(store.notes().first().content, QStringLiteral("written"));
}

void TestClientStore::aTextStartingWithUFeffIsStoredWhole()
{
    // SQLite drops a U+FEFF starting a UTF-16 string as a byte order mark.
    const QString bom(QChar(0xFEFF));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    LocalNote note;
    note.id = QStringLiteral("n1");
    note.title = bom + QStringLiteral("Pasted");
    note.content = bom + QStringLiteral("from a file");
    note.contentKnown = true;
    ClientStore store;
    QVERIFY(openWithNote(store, path, note));
    QCOMPARE(store.note(note.id)->title, note.title);
    QCOMPARE(store.note(note.id)->content, note.content);
    QVERIFY(store.saveLiveState(note.id, bom, 2, Outbox{}));
    QCOMPARE(store.note(note.id)->content, bom);
}

void TestClientStore::opsAreStoredAsJsonTextAndReadBackExactly()
{
    // Written and read as UTF-8 bytes (no round trip through UTF-16), but stored as TEXT: the
    // same JSON any SQLite tool, or a Tandem from before, reads.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    LocalNote note;
    note.id = QStringLiteral("n1");
    note.content = QStringLiteral("base");
    note.contentKnown = true;
    ClientStore store;
    QVERIFY(openWithNote(store, path, note));
    const QString typed = QString(QChar(0xFEFF)) + QStringLiteral("é€😀\n\"\t");
    const TextOperation op = TextOperation().retain(4).insert(typed);
    Outbox box;
    box.outstanding = op;
    box.outstandingClientId = QStringLiteral("c");
    box.outstandingSeq = 1;
    box.outstandingEdits = 1;
    box.buffer = TextOperation().retain(4 + typed.size()).insert(typed);
    box.bufferEdits = 1;
    QVERIFY(store.saveEdits(note.id, QStringLiteral("base") + typed, {op}, 3, box));
    const QString json = QString::fromUtf8(op.toJsonText());
    const std::pair<const char *, const char *> stored[] = {
            {"op", "journal"}, {"op", "outbox_steps"}, {"outstanding_op", "outbox"}};
    for (const auto &[column, table] : stored) {
        const QString sql = QStringLiteral("SELECT typeof(%1) FROM %2")
                                    .arg(QLatin1String(column), QLatin1String(table));
        QCOMPARE(peek(path, sql).toString(), QStringLiteral("text"));
    }
    QCOMPARE(peek(path, QStringLiteral("SELECT op FROM journal")).toString(), json);
    store.close();
    QString error;
    QVERIFY(store.open(path, &error));
    QCOMPARE(store.note(note.id)->content, QStringLiteral("base") + typed);
    const Outbox back = store.outbox(note.id);
    QVERIFY(back.outstanding && back.buffer);
    QVERIFY(*back.outstanding == op);
    QVERIFY(*back.buffer == *box.buffer);
}

void TestClientStore::aReadWithoutTheTextLeavesTheTextAndItsJournalAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    LocalNote note;
    note.id = QStringLiteral("n1");
    note.title = QStringLiteral("Long");
    note.content = QStringLiteral("base");
    note.contentKnown = true;
    note.version = 7;
    ClientStore store;
    QVERIFY(openWithNote(store, path, note));
    const TextOperation op = TextOperation().retain(4).insert(QStringLiteral("+typed"));
    QVERIFY(store.saveEdits(note.id, QStringLiteral("base+typed"), {op}, 7, Outbox{}));
    // A listing's read: every field but the text.
    std::optional<LocalNote> fields = store.note(note.id, ClientStore::Text::Without);
    QVERIFY(fields);
    QCOMPARE(fields->content, QString());
    QVERIFY(fields->contentKnown);
    QCOMPARE(fields->version, 7);
    QCOMPARE(fields->title, QStringLiteral("Long"));
    QCOMPARE(store.notes(false, ClientStore::Text::Without).first().content, QString());
    // Saved back renamed: the text and its journal are as they were.
    fields->title = QStringLiteral("Renamed");
    fields->version = 99; // not the fields' to change
    QVERIFY(store.saveNoteFields(*fields));
    QCOMPARE(peek(path, QStringLiteral("SELECT COUNT(*) FROM journal")), 1);
    const std::optional<LocalNote> whole = store.note(note.id);
    QCOMPARE(whole->title, QStringLiteral("Renamed"));
    QCOMPARE(whole->content, QStringLiteral("base+typed"));
    QCOMPARE(whole->version, 7);
    QCOMPARE(store.notes().first().content, QStringLiteral("base+typed"));
    // A note not in the cache is not made by it.
    LocalNote stranger;
    stranger.id = QStringLiteral("n2");
    QVERIFY(!store.saveNoteFields(stranger));
    QVERIFY(store.lastError().contains(QLatin1String("not in the cache")));
    QVERIFY(!store.note(QStringLiteral("n2")));
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

void TestClientStore::aVersionThreeOutboxKeepsItsBuffer()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    {
        ClientStore store;
        QVERIFY(openWithNote(store, path));
    }
    // As Tandem left it up to version 3: the buffer in the outbox's row, no steps.
    QVERIFY(runOn(path,
                  {QStringLiteral("DROP TABLE outbox_steps"),
                   QStringLiteral("INSERT INTO outbox VALUES ('n1', '[\"ab\"]', 7, 2, "
                                  "'[2,\"c\"]', 1, 'an-earlier-run')"),
                   QStringLiteral("PRAGMA user_version = 3")}));
    ClientStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    Outbox box = store.outbox(QStringLiteral("n1"));
    QCOMPARE(box.outstanding, TextOperation().insert(QStringLiteral("ab")));
    QCOMPARE(box.buffer, TextOperation().retain(2).insert(QStringLiteral("c")));
    QCOMPARE(box.outstandingClientId, QStringLiteral("an-earlier-run"));
    QCOMPARE(box.edits(), 3);
    QVERIFY(!box.damaged);
    // A step onto it goes to the new table, and both read back together.
    typeAtEnd(box, QStringLiteral("d"));
    QVERIFY(store.saveLiveState(QStringLiteral("n1"), QStringLiteral("abcd"), 0, box));
    ClientStore reopened;
    QVERIFY(reopened.open(path, &error));
    QCOMPARE(reopened.outbox(QStringLiteral("n1")).buffer,
             TextOperation().retain(2).insert(QStringLiteral("cd")));
}

void TestClientStore::aPastesRestIsWrittenOnceThenOnlyWhatHappensToIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    ClientStore store;
    QVERIFY(openWithNote(store, path));
    const QString id = QStringLiteral("n1");
    // A paste of 1 MiB in parts of 64 Ki: 15 parts wait in the buffer.
    constexpr qsizetype Part = 64 * 1024;
    Outbox box = pasted(1024 * 1024, Part);
    const qsizetype restLength = box.buffer->toJsonText().size();
    QVERIFY(store.saveLiveState(id, QString(), 0, box));
    const QString whole = QStringLiteral("SELECT seq FROM outbox_steps WHERE part_units = -1");
    const QVariant written = peek(path, whole);
    QVERIFY(written.isValid());
    QCOMPARE(peek(path,
                  QStringLiteral("SELECT length(op) FROM outbox_steps WHERE seq = %1")
                          .arg(written.toLongLong())),
             restLength);
    // Parts acknowledged and keystrokes made meanwhile, each saved as it happens.
    for (int i = 0; i < 5; ++i) {
        box.bufferSteps.emplace();
        takePart(box, Part);
        QVERIFY(store.saveLiveState(id, QString(), 0, box));
        box.bufferSteps.emplace();
        typeAtEnd(box, QStringLiteral("!"));
        QVERIFY(store.saveLiveState(id, QString(), 0, box));
    }
    // The rest was not written again: the same row, and one small row per step.
    QCOMPARE(peek(path, whole), written);
    QCOMPARE(peek(path, QStringLiteral("SELECT COUNT(*) FROM outbox_steps WHERE part_units <> -1")),
             10);
    QVERIFY(peek(path,
                 QStringLiteral("SELECT MAX(length(op)) FROM outbox_steps WHERE "
                                "part_units <> -1"))
                    .toLongLong() < 100);
    QVERIFY(peek(path, QStringLiteral("SELECT buffer_op IS NULL FROM outbox")).toBool());
    ClientStore reopened;
    QString error;
    QVERIFY(reopened.open(path, &error));
    const Outbox back = reopened.outbox(id);
    QCOMPARE(back.outstanding, box.outstanding);
    QCOMPARE(back.outstandingSeq, 6);
    QCOMPARE(back.buffer, box.buffer);
    QCOMPARE(back.bufferEdits, 6);
    // Without the steps said, it is written whole again.
    box.bufferSteps.reset();
    QVERIFY(store.saveLiveState(id, QString(), 0, box));
    QVERIFY(peek(path, whole) != written);
    QCOMPARE(peek(path, QStringLiteral("SELECT COUNT(*) FROM outbox_steps")), 1);
    QCOMPARE(reopened.outbox(id).buffer, box.buffer);
}

void TestClientStore::bufferStepsReadBackAsTheBufferTheyMade()
{
    QRandomGenerator rng(testSeed());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    const QString id = QStringLiteral("n1");
    constexpr qsizetype Part = 7;
    Outbox box = pasted(4000, Part);
    auto store = std::make_unique<ClientStore>();
    QVERIFY(openWithNote(*store, path));
    QString error;
    QVERIFY(store->saveLiveState(id, QString(), 0, box));
    box = store->outbox(id);
    // 1,200 steps (past the 500 after which the buffer is written whole again), some saved
    // several at once (as after a failed save), the cache reopened now and then.
    for (int i = 0; i < 1200; ++i) {
        if (rng.bounded(3) == 0 && box.buffer->targetLength() > 0) {
            takePart(box, Part);
        } else {
            const qsizetype at = rng.bounded(int(box.buffer->targetLength() + 1));
            const TextOperation key = TextOperation()
                                              .retain(at)
                                              .insert(QString(QChar(u'A' + i % 26)))
                                              .retain(box.buffer->targetLength() - at);
            box.buffer = TextOperation::compose(*box.buffer, key).value();
            box.recordStep({key, 0});
        }
        if (!box.buffer)
            QFAIL(qPrintable(QStringLiteral("the buffer ran out at step %1").arg(i)));
        if (rng.bounded(4) != 0) {
            QVERIFY(store->saveLiveState(id, QString(), 0, box));
            box.bufferSteps.emplace();
        }
        if (rng.bounded(100) == 0) {
            QVERIFY(store->saveLiveState(id, QString(), 0, box));
            store = std::make_unique<ClientStore>();
            QVERIFY(store->open(path, &error));
            const Outbox back = store->outbox(id);
            QCOMPARE(back.buffer, box.buffer);
            QCOMPARE(back.outstanding, box.outstanding);
            box.bufferSteps = back.bufferSteps;
        }
    }
    QVERIFY(store->saveLiveState(id, QString(), 0, box));
    QVERIFY(peek(path, QStringLiteral("SELECT COUNT(*) FROM outbox_steps")).toInt() <= 501);
    ClientStore reopened;
    QVERIFY(reopened.open(path, &error));
    QCOMPARE(reopened.outbox(id).buffer, box.buffer);
}

void TestClientStore::bufferStepsThatCannotBeReplayedMarkTheOutboxDamaged()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    {
        ClientStore store;
        QVERIFY(openWithNote(store, path));
        Outbox box = pasted(100, 10);
        QVERIFY(store.saveLiveState(QStringLiteral("n1"), QString(), 0, box));
        box.bufferSteps.emplace();
        typeAtEnd(box, QStringLiteral("!"));
        QVERIFY(store.saveLiveState(QStringLiteral("n1"), QString(), 0, box));
    }
    // A step that does not fit the buffer (a cache edited by hand, a bug): not silently
    // dropped, the outbox says it is damaged.
    QVERIFY(runOn(path,
                  {QStringLiteral("UPDATE outbox_steps SET op = '[5000,\"x\"]' WHERE "
                                  "part_units = 0")}));
    ClientStore store;
    QString error;
    QVERIFY(store.open(path, &error));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("unsent edits of note n1 cannot be "
                                                           "read back \\(row 2: .*")));
    const Outbox box = store.outbox(QStringLiteral("n1"));
    QVERIFY(box.damaged);
    QVERIFY(!box.buffer);
    QVERIFY(box.outstanding);
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
