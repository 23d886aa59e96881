// SPDX-License-Identifier: GPL-3.0-or-later
// Which (clientId, seq) a note has applied, the guard that keeps a resend from being applied
// twice, after the note is read from the store again (a restart, or after it left memory):
// the hub does not read every client id the note ever heard from (one for every run of every
// editor's app), but looks a client up in the store until an op of it is applied. Resends
// from any earlier run are acknowledged at their old versions, new ops are applied, memory
// holds only the client ids with an op applied since the load (GET /v1/stats), and when the
// store cannot be read nothing is applied: the client is told to reconnect and resend.
#include "hubdatabase.h"
#include "hubfixture.h"

namespace {

constexpr int Runs = 5;
constexpr int OpsPerRun = 3;

QString runId(int run)
{
    return QStringLiteral("run%1").arg(run);
}

/** The op making version v of the note (empty at version 0, an "x" more at its start with
 *  every version), sent as the seq-th op of clientId. */
QJsonObject xAt(const QString &noteId, qint64 v, const QString &clientId, qint64 seq)
{
    return xAtStart(noteId, 0, v, clientId, seq);
}

qint64 ackedVersion(HubTestClient &client)
{
    return client.next(QStringLiteral("note_op_ack")).value(QLatin1String("version")).toInteger();
}

/** A hub and a note of alice's into which Runs runs of her app typed OpsPerRun "x"s each (each
 *  run a client id of its own, seqs 1…OpsPerRun: version (run * OpsPerRun + seq)); the hub
 *  then restarted, so the note is read from the store at the next join. */
struct TypedInEarlierRuns
{
    HubFixture fixture;
    QString id;

    bool make()
    {
        if (!fixture.start())
            return false;
        auto alice = fixture.client(QStringLiteral("alice"));
        id = createNote(*alice, QStringLiteral("t"), QString());
        joinNote(*alice, id);
        for (int run = 0; run < Runs; ++run)
            for (int seq = 1; seq <= OpsPerRun; ++seq) {
                const qint64 v = run * OpsPerRun + seq;
                alice->send(xAt(id, v, runId(run), seq));
                if (ackedVersion(*alice) != v)
                    return false;
            }
        alice.reset();
        return fixture.restart();
    }
};

} // namespace

class TestHubAppliedSeqs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resendsFromEveryEarlierRunAreAcknowledgedNotApplied();
    void onlyClientsWithAnOpAppliedSinceTheLoadAreKept();
    void aClientTheStoreCannotTellAboutHasNothingApplied();
};

void TestHubAppliedSeqs::resendsFromEveryEarlierRunAreAcknowledgedNotApplied()
{
    TypedInEarlierRuns note;
    QVERIFY(note.make());
    auto alice = note.fixture.client(QStringLiteral("alice"));
    QCOMPARE(joinNote(*alice, note.id)
                     .value(QLatin1String("note"))
                     .toObject()
                     .value(QLatin1String("version"))
                     .toInteger(),
             Runs * OpsPerRun);
    // Every run resends its last op, and the first run an older one too (made against the
    // version it was made on): each is acknowledged at the version it got then.
    for (int run = Runs - 1; run >= 0; --run) {
        const qint64 v = run * OpsPerRun + OpsPerRun;
        alice->send(xAt(note.id, v, runId(run), OpsPerRun));
        QCOMPARE(ackedVersion(*alice), v);
    }
    alice->send(xAt(note.id, 2, runId(0), 2));
    QCOMPARE(ackedVersion(*alice), 2);
    // A new op of an earlier run's client id, and a new run's first op, are applied.
    constexpr qint64 Last = Runs * OpsPerRun;
    alice->send(xAt(note.id, Last + 1, runId(2), OpsPerRun + 1));
    QCOMPARE(ackedVersion(*alice), Last + 1);
    alice->send(xAt(note.id, Last + 2, runId(Runs), 1));
    QCOMPARE(ackedVersion(*alice), Last + 2);
    QCOMPARE(contentOf(note.fixture, QStringLiteral("alice"), note.id), QString(Last + 2, u'x'));
}

void TestHubAppliedSeqs::onlyClientsWithAnOpAppliedSinceTheLoadAreKept()
{
    TypedInEarlierRuns note;
    QVERIFY(note.make());
    const auto clientIdsHeld = [&note]() {
        return hubStats(note.fixture.hub().port()).value(QLatin1String("clientIdsHeld")).toInt(-1);
    };
    auto alice = note.fixture.client(QStringLiteral("alice"));
    joinNote(*alice, note.id);
    QCOMPARE(clientIdsHeld(), 0); // none of the Runs client ids read at the load
    // A resend, acknowledged without being applied, and ops refused under new client ids
    // (made against a version the note does not have yet): looked up, nothing kept.
    constexpr qint64 Last = Runs * OpsPerRun;
    alice->send(xAt(note.id, Last, runId(Runs - 1), OpsPerRun));
    QCOMPARE(ackedVersion(*alice), Last);
    for (int i = 0; i < 5; ++i) {
        alice->send(xAt(note.id, Last + 2, QStringLiteral("refused%1").arg(i), 1));
        QCOMPARE(alice->next(QStringLiteral("error")).value(QLatin1String("code")).toString(),
                 QStringLiteral("bad_version"));
    }
    QCOMPARE(clientIdsHeld(), 0);
    // Ops applied: their client id is kept, once.
    alice->send(xAt(note.id, Last + 1, runId(1), OpsPerRun + 1));
    QCOMPARE(ackedVersion(*alice), Last + 1);
    alice->send(xAt(note.id, Last + 2, runId(1), OpsPerRun + 2));
    QCOMPARE(ackedVersion(*alice), Last + 2);
    QCOMPARE(clientIdsHeld(), 1);
}

void TestHubAppliedSeqs::aClientTheStoreCannotTellAboutHasNothingApplied()
{
    TypedInEarlierRuns note;
    QVERIFY(note.make());
    auto alice = note.fixture.client(QStringLiteral("alice"));
    joinNote(*alice, note.id); // the note is in memory again, its clients not yet looked up
    // The ops table goes missing under the hub (renamed by an outside tool): which ops the
    // last run sent cannot be read, so its resend is not applied, and the client is told.
    QVERIFY(execOnHubDatabase(note.fixture.dataDir(),
                              {QStringLiteral("ALTER TABLE ops RENAME TO ops_away")}));
    const qint64 v = Runs * OpsPerRun;
    alice->send(xAt(note.id, v, runId(Runs - 1), OpsPerRun));
    const QJsonObject error = alice->next(QStringLiteral("error"));
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("storage_failed"));
    // Refused before anything was applied, not a change applied whose commit then failed.
    const QString message = error.value(QLatin1String("message")).toString();
    QVERIFY2(message.startsWith(QLatin1String("the hub could not read its store (")) &&
                     message.contains(QLatin1String("ops")) &&
                     message.endsWith(QLatin1String("reconnect and resend")),
             qPrintable(message));
    QVERIFY(alice->waitForDisconnected());
    QCOMPARE(alice->socket().closeCode(), QWebSocketProtocol::CloseCodeBadOperation);

    // The table back, the client reconnects and resends: acknowledged at its old version.
    QVERIFY(execOnHubDatabase(note.fixture.dataDir(),
                              {QStringLiteral("ALTER TABLE ops_away RENAME TO ops")}));
    alice = note.fixture.client(QStringLiteral("alice"));
    joinNote(*alice, note.id);
    alice->send(xAt(note.id, v, runId(Runs - 1), OpsPerRun));
    QCOMPARE(ackedVersion(*alice), v);
    QCOMPARE(contentOf(note.fixture, QStringLiteral("alice"), note.id), QString(v, u'x'));
}

QTEST_GUILESS_MAIN(TestHubAppliedSeqs)
#include "tst_hub_appliedseqs.moc"
