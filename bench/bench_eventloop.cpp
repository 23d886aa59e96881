// SPDX-License-Identifier: GPL-3.0-or-later
// The cost of one event-loop pass of a thread that watches N idle sockets (the hub's case:
// thousands of connected clients, a few active), with Qt's Unix dispatcher (what the hub
// used before) and with EpollEventDispatcher. Each pass is a zero-interval timer shot;
// nothing else happens. Prints a Markdown table for docs/BENCHMARKS.md.
#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSocketNotifier>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <memory>
#include <vector>

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

/** Microseconds per pass over about a second, in a fresh thread with that dispatcher. */
double microsecondsPerPass(bool epoll, int sockets)
{
    double result = -1;
    QThread *thread = QThread::create([&]() {
        std::vector<int> fds;
        std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
        for (int i = 0; i < sockets; ++i) {
            int pair[2];
            if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
                qFatal("socketpair failed after %d pairs (raise the descriptor limit)", i);
            fds.insert(fds.end(), {pair[0], pair[1]});
            notifiers.push_back(std::make_unique<QSocketNotifier>(pair[0], QSocketNotifier::Read));
        }
        QEventLoop loop;
        QTimer pass;
        pass.setInterval(0);
        qint64 passes = 0;
        QElapsedTimer clock;
        QObject::connect(&pass, &QTimer::timeout, &loop, [&]() {
            if (++passes % 64 == 0 && clock.elapsed() >= 1000)
                loop.quit();
        });
        clock.start();
        pass.start();
        loop.exec();
        result = double(clock.nsecsElapsed()) / 1e3 / double(passes);
        notifiers.clear();
        for (int fd : fds)
            ::close(fd);
    });
    if (epoll)
        thread->setEventDispatcher(new EpollEventDispatcher);
    thread->start();
    thread->wait();
    delete thread;
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    // Threads get Qt's Unix dispatcher, as tandem-hub had it (not GLib's).
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    // Two descriptors per socket pair, and some to spare.
    const int most = qMin<int>(9000, int((files.rlim_cur - 100) / 2) / 1000 * 1000);

    QTextStream out(stdout);
    out << "| idle sockets watched | Qt's Unix dispatcher | EpollEventDispatcher | Qt ÷ epoll |\n"
           "|---|---|---|---|\n";
    for (int sockets : {0, 100, 1000, 5000, most}) {
        if (sockets > most)
            continue;
        const double qt = microsecondsPerPass(false, sockets);
        const double epoll = microsecondsPerPass(true, sockets);
        out << "| " << sockets << " | " << QString::number(qt, 'f', 2) << " µs per pass | "
            << QString::number(epoll, 'f', 2) << " µs per pass | "
            << QString::number(qt / epoll, 'f', 1) << "× |\n";
        out.flush();
    }
    return 0;
}
