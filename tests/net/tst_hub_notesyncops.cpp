// SPDX-License-Identifier: GPL-3.0-or-later
// A note's changes reach the sessions that have not opened it as its ops, not its whole text,
// when they said "syncOps": true in auth (Tandem does): each note_sync then carries the ops
// committed since the last one, each with the version it makes, and the note's fields
// without its text. A seed-001 session (no "ops") still gets the whole text in
// the same pass, a note_update's note_sync still carries the whole text to everyone, and the
// ops after it start from its version.
#include "hubfixture.h"

#include "textoperation.h"

#include <QJsonArray>

class TestHubNoteSyncOps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aSyncOpsSessionGetsTheOpsSinceItsLastSync();
    void aNoteUpdatesWholeTextIsTheBaseOfTheOpsAfterIt();
    void moreOpsThanTheHubKeepsGoAsTheWholeTextThenAsOpsAgain();

private:
    /** A session of user that says "ops" and "syncOps", as Tandem does. */
    static std::unique_ptr<HubTestClient> syncOpsClient(HubFixture &fixture, const QString &user)
    {
        auto c = std::make_unique<HubTestClient>();
        if (!c->connectTo(fixture.url()))
            return c;
        c->send(msg(QStringLiteral("auth"),
                    {{QStringLiteral("token"), fixture.token(user)},
                     {QStringLiteral("ops"), true},
                     {QStringLiteral("syncOps"), true}}));
        c->next(QStringLiteral("auth_success"));
        return c;
    }

    /** text with the note_sync's ops applied, if they are versions from + 1, from + 2, … and
     *  apply; a null string otherwise. */
    static QString applied(const QJsonObject &sync, QString text, qint64 from)
    {
        const QJsonArray ops = sync.value(QLatin1String("ops")).toArray();
        if (ops.isEmpty())
            return {};
        for (const QJsonValue &value : ops) {
            const QJsonObject entry = value.toObject();
            if (entry.value(QLatin1String("version")).toInteger() != ++from)
                return {};
            const OtResult<TextOperation> op =
                    TextOperation::fromJson(entry.value(QLatin1String("op")));
            if (!op || !op->applyInPlace(text))
                return {};
        }
        return text;
    }

    static QJsonObject updatedNote(const QJsonObject &sync)
    {
        return sync.value(QLatin1String("updatedNote")).toObject();
    }
};

void TestHubNoteSyncOps::aSyncOpsSessionGetsTheOpsSinceItsLastSync()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto writer = fixture.client(QStringLiteral("alice"), true);
    auto watcher = syncOpsClient(fixture, QStringLiteral("alice"));
    auto seed = fixture.client(QStringLiteral("alice")); // says nothing of ops
    const QString noteId = createNote(*writer, QStringLiteral("List"), QStringLiteral("milk"));
    joinNote(*writer, noteId);

    // Three ops, acknowledged within the hub's second between note_syncs.
    writer->send(opMessage(noteId, 0, TextOperation().retain(4).insert(QStringLiteral(", eggs")),
                           QStringLiteral("w"), 1));
    writer->send(opMessage(noteId, 1, TextOperation().insert(QStringLiteral("- ")).retain(10),
                           QStringLiteral("w"), 2));
    writer->send(opMessage(noteId, 2,
                           TextOperation().retain(2).insert(QStringLiteral("fresh ")).retain(10),
                           QStringLiteral("w"), 3));
    QCOMPARE(writer->next(QStringLiteral("note_op_ack"), 5000,
                          [](const QJsonObject &m) {
                              return m.value(QLatin1String("version")).toInt() == 3;
                          })
                     .isEmpty(),
             false);

    const QJsonObject sync = watcher->next(QStringLiteral("note_sync"));
    QCOMPARE(updatedNote(sync).value(QLatin1String("version")).toInt(), 3);
    QCOMPARE(sync.value(QLatin1String("fromUserId")).toString(), QStringLiteral("alice"));
    QVERIFY2(!updatedNote(sync).contains(QLatin1String("content")), "the text goes as its ops");
    QVERIFY(!sync.contains(QLatin1String("changes")));
    QCOMPARE(sync.value(QLatin1String("ops")).toArray().size(), 3);
    QCOMPARE(sync.value(QLatin1String("ops")).toArray().at(0).toObject(),
             (QJsonObject{{QStringLiteral("version"), 1},
                          {QStringLiteral("op"), QJsonArray{4, QStringLiteral(", eggs")}}}));
    QCOMPARE(applied(sync, QStringLiteral("milk"), 0), QStringLiteral("- fresh milk, eggs"));
    QVERIFY(!watcher->receives(QStringLiteral("note_sync"), 1500)); // one per pass, not per op

    // The seed session got the whole text in the same pass.
    const QJsonObject whole = seed->next(QStringLiteral("note_sync"));
    QCOMPARE(whole.value(QLatin1String("changes"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
             QStringLiteral("- fresh milk, eggs"));
    QCOMPARE(updatedNote(whole).value(QLatin1String("content")).toString(),
             QStringLiteral("- fresh milk, eggs"));
    QVERIFY(!whole.contains(QLatin1String("ops")));

    // The next ops are on the version the last note_sync brought.
    writer->send(opMessage(noteId, 3, TextOperation().retain(18).insert(QStringLiteral("!")),
                           QStringLiteral("w"), 4));
    const QJsonObject next = watcher->next(QStringLiteral("note_sync"));
    QCOMPARE(updatedNote(next).value(QLatin1String("version")).toInt(), 4);
    QCOMPARE(applied(next, QStringLiteral("- fresh milk, eggs"), 3),
             QStringLiteral("- fresh milk, eggs!"));

    // A syncOps session that has joined the note gets the ops themselves, and no note_sync.
    joinNote(*watcher, noteId);
    writer->send(opMessage(noteId, 4, TextOperation().retain(19).insert(QStringLiteral("?")),
                           QStringLiteral("w"), 5));
    QCOMPARE(watcher->next(QStringLiteral("note_op")).value(QLatin1String("version")).toInt(), 5);
    QCOMPARE(seed->next(QStringLiteral("note_sync"), 5000,
                        [](const QJsonObject &m) {
                            return updatedNote(m).value(QLatin1String("version")).toInt() == 5;
                        })
                     .isEmpty(),
             false);
    QVERIFY(!watcher->receives(QStringLiteral("note_sync"), 500));
}

void TestHubNoteSyncOps::aNoteUpdatesWholeTextIsTheBaseOfTheOpsAfterIt()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto writer = fixture.client(QStringLiteral("alice"), true);
    auto watcher = syncOpsClient(fixture, QStringLiteral("alice"));
    const QString noteId = createNote(*writer, QStringLiteral("List"), QStringLiteral("milk"));
    joinNote(*writer, noteId);
    writer->send(opMessage(noteId, 0, TextOperation().retain(4).insert(QStringLiteral(" tea")),
                           QStringLiteral("w"), 1));
    QCOMPARE(applied(watcher->next(QStringLiteral("note_sync")), QStringLiteral("milk"), 0),
             QStringLiteral("milk tea"));

    // A whole-field update reaches everyone with its whole text, as seed 001 has it.
    writer->send(msg(QStringLiteral("note_update"),
                     {{QStringLiteral("noteId"), noteId},
                      {QStringLiteral("changes"),
                       QJsonObject{{QStringLiteral("content"), QStringLiteral("bread")}}}}));
    writer->next(QStringLiteral("note_update_success"));
    const QJsonObject whole = watcher->next(QStringLiteral("note_sync"));
    QCOMPARE(updatedNote(whole).value(QLatin1String("content")).toString(),
             QStringLiteral("bread"));
    QCOMPARE(updatedNote(whole).value(QLatin1String("version")).toInt(), 2);

    // The ops after it are on its version, not on the last note_sync with ops.
    writer->send(opMessage(noteId, 2, TextOperation().insert(QStringLiteral("rye ")).retain(5),
                           QStringLiteral("w"), 2));
    const QJsonObject sync = watcher->next(QStringLiteral("note_sync"));
    QCOMPARE(applied(sync, QStringLiteral("bread"), 2), QStringLiteral("rye bread"));
}

void TestHubNoteSyncOps::moreOpsThanTheHubKeepsGoAsTheWholeTextThenAsOpsAgain()
{
    HubConfig config;
    config.recentOpsKept = 4;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto writer = fixture.client(QStringLiteral("alice"), true);
    auto watcher = syncOpsClient(fixture, QStringLiteral("alice"));
    const QString noteId = createNote(*writer, QStringLiteral("Count"), QString());
    joinNote(*writer, noteId);

    // Twelve ops, committed well within the second before the hub's first note_sync: by then
    // it keeps only the last four of them (and those not yet committed) in memory.
    QString text;
    for (int version = 0; version < 12; ++version) {
        const QString digit = QString::number(version % 10);
        writer->send(opMessage(noteId, version, TextOperation().retain(text.length()).insert(digit),
                               QStringLiteral("w"), version + 1));
        text += digit;
    }
    QCOMPARE(writer->next(QStringLiteral("note_op_ack"), 5000,
                          [](const QJsonObject &m) {
                              return m.value(QLatin1String("version")).toInt() == 12;
                          })
                     .isEmpty(),
             false);
    QCOMPARE(hubStats(fixture.hub().port()).value(QLatin1String("recentOpsPerNote")).toInt(), 4);

    const QJsonObject whole = watcher->next(QStringLiteral("note_sync"));
    QVERIFY2(!whole.contains(QLatin1String("ops")), "versions 1 to 8 are no longer in memory");
    QCOMPARE(whole.value(QLatin1String("changes"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
             text);
    QCOMPARE(updatedNote(whole).value(QLatin1String("version")).toInt(), 12);
    QVERIFY(!watcher->receives(QStringLiteral("note_sync"), 1500));

    // The next op goes as an op again, on the version the whole text brought.
    writer->send(opMessage(noteId, 12,
                           TextOperation().retain(text.length()).insert(QStringLiteral("!")),
                           QStringLiteral("w"), 13));
    const QJsonObject next = watcher->next(QStringLiteral("note_sync"));
    QCOMPARE(applied(next, text, 12), text + u'!');
}

QTEST_GUILESS_MAIN(TestHubNoteSyncOps)
#include "tst_hub_notesyncops.moc"
