// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

/**
 * The last Capacity durations of one thing the hub does (a commit reaching the disk, a change
 * waiting for its acknowledgement), for its stats: how long it takes now, not since start.
 */
class RecentDurations
{
public:
    static constexpr int Capacity = 256;

    static qint64 nowUs()
    {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                .count();
    }

    void add(qint64 us)
    {
        m_values[std::size_t(m_next)] = qMax<qint64>(0, us);
        m_next = (m_next + 1) % Capacity;
        m_count = qMin(m_count + 1, Capacity);
    }
    int count() const { return m_count; }

    /** {"count": n, "p50": ms, "p99": ms, "max": ms} over what it holds (nearest rank); only
     *  the count when empty. */
    QJsonObject summaryMs() const
    {
        QJsonObject summary{{QStringLiteral("count"), m_count}};
        if (m_count == 0)
            return summary;
        std::array<qint64, Capacity> sorted = m_values;
        std::sort(sorted.begin(), sorted.begin() + m_count);
        const auto ms = [&](double share) {
            const int rank = qMax(1, int(std::ceil(share * m_count)));
            return double(sorted[std::size_t(rank - 1)]) / 1000.0;
        };
        summary.insert(QStringLiteral("p50"), ms(0.5));
        summary.insert(QStringLiteral("p99"), ms(0.99));
        summary.insert(QStringLiteral("max"), ms(1.0));
        return summary;
    }

private:
    std::array<qint64, Capacity> m_values{};
    int m_next = 0;
    int m_count = 0;
};
