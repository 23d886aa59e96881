// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRandomGenerator>

#include <functional>
#include <optional>

/** See ReconnectPolicy. */
struct ReconnectSettings
{
    qint64 baseMs = 1000;
    qint64 capMs = 30'000;
    int maxAttempts = 10;
    qint64 healthyAfterMs = 60'000;
};

/**
 * When to try again after a lost connection: exponential backoff with full jitter (a random
 * delay in [0, min(cap, base·2^attempt)]), so clients of a restarted hub spread out instead
 * of all coming back in the same second. After maxAttempts failures in a row it gives up
 * (the client goes to Failed and waits for the user). A connection that stays healthy for
 * healthyAfterMs resets the count; one that drops at once does not.
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

    /** Failed attempts in a row so far (1 after the first loss). */
    int attempt() const { return m_attempt; }
    const Settings &settings() const { return m_settings; }

private:
    Settings m_settings;
    Clock m_clock;
    QRandomGenerator m_random;
    int m_attempt = 0;
    std::optional<qint64> m_connectedAt;
};
