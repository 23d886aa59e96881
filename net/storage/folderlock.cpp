// SPDX-License-Identifier: GPL-3.0-or-later
#include "folderlock.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QThread>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#else
#include <QLockFile>
#endif

namespace {

QString inUse(const QString &folder, const QString &holder)
{
    return QStringLiteral("%1 is in use by another hub (%2): a data folder serves one hub at "
                          "a time")
            .arg(QDir::toNativeSeparators(folder), holder);
}

} // namespace

#ifdef Q_OS_UNIX

struct FolderLock::Impl
{
    int fd = -1;
    ~Impl()
    {
        if (fd >= 0)
            ::close(fd); // drops the lock
    }
};

std::unique_ptr<FolderLock> FolderLock::acquire(const QString &folder, const QString &name,
                                                int waitMs, QString *error)
{
    const QString path = QDir(folder).filePath(name);
    auto impl = std::make_unique<Impl>();
    impl->fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (impl->fd < 0) {
        *error = QStringLiteral("cannot make %1: %2")
                         .arg(path, QString::fromLocal8Bit(strerror(errno)));
        return nullptr;
    }
    QDeadlineTimer deadline(waitMs);
    while (::flock(impl->fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK &&
           !deadline.hasExpired())
        QThread::msleep(20);
    if (::flock(impl->fd, LOCK_EX | LOCK_NB) != 0) {
        const int why = errno;
        if (why != EWOULDBLOCK) {
            *error = QStringLiteral("cannot lock %1: %2")
                             .arg(path, QString::fromLocal8Bit(strerror(why)));
            return nullptr;
        }
        char holder[128] = {};
        const ssize_t n = ::pread(impl->fd, holder, sizeof holder - 1, 0);
        const QString said = QString::fromUtf8(holder, n > 0 ? n : 0).trimmed();
        *error = inUse(folder, said.isEmpty() ? QStringLiteral("its process is starting") : said);
        return nullptr;
    }
    // Who holds it, for the message of the next one to try.
    const QByteArray holder = QStringLiteral("%1, process %2\n")
                                      .arg(QCoreApplication::applicationName())
                                      .arg(QCoreApplication::applicationPid())
                                      .toUtf8();
    if (::ftruncate(impl->fd, 0) != 0 ||
        ::pwrite(impl->fd, holder.constData(), holder.size(), 0) < 0)
        qWarning("could not note the process in %s", qPrintable(path)); // the lock holds anyway
    return std::unique_ptr<FolderLock>(new FolderLock(std::move(impl)));
}

#else

struct FolderLock::Impl
{
    explicit Impl(const QString &path)
        : file(path)
    { }
    QLockFile file;
};

std::unique_ptr<FolderLock> FolderLock::acquire(const QString &folder, const QString &name,
                                                int waitMs, QString *error)
{
    auto impl = std::make_unique<Impl>(QDir(folder).filePath(name));
    impl->file.setStaleLockTime(0); // held for the hub's whole life: never stale by age
    if (!impl->file.tryLock(waitMs)) {
        qint64 pid = 0;
        QString host;
        QString app;
        if (impl->file.error() == QLockFile::LockFailedError &&
            impl->file.getLockInfo(&pid, &host, &app))
            *error = inUse(folder,
                           QStringLiteral("%1, process %2 on %3").arg(app).arg(pid).arg(host));
        else
            *error = QStringLiteral("cannot lock %1").arg(QDir(folder).filePath(name));
        return nullptr;
    }
    return std::unique_ptr<FolderLock>(new FolderLock(std::move(impl)));
}

#endif

FolderLock::FolderLock(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{ }

FolderLock::~FolderLock() = default;
