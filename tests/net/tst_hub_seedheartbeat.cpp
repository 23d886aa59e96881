// SPDX-License-Identifier: GPL-3.0-or-later
// The seeds' clients (note watchers, chat rooms, /ws instances, presence) are pinged like /v1
// clients: one that answers no ping (a link that died without a word) is dropped after two
// heartbeats, and one that answers, as browsers and ws do by themselves, stays however long it
// says nothing else.
#include "hubfixture.h"
#include "rawwebsocket.h"

#include <QSignalSpy>
#include <QWebSocket>

class TestHubSeedHeartbeat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aSeedClientAnsweringNoPingIsDropped_data();
    void aSeedClientAnsweringNoPingIsDropped();
    void aSeedClientAnsweringPingsStays_data();
    void aSeedClientAnsweringPingsStays();

private:
    static void seedPaths();
};

void TestHubSeedHeartbeat::seedPaths()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("seed 000 note watcher") << QStringLiteral("/ws/note/n1?userId=alice");
    QTest::newRow("seed 003 chat room") << QStringLiteral("/rooms/r1/ws?userId=u1&userName=Ann");
    QTest::newRow("seed 003 presence") << QStringLiteral("/presence/ws?userId=u1&userName=Ann");
    QTest::newRow("seed 002/004 /ws") << QStringLiteral("/ws?id=i1");
}

void TestHubSeedHeartbeat::aSeedClientAnsweringNoPingIsDropped_data()
{
    seedPaths();
}

void TestHubSeedHeartbeat::aSeedClientAnsweringNoPingIsDropped()
{
    QFETCH(QString, path);
    HubFixture hub(withTestHeartbeat(trustedConfig()));
    QVERIFY(hub.start());
    RawWebSocket silent;
    QVERIFY(silent.handshake(hub.hub().port(), {}, path.toUtf8()));
    // It is pinged, answers nothing, and is gone after two heartbeats (with room to spare).
    bool pinged = false;
    QElapsedTimer waited;
    waited.start();
    while (!pinged && waited.elapsed() < 5000) {
        const std::optional<RawWebSocket::Frame> frame = silent.nextFrame(500);
        pinged = frame && frame->opcode == RawWebSocket::Ping;
    }
    QVERIFY(pinged);
    QVERIFY(silent.waitForDisconnected(10 * TestHeartbeatMs));
}

void TestHubSeedHeartbeat::aSeedClientAnsweringPingsStays_data()
{
    seedPaths();
}

void TestHubSeedHeartbeat::aSeedClientAnsweringPingsStays()
{
    QFETCH(QString, path);
    HubFixture hub(withTestHeartbeat(trustedConfig()));
    QVERIFY(hub.start());
    QWebSocket client; // answers pings, as a browser does, and sends nothing else
    client.open(dialectUrl(hub.hub(), path));
    QVERIFY(QTest::qWaitFor([&]() { return client.state() == QAbstractSocket::ConnectedState; },
                            5000));
    QSignalSpy pings(&client, &QWebSocket::pong); // none: it pings nobody
    QSignalSpy gone(&client, &QWebSocket::disconnected);
    QTest::qWait(10 * TestHeartbeatMs);
    QCOMPARE(gone.size(), 0);
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(pings.size(), 0);
}

QTEST_GUILESS_MAIN(TestHubSeedHeartbeat)
#include "tst_hub_seedheartbeat.moc"
