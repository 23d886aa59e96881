// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconnectpolicy.h"

#include <QDateTime>

ReconnectPolicy::ReconnectPolicy(Settings settings, Clock clock, quint32 seed)
    : m_settings(settings)
    , m_clock(clock ? std::move(clock)
                    : Clock([]() { return QDateTime::currentMSecsSinceEpoch(); }))
    , m_random(seed)
{ }

std::optional<qint64> ReconnectPolicy::nextDelayMs()
{
    // Only a connection that stayed up long enough earns a fresh start.
    if (m_connectedAt && m_clock() - *m_connectedAt >= m_settings.healthyAfterMs)
        m_attempt = 0;
    m_connectedAt.reset();
    if (m_attempt >= m_settings.maxAttempts)
        return std::nullopt;
    // base·2^attempt, without overflowing for large attempt counts.
    qint64 ceiling = m_settings.baseMs;
    for (int i = 0; i < m_attempt && ceiling < m_settings.capMs; ++i)
        ceiling *= 2;
    ceiling = qMin(ceiling, m_settings.capMs);
    ++m_attempt;
    return qint64(m_random.bounded(double(ceiling) + 1.0));
}

qint64 ReconnectPolicy::patientDelayMs()
{
    m_connectedAt.reset();
    const qint64 half = m_settings.capMs / 2;
    return half + qint64(m_random.bounded(double(m_settings.capMs - half) + 1.0));
}

void ReconnectPolicy::connected()
{
    m_connectedAt = m_clock();
}

void ReconnectPolicy::reset()
{
    m_attempt = 0;
    m_connectedAt.reset();
}
