// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hubstore.h"
#include "recentdurations.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

/**
 * Commits the hub's batches on a thread of its own, with its own SQLite connection, so the
 * hub's event loop keeps reading and applying ops while a commit waits for the disk.
 *
 * Batches are committed in the order submitted. Whatever queued up during one commit is
 * committed together in the next transaction (group commit), so the number of fsyncs follows
 * the disk, not the op rate. Once a batch fails, every batch submitted before the hub calls
 * reset() fails too: they were built on state the failure made void, and committing them would
 * leave holes in the op log.
 */
class HubCommitter : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        quint64 ticket = 0;
        bool ok = false;
        QString error;
    };

    explicit HubCommitter(QObject *parent = nullptr);
    ~HubCommitter() override;

    /** Opens path (already created and migrated) on the commit thread. */
    bool start(const QString &path, qint64 maxBytes, QString *error);
    /** Waits for every submitted batch, then ends the thread. */
    void stop();

    /** Queues batch; its Result carries the returned ticket. Tickets increase from 1. */
    quint64 submit(HubStore::Batch batch);
    /** Blocks until every batch submitted so far has its Result. */
    void waitForIdle();
    /** The Results ready so far, in ticket order. */
    std::vector<Result> takeResults();
    /** After a failure: batches submitted from now on are committed again. */
    void reset();
    /** How long the last transactions took to write and reach the disk (fsync included). */
    RecentDurations recentCommits() const;

Q_SIGNALS:
    /** Emitted (from the commit thread) when takeResults() has something new. */
    void resultsReady();

private:
    struct Job
    {
        quint64 ticket;
        quint64 generation;
        HubStore::Batch batch;
    };
    void run(HubStore &store);

    mutable std::mutex m_mutex;
    std::condition_variable m_wake; ///< jobs queued or stopping
    std::condition_variable m_idle; ///< a pass finished
    std::deque<Job> m_jobs;
    std::vector<Result> m_results;
    quint64 m_nextTicket = 1;
    quint64 m_doneTicket = 0; ///< every ticket up to this one has a Result
    quint64 m_generation = 1;
    quint64 m_failedGeneration = 0; ///< generations up to this one fail (0: none)
    bool m_stopping = false;
    bool m_notified = false; ///< resultsReady emitted and not yet taken
    RecentDurations m_commitTimes;
    std::unique_ptr<QThread> m_thread;
};
