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
