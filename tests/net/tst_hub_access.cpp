// SPDX-License-Identifier: GPL-3.0-or-later
// Who may do what on the hub: authentication (token in a message or a Bearer header,
// failures closing with 1008, nothing before auth, --auth none), and the permission matrix
// owner/editor/viewer/stranger × list/join/edit/share/delete, with revocation at once; the
// owner sees the people a note is shared with by the name they signed in with.
#include "hubfixture.h"

class TestHubAccess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void badTokenFailsAndCloses_data();
    void badTokenFailsAndCloses();
    void nothingIsAcceptedBeforeAuth();
    void bearerHeaderAuthenticates();
    void authSuccessCarriesSessionAndCapabilities();
    void authNoneTakesTheClaimedName();
    void silentUnauthenticatedClientIsClosed();
    void eachUnauthenticatedClientIsClosedAtItsOwnDeadline();
    void permissionMatrix_data();
    void permissionMatrix();
    void revocationTakesEffectAtOnce();
    void otherUsersNotesAreInvisible();
    void listAfterRestartCarriesEachUsersRole();
    void collaboratorsAreNamedOnceTheyHaveSignedIn();
};

void TestHubAccess::badTokenFailsAndCloses_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("why");
    QTest::newRow("garbage") << QStringLiteral("not-a-token") << QStringLiteral("malformed token");
    QTest::newRow("empty") << QString() << QStringLiteral("no token given");
    QTest::newRow("foreign hub")
            << QString::fromLatin1(
                       TokenAuth(QByteArray(32, 'z')).issue(QStringLiteral("alice"), QString(), 1))
            << QStringLiteral("bad token signature");
}

void TestHubAccess::badTokenFailsAndCloses()
{
    QFETCH(QString, token);
    QFETCH(QString, why);
    HubFixture fixture;
    QVERIFY(fixture.start());
    HubTestClient client;
    QVERIFY(client.connectTo(fixture.url()));
    client.send(msg(QStringLiteral("auth"), {{QStringLiteral("token"), token}}));
    const QJsonObject failed = client.next(QStringLiteral("auth_failed"));
    QVERIFY(!failed.isEmpty());
    QCOMPARE(failed.value(QLatin1String("message")).toString(),
             QStringLiteral("Authentication failed: ") + why);
    QVERIFY(client.waitForDisconnected());
    QCOMPARE(client.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
}

void TestHubAccess::nothingIsAcceptedBeforeAuth()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    HubTestClient client;
    QVERIFY(client.connectTo(fixture.url()));
    for (const char *type :
         {"list_notes", "join_note", "note_created", "note_op", "chat_message"}) {
        client.send(
                msg(QString::fromLatin1(type), {{QStringLiteral("noteId"), QStringLiteral("x")}}));
        const QJsonObject error = client.next(QStringLiteral("error"));
        QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
        QCOMPARE(error.value(QLatin1String("ref")).toString(), QString::fromLatin1(type));
    }
    QVERIFY(!client.receives(QStringLiteral("notes_list"), 100));
}

void TestHubAccess::bearerHeaderAuthenticates()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    HubTestClient client;
    QVERIFY(client.connectTo(fixture.url(), fixture.token(QStringLiteral("carol")).toLatin1()));
    QCOMPARE(client.next(QStringLiteral("auth_success")).value(QLatin1String("userId")).toString(),
             QStringLiteral("carol"));
}

void TestHubAccess::authSuccessCarriesSessionAndCapabilities()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    HubTestClient client;
    QVERIFY(client.connectTo(fixture.url()));
    client.send(msg(QStringLiteral("auth"),
                    {{QStringLiteral("token"), fixture.token(QStringLiteral("dave"))}}));
    const QJsonObject ok = client.next(QStringLiteral("auth_success"));
    QCOMPARE(ok.value(QLatin1String("userId")).toString(), QStringLiteral("dave"));
    QCOMPARE(ok.value(QLatin1String("userName")).toString(), QStringLiteral("dave Name"));
    QCOMPARE(ok.value(QLatin1String("message")).toString(),
             QStringLiteral("Authentication successful"));
    QVERIFY(!ok.value(QLatin1String("sessionId")).toString().isEmpty());
    QCOMPARE(ok.value(QLatin1String("protocolVersion")).toInt(), 1);
    QVERIFY(ok.value(QLatin1String("capabilities")).toArray().contains(QStringLiteral("ot-text")));
}

void TestHubAccess::authNoneTakesTheClaimedName()
{
    HubConfig config;
    config.auth = HubConfig::Auth::None;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    HubTestClient client;
    QVERIFY(client.connectTo(fixture.url()));
    client.send(msg(QStringLiteral("auth"), {{QStringLiteral("token"), QStringLiteral("erin")}}));
    QCOMPARE(client.next(QStringLiteral("auth_success")).value(QLatin1String("userId")).toString(),
             QStringLiteral("erin"));
    HubTestClient nameless;
    QVERIFY(nameless.connectTo(fixture.url()));
    nameless.send(msg(QStringLiteral("auth")));
    QVERIFY(!nameless.next(QStringLiteral("auth_failed")).isEmpty());
}

void TestHubAccess::silentUnauthenticatedClientIsClosed()
{
    HubConfig config;
    config.authTimeoutMs = 300;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    HubTestClient client;
    QVERIFY(client.connectTo(fixture.url()));
    QVERIFY(client.waitForDisconnected(5000));
    QCOMPARE(client.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
}

void TestHubAccess::eachUnauthenticatedClientIsClosedAtItsOwnDeadline()
{
    // One timer serves every pending sign-in: it must come back for the later ones, close
    // none of them early, and leave alone those that authenticated.
    HubConfig config;
    config.authTimeoutMs = 1000;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    HubTestClient first;
    QVERIFY(first.connectTo(fixture.url()));
    QTest::qWait(500);
    HubTestClient second;
    QVERIFY(second.connectTo(fixture.url()));
    auto signedIn = fixture.client(QStringLiteral("alice"));
    QVERIFY(first.waitForDisconnected(5000));
    QCOMPARE(first.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(second.socket().state(), QAbstractSocket::ConnectedState);
    QVERIFY(second.waitForDisconnected(5000));
    QCOMPARE(second.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QTest::qWait(1200); // past the signed-in client's own deadline
    QCOMPARE(signedIn->socket().state(), QAbstractSocket::ConnectedState);
}

void TestHubAccess::permissionMatrix_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("allowed");
    const QStringList actions = {QStringLiteral("list"), QStringLiteral("join"),
                                 QStringLiteral("edit"), QStringLiteral("share"),
                                 QStringLiteral("delete")};
    const QHash<QString, QList<bool>> expected = {
            {QStringLiteral("owner"), {true, true, true, true, true}},
            {QStringLiteral("editor"), {true, true, true, false, false}},
            {QStringLiteral("viewer"), {true, true, false, false, false}},
            {QStringLiteral("stranger"), {false, false, false, false, false}},
    };
    for (const QString &role : {QStringLiteral("owner"), QStringLiteral("editor"),
                                QStringLiteral("viewer"), QStringLiteral("stranger")})
        for (qsizetype i = 0; i < actions.size(); ++i)
            QTest::addRow("%s may %s: %s", qPrintable(role), qPrintable(actions[i]),
                          expected[role][i] ? "yes" : "no")
                    << role << actions[i] << expected[role][i];
}

void TestHubAccess::permissionMatrix()
{
    QFETCH(QString, role);
    QFETCH(QString, action);
    QFETCH(bool, allowed);
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto owner = fixture.client(QStringLiteral("owner"));
    const QString noteId =
            createNote(*owner, QStringLiteral("Secret plans"), QStringLiteral("text"));
    if (role == QLatin1String("editor") || role == QLatin1String("viewer")) {
        owner->send(msg(QStringLiteral("share"),
                        {{QStringLiteral("noteId"), noteId},
                         {QStringLiteral("userId"), QStringLiteral("actor")},
                         {QStringLiteral("role"), role}}));
        QVERIFY(!owner->next(QStringLiteral("share_success")).isEmpty());
    }
    auto actor = role == QLatin1String("owner") ? std::move(owner)
                                                : fixture.client(QStringLiteral("actor"));
    const QJsonObject noteRef{{QStringLiteral("noteId"), noteId}};

    bool succeeded = false;
    QString errorCode;
    const auto outcome = [&](const QString &successType) {
        const QJsonObject reply = actor->nextOf({successType, QStringLiteral("error")});
        succeeded = reply.value(QLatin1String("type")).toString() == successType;
        errorCode = reply.value(QLatin1String("code")).toString();
    };
    if (action == QLatin1String("list")) {
        actor->send(msg(QStringLiteral("list_notes")));
        const QJsonArray notes =
                actor->next(QStringLiteral("notes_list")).value(QLatin1String("notes")).toArray();
        succeeded = std::any_of(notes.begin(), notes.end(), [&](const QJsonValue &n) {
            return n.toObject().value(QLatin1String("id")).toString() == noteId;
        });
    } else if (action == QLatin1String("join")) {
        actor->send(msg(QStringLiteral("join_note"), noteRef));
        outcome(QStringLiteral("note_joined"));
    } else if (action == QLatin1String("edit")) {
        actor->send(msg(QStringLiteral("join_note"), noteRef));
        actor->nextOf({QStringLiteral("note_joined"), QStringLiteral("error")});
        actor->send(msg(QStringLiteral("note_op"),
                        {{QStringLiteral("noteId"), noteId},
                         {QStringLiteral("baseVersion"), 0},
                         {QStringLiteral("op"), QJsonArray{4, QStringLiteral("!")}},
                         {QStringLiteral("clientId"), QStringLiteral("x")},
                         {QStringLiteral("seq"), 1}}));
        outcome(QStringLiteral("note_op_ack"));
    } else if (action == QLatin1String("share")) {
        actor->send(msg(QStringLiteral("share"),
                        {{QStringLiteral("noteId"), noteId},
                         {QStringLiteral("userId"), QStringLiteral("zed")},
                         {QStringLiteral("role"), QStringLiteral("viewer")}}));
        outcome(QStringLiteral("share_success"));
    } else if (action == QLatin1String("delete")) {
        actor->send(msg(QStringLiteral("note_deleted"), noteRef));
        outcome(QStringLiteral("note_deleted_success"));
    }
    QCOMPARE(succeeded, allowed);
    if (!allowed && action != QLatin1String("list")) {
        // Strangers learn nothing: the note "does not exist" for them.
        QCOMPARE(errorCode,
                 role == QLatin1String("stranger") ? QStringLiteral("not_found")
                                                   : QStringLiteral("forbidden"));
    }
}

void TestHubAccess::revocationTakesEffectAtOnce()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto owner = fixture.client(QStringLiteral("owner"));
    const QString noteId = createNote(*owner, QStringLiteral("t"), QStringLiteral("abc"));
    joinNote(*owner, noteId);
    owner->send(msg(QStringLiteral("share"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("userId"), QStringLiteral("bob")},
                     {QStringLiteral("role"), QStringLiteral("editor")}}));
    owner->next(QStringLiteral("share_success"));
    auto bob = fixture.client(QStringLiteral("bob"));
    QVERIFY(!joinNote(*bob, noteId).isEmpty());
    owner->send(msg(QStringLiteral("unshare"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("userId"), QStringLiteral("bob")}}));
    const QJsonObject left = bob->next(QStringLiteral("note_left"));
    QCOMPARE(left.value(QLatin1String("reason")).toString(), QStringLiteral("access revoked"));
    QVERIFY(!bob->next(QStringLiteral("note_unshared")).isEmpty());
    // Owner edits no longer reach bob, and bob can no longer edit.
    owner->send(msg(QStringLiteral("note_op"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("baseVersion"), 0},
                     {QStringLiteral("op"), QJsonArray{3, QStringLiteral("d")}},
                     {QStringLiteral("clientId"), QStringLiteral("o")},
                     {QStringLiteral("seq"), 1}}));
    owner->next(QStringLiteral("note_op_ack"));
    QVERIFY(!bob->receives(QStringLiteral("note_op"), 300));
    bob->send(msg(QStringLiteral("join_note"), {{QStringLiteral("noteId"), noteId}}));
    QCOMPARE(bob->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("not_found"));
}

void TestHubAccess::otherUsersNotesAreInvisible()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto alice = fixture.client(QStringLiteral("alice"));
    auto aliceLaptop = fixture.client(QStringLiteral("alice"));
    auto mallory = fixture.client(QStringLiteral("mallory"));
    const QString noteId = createNote(*alice, QStringLiteral("Diary"), QStringLiteral("private"));
    // Alice's other device hears about it; mallory hears nothing.
    QCOMPARE(aliceLaptop->next(QStringLiteral("note_created_sync"))
                     .value(QLatin1String("noteData"))
                     .toObject()
                     .value(QLatin1String("id"))
                     .toString(),
             noteId);
    QVERIFY(!mallory->receives(QStringLiteral("note_created_sync"), 300));
    mallory->send(msg(QStringLiteral("list_notes")));
    QVERIFY(mallory->next(QStringLiteral("notes_list"))
                    .value(QLatin1String("notes"))
                    .toArray()
                    .isEmpty());
    mallory->send(msg(QStringLiteral("chat_history"), {{QStringLiteral("noteId"), noteId}}));
    QCOMPARE(mallory->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("not_found"));
}

void TestHubAccess::listAfterRestartCarriesEachUsersRole()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    {
        auto owner = fixture.client(QStringLiteral("owner"));
        const QString noteId = createNote(*owner, QStringLiteral("Shared"), QString());
        owner->send(msg(QStringLiteral("share"),
                        {{QStringLiteral("noteId"), noteId},
                         {QStringLiteral("userId"), QStringLiteral("vera")},
                         {QStringLiteral("role"), QStringLiteral("viewer")}}));
        QVERIFY(!owner->next(QStringLiteral("share_success")).isEmpty());
    }
    fixture.stop(); // listed from the store now, not from memory
    QVERIFY(fixture.start());
    const auto roleOf = [&](const QString &user) {
        auto client = fixture.client(user);
        client->send(msg(QStringLiteral("list_notes")));
        const QJsonArray notes =
                client->next(QStringLiteral("notes_list")).value(QLatin1String("notes")).toArray();
        return notes.size() == 1 ? notes[0].toObject().value(QLatin1String("role")).toString()
                                 : QString();
    };
    QCOMPARE(roleOf(QStringLiteral("owner")), QStringLiteral("owner"));
    QCOMPARE(roleOf(QStringLiteral("vera")), QStringLiteral("viewer"));
    QCOMPARE(roleOf(QStringLiteral("stranger")), QString());
}

void TestHubAccess::collaboratorsAreNamedOnceTheyHaveSignedIn()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto owner = fixture.client(QStringLiteral("owner"));
    const QString noteId = createNote(*owner, QStringLiteral("t"), QStringLiteral("abc"));
    const auto share = [&](const QString &role) {
        owner->send(msg(QStringLiteral("share"),
                        {{QStringLiteral("noteId"), noteId},
                         {QStringLiteral("userId"), QStringLiteral("bob")},
                         {QStringLiteral("role"), role}}));
        return owner->next(QStringLiteral("share_success"));
    };
    const auto listed = [&]() {
        return joinNote(*owner, noteId)
                .value(QLatin1String("note"))
                .toObject()
                .value(QLatin1String("collaborators"))
                .toArray()
                .first()
                .toObject();
    };
    // Bob has never signed in: known by id only.
    QVERIFY(!share(QStringLiteral("editor")).contains(QLatin1String("userName")));
    QVERIFY(!listed().contains(QLatin1String("userName")));
    auto bob = fixture.client(QStringLiteral("bob"));
    QCOMPARE(share(QStringLiteral("viewer")).value(QLatin1String("userName")).toString(),
             QStringLiteral("bob Name"));
    const QJsonObject entry = listed();
    QCOMPARE(entry.value(QLatin1String("userId")).toString(), QStringLiteral("bob"));
    QCOMPARE(entry.value(QLatin1String("role")).toString(), QStringLiteral("viewer"));
    QCOMPARE(entry.value(QLatin1String("userName")).toString(), QStringLiteral("bob Name"));
}

QTEST_GUILESS_MAIN(TestHubAccess)
#include "tst_hub_access.moc"
