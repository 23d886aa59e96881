// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "textoperation.h"

#include <optional>

/**
 * One client's side of a live note, as ot.js's Client: at most one op awaits the hub's
 * acknowledgement; edits made meanwhile are composed into one buffered op; ops from the hub
 * are transformed past both before they touch the local text.
 *
 *  - Synchronized: nothing pending.
 *  - AwaitingConfirm: `outstanding` sent, not yet acknowledged.
 *  - AwaitingWithBuffer: `outstanding` sent, `buffer` waiting to be sent after it.
 *
 * The class only computes: the caller sends what it returns (with baseVersion = version())
 * and applies what applyServer() returns to its document. Every op is checked against the
 * lengths it must have, so a caller's mistake is an error, not a diverged document.
 */
class OtClient
{
public:
    enum class State { Synchronized, AwaitingConfirm, AwaitingWithBuffer };

    explicit OtClient(qint64 version = 0)
        : m_version(version)
    { }

    /** A client as it was saved: version plus the pending ops (buffer only with outstanding). */
    static OtClient restore(qint64 version, std::optional<TextOperation> outstanding,
                            std::optional<TextOperation> buffer);

    State state() const { return m_state; }
    /** The hub's version this client's text is based on (excluding pending local ops). */
    qint64 version() const { return m_version; }
    const std::optional<TextOperation> &outstanding() const { return m_outstanding; }
    const std::optional<TextOperation> &buffer() const { return m_buffer; }

    /**
     * A local edit, already applied to the local text. Returns the op to send now (when
     * nothing was pending), or nothing (it waits, composed into the buffer).
     */
    OtResult<std::optional<TextOperation>> applyClient(const TextOperation &op);
    /**
     * An op from another client, made at version(). Returns it transformed past the pending
     * local ops: apply that to the local text.
     */
    OtResult<TextOperation> applyServer(const TextOperation &op);
    /** The hub acknowledged the outstanding op. Returns the buffered op to send next, if any. */
    OtResult<std::optional<TextOperation>> serverAck();
    /** A remote cursor made at version(), moved through the pending local ops. */
    TextRange transformRange(TextRange range) const;

    /**
     * Units one sent op inserts at most: a larger edit goes in parts, one after the other's
     * acknowledgement, so no message outgrows what a hub accepts (8 MiB by default; this
     * default is at most 1.5 MiB of JSON even if every unit needs an escape).
     */
    static constexpr qsizetype DefaultMaxSentInsert = 256 * 1024;
    void setMaxSentInsert(qsizetype units) { m_maxSentInsert = units; }
    qsizetype maxSentInsert() const { return m_maxSentInsert; }

private:
    /** Makes op (or its first part) the outstanding op; the rest becomes the buffer. */
    TextOperation sendNext(TextOperation op);

    State m_state = State::Synchronized;
    qint64 m_version = 0;
    std::optional<TextOperation> m_outstanding;
    std::optional<TextOperation> m_buffer;
    qsizetype m_maxSentInsert = DefaultMaxSentInsert;
};
