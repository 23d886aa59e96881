// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

/**
 * Whether a heartbeat may judge the other side silent. A beat that comes late means this
 * thread was busy (a long paste, a machine under load) or asleep: what the other side sent
 * may wait unread, so the beat after it judges, once that is read. One beat is skipped at
 * most, so a thread that is always busy still judges. The client and the hub share it.
 */
class HeartbeatJudge
{
public:
    void start(qint64 nowMs)
    {
        m_lastBeatAt = nowMs;
        m_skipped = false;
    }
    /** Called at each beat; beats are meant to come every intervalMs. */
    bool mayJudge(qint64 nowMs, qint64 intervalMs)
    {
        const bool judge = nowMs - m_lastBeatAt <= 2 * intervalMs || m_skipped;
        m_skipped = !judge;
        m_lastBeatAt = nowMs;
        return judge;
    }

private:
    qint64 m_lastBeatAt = 0;
    bool m_skipped = false;
};
