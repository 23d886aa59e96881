// SPDX-License-Identifier: GPL-3.0-or-later
#include "hubthread.h"

#include "epolleventdispatcher.h"
#include "hub.h"

#include <QMutexLocker>
#include <QTimer>

HubThread::HubThread(HubConfig config)
    : m_config(std::move(config))
{
    m_thread.setObjectName(QStringLiteral("tandem-hub"));
}

HubThread::~HubThread()
{
    stop();
}

void HubThread::onHubThread(const std::function<void()> &f)
{
    QMetaObject::invokeMethod(m_context, f, Qt::BlockingQueuedConnection);
}

bool HubThread::start(QString *error)
{
    if (m_hub)
        return true;
    // Per start: a finished thread deletes its dispatcher.
    if (!m_thread.eventDispatcher())
        if (QAbstractEventDispatcher *dispatcher = HubEventLoop::createDispatcher())
            m_thread.setEventDispatcher(dispatcher);
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    bool ok = false;
    onHubThread([&]() {
        m_hub = new Hub(m_config);
        ok = m_hub->start(error);
        if (!ok)
            return;
        m_url = m_hub->url();
        m_fingerprint = m_hub->certificateFingerprint();
        auto *refresh = new QTimer(m_hub);
        refresh->setInterval(refreshMs);
        QObject::connect(refresh, &QTimer::timeout, m_hub, [this]() {
            const QStringList users = m_hub->connectedUsers();
            const QMutexLocker lock(&m_usersMutex);
            m_users = users;
        });
        refresh->start();
    });
    if (!ok)
        stop();
    return ok;
}

void HubThread::stop()
{
    if (!m_context)
        return;
    onHubThread([this]() {
        delete m_hub; // stops: last commit, 1001 to every client
        m_hub = nullptr;
    });
    {
        const QMutexLocker lock(&m_usersMutex);
        m_users.clear();
    }
    m_thread.quit();
    m_thread.wait();
    delete std::exchange(m_context, nullptr); // its thread is over: nothing runs on it any more
}

QStringList HubThread::connectedUsers() const
{
    const QMutexLocker lock(&m_usersMutex);
    return m_users;
}

QHash<QString, QString> HubThread::knownUsers()
{
    QHash<QString, QString> users;
    if (m_hub)
        onHubThread([&]() { users = m_hub->knownUsers(); });
    return users;
}

void HubThread::revokeTokens(const QString &userId)
{
    if (m_hub)
        onHubThread([&]() { m_hub->revokeTokens(userId); });
}

void HubThread::shareNewNotes(const QString &owner, const QString &userId, const QString &role)
{
    if (m_hub)
        onHubThread([&]() { m_hub->shareNewNotes(owner, userId, role); });
}

QString HubThread::issueToken(const QString &userId, const QString &userName, int days)
{
    if (!m_hub)
        return {};
    QString token;
    onHubThread([&]() {
        token = QString::fromLatin1(m_hub->tokens()->issue(userId, userName, days));
        m_hub->rememberUser(userId, userName); // named before they first sign in
    });
    return token;
}
