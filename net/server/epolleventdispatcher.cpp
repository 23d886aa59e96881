// SPDX-License-Identifier: GPL-3.0-or-later
#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>

QAbstractEventDispatcher *HubEventLoop::createDispatcher()
{
#ifdef Q_OS_LINUX
    if (!qEnvironmentVariableIsSet("TANDEM_HUB_QT_DISPATCHER"))
        return new EpollEventDispatcher;
#endif
    return nullptr;
}

#ifdef Q_OS_LINUX

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcDispatcher, "tandem.hub.eventloop")

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

constexpr qint64 NsPerMs = 1'000'000;
constexpr int MaxEventsPerPass = 256;

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_wake < 0)
        qFatal("EpollEventDispatcher: cannot create an epoll set or an eventfd: %s",
               strerror(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wake;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event) != 0)
        qFatal("EpollEventDispatcher: cannot watch its eventfd: %s", strerror(errno));
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wake);
    ::close(m_epoll);
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    Watch &watch = m_watches[fd];
    if (watch.notifiers[type] && watch.notifiers[type] != notifier)
        qCWarning(lcDispatcher) << "two socket notifiers of one type for socket" << fd;
    watch.notifiers[type] = notifier;
    updateWatch(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    m_pending.removeAll(notifier);
    const int fd = int(notifier->socket());
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    QSocketNotifier *&slot = it->notifiers[int(notifier->type())];
    if (slot != notifier)
        return;
    slot = nullptr;
    updateWatch(fd, *it);
    if (!it->notifiers[0] && !it->notifiers[1] && !it->notifiers[2])
        m_watches.erase(it);
}

void EpollEventDispatcher::updateWatch(int fd, Watch &watch)
{
    epoll_event event{};
    event.data.fd = fd;
    if (watch.notifiers[QSocketNotifier::Read])
        event.events |= EPOLLIN;
    if (watch.notifiers[QSocketNotifier::Write])
        event.events |= EPOLLOUT;
    if (watch.notifiers[QSocketNotifier::Exception])
        event.events |= EPOLLPRI;
    if (watch.polled) {
        if (event.events == 0)
            m_alwaysReady.removeAll(fd);
        return;
    }
    if (event.events == 0) {
        // The descriptor may be closed already (the kernel then dropped it from the set).
        (void)::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        return;
    }
    if (::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) == 0)
        return;
    if (errno == ENOENT && ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0)
        return;
    if (errno == EPERM) {
        // A regular file: poll() reports it always ready, and so do we.
        watch.polled = true;
        m_alwaysReady.append(fd);
        return;
    }
    qCWarning(lcDispatcher) << "cannot watch socket" << fd << ":" << strerror(errno);
}

void EpollEventDispatcher::markPending(const Watch &watch, quint32 events)
{
    // As Qt's own dispatcher: an error or hang-up wakes every notifier of the socket.
    static constexpr quint32 wakes[3] = {EPOLLIN | EPOLLHUP | EPOLLERR,
                                         EPOLLOUT | EPOLLHUP | EPOLLERR,
                                         EPOLLPRI | EPOLLHUP | EPOLLERR};
    for (int type = 0; type < 3; ++type) {
        QSocketNotifier *notifier = watch.notifiers[type];
        if (notifier && (events & wakes[type]) && !m_pending.contains(notifier))
            m_pending.append(notifier);
    }
}

int EpollEventDispatcher::activatePendingNotifiers()
{
    int activated = 0;
    // A handler may remove notifiers still pending (unregisterSocketNotifier takes them out).
    while (!m_pending.isEmpty()) {
        QSocketNotifier *notifier = m_pending.takeFirst();
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    return activated;
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject *object)
{
    Timer &timer = m_timers[timerId];
    timer.intervalMs = qMax<qint64>(0, interval);
    timer.type = timerType;
    timer.object = object;
    timer.deadlineNs = nowNs() + timer.intervalMs * NsPerMs;
    timer.firing = false;
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return m_timers.remove(timerId) > 0;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    return m_timers.removeIf([object](const auto &it) { return it.value().object == object; }) > 0;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
        QObject *object) const
{
    QList<TimerInfo> timers;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it)
        if (it->object == object)
            timers.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    const qint64 left = it->deadlineNs - nowNs();
    return left <= 0 ? 0 : int((left + NsPerMs - 1) / NsPerMs);
}

int EpollEventDispatcher::nextTimerMs() const
{
    qint64 earliest = -1;
    for (const Timer &timer : m_timers)
        if (!timer.firing && (earliest < 0 || timer.deadlineNs < earliest))
            earliest = timer.deadlineNs;
    if (earliest < 0)
        return -1;
    const qint64 left = earliest - nowNs();
    // Rounded up: waking before the deadline would only spin.
    return left <= 0 ? 0 : int(qMin<qint64>((left + NsPerMs - 1) / NsPerMs, 24 * 3600 * 1000));
}

int EpollEventDispatcher::activateTimers()
{
    const qint64 now = nowNs();
    // Only what was due when the round began, in deadline order; timers started by the
    // handlers wait for the next round.
    QList<std::pair<qint64, int>> due;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it)
        if (!it->firing && it->deadlineNs <= now)
            due.append({it->deadlineNs, it.key()});
    std::sort(due.begin(), due.end());
    int fired = 0;
    for (const auto &[deadline, id] : std::as_const(due)) {
        auto it = m_timers.find(id);
        // Gone, or killed and registered again under the same id, since the round began.
        if (it == m_timers.end() || it->firing || it->deadlineNs != deadline)
            continue;
        Timer &timer = *it;
        const qint64 interval = timer.intervalMs * NsPerMs;
        timer.deadlineNs += interval;
        if (timer.deadlineNs <= now)
            timer.deadlineNs = now + interval; // behind: skip the missed shots
        timer.firing = true;
        QObject *object = timer.object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        it = m_timers.find(id);
        if (it != m_timers.end())
            it->firing = false;
    }
    return fired;
}

void EpollEventDispatcher::drainWakeUps()
{
    quint64 count = 0;
    while (::read(m_wake, &count, sizeof count) > 0) { }
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool wait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    int timeoutMs = 0;
    if (wait) {
        timeoutMs = includeTimers ? nextTimerMs() : -1;
        if (!m_alwaysReady.isEmpty() && includeNotifiers)
            timeoutMs = 0;
        Q_EMIT aboutToBlock();
    }
    if (m_interrupted.load())
        return false;

    int handled = 0;
    if (includeNotifiers) {
        epoll_event events[MaxEventsPerPass];
        const int ready = ::epoll_wait(m_epoll, events, MaxEventsPerPass, timeoutMs);
        if (ready < 0 && errno != EINTR)
            qCWarning(lcDispatcher) << "epoll_wait:" << strerror(errno);
        for (int i = 0; i < ready; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_wake) {
                drainWakeUps();
                ++handled;
                continue;
            }
            const auto it = m_watches.constFind(fd);
            if (it != m_watches.cend())
                markPending(*it, events[i].events);
        }
        for (const int fd : std::as_const(m_alwaysReady)) {
            const auto it = m_watches.constFind(fd);
            if (it != m_watches.cend())
                markPending(*it, EPOLLIN | EPOLLOUT);
        }
        handled += activatePendingNotifiers();
    } else {
        // Sockets stay out of this pass: wait only for a wake-up or a timer.
        pollfd wake{m_wake, POLLIN, 0};
        if (::poll(&wake, 1, timeoutMs) > 0) {
            drainWakeUps();
            ++handled;
        }
    }
    if (includeTimers)
        handled += activateTimers();
    return handled > 0;
}

void EpollEventDispatcher::wakeUp()
{
    const quint64 one = 1;
    // EAGAIN: the counter is full, so a wake-up is pending anyway.
    (void)!::write(m_wake, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

#endif // Q_OS_LINUX
