// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sanitizer.h"

#include <QFile>

/**
 * Whether resident memory means anything here: AddressSanitizer keeps freed memory in
 * quarantine and maps shadow memory, so under it memory budgets are only reported, not
 * asserted (the sanitizer checks leaks and overflows instead).
 */
constexpr bool MemoryBudgetsApply = !UnderAddressSanitizer;

/** The number after key on its line of /proc/PID/file (pid 0: this process), as in
 *  ("status", "VmRSS:") or ("io", "wchar:"); -1 if unknown (not Linux, or no such line). */
inline qint64 procValue(qint64 pid, const char *file, const QByteArray &key)
{
    QFile proc(pid > 0 ? QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(file))
                       : QStringLiteral("/proc/self/%1").arg(QLatin1String(file)));
    if (!proc.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : proc.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').first().toLongLong();
    return -1;
}

/** Resident memory of a process in KiB, from /proc (pid 0: this process); -1 if unknown. */
inline qint64 rssKiB(qint64 pid = 0)
{
    return procValue(pid, "status", "VmRSS:");
}

/** A process's resident memory held to a budget over what it used at start(). */
struct MemoryWatch
{
    qint64 pid = 0;
    qint64 baselineKiB = 0;
    qint64 peakKiB = 0;
    qint64 budgetKiB = 50 * 1024;

    bool start(qint64 processId)
    {
        pid = processId;
        baselineKiB = peakKiB = rssKiB(pid);
        return baselineKiB > 0;
    }
    /** Empty while within the budget (always, where budgets do not apply); else what is wrong. */
    QString check()
    {
        const qint64 rss = rssKiB(pid);
        peakKiB = qMax(peakKiB, rss);
        if (!MemoryBudgetsApply || rss - baselineKiB < budgetKiB)
            return {};
        return QStringLiteral("RSS %1 KiB, %2 KiB over the baseline of %3 KiB (budget %4 KiB)")
                .arg(rss)
                .arg(rss - baselineKiB)
                .arg(baselineKiB)
                .arg(budgetKiB);
    }
};
