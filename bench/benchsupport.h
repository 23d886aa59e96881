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

/**
 * Starts tandem-hub on 127.0.0.1, a free port, data in dataDir, pinned to core 0 when taskset
 * exists; returns its /v1 URL once it listens (invalid on failure).
 */
inline QUrl startHubProcess(QProcess &hub, const QString &hubPath, const QString &dataDir,
                            const QStringList &extra)
{
    QStringList args = QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                   QStringLiteral("--data"), dataDir} +
            extra;
    QString program = hubPath;
    if (QFile::exists(QStringLiteral("/usr/bin/taskset"))) {
        args = QStringList{QStringLiteral("-c"), QStringLiteral("0"), hubPath} + args;
        program = QStringLiteral("taskset");
    }
    hub.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    hub.start(program, args);
    static const QRegularExpression line(QStringLiteral("listening on (ws://\\S+)"));
    QByteArray printed;
    waitUntil(
            [&]() {
                printed += hub.readAllStandardOutput();
                return line.match(QString::fromUtf8(printed)).hasMatch() ||
                        hub.state() == QProcess::NotRunning;
            },
            10'000);
    return QUrl(line.match(QString::fromUtf8(printed)).captured(1));
}
