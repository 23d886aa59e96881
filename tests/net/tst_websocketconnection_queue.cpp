// SPDX-License-Identifier: GPL-3.0-or-later
// WebSocketConnection's outgoing queue: what one event-loop pass queues for a client reaches
// it whole and in order, across the kernel's buffer filling and Qt's taking the rest; and a
// large frame sent to many connections, each with something else queued in the same pass,
// is held in memory once, not once per connection.
#include "processmemory.h"
#include "testseed.h"
#include "websocketconnection.h"

#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

class TestWebSocketConnectionQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framesQueuedInOnePassArriveWholeAndInOrder();
    void aLargeFrameSentToManyConnectionsIsHeldOnce();
};

namespace {

/** A hub-side WebSocketConnection and the raw client socket at the other end. */
struct Pair
{
    std::unique_ptr<QTcpSocket> client;
    std::unique_ptr<WebSocketConnection> connection;
    QByteArray received;
};

/** count connected pairs over loopback; empty if they could not be made. */
std::vector<std::unique_ptr<Pair>> connectPairs(QTcpServer &server, int count)
{
    std::vector<std::unique_ptr<Pair>> pairs;
    for (int i = 0; i < count; ++i) {
        auto pair = std::make_unique<Pair>();
        pair->client = std::make_unique<QTcpSocket>();
        pair->client->connectToHost(QHostAddress::LocalHost, server.serverPort());
        if (!server.waitForNewConnection(5000))
            return {};
        pair->connection = std::make_unique<WebSocketConnection>(
                server.nextPendingConnection(), QUrl(QStringLiteral("/v1")), QByteArray());
        Pair *raw = pair.get();
        QObject::connect(raw->client.get(), &QTcpSocket::readyRead, raw->client.get(),
                         [raw]() { raw->received += raw->client->readAll(); });
        pairs.push_back(std::move(pair));
    }
    return pairs;
}

/** An unsolicited pong with payload, as the hub writes it (server frames are not masked). */
QByteArray pongFrame(const QByteArray &payload)
{
    return QByteArray(1, char(0x8a)) + char(payload.size()) + payload;
}

/** A text message of size bytes of letter. */
QByteArray textOf(qsizetype size, char letter)
{
    return WebSocketConnection::textFrame(QByteArray(size, letter));
}

bool receivedAll(const std::vector<std::unique_ptr<Pair>> &pairs, qsizetype expected)
{
    return QTest::qWaitFor(
            [&]() {
                for (const auto &pair : pairs)
                    if (pair->received.size() < expected)
                        return false;
                return true;
            },
            30'000);
}

} // namespace

void TestWebSocketConnectionQueue::framesQueuedInOnePassArriveWholeAndInOrder()
{
    // Small frames (copied together), frames at and past SharedFrameBytes (queued as they
    // are), more of them than one sendmsg call takes (64), and some larger than the kernel's
    // socket buffer, so that part of the pass goes through Qt's buffer.
    QRandomGenerator random(testSeed());
    const qsizetype sizes[] = {1,
                               100,
                               WebSocketConnection::SharedFrameBytes - 10,
                               WebSocketConnection::SharedFrameBytes,
                               5000,
                               70'000,
                               300'000};
    QList<QByteArray> frames;
    QByteArray expected;
    for (int i = 0; i < 300; ++i) {
        const char letter = char('a' + i % 26);
        const QByteArray frame = random.bounded(10) == 0
                ? pongFrame(QByteArray(1 + random.bounded(100), letter))
                : textOf(sizes[random.bounded(int(std::size(sizes)))], letter);
        frames << frame;
        expected += frame;
    }
    qInfo("%lld frames, %lld bytes in one pass", qsizetype(frames.size()), expected.size());

    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    auto pairs = connectPairs(server, 3);
    QCOMPARE(pairs.size(), size_t(3));
    for (const auto &pair : pairs)
        for (const QByteArray &frame : frames) {
            if (quint8(frame[0]) == 0x8a)
                pair->connection->sendPong(frame.sliced(2));
            else
                pair->connection->sendFrame(frame);
        }
    QVERIFY(receivedAll(pairs, expected.size()));
    for (const auto &pair : pairs) {
        QCOMPARE(pair->received.size(), expected.size());
        QVERIFY(pair->received == expected);
        QCOMPARE(pair->connection->bytesToWrite(), 0);
        QCOMPARE(pair->connection->queuedTotal(), expected.size());
    }
}

void TestWebSocketConnectionQueue::aLargeFrameSentToManyConnectionsIsHeldOnce()
{
    if (rssKiB() < 0)
        QSKIP("needs /proc/self/status (Linux)");
    constexpr int Connections = 20;
    const QByteArray large = textOf(4 * 1024 * 1024, 'n'); // a long note's whole text
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    auto pairs = connectPairs(server, Connections);
    QCOMPARE(pairs.size(), size_t(Connections));

    // As a note_sync goes out: each session has a small frame queued already in this pass
    // (a cursor, a presence change), then the note's text is sent to all of them. Nothing
    // is written before the pass ends, so what the queues hold is measured here.
    const qint64 before = rssKiB();
    for (const auto &pair : pairs) {
        pair->connection->sendPong("cursor");
        pair->connection->sendFrame(large);
    }
    const qint64 grown = rssKiB() - before;
    qInfo("%d queues with a 4 MiB frame after a small one: RSS grew by %lld KiB", Connections,
          grown);
    // A copy per connection would be 80 MiB.
    QVERIFY2(grown < 16 * 1024, qPrintable(QString::number(grown)));

    QVERIFY(receivedAll(pairs, pongFrame("cursor").size() + large.size()));
    for (const auto &pair : pairs)
        QVERIFY(pair->received == pongFrame("cursor") + large);
}

QTEST_GUILESS_MAIN(TestWebSocketConnectionQueue)
#include "tst_websocketconnection_queue.moc"
