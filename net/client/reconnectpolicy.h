// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRandomGenerator>
#include <QUrl>

#include <functional>
#include <optional>

/** See ReconnectPolicy. */
struct ReconnectSettings
{
    qint64 baseMs = 1000;
    qint64 capMs = 30'000;
    int maxAttempts = 10;
    qint64 healthyAfterMs = 60'000;
    /** The cap for a hub on this machine or the local network, tried without giving up. */
    qint64 localCapMs = 5'000;
    /** Whether the hub is on this machine or the local network; unset: decided from its
     *  address (ReconnectPolicy::isLocalNetwork). */
    std::optional<bool> localNetwork;
};

/**
 * When to try again after a lost connection: exponential backoff with full jitter (a random
 * delay in [0, min(cap, base·2^attempt)]), so clients of a restarted hub spread out instead
 * of all coming back in the same second. After maxAttempts failures in a row it gives up
 * (the client goes to Failed and waits for the user). A connection that stays healthy for
 * healthyAfterMs resets the count; one that drops at once does not.
 *
 * A hub on this machine or the local network (a colleague's laptop hosting the team's notes)
 * is different: probing it costs nothing, and it comes back when its host opens the lid or
 * hosts again, often after minutes. It is tried every localCapMs at most, and never given up
 * on, so its guests are back within seconds of it, however long it was away.
 *
 * Time comes from an injectable clock (ms), so tests run in milliseconds.
 */
class ReconnectPolicy
{
public:
    using Settings = ReconnectSettings;
    using Clock = std::function<qint64()>;

    explicit ReconnectPolicy(Settings settings = {}, Clock clock = {},
                             quint32 seed = QRandomGenerator::system()->generate());

    /** The connection was lost (or an attempt failed): the delay before the next attempt,
     *  or nothing when the attempts are used up. */
    std::optional<qint64> nextDelayMs();
    /** The delay before trying a hub again that is up but could not save changes (its disk
     *  is full): between half the cap and the cap, and not a failed attempt, so such a hub is
     *  tried until it can, without giving up, and without pressing it. */
    qint64 patientDelayMs();
    /** A connection came up (authenticated). */
    void connected();
    /** The user asked to reconnect now: the count starts again. */
    void reset();
    /** Whether the hub at url is on this machine or the local network: a loopback, private
     *  (RFC 1918), link-local or unique-local address, or a name of the local network (one
     *  label, such as "nas", or one ending in .local, .lan, .home.arpa or .internal). */
    static bool isLocalNetwork(const QUrl &url);
    /** The hub is at url: local or not as Settings::localNetwork says, else as its address. */
    void setHub(const QUrl &url)
    {
        m_local = m_settings.localNetwork.value_or(isLocalNetwork(url));
    }
    /** Attempts before giving up; 0 while the hub is on the local network (no limit). */
    int maxAttempts() const { return m_local ? 0 : m_settings.maxAttempts; }

    /** Failed attempts in a row so far (1 after the first loss). */
    int attempt() const { return m_attempt; }
    const Settings &settings() const { return m_settings; }

private:
    Settings m_settings;
    Clock m_clock;
    QRandomGenerator m_random;
    int m_attempt = 0;
    bool m_local = false;
    std::optional<qint64> m_connectedAt;
};
