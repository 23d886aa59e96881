// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>

/**
 * Runs one test function of this test program again in a child process whose session bus
 * does not exist: a desktop with no keychain (Qt Keychain cannot reach a Secret Service). The
 * child has TANDEM_KEYCHAIN_CHILD=1 (so the function knows it is the child, and skips
 * otherwise) and its own HOME and XDG folders under home. True when the child passed that
 * function; output holds all it printed.
 */
inline bool childPassesWithoutASessionBus(const QString &testClass, const QString &function,
                                          const QTemporaryDir &home, QByteArray *output)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TANDEM_KEYCHAIN_CHILD"), QStringLiteral("1"));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=%1/no-bus").arg(home.path()));
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    QProcess child;
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), {function});
    const bool finished = child.waitForFinished(240'000);
    *output = child.readAll();
    return finished && child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0 &&
            output->contains(QStringLiteral("PASS   : %1::%2()").arg(testClass, function).toUtf8());
}
