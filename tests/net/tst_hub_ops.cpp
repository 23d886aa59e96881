// SPDX-License-Identifier: GPL-3.0-or-later
// The hub's sequencer over real WebSockets: ops are acknowledged and relayed, concurrent
// editors converge, resends apply once, rejoining with a version returns exactly the
// missing ops, note_update content and revert become ops, and history reads back. A joiner
// (or a get_version) is told of committed versions only, never of an op still on its way to
// the disk.
#include "hubfixture.h"
#include "otclient.h"
#include "randomedit.h"
#include "testseed.h"
#include "textoperation.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTimer>

namespace {

/**
 * A client running ot.js's client algorithm (OtClient: synchronized / awaiting confirm /
 * awaiting with buffer) over a HubTestClient, as any ot.js browser client would.
 */
class OtPeer : public QObject
{
public:
    OtPeer(HubTestClient *client, QString noteId, QString clientId)
        : m_client(client)
        , m_noteId(std::move(noteId))
        , m_clientId(std::move(clientId))
    {
        // Handle acks and remote ops in arrival order, as a browser client's onmessage does.
        connect(&client->socket(), &QWebSocket::textMessageReceived, this,
                [this](const QString &text) {
                    const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
                    const QString type = m.value(QLatin1String("type")).toString();
                    if (m.value(QLatin1String("noteId")).toString() != m_noteId)
                        return;
                    if (type == QLatin1String("note_op_ack"))
                        onAck(m);
                    else if (type == QLatin1String("note_op"))
                        onRemote(m);
                });
    }

    void joined(const QJsonObject &reply)
    {
        const QJsonObject note = reply.value(QLatin1String("note")).toObject();
        doc = note.value(QLatin1String("content")).toString();
        m_ot = OtClient(note.value(QLatin1String("version")).toInteger());
    }

    void edit(const TextOperation &op)
    {
        doc = op.apply(doc).value();
        if (const std::optional<TextOperation> send = m_ot.applyClient(op).value())
            sendOp(*send);
    }

    bool idle() const { return m_ot.state() == OtClient::State::Synchronized; }

    QString doc;
    int acks = 0;

private:
    void sendOp(const TextOperation &op)
    {
        m_client->send(msg(QStringLiteral("note_op"),
                           {{QStringLiteral("noteId"), m_noteId},
                            {QStringLiteral("baseVersion"), m_ot.version()},
                            {QStringLiteral("op"), op.toJson()},
                            {QStringLiteral("clientId"), m_clientId},
                            {QStringLiteral("seq"), ++m_seq}}));
    }

    void onAck(const QJsonObject &ack)
    {
        ++acks;
        const std::optional<TextOperation> next = m_ot.serverAck().value();
        // The hub's numbering and the client's agree.
        QCOMPARE(m_ot.version(), ack.value(QLatin1String("version")).toInteger());
        if (next)
            sendOp(*next);
    }

    void onRemote(const QJsonObject &message)
    {
        const TextOperation op =
                TextOperation::fromJson(message.value(QLatin1String("op"))).value();
        doc = m_ot.applyServer(op).value().apply(doc).value();
        QCOMPARE(m_ot.version(), message.value(QLatin1String("version")).toInteger());
    }

    HubTestClient *m_client;
    QString m_noteId;
    QString m_clientId;
    qint64 m_seq = 0;
    OtClient m_ot;
};

QJsonObject opMessage(const QString &noteId, qint64 baseVersion, const char *op,
                      const QString &clientId, qint64 seq)
{
    return opMessage(noteId, baseVersion, TextOperation::fromJsonText(op).value(), clientId, seq);
}

} // namespace

class TestHubOps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opIsAcknowledgedAndRelayed();
    void concurrentOpsAreTransformed();
    void fiveClientsConverge();
    void duplicateResendIsAppliedOnce();
    void rejoinWithVersionGetsOnlyMissingOps();
    void badOpsGetErrorsAndChangeNothing();
    void noteUpdateContentBecomesOneOp();
    void noteUpdateWithBadContentChangesNothing();
    void aNoteCannotGrowPastTheHubsLimit();
    void historyGetVersionAndRevert();
    void opsSurviveHubRestart();
    void joinDuringBurstGetsEveryLaterOpOnce();
    void aJoinIsToldOfCommittedVersionsOnly();
    void createResendIsIdempotentAndIdsAreNotShared();
};

void TestHubOps::opIsAcknowledgedAndRelayed()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto alice = fixture.client(QStringLiteral("alice"));
    auto alice2 = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*alice, QStringLiteral("Plan"), QStringLiteral("hello"));
    QVERIFY(!noteId.isEmpty());
    QCOMPARE(joinNote(*alice, noteId)
                     .value(QLatin1String("note"))
                     .toObject()
                     .value(QLatin1String("version"))
                     .toInt(),
             0);
    joinNote(*alice2, noteId);

    alice->send(opMessage(noteId, 0, R"([5," world"])", QStringLiteral("c1"), 1));
    const QJsonObject ack = alice->next(QStringLiteral("note_op_ack"));
    QCOMPARE(ack.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(ack.value(QLatin1String("seq")).toInt(), 1);
    QCOMPARE(ack.value(QLatin1String("clientId")).toString(), QStringLiteral("c1"));
    const QJsonObject relayed = alice2->next(QStringLiteral("note_op"));
    QCOMPARE(relayed.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(relayed.value(QLatin1String("op")).toArray(),
             (QJsonArray{5, QStringLiteral(" world")}));
    QCOMPARE(relayed.value(QLatin1String("userId")).toString(), QStringLiteral("alice"));
    QVERIFY2(!alice->receives(QStringLiteral("note_op"), 200),
             "the sender must get an ack, not its own op");
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QStringLiteral("hello world"));
}

void TestHubOps::concurrentOpsAreTransformed()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("t"), QStringLiteral("ac"));
    joinNote(*a, noteId);
    auto b = fixture.client(QStringLiteral("alice"));
    joinNote(*b, noteId);
    // Both edit version 0: a inserts "b" between a and c, b appends "!".
    a->send(opMessage(noteId, 0, R"([1,"b",1])", QStringLiteral("A"), 1));
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 1);
    b->send(opMessage(noteId, 0, R"([2,"!"])", QStringLiteral("B"), 1));
    QCOMPARE(b->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 2);
    // What a receives is b's op transformed past a's.
    QCOMPARE(a->next(QStringLiteral("note_op")).value(QLatin1String("op")).toArray(),
             (QJsonArray{3, QStringLiteral("!")}));
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QStringLiteral("abc!"));
}

void TestHubOps::fiveClientsConverge()
{
    QRandomGenerator rng(testSeed());

    HubFixture fixture;
    QVERIFY(fixture.start());
    auto owner = fixture.client(QStringLiteral("owner"));
    const QString noteId = createNote(*owner, QStringLiteral("shared"), QStringLiteral("start"));
    std::vector<std::unique_ptr<HubTestClient>> clients;
    std::vector<std::unique_ptr<OtPeer>> peers;
    for (int i = 0; i < 5; ++i) {
        const QString user = QStringLiteral("user%1").arg(i);
        owner->send(msg(QStringLiteral("share"),
                        {{QStringLiteral("noteId"), noteId},
                         {QStringLiteral("userId"), user},
                         {QStringLiteral("role"), QStringLiteral("editor")}}));
        QVERIFY(!owner->next(QStringLiteral("share_success")).isEmpty());
        clients.push_back(fixture.client(user));
        peers.push_back(std::make_unique<OtPeer>(clients.back().get(), noteId,
                                                 QStringLiteral("client-%1").arg(i)));
        peers.back()->joined(joinNote(*clients.back(), noteId));
    }
    // Each client types 40 random edits at random moments, concurrently with the others.
    constexpr int EditsEach = 40;
    int remaining = 5 * EditsEach;
    std::vector<int> left(5, EditsEach);
    QTimer tick;
    tick.setInterval(1);
    connect(&tick, &QTimer::timeout, this, [&]() {
        const int i = int(rng.bounded(5));
        if (left[size_t(i)] == 0 || rng.bounded(3) != 0)
            return;
        --left[size_t(i)];
        --remaining;
        peers[size_t(i)]->edit(
                randomTextEdit(rng, peers[size_t(i)]->doc, QStringLiteral("abcdefgh é\n")));
    });
    tick.start();
    QTRY_VERIFY_WITH_TIMEOUT(remaining == 0, 30000);
    tick.stop();
    const auto allIdle = [&]() {
        return std::all_of(peers.begin(), peers.end(), [](const auto &p) { return p->idle(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allIdle(), 30000);
    const QString hubContent = contentOf(fixture, QStringLiteral("owner"), noteId);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(peers.begin(), peers.end(),
                                         [&](const auto &p) { return p->doc == hubContent; }),
                             10000);
    for (const auto &p : peers)
        QCOMPARE(p->doc, hubContent);
    qInfo("converged on %lld characters after %d edits", qlonglong(hubContent.size()),
          5 * EditsEach);
}

void TestHubOps::duplicateResendIsAppliedOnce()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("t"), QStringLiteral("x"));
    joinNote(*a, noteId);
    a->send(opMessage(noteId, 0, R"([1,"y"])", QStringLiteral("C"), 7));
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 1);
    // The client never saw the ack (say), reconnects and resends the same (clientId, seq).
    auto again = fixture.client(QStringLiteral("alice"));
    joinNote(*again, noteId);
    again->send(opMessage(noteId, 0, R"([1,"y"])", QStringLiteral("C"), 7));
    const QJsonObject ack = again->next(QStringLiteral("note_op_ack"));
    QCOMPARE(ack.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QStringLiteral("xy"));
}

void TestHubOps::rejoinWithVersionGetsOnlyMissingOps()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("t"), QString());
    joinNote(*a, noteId);
    for (int i = 0; i < 5; ++i) {
        a->send(opMessage(noteId, i, TextOperation().retain(i).insert(QString::number(i)),
                          QStringLiteral("A"), i + 1));
        QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(),
                 i + 1);
    }
    auto b = fixture.client(QStringLiteral("alice"));
    b->send(msg(QStringLiteral("join_note"),
                {{QStringLiteral("noteId"), noteId}, {QStringLiteral("version"), 3}}));
    const QJsonObject joined = b->next(QStringLiteral("note_joined"));
    QVERIFY(!joined.contains(QLatin1String("note")));
    const QJsonArray ops = joined.value(QLatin1String("ops")).toArray();
    QCOMPARE(ops.size(), 2);
    QCOMPARE(ops[0].toObject().value(QLatin1String("version")).toInt(), 4);
    QCOMPARE(ops[1].toObject().value(QLatin1String("version")).toInt(), 5);
    QCOMPARE(ops[1].toObject().value(QLatin1String("op")).toArray(),
             (QJsonArray{4, QStringLiteral("4")}));
    QCOMPARE(ops[1].toObject().value(QLatin1String("clientId")).toString(), QStringLiteral("A"));
    QCOMPARE(ops[1].toObject().value(QLatin1String("seq")).toInt(), 5);
}

void TestHubOps::badOpsGetErrorsAndChangeNothing()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("t"), QStringLiteral("abc"));
    joinNote(*a, noteId);
    const auto expectError = [&](const QJsonObject &m, const QString &code) {
        a->send(m);
        const QJsonObject error = a->next(QStringLiteral("error"));
        QCOMPARE(error.value(QLatin1String("code")).toString(), code);
        QCOMPARE(error.value(QLatin1String("ref")).toString(), QStringLiteral("note_op"));
    };
    expectError(opMessage(noteId, 0, "[5]", QStringLiteral("A"), 1), QStringLiteral("op_rejected"));
    expectError(opMessage(noteId, 9, "[3]", QStringLiteral("A"), 2), QStringLiteral("bad_version"));
    QJsonObject bad = opMessage(noteId, 0, "[3]", QStringLiteral("A"), 3);
    bad.insert(QStringLiteral("op"), QJsonArray{0});
    expectError(bad, QStringLiteral("op_rejected"));
    bad.remove(QStringLiteral("seq"));
    expectError(bad, QStringLiteral("bad_request"));
    // The connection stays usable and the note unchanged.
    a->send(msg(QStringLiteral("ping")));
    QVERIFY(!a->next(QStringLiteral("pong")).isEmpty());
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QStringLiteral("abc"));
}

void TestHubOps::aNoteCannotGrowPastTheHubsLimit()
{
    HubConfig config;
    config.maxNoteUnits = 10;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    // Created over the limit: refused.
    a->send(msg(QStringLiteral("note_created"),
                {{QStringLiteral("noteData"),
                  QJsonObject{{QStringLiteral("title"), QStringLiteral("Big")},
                              {QStringLiteral("content"), QString(11, QLatin1Char('x'))}}}}));
    QCOMPARE(a->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("bad_request"));
    const QString noteId = createNote(*a, QStringLiteral("t"), QStringLiteral("abcdefgh"));
    joinNote(*a, noteId);
    // Up to the limit is fine; one more character is refused with the reason, and a deletion
    // still goes through.
    a->send(opMessage(noteId, 0, TextOperation().retain(8).insert(QStringLiteral("ij")),
                      QStringLiteral("A"), 1));
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInteger(), 1);
    a->send(opMessage(noteId, 1, TextOperation().retain(10).insert(QStringLiteral("k")),
                      QStringLiteral("A"), 2));
    const QJsonObject error = a->next(QStringLiteral("error"));
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("op_rejected"));
    QVERIFY2(
            error.value(QLatin1String("message")).toString().contains(QLatin1String("limit of 10")),
            qPrintable(error.value(QLatin1String("message")).toString()));
    a->send(opMessage(noteId, 1, TextOperation().remove(2).retain(8), QStringLiteral("A"), 3));
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInteger(), 2);
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QStringLiteral("cdefghij"));
}

void TestHubOps::noteUpdateWithBadContentChangesNothing()
{
    HubConfig config;
    config.opLimits.maxInsertedUnits = 10;
    HubFixture fixture(config);
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("Old"), QStringLiteral("short"));
    a->send(msg(QStringLiteral("note_update"),
                {{QStringLiteral("noteId"), noteId},
                 {QStringLiteral("changes"),
                  QJsonObject{{QStringLiteral("title"), QStringLiteral("New")},
                              {QStringLiteral("content"), QString(50, QLatin1Char('x'))}}}}));
    QCOMPARE(a->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("bad_request"));
    const QJsonObject note = joinNote(*a, noteId).value(QLatin1String("note")).toObject();
    QCOMPARE(note.value(QLatin1String("title")).toString(), QStringLiteral("Old"));
    QCOMPARE(note.value(QLatin1String("content")).toString(), QStringLiteral("short"));
}

void TestHubOps::noteUpdateContentBecomesOneOp()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    auto live = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("Old"), QStringLiteral("one two three"));
    joinNote(*live, noteId);
    a->send(msg(QStringLiteral("note_update"),
                {{QStringLiteral("noteId"), noteId},
                 {QStringLiteral("changes"),
                  QJsonObject{{QStringLiteral("title"), QStringLiteral("New")},
                              {QStringLiteral("content"), QStringLiteral("one 2 three")}}}}));
    const QJsonObject success = a->next(QStringLiteral("note_update_success"));
    QCOMPARE(success.value(QLatin1String("updatedNote"))
                     .toObject()
                     .value(QLatin1String("title"))
                     .toString(),
             QStringLiteral("New"));
    const QJsonObject op = live->next(QStringLiteral("note_op"));
    QCOMPARE(op.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(op.value(QLatin1String("op")).toArray(), (QJsonArray{4, QStringLiteral("2"), -3, 6}));
    QVERIFY(!op.contains(QLatin1String("revertedTo"))); // an edit, not a revert
    const QJsonObject sync = live->next(QStringLiteral("note_sync"));
    QCOMPARE(sync.value(QLatin1String("changes"))
                     .toObject()
                     .value(QLatin1String("title"))
                     .toString(),
             QStringLiteral("New"));
    QCOMPARE(sync.value(QLatin1String("fromUserId")).toString(), QStringLiteral("alice"));
    // A title-only change does not consume a text version.
    a->send(msg(QStringLiteral("note_update"),
                {{QStringLiteral("noteId"), noteId},
                 {QStringLiteral("changes"),
                  QJsonObject{{QStringLiteral("title"), QStringLiteral("Newer")}}}}));
    QCOMPARE(a->next(QStringLiteral("note_update_success"))
                     .value(QLatin1String("updatedNote"))
                     .toObject()
                     .value(QLatin1String("version"))
                     .toInt(),
             1);
}

void TestHubOps::historyGetVersionAndRevert()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    auto live = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*a, QStringLiteral("t"), QStringLiteral("v0"));
    joinNote(*a, noteId);
    joinNote(*live, noteId);
    a->send(opMessage(noteId, 0, R"([2," v1"])", QStringLiteral("A"), 1));
    a->next(QStringLiteral("note_op_ack"));
    a->send(opMessage(noteId, 1, R"([-5,"final"])", QStringLiteral("A"), 2));
    a->next(QStringLiteral("note_op_ack"));

    a->send(msg(QStringLiteral("history"), {{QStringLiteral("noteId"), noteId}}));
    const QJsonArray versions =
            a->next(QStringLiteral("history")).value(QLatin1String("versions")).toArray();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions[0].toObject().value(QLatin1String("version")).toInt(), 2);
    QCOMPARE(versions[0].toObject().value(QLatin1String("userName")).toString(),
             QStringLiteral("alice Name"));
    // What each version deleted, for a listing that sets a large deletion apart.
    QCOMPARE(versions[0].toObject().value(QLatin1String("deleted")), QJsonValue(5));
    QCOMPARE(versions[1].toObject().value(QLatin1String("deleted")), QJsonValue(0));

    a->send(msg(QStringLiteral("get_version"),
                {{QStringLiteral("noteId"), noteId}, {QStringLiteral("version"), 1}}));
    QCOMPARE(a->next(QStringLiteral("note_version")).value(QLatin1String("content")).toString(),
             QStringLiteral("v0 v1"));

    a->send(msg(QStringLiteral("revert"),
                {{QStringLiteral("noteId"), noteId}, {QStringLiteral("version"), 0}}));
    const QJsonObject reverted = a->next(QStringLiteral("revert_success"));
    QCOMPARE(reverted.value(QLatin1String("version")).toInt(), 3);
    // Live editors (the reverting one too) get the revert as one op, saying which version it
    // brought back and who did; history is kept.
    const QJsonObject seen = live->next(QStringLiteral("note_op"), 5000, [](const QJsonObject &m) {
        return m.value(QLatin1String("version")).toInt() == 3;
    });
    QCOMPARE(seen.value(QLatin1String("revertedTo")), QJsonValue(0));
    QCOMPARE(seen.value(QLatin1String("userId")).toString(), QStringLiteral("alice"));
    QCOMPARE(a->next(QStringLiteral("note_op")).value(QLatin1String("revertedTo")), QJsonValue(0));
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QStringLiteral("v0"));
    a->send(msg(QStringLiteral("get_version"),
                {{QStringLiteral("noteId"), noteId}, {QStringLiteral("version"), 2}}));
    QCOMPARE(a->next(QStringLiteral("note_version")).value(QLatin1String("content")).toString(),
             QStringLiteral("final"));
    // The revert replaced "final" by "v0": its 5 units count as deleted.
    a->send(msg(QStringLiteral("history"), {{QStringLiteral("noteId"), noteId}}));
    const QJsonObject newest = a->next(QStringLiteral("history"))
                                       .value(QLatin1String("versions"))
                                       .toArray()
                                       .first()
                                       .toObject();
    QCOMPARE(newest.value(QLatin1String("version")), QJsonValue(3));
    QCOMPARE(newest.value(QLatin1String("deleted")), QJsonValue(5));
}

void TestHubOps::opsSurviveHubRestart()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    QString noteId;
    {
        auto a = fixture.client(QStringLiteral("alice"));
        noteId = createNote(*a, QStringLiteral("Persist"), QStringLiteral("a"));
        joinNote(*a, noteId);
        a->send(opMessage(noteId, 0, R"([1,"b"])", QStringLiteral("A"), 1));
        QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 1);
    }
    fixture.stop();
    QVERIFY(fixture.start());
    auto a = fixture.client(QStringLiteral("alice"));
    const QJsonObject note = joinNote(*a, noteId).value(QLatin1String("note")).toObject();
    QCOMPARE(note.value(QLatin1String("content")).toString(), QStringLiteral("ab"));
    QCOMPARE(note.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(note.value(QLatin1String("title")).toString(), QStringLiteral("Persist"));
    // The dedupe memory survives too.
    a->send(opMessage(noteId, 0, R"([1,"b"])", QStringLiteral("A"), 1));
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 1);
    // Ops made against versions older than the restart are transformed from the stored log,
    // also several in one pass (the second must see the first, not yet committed).
    a->send(opMessage(noteId, 0, R"(["x",1])", QStringLiteral("A"), 2));
    a->send(opMessage(noteId, 0, R"(["y",1])", QStringLiteral("A"), 3));
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 2);
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 3);
    a->send(opMessage(noteId, 1, R"([2,"z"])", QStringLiteral("A"), 4));
    QCOMPARE(a->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInt(), 4);
    QCOMPARE(contentOf(fixture, QStringLiteral("alice"), noteId), QStringLiteral("yxabz"));
}

void TestHubOps::joinDuringBurstGetsEveryLaterOpOnce()
{
    // Commits run beside the hub's event loop, so a join can see ops still on their way to the
    // disk; their broadcasts after the commit must not reach the joiner a second time.
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto writer = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*writer, QStringLiteral("burst"), QString());
    joinNote(*writer, noteId);
    constexpr int Ops = 300;
    auto joiner = fixture.client(QStringLiteral("alice"));
    for (int v = 0; v < Ops; ++v) {
        TextOperation op;
        op.insert(QString(QChar(u'a' + v % 26))).retain(v);
        writer->send(opMessage(noteId, v, op, QStringLiteral("w"), v + 1));
        if (v == Ops / 2)
            joiner->send(msg(QStringLiteral("join_note"), {{QStringLiteral("noteId"), noteId}}));
    }
    const QJsonObject joined = joiner->next(QStringLiteral("note_joined"), 30'000);
    QVERIFY(!joined.isEmpty());
    const qint64 joinedAt = joined.value(QLatin1String("version")).toInteger();
    QString doc = joined.value(QLatin1String("note"))
                          .toObject()
                          .value(QLatin1String("content"))
                          .toString();
    QCOMPARE(doc.size(), joinedAt);
    for (qint64 expected = joinedAt + 1; expected <= Ops; ++expected) {
        const QJsonObject op = joiner->next(QStringLiteral("note_op"), 30'000);
        QCOMPARE(op.value(QLatin1String("version")).toInteger(), expected);
        doc = TextOperation::fromJson(op.value(QLatin1String("op"))).value().apply(doc).value();
    }
    QVERIFY(!joiner->receives(QStringLiteral("note_op"), 300));
    QCOMPARE(doc, contentOf(fixture, QStringLiteral("alice"), noteId));
    qInfo("joined at version %lld of %d", qlonglong(joinedAt), Ops);
}

void TestHubOps::aJoinIsToldOfCommittedVersionsOnly()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto writer = fixture.client(QStringLiteral("alice"));
    const QString noteId = createNote(*writer, QStringLiteral("held"), QStringLiteral("ab"));
    joinNote(*writer, noteId);

    // The hub applies the next op in memory, and its commit waits.
    CommitHold hold(fixture.dataDir());
    QVERIFY(hold.holding());
    writer->send(opMessage(noteId, 0, R"([2,"c"])", QStringLiteral("w"), 1));
    QVERIFY(!writer->receives(QStringLiteral("note_op_ack"), 300)); // applied, not on disk

    // Were the hub killed now, version 1 would never have been: nobody may hear of it. Joins
    // are answered at once, with the note as committed.
    auto rejoiner = fixture.client(QStringLiteral("alice"));
    rejoiner->send(msg(QStringLiteral("join_note"),
                       {{QStringLiteral("noteId"), noteId}, {QStringLiteral("version"), 0}}));
    const QJsonObject caughtUp = rejoiner->next(QStringLiteral("note_joined"));
    QCOMPARE(caughtUp.value(QLatin1String("version")).toInteger(), 0);
    QCOMPARE(caughtUp.value(QLatin1String("ops")).toArray().size(), 0);
    auto newcomer = fixture.client(QStringLiteral("alice"));
    newcomer->send(msg(QStringLiteral("join_note"), {{QStringLiteral("noteId"), noteId}}));
    const QJsonObject whole = newcomer->next(QStringLiteral("note_joined"));
    QCOMPARE(whole.value(QLatin1String("version")), QJsonValue(0));
    QCOMPARE(whole.value(QLatin1String("note")).toObject().value(QLatin1String("version")),
             QJsonValue(0));
    QCOMPARE(whole.value(QLatin1String("note")).toObject().value(QLatin1String("content")),
             QJsonValue(QStringLiteral("ab")));
    auto fetcher = fixture.client(QStringLiteral("alice"));
    fetcher->send(msg(QStringLiteral("get_version"),
                      {{QStringLiteral("noteId"), noteId}, {QStringLiteral("version"), 1}}));
    QVERIFY(!fetcher->receives(QStringLiteral("note_version"), 300));

    QVERIFY(hold.release());
    // On disk now: the writer's ack, the op to both who joined, the text of version 1 to the
    // fetcher.
    QCOMPARE(writer->next(QStringLiteral("note_op_ack")).value(QLatin1String("version")),
             QJsonValue(1));
    for (HubTestClient *joined : {rejoiner.get(), newcomer.get()})
        QCOMPARE(joined->next(QStringLiteral("note_op")).value(QLatin1String("version")),
                 QJsonValue(1));
    QCOMPARE(fetcher->next(QStringLiteral("note_version")).value(QLatin1String("content")),
             QJsonValue(QStringLiteral("abc")));
}

void TestHubOps::createResendIsIdempotentAndIdsAreNotShared()
{
    HubFixture fixture;
    QVERIFY(fixture.start());
    auto alice = fixture.client(QStringLiteral("alice"));
    const QJsonObject create =
            msg(QStringLiteral("note_created"),
                {{QStringLiteral("noteData"),
                  QJsonObject{{QStringLiteral("id"), QStringLiteral("fixed-id")},
                              {QStringLiteral("title"), QStringLiteral("Once")},
                              {QStringLiteral("content"), QStringLiteral("x")}}}});
    alice->send(create);
    alice->send(create); // a resend after a lost confirmation
    QVERIFY(!alice->next(QStringLiteral("note_created_success")).isEmpty());
    QVERIFY(!alice->next(QStringLiteral("note_created_success")).isEmpty());
    alice->send(msg(QStringLiteral("list_notes")));
    QCOMPARE(alice->next(QStringLiteral("notes_list"))
                     .value(QLatin1String("notes"))
                     .toArray()
                     .size(),
             1);
    auto mallory = fixture.client(QStringLiteral("mallory"));
    mallory->send(create);
    QCOMPARE(mallory->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
             QStringLiteral("conflict"));
}

QTEST_GUILESS_MAIN(TestHubOps)
#include "tst_hub_ops.moc"
