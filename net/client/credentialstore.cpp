// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialstore.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <atomic>

namespace {

std::atomic<int> unfinishedJobs{0};

/**
 * A job that outlives this store until it finishes. Qt Keychain cannot cancel one: its
 * Secret Service backend hands the job's raw pointer to libsecret, whose callback later
 * finishes (and deleteLater()s) the job whatever became of it, and a job deleted before it
 * started is silently skipped. As a child of the store, a job dying with it therefore either
 * lost the write or delete (a workspace list closed right after joining a hub) or, when it
 * was under way, left libsecret a dangling pointer. Unparented, it runs to its end and deletes
 * itself; connections made with the store as context end with the store.
 */
template<typename Job> Job *newJob(const QString &service, const QString &key)
{
    auto *job = new Job(service, nullptr);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    job->setKey(key);
    ++unfinishedJobs;
    QObject::connect(job, &QKeychain::Job::finished, job, []() { --unfinishedJobs; });
    return job;
}

} // namespace

CredentialStore::CredentialStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{ }

QString CredentialStore::keyFor(const QUrl &hub, const QString &user)
{
    const QUrl address = hub.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment |
                                      QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    return address.toString() + QLatin1Char('|') + user;
}

void CredentialStore::noteFailure(int error, const QString &message)
{
    // Qt Keychain 0.13 on Linux: no session bus is OtherError ("Unknown error"); a locked
    // keyring refuses writes with AccessDenied. Either way this keychain cannot keep a login.
    switch (error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::OtherError:
        break;
    default:
        return;
    }
    const QString reason =
            tr("The system keychain cannot store your login (%1). You can log in for this "
               "session only; Tandem will not save the token to disk.")
                    .arg(message.isEmpty() ? tr("error %1").arg(error) : message);
    if (!m_available && m_reason == reason)
        return;
    m_available = false;
    m_reason = reason;
    Q_EMIT availabilityChanged(false, reason);
}

void CredentialStore::readToken(const QUrl &hub, const QString &user)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, keyFor(hub, user));
    connect(job, &QKeychain::Job::finished, this, [this, hub, user](QKeychain::Job *done) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(done);
        if (read->error() == QKeychain::NoError) {
            Q_EMIT tokenRead(hub, user, read->textData(), QString());
        } else if (read->error() == QKeychain::EntryNotFound) {
            Q_EMIT tokenRead(hub, user, QString(), QString());
        } else {
            noteFailure(read->error(), read->errorString());
            Q_EMIT tokenRead(hub, user, QString(), read->errorString());
        }
    });
    job->start();
}

void CredentialStore::writeToken(const QUrl &hub, const QString &user, const QString &token)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(m_service, keyFor(hub, user));
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [this, hub, user](QKeychain::Job *done) {
        const bool ok = done->error() == QKeychain::NoError;
        if (!ok)
            noteFailure(done->error(), done->errorString());
        else if (!m_available) {
            m_available = true;
            m_reason.clear();
            Q_EMIT availabilityChanged(true, QString());
        }
        Q_EMIT tokenWritten(hub, user, ok, ok ? QString() : done->errorString());
    });
    job->start();
}

void CredentialStore::deleteToken(const QUrl &hub, const QString &user)
{
    m_session.remove(keyFor(hub, user));
    auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, keyFor(hub, user));
    connect(job, &QKeychain::Job::finished, this, [this, hub, user](QKeychain::Job *done) {
        // Deleting what is not there is no failure.
        const bool ok =
                done->error() == QKeychain::NoError || done->error() == QKeychain::EntryNotFound;
        if (!ok)
            noteFailure(done->error(), done->errorString());
        Q_EMIT tokenDeleted(hub, user, ok, ok ? QString() : done->errorString());
    });
    job->start();
}

int CredentialStore::pendingJobs()
{
    return unfinishedJobs.load();
}

bool CredentialStore::finishPendingJobs(int timeoutMs)
{
    if (unfinishedJobs.load() == 0)
        return true;
    // Looked at every 20 ms: a job's end is a D-Bus reply, which wakes the loop anyway.
    const QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&]() {
        if (unfinishedJobs.load() == 0 || deadline.hasExpired())
            loop.quit();
    });
    check.start(20);
    loop.exec();
    return unfinishedJobs.load() == 0;
}

void CredentialStore::setSessionToken(const QUrl &hub, const QString &user, const QString &token)
{
    m_session.insert(keyFor(hub, user), token);
}

QString CredentialStore::sessionToken(const QUrl &hub, const QString &user) const
{
    return m_session.value(keyFor(hub, user));
}
