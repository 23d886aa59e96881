// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// tandem-hub as a child process (TANDEM_HUB_PATH is defined by the test's CMake target).

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

#include <csignal>

/** SIGKILL for process and, when it is a wrapper (strace), for the program it runs: a
 *  killed strace would leave its tracee running. */
inline void killWithChildren(QProcess &process)
{
    const qint64 pid = process.processId();
    if (pid > 0) {
        QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
        for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile children(tasks.filePath(task + QStringLiteral("/children")));
            if (!children.open(QIODevice::ReadOnly))
                continue;
            for (const QByteArray &child : children.readAll().split(' '))
                if (const int childPid = child.trimmed().toInt(); childPid > 0)
                    ::kill(childPid, SIGKILL);
        }
    }
    process.kill();
}

/** A running tandem-hub; the constructor waits for its "listening on" line. */
struct HubProcess
{
    ~HubProcess()
    {
        kill();
        process.waitForFinished(5000);
    }

    /** SIGKILL, for the hub too when it runs under a wrapper. */
    void kill() { killWithChildren(process); }

    QProcess process;
    QUrl url;
    /** Its "listening on" line. */
    QString listeningLine;
    /** The address it listens on. */
    QString host = QStringLiteral("127.0.0.1");

    /** Starts it on host and port (0: any free one) and waits until it listens.
     *  wrapper: a program and arguments to run it under (e.g. strace with fault injection). */
    bool start(const QString &dataDir, const QStringList &extra = {}, quint16 port = 0,
               const QStringList &wrapper = {})
    {
        const QStringList arguments =
                QStringList{QStringLiteral("--listen"), QStringLiteral("%1:%2").arg(host).arg(port),
                            QStringLiteral("--data"), dataDir} +
                extra;
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        if (wrapper.isEmpty()) {
            process.setProgram(QStringLiteral(TANDEM_HUB_PATH));
            process.setArguments(arguments);
        } else {
            process.setProgram(wrapper.first());
            process.setArguments(wrapper.mid(1) + QStringList{QStringLiteral(TANDEM_HUB_PATH)} +
                                 arguments);
        }
        process.start();
        if (!process.waitForStarted(10'000))
            return false;
        static const QRegularExpression line(QStringLiteral("listening on (wss?://\\S+)[^\n]*"));
        QByteArray out;
        const bool ok = QTest::qWaitFor(
                [&]() {
                    out += process.readAllStandardOutput();
                    const QRegularExpressionMatch m = line.match(QString::fromUtf8(out));
                    if (m.hasMatch()) {
                        url = QUrl(m.captured(1));
                        listeningLine = m.captured(0);
                    }
                    return m.hasMatch() || process.state() == QProcess::NotRunning;
                },
                10'000);
        return ok && url.isValid() && url.port() > 0;
    }
};

/** Runs tandem-hub with arguments to its end, under wrapper (a program and its arguments,
 *  e.g. strace) when one is given: its exit code (-1 if it crashed or did not end) and, in
 *  *said, what it wrote to stdout and stderr. */
inline int runHub(const QStringList &arguments, QString *said, const QStringList &wrapper = {})
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (wrapper.isEmpty()) {
        p.start(QStringLiteral(TANDEM_HUB_PATH), arguments);
    } else {
        // In the ASan build: LeakSanitizer cannot work under ptrace, and would fail the exit
        // of a process that strace traces.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        const QString asan = environment.value(QStringLiteral("ASAN_OPTIONS"));
        environment.insert(QStringLiteral("ASAN_OPTIONS"),
                           (asan.isEmpty() ? QString() : asan + QLatin1Char(':')) +
                                   QStringLiteral("detect_leaks=0"));
        p.setProcessEnvironment(environment);
        p.start(wrapper.first(),
                wrapper.mid(1) + QStringList{QStringLiteral(TANDEM_HUB_PATH)} + arguments);
    }
    // With the event loop running: a test's clients answer the hub's pings meanwhile (blocked
    // in waitForFinished, they fell silent, and a hub beating every 200 ms dropped them when a
    // loaded machine took a second to run this).
    const bool finished = p.waitForStarted(20'000) &&
            QTest::qWaitFor([&p]() { return p.state() == QProcess::NotRunning; }, 20'000);
    *said = QString::fromUtf8(p.readAll());
    return finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

inline QString createToken(const QString &dataDir, const QString &user)
{
    QProcess p;
    p.start(QStringLiteral(TANDEM_HUB_PATH),
            {QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--user"), user,
             QStringLiteral("--data"), dataDir});
    if (!p.waitForFinished(10'000) || p.exitCode() != 0)
        return {};
    return QString::fromLatin1(p.readAllStandardOutput().trimmed());
}
