// SPDX-License-Identifier: GPL-3.0-or-later
// The models fed by a real SyncClient and hub (each under QAbstractItemModelTester): the notes
// list with its unsynced marker going away on acknowledgement and other users' notes coming
// in; a note's collaborators with typing; its discussion with history and live messages.
#include "chatmodel.h"
#include "clientfixture.h"
#include "hubfixture.h"
#include "modelbinding.h"
#include "notelistmodel.h"
#include "presencemodel.h"

#include <QAbstractItemModelTester>

class TestModelBinding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theNotesListFollowsTheClient();
    void collaboratorsAndDiscussionOfTheOpenNote();
};

void TestModelBinding::theNotesListFollowsTheClient()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    NoteListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ModelBinding::bindNoteList(alice.client.get(), &model);

    const QString noteId = alice.client->createNote(QStringLiteral("Offline idea"),
                                                    QStringLiteral("write it down"));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex row = model.index(0);
    QCOMPARE(model.data(row).toString(), QStringLiteral("Offline idea"));
    QCOMPARE(model.data(row, NoteListModel::PreviewRole).toString(),
             QStringLiteral("write it down"));
    QVERIFY(model.data(row, NoteListModel::UnsyncedRole).toBool());

    QVERIFY(alice.connectAndWait());
    QVERIFY(alice.waitSynced());
    QVERIFY(QTest::qWaitFor([&]() {
        return !model.data(model.index(model.rowOf(noteId)), NoteListModel::UnsyncedRole).toBool();
    }));

    auto bob = hub.client(QStringLiteral("bob"));
    const QString shared = createNote(*bob, QStringLiteral("From Bob"), QStringLiteral("hello"));
    bob->send(msg(QStringLiteral("share"),
                  {{QStringLiteral("noteId"), shared},
                   {QStringLiteral("userId"), QStringLiteral("alice")},
                   {QStringLiteral("role"), QStringLiteral("viewer")}}));
    QVERIFY(QTest::qWaitFor([&]() { return model.rowOf(shared) >= 0; }));
    QVERIFY(QTest::qWaitFor([&]() {
        return model.data(model.index(model.rowOf(shared)), NoteListModel::PreviewRole)
                       .toString() == QStringLiteral("hello");
    }));
    QCOMPARE(model.data(model.index(model.rowOf(shared)), NoteListModel::AccessRole).toString(),
             QStringLiteral("viewer"));
    model.setFilter(QStringLiteral("bob"));
    QCOMPARE(model.rowCount(), 1);
    model.setFilter(QString());

    alice.client->deleteNote(noteId);
    QCOMPARE(model.rowOf(noteId), -1);
}

void TestModelBinding::collaboratorsAndDiscussionOfTheOpenNote()
{
    HubFixture hub;
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    const QString noteId = alice.client->createNote(QStringLiteral("Plan"), QStringLiteral("x"));
    QVERIFY(alice.waitSynced());
    QVERIFY(alice.client->sendChat(noteId, QStringLiteral("before anyone came")));
    QVERIFY(alice.client->share(noteId, QStringLiteral("bob"), QStringLiteral("editor")));

    PresenceModel presence;
    ChatModel chat;
    QAbstractItemModelTester presenceTester(&presence,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester chatTester(&chat,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    ModelBinding::bindNote(alice.client.get(), noteId, &presence, &chat);
    alice.client->openNote(noteId);
    QVERIFY(QTest::qWaitFor([&]() { return chat.rowCount() == 1; }));
    QCOMPARE(presence.rowCount(), 0); // alone: oneself is not listed

    ClientHarness bob(hub.url(), hub.token(QStringLiteral("bob")));
    QVERIFY(bob.connectAndWait());
    QVERIFY(QTest::qWaitFor([&]() { return bob.store.note(noteId).has_value(); }));
    NoteSession *bs = bob.client->openNote(noteId);
    QVERIFY(QTest::qWaitFor([&]() { return presence.rowCount() == 1; }));
    QCOMPARE(presence.data(presence.index(0)).toString(), QStringLiteral("bob Name"));
    QVERIFY(!presence.data(presence.index(0), PresenceModel::ColourRole).toString().isEmpty());

    QVERIFY(QTest::qWaitFor([&]() { return bs->isJoined(); }));
    bs->sendTyping();
    QVERIFY(QTest::qWaitFor(
            [&]() { return presence.typingText() == QStringLiteral("bob Name is typing…"); }));
    bs->setCursor({0, 1});
    QVERIFY(QTest::qWaitFor([&]() {
        return presence.data(presence.index(0), PresenceModel::CursorRole).isValid();
    }));

    QVERIFY(bob.client->sendChat(noteId, QStringLiteral("I am here")));
    QVERIFY(QTest::qWaitFor([&]() { return chat.rowCount() == 2; }));
    QCOMPARE(chat.data(chat.index(1), ChatModel::ContentRole).toString(),
             QStringLiteral("I am here"));

    bob.client->closeNote(noteId);
    QVERIFY(QTest::qWaitFor([&]() { return presence.rowCount() == 0; }));
}

QTEST_GUILESS_MAIN(TestModelBinding)
#include "tst_modelbinding.moc"
