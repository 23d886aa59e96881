// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <memory>

/**
 * Holds a data folder for one process at a time: a lock on FOLDER/NAME for as long as the
 * object lives. On Unix it is an flock(2), which the kernel drops when the process ends,
 * however it ends (a SIGKILL leaves no stale lock to guess about); elsewhere a QLockFile.
 * The file says which process holds it.
 */
class FolderLock
{
public:
    ~FolderLock();
    Q_DISABLE_COPY_MOVE(FolderLock)

    /** The lock, or nothing with *error saying who holds it (or why it cannot be made).
     *  Tries for up to waitMs: a process killed a moment ago may still be ending. */
    static std::unique_ptr<FolderLock> acquire(const QString &folder, const QString &name,
                                               int waitMs, QString *error);

private:
    struct Impl;
    explicit FolderLock(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};
