// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QFile>
#include <QStringList>

/** Writes a failed fault run's history (one line per step) into the current folder, where a
 *  developer can read it; returns the path. */
inline QString dumpHistory(const QString &name, const QStringList &history)
{
    const QString path = QDir::current().absoluteFilePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(history.join(QLatin1Char('\n')).toUtf8() + '\n');
    return path;
}
