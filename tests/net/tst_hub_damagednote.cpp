// SPDX-License-Identifier: GPL-3.0-or-later
// A note whose stored copy the hub cannot rebuild (its op log damaged from outside: here op 2
// deleted, so op 3 would apply to the wrong text). Those who may see it are told so, on every
// path (note_damaged on /v1, 500 on the REST API, close 1011 for a seed-000 watcher), so that
// Tandem's client keeps its own copy instead of taking the note for deleted; anyone else finds
// no such note and no way into its discussion; the owner's create resend is refused without
// tripping a storage failure; and nothing of what is stored is changed.
#include "hubdatabase.h"
#include "hubfixture.h"

#include <QRegularExpression>

namespace {

qint64 count(const QString &dataDir, const QString &table, const QString &noteId)
{
    qint64 n = -1;
    onHubDatabase(dataDir, [&](const QSqlDatabase &db) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE note_id = ?").arg(table));
        q.addBindValue(noteId);
        if (q.exec() && q.next())
            n = q.value(0).toLongLong();
    });
    return n;
}

const QString Message = QStringLiteral("before the damage");

/**
 * Starts the hub (--auth none), has alice create a note, share it with bob, say something in
 * its discussion and type three ops into it; stops the hub and deletes op 2 from its
 * database, then starts it again. The note's id, or an empty string if something failed.
 */
QString damagedNote(HubFixture &fixture)
{
    if (!fixture.start())
        return {};
    QString noteId;
    {
        HubTestClient alice;
        if (!alice.connectAndAuth(fixture.url(), QStringLiteral("alice")))
            return {};
        noteId = createNote(alice, QStringLiteral("t"), QStringLiteral("short"));
        alice.send(msg(QStringLiteral("share"),
                       {{QStringLiteral("noteId"), noteId},
                        {QStringLiteral("userId"), QStringLiteral("bob")},
                        {QStringLiteral("role"), QStringLiteral("editor")}}));
        joinNote(alice, noteId);
        alice.send(msg(QStringLiteral("chat_message"),
                       {{QStringLiteral("noteId"), noteId}, {QStringLiteral("content"), Message}}));
        for (int v = 1; v <= 3; ++v)
            alice.send(xAtStart(noteId, 5, v));
        if (alice.next(QStringLiteral("note_op_ack"), 5000, [](const QJsonObject &m) {
                     return m.value(QLatin1String("version")).toInt() == 3;
                 }).isEmpty())
            return {};
        if (alice.next(QStringLiteral("chat_message")).isEmpty())
            return {};
    }
    fixture.stop();
    bool deleted = false;
    onHubDatabase(fixture.dataDir(), [&](const QSqlDatabase &db) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM ops WHERE note_id = ? AND version = 2"));
        q.addBindValue(noteId);
        deleted = q.exec() && q.numRowsAffected() == 1;
    });
    QTest::ignoreMessage(QtCriticalMsg,
                         QRegularExpression(QStringLiteral("cannot be loaded: its log skips "
                                                           "from version 1 to 3")));
    return deleted && fixture.start() ? noteId : QString();
}

/** The error user gets for a request about noteId on /v1 (empty object: none came). */
QJsonObject errorFor(HubFixture &fixture, const QString &user, const QJsonObject &request)
{
    HubTestClient client;
    if (!client.connectAndAuth(fixture.url(), user))
        return {};
    client.send(request);
    return client.next(QStringLiteral("error"));
}

QJsonObject join(const QString &noteId)
{
    return msg(QStringLiteral("join_note"), {{QStringLiteral("noteId"), noteId}});
}

} // namespace

class TestHubDamagedNote : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void itsUsersAreToldWhyAndStrangersThatItDoesNotExist();
    void itsOwnersCreateResendIsRefusedAndTheHubGoesOnSaving();
    void theRestApiAnswers500ToItsUsersAnd404ToStrangers();
    void aWatcherOfItIsClosedWith1011();
    void aStrangerIsKeptOutOfItsDiscussion();
};

void TestHubDamagedNote::itsUsersAreToldWhyAndStrangersThatItDoesNotExist()
{
    HubFixture fixture(trustedConfig());
    const QString noteId = damagedNote(fixture);
    QVERIFY(!noteId.isEmpty());

    for (const QString &user : {QStringLiteral("alice"), QStringLiteral("bob")}) {
        const QJsonObject error = errorFor(fixture, user, join(noteId));
        QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("note_damaged"));
        const QString why = error.value(QLatin1String("message")).toString();
        QVERIFY2(why.contains(QLatin1String("its log skips from version 1 to 3")) &&
                         why.contains(QLatin1String("restores it from a backup")),
                 qPrintable(why));
    }
    // Every request on the note, not only joins.
    const QJsonObject history =
            errorFor(fixture, QStringLiteral("alice"),
                     msg(QStringLiteral("history"), {{QStringLiteral("noteId"), noteId}}));
    QCOMPARE(history.value(QLatin1String("code")).toString(), QStringLiteral("note_damaged"));
    const QJsonObject stranger = errorFor(fixture, QStringLiteral("carol"), join(noteId));
    QCOMPARE(stranger.value(QLatin1String("code")).toString(), QStringLiteral("not_found"));
    QCOMPARE(stranger.value(QLatin1String("message")).toString(), QStringLiteral("no such note"));

    // Refusing the note changed nothing of what is left of it.
    fixture.stop();
    QCOMPARE(count(fixture.dataDir(), QStringLiteral("ops"), noteId), 2);
    QCOMPARE(count(fixture.dataDir(), QStringLiteral("snapshots"), noteId), 1);
}

void TestHubDamagedNote::itsOwnersCreateResendIsRefusedAndTheHubGoesOnSaving()
{
    HubFixture fixture(trustedConfig());
    const QString noteId = damagedNote(fixture);
    QVERIFY(!noteId.isEmpty());
    const auto create = [&](const QString &user) {
        return errorFor(fixture, user,
                        msg(QStringLiteral("note_created"),
                            {{QStringLiteral("noteData"),
                              QJsonObject{{QStringLiteral("id"), noteId},
                                          {QStringLiteral("title"), QStringLiteral("t")},
                                          {QStringLiteral("content"), QStringLiteral("short")}}}}))
                .value(QLatin1String("code"))
                .toString();
    };
    // Its row is there: a second row with its id would fail the commit, for everyone.
    QCOMPARE(create(QStringLiteral("alice")), QStringLiteral("note_damaged"));
    QCOMPARE(create(QStringLiteral("carol")), QStringLiteral("conflict"));

    HubTestClient alice;
    QVERIFY(alice.connectAndAuth(fixture.url(), QStringLiteral("alice")));
    const QString other = createNote(alice, QStringLiteral("other"), QStringLiteral("ab"));
    QVERIFY(!other.isEmpty());
    joinNote(alice, other);
    alice.send(xAtStart(other, 2, 1));
    QCOMPARE(alice.nextOf({QStringLiteral("note_op_ack"), QStringLiteral("error")})
                     .value(QLatin1String("type"))
                     .toString(),
             QStringLiteral("note_op_ack"));
}

void TestHubDamagedNote::theRestApiAnswers500ToItsUsersAnd404ToStrangers()
{
    HubFixture fixture(trustedConfig());
    const QString noteId = damagedNote(fixture);
    QVERIFY(!noteId.isEmpty());
    const auto get = [&](const QByteArray &user) {
        return httpExchange(fixture.hub().port(),
                            "GET /api/notes/" + noteId.toLatin1() + "?userId=" + user +
                                    "&userName=X HTTP/1.1\r\nHost: x\r\n\r\n");
    };
    const HttpReply owner = get("alice");
    QCOMPARE(owner.status, QByteArray("HTTP/1.1 500 Internal Server Error"));
    QVERIFY2(owner.json()
                     .value(QLatin1String("error"))
                     .toString()
                     .contains(QLatin1String("its log skips from version 1 to 3")),
             owner.body.constData());
    QCOMPARE(get("carol").status, QByteArray("HTTP/1.1 404 Not Found"));
}

void TestHubDamagedNote::aWatcherOfItIsClosedWith1011()
{
    HubFixture fixture(trustedConfig());
    const QString noteId = damagedNote(fixture);
    QVERIFY(!noteId.isEmpty());
    HubTestClient watcher;
    QVERIFY(watcher.open(
            dialectUrl(fixture.hub(), QStringLiteral("/ws/note/%1?userId=bob").arg(noteId))));
    QVERIFY(watcher.waitForDisconnected());
    QCOMPARE(int(watcher.socket().closeCode()), 1011);
    QCOMPARE(watcher.socket().closeReason(),
             QStringLiteral("the hub's copy of this note is damaged"));

    // A stranger waits, as for any note it may not see.
    HubTestClient stranger;
    QVERIFY(stranger.open(
            dialectUrl(fixture.hub(), QStringLiteral("/ws/note/%1?userId=carol").arg(noteId))));
    QVERIFY(!stranger.waitForDisconnected(300));
}

void TestHubDamagedNote::aStrangerIsKeptOutOfItsDiscussion()
{
    HubFixture fixture(trustedConfig());
    const QString noteId = damagedNote(fixture);
    QVERIFY(!noteId.isEmpty());
    const auto messagesSeenBy = [&](const QByteArray &user) {
        return httpExchange(fixture.hub().port(),
                            "GET /rooms/" + noteId.toLatin1() + "/messages?userId=" + user +
                                    "&userName=X HTTP/1.1\r\nHost: x\r\n\r\n")
                .json()
                .value(QLatin1String("messages"))
                .toArray();
    };
    const QJsonArray seen = messagesSeenBy("bob");
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().toObject().value(QLatin1String("content")).toString(), Message);
    QCOMPARE(messagesSeenBy("carol"), QJsonArray());
}

QTEST_GUILESS_MAIN(TestHubDamagedNote)
#include "tst_hub_damagednote.moc"
