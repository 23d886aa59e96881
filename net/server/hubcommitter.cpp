// SPDX-License-Identifier: GPL-3.0-or-later
#include "hubcommitter.h"

#include <future>

HubCommitter::HubCommitter(QObject *parent)
    : QObject(parent)
{ }

HubCommitter::~HubCommitter()
{
    stop();
}

bool HubCommitter::start(const QString &path, qint64 maxBytes, QString *error)
{
    std::promise<QString> opened;
    std::future<QString> result = opened.get_future();
    m_thread.reset(QThread::create([this, path, maxBytes, &opened]() {
        HubStore store; // this thread's own connection
        QString why;
        if (!store.open(path, &why) || !store.limitSize(maxBytes, &why)) {
            opened.set_value(why.isEmpty() ? QStringLiteral("cannot open %1").arg(path) : why);
            return;
        }
        opened.set_value(QString());
        run(store);
    }));
    m_thread->setObjectName(QStringLiteral("tandem-hub-commit"));
    m_thread->start();
    const QString why = result.get();
    if (!why.isEmpty()) {
        m_thread->wait();
        m_thread.reset();
        *error = why;
        return false;
    }
    return true;
}

void HubCommitter::stop()
{
    if (!m_thread)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread->wait();
    m_thread.reset();
}

quint64 HubCommitter::submit(HubStore::Batch batch)
{
    quint64 ticket;
    {
        std::lock_guard lock(m_mutex);
        ticket = m_nextTicket++;
        m_jobs.push_back({ticket, m_generation, std::move(batch)});
    }
    m_wake.notify_one();
    return ticket;
}

void HubCommitter::waitForIdle()
{
    std::unique_lock lock(m_mutex);
    const quint64 last = m_nextTicket - 1;
    m_idle.wait(lock, [&]() { return m_doneTicket >= last || !m_thread; });
}

std::vector<HubCommitter::Result> HubCommitter::takeResults()
{
    std::lock_guard lock(m_mutex);
    m_notified = false;
    return std::exchange(m_results, {});
}

void HubCommitter::reset()
{
    std::lock_guard lock(m_mutex);
    ++m_generation;
}

RecentDurations HubCommitter::recentCommits() const
{
    std::lock_guard lock(m_mutex);
    return m_commitTimes;
}

void HubCommitter::run(HubStore &store)
{
    for (;;) {
        std::deque<Job> jobs;
        quint64 failedGeneration;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&]() { return !m_jobs.empty() || m_stopping; });
            if (m_jobs.empty())
                return; // stopping, and nothing left to commit
            jobs.swap(m_jobs);
            failedGeneration = m_failedGeneration;
        }
        // Everything that queued up while the last transaction was on its way to the disk goes
        // into this one. Jobs of a failed generation are refused without touching the store.
        std::vector<Result> results;
        HubStore::Batch merged;
        quint64 generation = 0;
        for (Job &job : jobs) {
            if (job.generation <= failedGeneration) {
                results.push_back({job.ticket, false,
                                   QStringLiteral("an earlier change could not be saved")});
                continue;
            }
            generation = job.generation;
            merged.append(std::move(job.batch));
            results.push_back({job.ticket, true, QString()});
        }
        QString error;
        bool failed = false;
        qint64 took = -1; // the transaction's time, if one was committed
        if (generation != 0) {
            const qint64 began = RecentDurations::nowUs();
            failed = !store.commit(merged, &error);
            if (!failed)
                took = RecentDurations::nowUs() - began;
        }
        if (failed) {
            for (Result &r : results)
                if (r.ok) {
                    r.ok = false;
                    r.error = error;
                }
        }
        bool notify = false;
        {
            std::lock_guard lock(m_mutex);
            if (took >= 0)
                m_commitTimes.add(took);
            if (!error.isEmpty())
                m_failedGeneration = qMax(m_failedGeneration, generation);
            for (Result &r : results)
                m_results.push_back(std::move(r));
            m_doneTicket = jobs.back().ticket;
            notify = !std::exchange(m_notified, true);
        }
        m_idle.notify_all();
        if (notify)
            Q_EMIT resultsReady();
    }
}
