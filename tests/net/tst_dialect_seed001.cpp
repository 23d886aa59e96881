// SPDX-License-Identifier: GPL-3.0-or-later
// Seed 001 (../shared/seeds/001_1987f515f501e446.txt), "WebSocket Integration for Real-Time
// Note Synchronization", is the canonical protocol at /v1 (and /). Its connection lifecycle
// and every message it lists, with every documented field, between two devices of one user;
// and its "user isolation": nobody else hears of the user's notes. Edits a Tandem client makes
// as ops reach a seed-001 device as the note_sync it knows (the text as committed, at most
// one a second), and reach Tandem sessions that have not joined the note the same way; a
// Tandem session on the note, or one that has sent an op, gets the ops alone.
#include "hubfixture.h"

class TestDialectSeed001 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectionLifecycle();
    void syncBetweenTwoDevices();
    void usersAreIsolated();
    void editsMadeAsOpsReachTheOthersAsNoteSync();
};

void TestDialectSeed001::connectionLifecycle()
{
    HubFixture hub;
    QVERIFY(hub.start());
    for (const QString &path : {QStringLiteral("/v1"), QStringLiteral("/")}) {
        // 1. Server sends connection_established
        HubTestClient device;
        device.socket().open(dialectUrl(hub.hub(), path));
        const QJsonObject hello = device.next(QStringLiteral("connection_established"));
        QCOMPARE(hello.value(QLatin1String("message")).toString(),
                 QStringLiteral("Please authenticate to continue"));
        // 2. { type: "auth", token } → auth_success with userId
        device.send({{QStringLiteral("type"), QStringLiteral("auth")},
                     {QStringLiteral("token"), hub.token(QStringLiteral("alice"))}});
        const QJsonObject ok = device.next(QStringLiteral("auth_success"));
        QCOMPARE(ok.value(QLatin1String("message")).toString(),
                 QStringLiteral("Authentication successful"));
        QCOMPARE(ok.value(QLatin1String("userId")).toString(), QStringLiteral("alice"));
    }
    // On failure: auth_failed with an error message.
    HubTestClient bad;
    bad.socket().open(hub.url());
    QVERIFY(!bad.next(QStringLiteral("connection_established")).isEmpty());
    bad.send({{QStringLiteral("type"), QStringLiteral("auth")},
              {QStringLiteral("token"), QStringLiteral("not-a-jwt")}});
    QVERIFY(bad.next(QStringLiteral("auth_failed"))
                    .value(QLatin1String("message"))
                    .toString()
                    .startsWith(QLatin1String("Authentication failed")));
    QVERIFY(bad.waitForDisconnected());

    // 3. join_note → note_joined; leave_note → note_left; errors are { type: "error", message }.
    auto device = hub.client(QStringLiteral("alice"));
    const QString noteId = createNote(*device, QStringLiteral("N"), QStringLiteral("c"));
    device->send(msg(QStringLiteral("join_note"), {{QStringLiteral("noteId"), noteId}}));
    const QJsonObject joined = device->next(QStringLiteral("note_joined"));
    QCOMPARE(joined.value(QLatin1String("noteId")).toString(), noteId);
    QCOMPARE(joined.value(QLatin1String("message")).toString(),
             QStringLiteral("Successfully joined note for real-time sync"));
    device->send(msg(QStringLiteral("leave_note"), {{QStringLiteral("noteId"), noteId}}));
    QCOMPARE(device->next(QStringLiteral("note_left")).value(QLatin1String("noteId")).toString(),
             noteId);
    device->send(msg(QStringLiteral("join_note"),
                     {{QStringLiteral("noteId"), QStringLiteral("no-such-note")}}));
    QVERIFY(!device->next(QStringLiteral("error"))
                     .value(QLatin1String("message"))
                     .toString()
                     .isEmpty());
}

void TestDialectSeed001::syncBetweenTwoDevices()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto laptop = hub.client(QStringLiteral("alice"));
    auto phone = hub.client(QStringLiteral("alice"));
    const qint64 before = QDateTime::currentMSecsSinceEpoch();

    // { type: "note_created", noteData: { id, title, ... } } → note_created_sync elsewhere
    laptop->send(msg(QStringLiteral("note_created"),
                     {{QStringLiteral("noteData"),
                       QJsonObject{{QStringLiteral("id"), QStringLiteral("n-1")},
                                   {QStringLiteral("title"), QStringLiteral("New Note")},
                                   {QStringLiteral("content"), QStringLiteral("")}}}}));
    const QJsonObject created = phone->next(QStringLiteral("note_created_sync"));
    QCOMPARE(created.value(QLatin1String("noteData"))
                     .toObject()
                     .value(QLatin1String("id"))
                     .toString(),
             QStringLiteral("n-1"));
    QCOMPARE(created.value(QLatin1String("noteData"))
                     .toObject()
                     .value(QLatin1String("title"))
                     .toString(),
             QStringLiteral("New Note"));
    QVERIFY(created.value(QLatin1String("timestamp")).toInteger() >= before);
    QCOMPARE(created.value(QLatin1String("fromUserId")).toString(), QStringLiteral("alice"));

    // { type: "note_update", noteId, changes: { title, content } }
    for (auto *d : {laptop.get(), phone.get()}) {
        d->send(msg(QStringLiteral("join_note"),
                    {{QStringLiteral("noteId"), QStringLiteral("n-1")}}));
        QVERIFY(!d->next(QStringLiteral("note_joined")).isEmpty());
    }
    const QJsonObject changes{{QStringLiteral("title"), QStringLiteral("New Title")},
                              {QStringLiteral("content"), QStringLiteral("New content")}};
    laptop->send(msg(QStringLiteral("note_update"),
                     {{QStringLiteral("noteId"), QStringLiteral("n-1")},
                      {QStringLiteral("changes"), changes}}));
    const QJsonObject confirmed = laptop->next(QStringLiteral("note_update_success"));
    QCOMPARE(confirmed.value(QLatin1String("noteId")).toString(), QStringLiteral("n-1"));
    QCOMPARE(confirmed.value(QLatin1String("updatedNote"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
             QStringLiteral("New content"));
    QVERIFY(confirmed.value(QLatin1String("timestamp")).toInteger() >= before);
    const QJsonObject sync = phone->next(QStringLiteral("note_sync"));
    QCOMPARE(sync.value(QLatin1String("noteId")).toString(), QStringLiteral("n-1"));
    QCOMPARE(sync.value(QLatin1String("changes")).toObject(), changes);
    QCOMPARE(sync.value(QLatin1String("updatedNote"))
                     .toObject()
                     .value(QLatin1String("title"))
                     .toString(),
             QStringLiteral("New Title"));
    QVERIFY(sync.value(QLatin1String("timestamp")).toInteger() >= before);
    QCOMPARE(sync.value(QLatin1String("fromUserId")).toString(), QStringLiteral("alice"));

    // { type: "note_deleted", noteId } → note_deleted_sync
    laptop->send(msg(QStringLiteral("note_deleted"),
                     {{QStringLiteral("noteId"), QStringLiteral("n-1")}}));
    const QJsonObject deleted = phone->next(QStringLiteral("note_deleted_sync"));
    QCOMPARE(deleted.value(QLatin1String("noteId")).toString(), QStringLiteral("n-1"));
    QVERIFY(deleted.value(QLatin1String("timestamp")).toInteger() >= before);
    QCOMPARE(deleted.value(QLatin1String("fromUserId")).toString(), QStringLiteral("alice"));
    QCOMPARE(deleted.value(QLatin1String("fromUserName")).toString(), QStringLiteral("alice Name"));
}

void TestDialectSeed001::usersAreIsolated()
{
    HubFixture hub;
    QVERIFY(hub.start());
    auto alice = hub.client(QStringLiteral("alice"));
    auto bob = hub.client(QStringLiteral("bob"));
    const QString noteId = createNote(*alice, QStringLiteral("Mine"), QStringLiteral("x"));
    joinNote(*alice, noteId);
    alice->send(msg(QStringLiteral("note_update"),
                    {{QStringLiteral("noteId"), noteId},
                     {QStringLiteral("changes"),
                      QJsonObject{{QStringLiteral("title"), QStringLiteral("T")}}}}));
    QVERIFY(!alice->next(QStringLiteral("note_update_success")).isEmpty());
    bob->send(msg(QStringLiteral("join_note"), {{QStringLiteral("noteId"), noteId}}));
    QVERIFY(!bob->next(QStringLiteral("error")).isEmpty());
    for (const QJsonObject &m : bob->pending())
        QVERIFY2(!m.value(QLatin1String("type")).toString().endsWith(QLatin1String("_sync")),
                 qPrintable(m.value(QLatin1String("type")).toString()));
}

void TestDialectSeed001::editsMadeAsOpsReachTheOthersAsNoteSync()
{
    HubFixture hub;
    QVERIFY(hub.start());
    // Tandem sessions say so in auth ("ops": true); a seed-001 client does not.
    auto desktop = hub.client(QStringLiteral("alice"), true);
    auto bob = hub.client(QStringLiteral("bob"), true); // shared with, not on the note
    auto phone = hub.client(QStringLiteral("alice"));
    QVERIFY(!desktop->userId.isEmpty() && !bob->userId.isEmpty());
    const QString noteId = createNote(*desktop, QStringLiteral("Plan"));
    QVERIFY(!shareNote(*desktop, noteId, QStringLiteral("bob")).isEmpty());
    QVERIFY(!joinNote(*desktop, noteId).isEmpty());
    QVERIFY(!joinNote(*phone, noteId).isEmpty());

    desktop->send(opMessage(noteId, 0, TextOperation().insert(QStringLiteral("hello")),
                            QStringLiteral("c1"), 1));
    QVERIFY(!desktop->next(QStringLiteral("note_op_ack")).isEmpty());
    for (HubTestClient *other : {phone.get(), bob.get()}) {
        const QJsonObject sync = other->next(QStringLiteral("note_sync"));
        QCOMPARE(sync.value(QLatin1String("noteId")).toString(), noteId);
        QCOMPARE(sync.value(QLatin1String("changes")).toObject(),
                 (QJsonObject{{QStringLiteral("content"), QStringLiteral("hello")}}));
        const QJsonObject note = sync.value(QLatin1String("updatedNote")).toObject();
        QCOMPARE(note.value(QLatin1String("content")).toString(), QStringLiteral("hello"));
        QCOMPARE(note.value(QLatin1String("version")).toInteger(), 1);
        QCOMPARE(sync.value(QLatin1String("fromUserId")).toString(), QStringLiteral("alice"));
    }
    // A burst: the last text arrives, in fewer messages than there were ops.
    for (int seq = 2; seq <= 6; ++seq)
        desktop->send(opMessage(noteId, seq - 1,
                                TextOperation().retain(3 + seq).insert(QStringLiteral("!")),
                                QStringLiteral("c1"), seq));
    QSet<QString> texts; // each note_sync's (the predicate sees a message more than once)
    QVERIFY(!phone->next(QStringLiteral("note_sync"), 5000, [&](const QJsonObject &m) {
                      const QString text = m.value(QLatin1String("changes"))
                                                   .toObject()
                                                   .value(QLatin1String("content"))
                                                   .toString();
                      texts.insert(text);
                      return text == QStringLiteral("hello!!!!!");
                  }).isEmpty());
    QVERIFY2(texts.size() < 5, qPrintable(QStringList(texts.values()).join(u',')));
    // The desktop on the note had every op: no text again.
    QVERIFY(!desktop->receives(QStringLiteral("note_sync"), 1500));
    // A client that sends an op applies them too: from then on it gets the ops alone.
    phone->send(opMessage(noteId, 6, TextOperation().retain(10).insert(QStringLiteral("?")),
                          QStringLiteral("p1"), 1));
    QVERIFY(!phone->next(QStringLiteral("note_op_ack")).isEmpty());
    desktop->send(opMessage(noteId, 7, TextOperation().retain(11).insert(QStringLiteral("!")),
                            QStringLiteral("c1"), 7));
    QVERIFY(!phone->next(QStringLiteral("note_op")).isEmpty());
    QVERIFY(!phone->receives(QStringLiteral("note_sync"), 1500));
}

QTEST_GUILESS_MAIN(TestDialectSeed001)
#include "tst_dialect_seed001.moc"
