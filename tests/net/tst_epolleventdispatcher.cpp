// SPDX-License-Identifier: GPL-3.0-or-later
// EpollEventDispatcher, the hub thread's event loop, installed for this test's main thread:
// timers (order, repeat, stop, kill from another handler, nested loops), socket notifiers
// (ready, disabled, deleted while pending, write, hang-up, thousands registered), wake-ups
// from other threads, and Qt networking on top of it.
#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

namespace {

/** Both ends of a Unix stream socket pair, closed on destruction. */
struct SocketPair
{
    int fds[2] = {-1, -1};
    SocketPair() { QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0); }
    ~SocketPair()
    {
        for (int fd : fds)
            if (fd >= 0)
                ::close(fd);
    }
    void send(char byte = 'x') const { QCOMPARE(::write(fds[1], &byte, 1), 1); }
    void drain() const
    {
        char buffer[64];
        QVERIFY(::read(fds[0], buffer, sizeof buffer) > 0);
    }
};

/** Turns the event loop for ms (tests here never assert on how long anything took). */
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theHubDispatcherIsInstalled();
    void timersFireInDeadlineOrder();
    void aStoppedRepeatingTimerFiresNoMore();
    void aTimerKilledByAnEarlierOneInTheSamePassNeverFires();
    void remainingTimeAndRegisteredTimersDescribeATimer();
    void aRunningTimerIsNotReenteredByANestedLoop();
    void aReadNotifierFiresWhileDataWaitsAndNotWhenDisabled();
    void aNotifierDeletedWhilePendingNeverFires();
    void writeAndHangUpWakeTheirNotifiers();
    void onlyTheReadySocketFiresAmongThousands();
    void excludingSocketNotifiersStillRunsTimers();
    void anotherThreadWakesABlockedLoop();
    void tcpRoundTripOverLoopback();
};

void TestEpollEventDispatcher::theHubDispatcherIsInstalled()
{
    QVERIFY(dynamic_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
}

void TestEpollEventDispatcher::timersFireInDeadlineOrder()
{
    QList<int> fired;
    for (int ms : {30, 10, 20, 0})
        QTimer::singleShot(ms, this, [&fired, ms]() { fired << ms; });
    QTRY_COMPARE(fired.size(), 4);
    QCOMPARE(fired, (QList<int>{0, 10, 20, 30}));
}

void TestEpollEventDispatcher::aStoppedRepeatingTimerFiresNoMore()
{
    QTimer timer;
    timer.setInterval(2);
    int shots = 0;
    connect(&timer, &QTimer::timeout, this, [&]() { ++shots; });
    timer.start();
    QTRY_VERIFY(shots >= 3);
    timer.stop();
    const int stoppedAt = shots;
    spin(30);
    QCOMPARE(shots, stoppedAt);
}

void TestEpollEventDispatcher::aTimerKilledByAnEarlierOneInTheSamePassNeverFires()
{
    // Both are due in the first pass; the first one stops the second before its turn.
    QTimer first;
    QTimer second;
    first.setSingleShot(true);
    second.setSingleShot(true);
    first.setInterval(0);
    second.setInterval(0);
    bool secondFired = false;
    bool firstFired = false;
    connect(&first, &QTimer::timeout, this, [&]() {
        firstFired = true;
        second.stop();
    });
    connect(&second, &QTimer::timeout, this, [&]() { secondFired = true; });
    first.start();
    second.start();
    QTRY_VERIFY(firstFired);
    spin(20);
    QVERIFY(!secondFired);
}

void TestEpollEventDispatcher::remainingTimeAndRegisteredTimersDescribeATimer()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.start(60'000);
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    const int left = dispatcher->remainingTime(timer.timerId());
    QVERIFY2(left > 0 && left <= 60'000, qPrintable(QString::number(left)));
    const QList<QAbstractEventDispatcher::TimerInfo> timers = dispatcher->registeredTimers(&timer);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers.first().timerId, timer.timerId());
    QCOMPARE(timers.first().interval, 60'000);
    QCOMPARE(timers.first().timerType, Qt::PreciseTimer);
    const int id = timer.timerId();
    timer.stop();
    QCOMPARE(dispatcher->remainingTime(id), -1);
    QVERIFY(dispatcher->registeredTimers(&timer).isEmpty());
}

void TestEpollEventDispatcher::aRunningTimerIsNotReenteredByANestedLoop()
{
    QTimer timer;
    timer.setInterval(1);
    int depth = 0;
    int deepest = 0;
    int shots = 0;
    connect(&timer, &QTimer::timeout, this, [&]() {
        ++depth;
        deepest = qMax(deepest, depth);
        if (++shots == 1)
            spin(20); // a nested loop while this timer's event is being delivered
        --depth;
    });
    timer.start();
    QTRY_VERIFY(shots >= 3);
    timer.stop();
    QCOMPARE(deepest, 1);
}

void TestEpollEventDispatcher::aReadNotifierFiresWhileDataWaitsAndNotWhenDisabled()
{
    SocketPair pair;
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&]() { ++activations; });
    spin(10);
    QCOMPARE(activations, 0); // nothing to read yet

    pair.send();
    QTRY_VERIFY(activations > 0);
    // Level-triggered: the byte is still unread, so it fires again.
    const int before = activations;
    spin(10);
    QVERIFY(activations > before);

    notifier.setEnabled(false);
    const int disabledAt = activations;
    spin(10);
    QCOMPARE(activations, disabledAt);

    notifier.setEnabled(true);
    QTRY_VERIFY(activations > disabledAt);
    pair.drain();
    spin(5); // a pass may still deliver the activation it collected
    const int drainedAt = activations;
    spin(10);
    QCOMPARE(activations, drainedAt);
}

void TestEpollEventDispatcher::aNotifierDeletedWhilePendingNeverFires()
{
    // Both sockets are readable in the same pass; whichever fires first deletes the other.
    SocketPair a;
    SocketPair b;
    auto *first = new QSocketNotifier(a.fds[0], QSocketNotifier::Read, this);
    auto *second = new QSocketNotifier(b.fds[0], QSocketNotifier::Read, this);
    QPointer<QSocketNotifier> firstAlive(first);
    QPointer<QSocketNotifier> secondAlive(second);
    int fired = 0;
    const auto onActivated = [&](QSocketNotifier *self, QSocketNotifier *other) {
        ++fired;
        self->setEnabled(false);
        delete other;
    };
    connect(first, &QSocketNotifier::activated, this, [&]() {
        if (secondAlive)
            onActivated(first, second);
    });
    connect(second, &QSocketNotifier::activated, this, [&]() {
        if (firstAlive)
            onActivated(second, first);
    });
    a.send();
    b.send();
    QTRY_VERIFY(fired > 0);
    spin(20);
    QCOMPARE(fired, 1);
    QVERIFY(!firstAlive || !secondAlive);
    delete firstAlive.data();
    delete secondAlive.data();
}

void TestEpollEventDispatcher::writeAndHangUpWakeTheirNotifiers()
{
    SocketPair pair;
    QSocketNotifier writable(pair.fds[0], QSocketNotifier::Write);
    bool wrote = false;
    connect(&writable, &QSocketNotifier::activated, this, [&]() {
        wrote = true;
        writable.setEnabled(false);
    });
    QTRY_VERIFY(wrote);

    QSocketNotifier readable(pair.fds[0], QSocketNotifier::Read);
    bool woke = false;
    connect(&readable, &QSocketNotifier::activated, this, [&]() {
        woke = true;
        readable.setEnabled(false);
    });
    spin(10);
    QVERIFY(!woke);
    ::close(pair.fds[1]); // the peer hangs up: reading now sees the end
    pair.fds[1] = -1;
    QTRY_VERIFY(woke);
}

void TestEpollEventDispatcher::onlyTheReadySocketFiresAmongThousands()
{
    constexpr int Count = 2000;
    std::vector<std::unique_ptr<SocketPair>> pairs;
    std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
    QList<int> fired;
    for (int i = 0; i < Count; ++i) {
        pairs.push_back(std::make_unique<SocketPair>());
        auto notifier =
                std::make_unique<QSocketNotifier>(pairs.back()->fds[0], QSocketNotifier::Read);
        connect(notifier.get(), &QSocketNotifier::activated, this, [&, i]() {
            fired << i;
            pairs[size_t(i)]->drain();
        });
        notifiers.push_back(std::move(notifier));
    }
    pairs[1234]->send();
    QTRY_COMPARE(fired, QList<int>{1234});
    pairs[7]->send();
    pairs[1999]->send();
    QTRY_COMPARE(fired.size(), 3);
    std::sort(fired.begin(), fired.end());
    QCOMPARE(fired, (QList<int>{7, 1234, 1999}));
}

void TestEpollEventDispatcher::excludingSocketNotifiersStillRunsTimers()
{
    SocketPair pair;
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    bool activated = false;
    connect(&notifier, &QSocketNotifier::activated, this, [&]() { activated = true; });
    pair.send();
    bool timerFired = false;
    QTimer::singleShot(5, this, [&]() { timerFired = true; });
    QDeadlineTimer deadline(5000);
    while (!timerFired && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::ExcludeSocketNotifiers |
                                        QEventLoop::WaitForMoreEvents);
    QVERIFY(timerFired);
    QVERIFY(!activated);
    QTRY_VERIFY(activated); // and it fires once notifiers are included again
    pair.drain();
}

void TestEpollEventDispatcher::anotherThreadWakesABlockedLoop()
{
    // The loop waits with no timer due; only the other thread's queued call can end it.
    QEventLoop loop;
    QThread *helper = QThread::create([&loop]() {
        QThread::msleep(50);
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    bool timedOut = false;
    QTimer guard;
    guard.setSingleShot(true);
    connect(&guard, &QTimer::timeout, this, [&]() {
        timedOut = true;
        loop.quit();
    });
    guard.start(30'000);
    helper->start();
    loop.exec();
    helper->wait();
    delete helper;
    QVERIFY(!timedOut);

    // And exit() from another thread interrupts a loop blocked in the dispatcher.
    QEventLoop second;
    QThread *exiter = QThread::create([&second]() {
        QThread::msleep(50);
        second.exit(7);
    });
    exiter->start();
    guard.start(30'000);
    const int code = second.exec();
    exiter->wait();
    delete exiter;
    QCOMPARE(code, 7);
}

void TestEpollEventDispatcher::tcpRoundTripOverLoopback()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QByteArray echoed;
    connect(&server, &QTcpServer::newConnection, this, [&]() {
        QTcpSocket *peer = server.nextPendingConnection();
        connect(peer, &QTcpSocket::readyRead, peer, [peer]() { peer->write(peer->readAll()); });
    });
    QTcpSocket client;
    connect(&client, &QTcpSocket::readyRead, this, [&]() { echoed += client.readAll(); });
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    const QByteArray message(200'000, 'e'); // more than one read and one write each
    client.write(message);
    QTRY_COMPARE(echoed.size(), message.size());
    QCOMPARE(echoed, message);
}

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
