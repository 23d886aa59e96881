// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconnectpolicy.h"

#include <QDateTime>
#include <QHostAddress>

#include <algorithm>

ReconnectPolicy::ReconnectPolicy(Settings settings, Clock clock, quint32 seed)
    : m_settings(settings)
    , m_clock(clock ? std::move(clock)
                    : Clock([]() { return QDateTime::currentMSecsSinceEpoch(); }))
    , m_random(seed)
    , m_local(settings.localNetwork.value_or(false))
{ }

std::optional<qint64> ReconnectPolicy::nextDelayMs()
{
    // Only a connection that stayed up long enough earns a fresh start.
    if (m_connectedAt && m_clock() - *m_connectedAt >= m_settings.healthyAfterMs)
        m_attempt = 0;
    m_connectedAt.reset();
    if (!m_local && m_attempt >= m_settings.maxAttempts)
        return std::nullopt;
    const qint64 cap = m_local ? qMin(m_settings.capMs, m_settings.localCapMs) : m_settings.capMs;
    // base·2^attempt, without overflowing for large attempt counts.
    qint64 ceiling = m_settings.baseMs;
    for (int i = 0; i < m_attempt && ceiling < cap; ++i)
        ceiling *= 2;
    ceiling = qMin(ceiling, cap);
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

bool ReconnectPolicy::isLocalNetwork(const QUrl &url)
{
    const QString host = url.host().toLower();
    if (host.isEmpty())
        return false;
    QHostAddress address;
    if (!address.setAddress(host)) {
        // A name: the machine itself, or one the local network resolves (mDNS, the router's
        // DNS). A name with dots elsewhere is a public one, whatever it resolves to now.
        static const char *const localSuffixes[] = {".local", ".lan", ".home.arpa", ".internal"};
        if (host == QLatin1String("localhost") || !host.contains(QLatin1Char('.')))
            return true;
        for (const char *suffix : localSuffixes)
            if (host.endsWith(QLatin1String(suffix)))
                return true;
        return false;
    }
    bool isV4 = false;
    if (const quint32 v4 = address.toIPv4Address(&isV4); isV4)
        address.setAddress(v4); // an IPv4-mapped IPv6 address is judged as IPv4
    if (address.isLoopback() || address.isLinkLocal() || address.isUniqueLocalUnicast())
        return true;
    static const QList<QPair<QHostAddress, int>> rfc1918 = {
            QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
            QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
            QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16"))};
    return std::any_of(rfc1918.cbegin(), rfc1918.cend(),
                       [&](const auto &subnet) { return address.isInSubnet(subnet); });
}
