// SPDX-License-Identifier: GPL-3.0-or-later
// OtClient, ot.js's client algorithm: its three states and their transitions, errors that
// leave the state untouched, remote cursors through pending edits, an edit too large for one
// message sent in parts, and convergence of several clients with a sequencing server under
// random delivery orders, with and without parts (seeded; TANDEM_TEST_SEED replays a run).
#include "otclient.h"
#include "randomedit.h"
#include "testseed.h"

#include <QTest>

#include <deque>

class TestOtClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statesFollowOtJs();
    void mistakesAreErrorsThatChangeNothing();
    void remoteCursorMovesThroughPendingEdits();
    void aLargeEditIsSentInPartsOneAfterTheOther();
    void clientsConvergeUnderRandomDelivery();
};

namespace {

TextOperation insertAt(qsizetype at, const QString &text, qsizetype length)
{
    TextOperation op;
    op.retain(at).insert(text).retain(length - at);
    return op;
}

} // namespace

void TestOtClient::statesFollowOtJs()
{
    OtClient client(7);
    QCOMPARE(client.state(), OtClient::State::Synchronized);

    // The first edit goes out at once.
    const auto first = client.applyClient(insertAt(0, QStringLiteral("a"), 0));
    QVERIFY(first && first.value());
    QCOMPARE(client.state(), OtClient::State::AwaitingConfirm);

    // The next ones wait, composed into one.
    QVERIFY(client.applyClient(insertAt(1, QStringLiteral("b"), 1)).value() == std::nullopt);
    QVERIFY(client.applyClient(insertAt(2, QStringLiteral("c"), 2)).value() == std::nullopt);
    QCOMPARE(client.state(), OtClient::State::AwaitingWithBuffer);
    QCOMPARE(client.buffer()->apply(QStringLiteral("a")).value(), QStringLiteral("abc"));

    // The ack sends the buffer; the next ack ends in Synchronized; each ack is a version.
    const auto next = client.serverAck();
    QVERIFY(next && next.value());
    QCOMPARE(next.value()->apply(QStringLiteral("a")).value(), QStringLiteral("abc"));
    QCOMPARE(client.state(), OtClient::State::AwaitingConfirm);
    QCOMPARE(client.version(), 8);
    QVERIFY(client.serverAck().value() == std::nullopt);
    QCOMPARE(client.state(), OtClient::State::Synchronized);
    QCOMPARE(client.version(), 9);

    // A remote op while synchronized applies as it is.
    const TextOperation remote = insertAt(3, QStringLiteral("!"), 3);
    QCOMPARE(client.applyServer(remote).value(), remote);
    QCOMPARE(client.version(), 10);
}

void TestOtClient::mistakesAreErrorsThatChangeNothing()
{
    OtClient client;
    QVERIFY(!client.serverAck()); // nothing outstanding
    QCOMPARE(client.state(), OtClient::State::Synchronized);
    QCOMPARE(client.version(), 0);

    QVERIFY(client.applyClient(insertAt(0, QStringLiteral("a"), 2)));
    // An edit of a document of the wrong length.
    QVERIFY(!client.applyClient(insertAt(0, QStringLiteral("b"), 7)));
    QCOMPARE(client.state(), OtClient::State::AwaitingConfirm);
    QVERIFY(!client.buffer());
    // A remote op of the wrong length is refused and the pending op is as it was.
    const TextOperation pending = *client.outstanding();
    QVERIFY(!client.applyServer(insertAt(0, QStringLiteral("x"), 9)));
    QCOMPARE(*client.outstanding(), pending);
    QCOMPARE(client.version(), 0);
}

void TestOtClient::remoteCursorMovesThroughPendingEdits()
{
    // The hub's text is "hello"; locally "XX" was typed at 0 (outstanding) and "Y" at the end
    // (buffered). A remote cursor at 5 (after "hello") moves past both: as in ot.js, an insert
    // at a cursor pushes it right.
    OtClient client;
    QVERIFY(client.applyClient(insertAt(0, QStringLiteral("XX"), 5)));
    QVERIFY(client.applyClient(insertAt(7, QStringLiteral("Y"), 7)));
    QCOMPARE(client.transformRange({5, 5}), (TextRange{8, 8}));
    QCOMPARE(client.transformRange({0, 5}), (TextRange{2, 8}));
    QCOMPARE(client.transformRange({3, 3}), (TextRange{5, 5}));
}

void TestOtClient::aLargeEditIsSentInPartsOneAfterTheOther()
{
    OtClient client(3);
    client.setMaxSentInsert(4);
    const QString paste = QStringLiteral("0123456789");
    const auto first = client.applyClient(TextOperation().retain(2).insert(paste));
    QVERIFY(first && first.value());
    QCOMPARE(*first.value(), TextOperation().retain(2).insert(QStringLiteral("0123")));
    QCOMPARE(client.state(), OtClient::State::AwaitingWithBuffer);
    // Typing meanwhile goes onto the rest, as ever.
    QVERIFY(client.applyClient(TextOperation().retain(12).insert(QStringLiteral("!"))));
    QString hub = QStringLiteral("ab");
    hub = first.value()->apply(hub).value();
    for (int parts = 1;; ++parts) {
        const auto next = client.serverAck();
        QVERIFY(next);
        if (!next.value()) {
            QCOMPARE(parts, 3); // 4 + 4 + 2 units and the "!"
            break;
        }
        QVERIFY(next.value()->insertedLength() <= 4);
        hub = next.value()->apply(hub).value();
    }
    QCOMPARE(hub, QStringLiteral("ab0123456789!"));
    QCOMPARE(client.version(), qint64(6));
    QCOMPARE(client.state(), OtClient::State::Synchronized);
}

void TestOtClient::clientsConvergeUnderRandomDelivery()
{
    QRandomGenerator rng(testSeed());
    constexpr int Clients = 3;
    for (int round = 0; round < 2000; ++round) {
        // The server: ot.js's Server (transform against history since the op's revision).
        QString serverDoc = QStringLiteral("start");
        std::vector<TextOperation> history;
        struct Peer
        {
            OtClient client;
            QString doc = QStringLiteral("start");
            std::deque<std::pair<TextOperation, qint64>> toServer; ///< (op, revision)
            std::deque<std::optional<TextOperation>> fromServer;   ///< nullopt: an ack
        };
        std::vector<Peer> peers(Clients);
        // Every other round the clients send edits in parts of a few characters (as they
        // send a paste too large for one message), so parts meet concurrent edits.
        const qsizetype maxSent =
                round % 2 ? 1 + qsizetype(rng.bounded(4)) : OtClient::DefaultMaxSentInsert;
        for (Peer &peer : peers)
            peer.client.setMaxSentInsert(maxSent);
        const auto sent = [&](Peer &peer, const TextOperation &op) {
            QVERIFY(op.insertedLength() <= qMax<qsizetype>(maxSent, 2));
            peer.toServer.emplace_back(op, peer.client.version());
        };
        const auto serverReceive = [&](int from) {
            auto [op, revision] = peers[size_t(from)].toServer.front();
            peers[size_t(from)].toServer.pop_front();
            for (size_t i = size_t(revision); i < history.size(); ++i)
                op = TextOperation::transform(op, history[i]).value().first;
            serverDoc = op.apply(serverDoc).value();
            history.push_back(op);
            for (int p = 0; p < Clients; ++p)
                peers[size_t(p)].fromServer.push_back(p == from ? std::nullopt : std::optional(op));
        };
        const auto clientReceive = [&](Peer &peer) {
            const std::optional<TextOperation> message = peer.fromServer.front();
            peer.fromServer.pop_front();
            if (!message) {
                const auto next = peer.client.serverAck();
                QVERIFY(next);
                if (next.value())
                    sent(peer, *next.value());
                return;
            }
            const auto local = peer.client.applyServer(*message);
            QVERIFY2(local, local ? "" : qPrintable(local.error().message()));
            peer.doc = local.value().apply(peer.doc).value();
        };
        for (int step = 0; step < 60; ++step) {
            Peer &peer = peers[size_t(rng.bounded(Clients))];
            switch (rng.bounded(3)) {
            case 0: { // a local edit
                const TextOperation edit =
                        randomTextEdit(rng, peer.doc, QStringLiteral("abcdefghijklmnopqrstuvwxyz"));
                peer.doc = edit.apply(peer.doc).value();
                const auto send = peer.client.applyClient(edit);
                QVERIFY(send);
                if (send.value())
                    sent(peer, *send.value());
                break;
            }
            case 1:
                if (!peer.toServer.empty())
                    serverReceive(int(&peer - peers.data()));
                break;
            default:
                if (!peer.fromServer.empty())
                    clientReceive(peer);
            }
        }
        // Deliver everything still in flight.
        for (bool busy = true; busy;) {
            busy = false;
            for (int p = 0; p < Clients; ++p) {
                while (!peers[size_t(p)].toServer.empty()) {
                    serverReceive(p);
                    busy = true;
                }
                while (!peers[size_t(p)].fromServer.empty()) {
                    clientReceive(peers[size_t(p)]);
                    busy = true;
                }
            }
        }
        for (const Peer &peer : peers) {
            QCOMPARE(peer.doc, serverDoc);
            QCOMPARE(peer.client.state(), OtClient::State::Synchronized);
            QCOMPARE(peer.client.version(), qint64(history.size()));
        }
    }
}

QTEST_GUILESS_MAIN(TestOtClient)
#include "tst_otclient.moc"
