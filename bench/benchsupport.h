// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the benchmarks: waiting on the event loop, percentiles, and a tandem-hub child
// process pinned to core 0 (the benchmark itself runs on the last core).

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <functional>
#include <vector>

/** Runs the event loop (sleeping when idle, never spinning) until done() or the timeout. */
inline void waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    if (done())
        return;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&]() {
        if (done() || timer.elapsed() >= timeoutMs)
            loop.quit();
    });
    poll.start(1);
    loop.exec();
}

/** The p-th percentile (0…1) of values in µs, as ms. */
inline double percentile(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return double(values[std::min(values.size() - 1, size_t(p * double(values.size())))]) / 1000.0;
}

/** The core the servers run on: 0, or $BENCH_SERVER_CORE (to compare cores; the load
 *  generator's own core is the caller's choice, `taskset` in scripts/run-benchmarks.sh). */
inline int benchServerCore()
{
    bool ok = false;
    const int core = qEnvironmentVariableIntValue("BENCH_SERVER_CORE", &ok);
    return ok && core >= 0 ? core : 0;
}

/**
 * Starts a server (tandem-hub or a peer) pinned to benchServerCore() when taskset exists; returns
 * the URL of its "listening on ws://…" line once it prints one (invalid on failure).
 */
inline QUrl startPinnedServer(QProcess &server, const QString &program, QStringList args)
{
    QString launcher = program;
    if (QFile::exists(QStringLiteral("/usr/bin/taskset"))) {
        args = QStringList{QStringLiteral("-c"), QString::number(benchServerCore()), program} +
                args;
        launcher = QStringLiteral("taskset");
    }
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(launcher, args);
    static const QRegularExpression line(QStringLiteral("listening on \"?(ws://[^\\s\"]+)"));
    QByteArray printed;
    waitUntil(
            [&]() {
                printed += server.readAllStandardOutput();
                return line.match(QString::fromUtf8(printed)).hasMatch() ||
                        server.state() == QProcess::NotRunning;
            },
            10'000);
    return QUrl(line.match(QString::fromUtf8(printed)).captured(1));
}

/** Starts tandem-hub on 127.0.0.1, a free port, data in dataDir (see startPinnedServer). */
inline QUrl startHubProcess(QProcess &hub, const QString &hubPath, const QString &dataDir,
                            const QStringList &extra)
{
    return startPinnedServer(hub, hubPath,
                             QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                         QStringLiteral("--data"), dataDir} +
                                     extra);
}
