// SPDX-License-Identifier: GPL-3.0-or-later
#include "otclient.h"

OtClient OtClient::restore(qint64 version, std::optional<TextOperation> outstanding,
                           std::optional<TextOperation> buffer)
{
    OtClient client(version);
    if (!outstanding)
        return client; // a buffer without an outstanding op cannot exist; see applyClient
    client.m_outstanding = std::move(outstanding);
    client.m_buffer = std::move(buffer);
    client.m_state = client.m_buffer ? State::AwaitingWithBuffer : State::AwaitingConfirm;
    return client;
}

TextOperation OtClient::sendNext(TextOperation op)
{
    // Too large for one message (a big paste): a first part goes, the rest waits as the
    // buffer, where later edits compose onto it, and is split again when its turn comes.
    auto [part, rest] = std::move(op).splitInserts(m_maxSentInsert);
    m_outstanding = part;
    m_buffer = std::move(rest);
    m_state = m_buffer ? State::AwaitingWithBuffer : State::AwaitingConfirm;
    return part;
}

OtResult<std::optional<TextOperation>> OtClient::applyClient(const TextOperation &op)
{
    switch (m_state) {
    case State::Synchronized:
        return std::optional<TextOperation>(sendNext(op));
    case State::AwaitingConfirm:
        if (op.baseLength() != m_outstanding->targetLength())
            return OtDetail::baseLengthError(op.baseLength(), m_outstanding->targetLength());
        m_buffer = op;
        m_state = State::AwaitingWithBuffer;
        return std::optional<TextOperation>();
    case State::AwaitingWithBuffer: {
        // Taken, not copied: typing after a paste still waiting grows it in place.
        OtResult<TextOperation> composed = TextOperation::compose(std::move(*m_buffer), op);
        if (!composed)
            return composed.error();
        m_buffer = std::move(composed).value();
        return std::optional<TextOperation>();
    }
    }
    return std::optional<TextOperation>();
}

OtResult<TextOperation> OtClient::applyServer(const TextOperation &op)
{
    // Computed aside and committed together: a failure leaves the state as it was.
    TextOperation incoming = op;
    std::optional<TextOperation> outstanding = m_outstanding;
    std::optional<TextOperation> buffer = m_buffer;
    for (std::optional<TextOperation> *pending : {&outstanding, &buffer}) {
        if (!*pending)
            continue;
        OtResult<std::pair<TextOperation, TextOperation>> pair =
                TextOperation::transform(**pending, incoming);
        if (!pair)
            return pair.error();
        *pending = std::move(pair.value().first);
        incoming = std::move(pair.value().second);
    }
    m_outstanding = std::move(outstanding);
    m_buffer = std::move(buffer);
    ++m_version;
    return incoming;
}

OtResult<std::optional<TextOperation>> OtClient::serverAck()
{
    switch (m_state) {
    case State::Synchronized:
        return OtError(OtError::Code::BaseLengthMismatch,
                       QStringLiteral("an acknowledgement arrived with nothing outstanding"));
    case State::AwaitingConfirm:
        ++m_version;
        m_outstanding.reset();
        m_state = State::Synchronized;
        return std::optional<TextOperation>();
    case State::AwaitingWithBuffer:
        ++m_version;
        return std::optional<TextOperation>(sendNext(*std::exchange(m_buffer, std::nullopt)));
    }
    return std::optional<TextOperation>();
}

TextRange OtClient::transformRange(TextRange range) const
{
    // The cursor is at the hub's version; the local text has the pending ops on top.
    if (m_outstanding)
        range = m_outstanding->transformRange(range);
    if (m_buffer)
        range = m_buffer->transformRange(range);
    return range;
}
