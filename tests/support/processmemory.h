// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>

/** Resident memory of a process in KiB, from /proc (pid 0: this process); -1 if unknown. */
inline qint64 rssKiB(qint64 pid = 0)
{
    QFile status(pid > 0 ? QStringLiteral("/proc/%1/status").arg(pid)
                         : QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}
