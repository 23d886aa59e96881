// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>

#include <atomic>

namespace HubEventLoop {
/** The event dispatcher for a thread that runs a hub: EpollEventDispatcher on Linux unless
 *  TANDEM_HUB_QT_DISPATCHER is set (to compare), else null, meaning Qt's own. Install it
 *  before the thread (or QCoreApplication) starts. */
QAbstractEventDispatcher *createDispatcher();
} // namespace HubEventLoop

#ifdef Q_OS_LINUX
/**
 * An event dispatcher for the hub's thread that costs the same per event-loop pass however
 * many sockets are open (Linux: epoll).
 *
 * Qt's Unix dispatcher builds a pollfd array of every socket notifier, polls them all and
 * scans every result on each pass: 60 µs per pass with 1,000 open connections and 1.9 ms
 * with 10,000 on this machine (`bench_eventloop`), paid on every message, commit and timer
 * of a busy hub. Here the sockets stay registered with the kernel (level-triggered, the
 * semantics Qt's notifiers expect), a pass asks only for the ready ones, and wake-ups from
 * other threads come through an eventfd.
 *
 * Timers fire in deadline order with millisecond precision (coarse ones too, so never later
 * than Qt would fire them); a repeating timer that fell behind skips the missed shots. A
 * timer or notifier removed while others of the same pass are being handled is not fired.
 */
class EpollEventDispatcher : public QAbstractEventDispatcher
{
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Watch
    {
        QSocketNotifier *notifiers[3] = {nullptr, nullptr, nullptr}; ///< by QSocketNotifier::Type
        bool polled = false; ///< a file epoll refuses (regular files): always ready, as poll() says
    };
    struct Timer
    {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 deadlineNs = 0; ///< on the monotonic clock
        bool firing = false;   ///< its event is being delivered (a nested loop must not refire it)
    };

    /** Rewrites fd's interest set after a notifier came or went. */
    void updateWatch(int fd, Watch &watch);
    void markPending(const Watch &watch, quint32 events);
    int activatePendingNotifiers();
    int activateTimers();
    /** Milliseconds until the next timer is due (-1: none). */
    int nextTimerMs() const;
    void drainWakeUps();

    int m_epoll = -1;
    int m_wake = -1;
    std::atomic<bool> m_interrupted{false};
    QHash<int, Watch> m_watches;
    QList<int> m_alwaysReady; ///< fds of watches epoll refused
    QList<QSocketNotifier *> m_pending;
    QHash<int, Timer> m_timers;
};
#endif // Q_OS_LINUX
