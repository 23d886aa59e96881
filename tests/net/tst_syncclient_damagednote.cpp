// SPDX-License-Identifier: GPL-3.0-or-later
// SyncClient when the hub's copy of a note is damaged or restored from a backup. A note whose
// copy on the hub is damaged (its op log lost a row outside the hub) is not taken for deleted:
// the client keeps its text and the edits made meanwhile, makes no conflict copy, and its
// session says why it is not syncing (the main window shows that over the note); a rename the
// hub refuses meanwhile waits too. Once the operator restores the hub's database and restarts
// the hub, the next connection joins the note again and the edits and the rename reach the
// hub. A hub restored from a backup older than what this client had leaves that newer text
// here as a conflicted copy beside the note, never only overwritten.
#include "clientfixture.h"
#include "hubbackup.h"
#include "hubdatabase.h"
#include "hubfixture.h"

#include <QDir>
#include <QRegularExpression>

class TestSyncClientDamagedNote : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aNoteDamagedOnTheHubIsKeptWithItsEditsUntilItIsRestored();
    void aHubRestoredFromAnOlderBackupLeavesTheNewerTextHereAsACopy();
};

void TestSyncClientDamagedNote::aNoteDamagedOnTheHubIsKeptWithItsEditsUntilItIsRestored()
{
    HubFixture hub;
    QVERIFY(hub.start());
    QString noteId;
    {
        auto writer = hub.client(QStringLiteral("alice"));
        noteId = createNote(*writer, QStringLiteral("Plan"), QStringLiteral("short"));
        joinNote(*writer, noteId);
        QVERIFY(insertOneByOne(*writer, noteId, 5, 3));
    }
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced()); // the note listed and fetched
    NoteSession *session = alice.client->openNote(noteId);
    QVERIFY(session);
    QVERIFY(alice.waitSynced()); // and joined
    QCOMPARE(session->text(), QStringLiteral("xxxshort"));

    // Damage from outside the hub: op 2 set aside, so the log skips from 1 to 3.
    hub.stop();
    const QString where =
            QStringLiteral(" FROM ops WHERE note_id = '%1' AND version = 2").arg(noteId);
    QVERIFY(execOnHubDatabase(hub.dataDir(),
                              {QStringLiteral("CREATE TABLE aside AS SELECT *") + where,
                               QStringLiteral("DELETE") + where}));
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("cannot be loaded")));
    QSignalSpy told(session, &NoteSession::hubProblemChanged);
    QSignalSpy removed(alice.client.get(), &SyncClient::noteRemoved);
    QSignalSpy copied(alice.client.get(), &SyncClient::conflictCopied);
    QVERIFY(hub.start());
    QVERIFY(told.wait(10'000));
    QVERIFY2(session->hubProblem().contains(QLatin1String("its log skips from version 1 to 3")),
             qPrintable(session->hubProblem()));
    QVERIFY(!session->isJoined());

    // Edits go on here, kept in the cache, and wait; so does a rename the hub refuses.
    QVERIFY(session->replaceText(QStringLiteral("xxxshort, kept")));
    QSignalSpy refused(alice.client.get(), &SyncClient::hubError);
    alice.client->setTitle(noteId, QStringLiteral("Plan B"));
    QVERIFY(refused.wait());
    QCOMPARE(refused.first().at(0).toString(), QStringLiteral("note_damaged"));
    QVERIFY(alice.store.note(noteId)->titlePending);
    QCOMPARE(session->pendingEdits(), 1);
    QCOMPARE(alice.store.note(noteId)->content, QStringLiteral("xxxshort, kept"));
    QVERIFY(removed.isEmpty());
    QVERIFY(copied.isEmpty());

    // The operator puts the lost row back and restarts the hub: the edit goes through.
    hub.stop();
    QVERIFY(execOnHubDatabase(hub.dataDir(),
                              {QStringLiteral("INSERT INTO ops SELECT * FROM aside"),
                               QStringLiteral("DROP TABLE aside")}));
    QVERIFY(hub.start());
    QVERIFY(alice.waitSynced());
    QVERIFY(session->hubProblem().isEmpty());
    QCOMPARE(session->pendingEdits(), 0);
    QCOMPARE(contentOf(hub, QStringLiteral("alice"), noteId), QStringLiteral("xxxshort, kept"));
    auto check = hub.client(QStringLiteral("alice"));
    QCOMPARE(joinNote(*check, noteId)
                     .value(QLatin1String("note"))
                     .toObject()
                     .value(QLatin1String("title"))
                     .toString(),
             QStringLiteral("Plan B"));
    QVERIFY(removed.isEmpty());
    QVERIFY(copied.isEmpty());
}

void TestSyncClientDamagedNote::aHubRestoredFromAnOlderBackupLeavesTheNewerTextHereAsACopy()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto writer = hub.client(QStringLiteral("bob"));
    const QString noteId = createNote(*writer, QStringLiteral("Log"), QStringLiteral("short"));
    writer->send(msg(QStringLiteral("share"),
                     {{QStringLiteral("noteId"), noteId},
                      {QStringLiteral("userId"), QStringLiteral("alice")},
                      {QStringLiteral("role"), QStringLiteral("editor")}}));
    joinNote(*writer, noteId);
    QVERIFY(insertOneByOne(*writer, noteId, 5, 3));
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    NoteSession *session = alice.client->openNote(noteId);
    QVERIFY(session);
    QVERIFY(alice.waitSynced());
    QCOMPARE(session->text(), QStringLiteral("xxxshort"));

    // A backup at version 3; then two more versions, which alice's client has.
    QTemporaryDir backup;
    QString error;
    QVERIFY2(HubBackup::run(hub.dataDir(), backup.path(), &error), qPrintable(error));
    QVERIFY(insertOneByOne(*writer, noteId, 5, 2, 4));
    QTRY_COMPARE(session->text(), QStringLiteral("xxxxxshort"));
    writer.reset();

    // The operator restores that backup.
    hub.stop();
    const QDir data(hub.dataDir());
    for (const QString &name : data.entryList(QDir::Files | QDir::Hidden))
        QVERIFY(QFile::remove(data.filePath(name)));
    for (const QString &name : QDir(backup.path()).entryList(QDir::Files | QDir::Hidden))
        QVERIFY(QFile::copy(QDir(backup.path()).filePath(name), data.filePath(name)));
    QSignalSpy copied(alice.client.get(), &SyncClient::conflictCopied);
    QVERIFY(hub.start());
    QVERIFY(copied.wait(10'000));
    QVERIFY(alice.waitSynced());
    QCOMPARE(session->text(), QStringLiteral("xxxshort"));
    QCOMPARE(session->version(), 3);
    const QString copyId = copied.first().at(1).toString();
    QCOMPARE(copied.first().at(2).toString(),
             QStringLiteral("the hub went back from version 5 of the note to 3"));
    QCOMPARE(alice.store.note(copyId)->title, QStringLiteral("Log (conflicted copy)"));
    QCOMPARE(contentOf(hub, QStringLiteral("alice"), copyId), QStringLiteral("xxxxxshort"));
}

QTEST_GUILESS_MAIN(TestSyncClientDamagedNote)
#include "tst_syncclient_damagednote.moc"
