// SPDX-License-Identifier: GPL-3.0-or-later
#include "notesession.h"
#include "jsonfields.h"
#include "protocol/protocol.h"
#include "syncclient.h"

#include <QLocale>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSession, "tandem.client.session", QtWarningMsg)

namespace {

using JsonFields::integer;
using JsonFields::string;

} // namespace

NoteSession::NoteSession(SyncClient *client, ClientStore *store, const LocalNote &note)
    : QObject(client)
    , m_client(client)
    , m_store(store)
    , m_noteId(note.id)
    , m_text(note.content)
    , m_role(note.role)
    , m_outbox(store->outbox(note.id))
{
    m_ot = OtClient::restore(note.version, m_outbox.outstanding, m_outbox.buffer);
    m_persistTimer.setSingleShot(true);
    connect(&m_persistTimer, &QTimer::timeout, this, [this]() { persist(); });
    if (m_outbox.damaged) {
        // The text has every edit; kept as a copy, and the note starts again from the hub's.
        QMetaObject::invokeMethod(
                this,
                [this]() { resync(tr("its unsent edits could not be read back from the cache")); },
                Qt::QueuedConnection);
    }
}

bool NoteSession::applyLocal(const TextOperation &op, QString *error)
{
    const auto refuse = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (isReadOnly())
        return refuse(tr("you can read this note but not edit it"));
    if (op.isNoop())
        return true;
    const OtStatus fits = op.checkBoundaries(m_text);
    if (!fits)
        return refuse(fits.error().message());
    if (op.targetLength() > Protocol::MaxNoteUnits && op.targetLength() > op.baseLength())
        return refuse(tr("the note would hold %1 characters; a note holds at most %2")
                              .arg(QLocale().toString(op.targetLength()),
                                   QLocale().toString(Protocol::MaxNoteUnits)));
    const bool hadBuffer = m_ot.buffer().has_value();
    // Set again below; a copy of it held here would make the compose copy the buffer's text
    // (megabytes after a paste) instead of growing it in place.
    m_outbox.buffer.reset();
    OtResult<std::optional<TextOperation>> sent = m_ot.applyClient(op);
    if (!sent) {
        m_outbox.buffer = m_ot.buffer();
        return refuse(sent.error().message());
    }
    // Checked above, so this cannot fail; in place, a keystroke copies none of a long text.
    [[maybe_unused]] const OtStatus applied = op.applyInPlace(m_text);
    Q_ASSERT(applied);
    if (sent.value()) {
        takeOutstanding(*sent.value());
        // An edit too large for one message goes in parts (the rest waits as the buffer): it
        // counts once, with its last part.
        m_outbox.buffer = m_ot.buffer();
        m_outbox.bufferSteps.reset(); // a new outbox: written whole
        m_outbox.outstandingEdits = m_outbox.buffer ? 0 : 1;
        m_outbox.bufferEdits = m_outbox.buffer ? 1 : 0;
    } else {
        m_outbox.buffer = m_ot.buffer();
        if (hadBuffer)
            m_outbox.recordStep({op, 0});
        else
            m_outbox.bufferSteps.reset();
        ++m_outbox.bufferEdits;
    }
    // On disk before anything leaves: a crash after this line resends it, never loses it.
    m_unsaved.append(op);
    persist(m_client->now());
    if (sent.value())
        sendOutstanding();
    Q_EMIT pendingEditsChanged(pendingEdits());
    m_client->updatePendingChanges(false);
    Q_EMIT m_client->noteChanged(m_noteId);
    return true;
}

bool NoteSession::replaceText(const QString &newText, QString *error)
{
    return applyLocal(TextOperation::replacing(m_text, newText), error);
}

void NoteSession::setCursor(TextRange range)
{
    if (m_joined)
        m_client->send({{QStringLiteral("type"), QStringLiteral("cursor")},
                        {QStringLiteral("noteId"), m_noteId},
                        {QStringLiteral("anchor"), range.anchor},
                        {QStringLiteral("position"), range.head},
                        {QStringLiteral("version"), m_ot.version()}});
}

void NoteSession::sendTyping()
{
    if (m_joined)
        m_client->send({{QStringLiteral("type"), QStringLiteral("typing")},
                        {QStringLiteral("noteId"), m_noteId}});
}

TextRange NoteSession::remoteRange(TextRange range, qint64 atVersion) const
{
    if (atVersion == m_ot.version())
        range = m_ot.transformRange(range);
    // A cursor from a version this client has not reached yet: the nearest valid place.
    range.anchor = qBound<qsizetype>(0, range.anchor, m_text.size());
    range.head = qBound<qsizetype>(0, range.head, m_text.size());
    return range;
}

void NoteSession::sendJoin()
{
    std::optional<LocalNote> note = m_store->note(m_noteId, ClientStore::Text::Without);
    if (!note || note->createPending)
        return; // joined once the hub confirms the create
    if (!note->contentKnown && m_client->m_fetching.contains(m_noteId))
        return; // the text is on its way (fetched in the background): joined when it comes
    QJsonObject join{{QStringLiteral("type"), QStringLiteral("join_note")},
                     {QStringLiteral("noteId"), m_noteId},
                     {QStringLiteral("requestId"), SyncClient::requestId("join_note", m_noteId)}};
    m_joinedFrom.reset();
    if (note->contentKnown && !m_needsSnapshot) {
        join.insert(QStringLiteral("version"), m_ot.version());
        m_joinedFrom = m_ot.version();
    }
    m_joinSent = m_client->send(join);
}

void NoteSession::joinIfWaiting()
{
    if (!m_joined && !m_joinSent)
        sendJoin();
}

bool NoteSession::adoptFetched(const QString &content, qint64 version)
{
    if (m_joined || m_joinSent || !m_outbox.isEmpty())
        return false;
    m_text = content;
    m_ot = OtClient(version);
    m_wholeText = true;
    persist();
    Q_EMIT textReset(m_text);
    return true;
}

void NoteSession::handleJoined(const QJsonObject &message)
{
    m_outstandingSent = false; // a (re)join: whatever was sent before must be sent again
    qCDebug(lcSession) << m_client->userId() << "joined" << message.value(QLatin1String("version"))
                       << message.contains(QLatin1String("note")) << "mine" << m_ot.version();
    m_joinSent = false;
    setHubProblem({});
    const QString role = string(message, "role");
    if (!role.isEmpty() && role != m_role) {
        m_role = role;
        Q_EMIT roleChanged(m_role);
    }
    if (message.contains(QLatin1String("note"))) {
        const QJsonObject note = message.value(QLatin1String("note")).toObject();
        const QString content = string(note, "content");
        const qint64 version = integer(note, "version", 0);
        if (!m_outbox.isEmpty()) {
            // Only a client that never had the text joins for a snapshot, and such a client
            // has no edits; should it happen, the edits are kept, never dropped.
            m_client->saveConflictCopy(m_noteId, m_text, tr("the hub sent a new copy of the note"));
            m_outbox = {};
        } else if (m_joinedFrom && *m_joinedFrom > version && m_text != content) {
            // The hub has gone back to an older version (its data restored from a backup):
            // what this client had since may be in no other copy anywhere.
            m_client->saveConflictCopy(m_noteId, m_text,
                                       tr("the hub went back from version %1 of the note to %2")
                                               .arg(*m_joinedFrom)
                                               .arg(version));
        }
        m_text = content;
        m_ot = OtClient(version);
        m_wholeText = true;
        m_needsSnapshot = false;
        persist();
        Q_EMIT textReset(m_text);
    } else {
        const QJsonArray ops = message.value(QLatin1String("ops")).toArray();
        for (const QJsonValue &value : ops) {
            const QJsonObject op = value.toObject();
            OtResult<TextOperation> parsed = TextOperation::fromJson(op.value(QLatin1String("op")));
            if (!parsed) {
                resync(parsed.error().message());
                return;
            }
            if (!applyRemote(integer(op, "version"), parsed.value(), string(op, "userId"),
                             string(op, "clientId"), integer(op, "seq")))
                return;
        }
        if (!ops.isEmpty())
            persistSoon();
    }
    setJoined(true);
    if (m_outbox.outstanding)
        sendOutstanding(); // a resend keeps its (clientId, seq): the hub never applies it twice
    m_client->releaseIfIdle(m_noteId);
}

void NoteSession::handleRemoteOp(const QJsonObject &message)
{
    if (!m_joined)
        return;
    OtResult<TextOperation> op = TextOperation::fromJson(message.value(QLatin1String("op")));
    if (!op) {
        resync(op.error().message());
        return;
    }
    const QString userId = string(message, "userId");
    if (!applyRemote(integer(message, "version"), op.value(), userId, string(message, "clientId"),
                     integer(message, "seq")))
        return;
    persistSoon();
    if (const QJsonValue revertedTo = message.value(QLatin1String("revertedTo"));
        revertedTo.isDouble())
        Q_EMIT versionRestored(userId, revertedTo.toInteger());
}

bool NoteSession::applyRemote(qint64 version, const TextOperation &op, const QString &userId,
                              const QString &clientId, qint64 seq)
{
    qCDebug(lcSession) << m_client->userId() << "remote v" << version << clientId.left(4) << seq
                       << "mine" << m_ot.version() << m_outbox.outstandingSeq;
    if (version != m_ot.version() + 1) {
        resync(QStringLiteral("expected version %1, got %2").arg(m_ot.version() + 1).arg(version));
        return false;
    }
    if (m_outbox.outstanding && clientId == m_outbox.outstandingClientId &&
        seq == m_outbox.outstandingSeq) {
        ack(); // our own op, seen in a catch-up after a reconnect
        return true;
    }
    OtResult<TextOperation> transformed = m_ot.applyServer(op);
    if (!transformed) {
        resync(transformed.error().message());
        return false;
    }
    // The pending ops were transformed too: the outbox must send them as they are now.
    m_outbox.outstanding = m_ot.outstanding();
    m_outbox.buffer = m_ot.buffer();
    m_outbox.bufferSteps.reset(); // both transformed: written whole
    const OtStatus applied = transformed.value().applyInPlace(m_text);
    if (!applied) {
        resync(applied.error().message());
        return false;
    }
    m_unsaved.append(transformed.value());
    m_remoteChangeAt = m_client->now(); // the note's time in the list follows others' edits too
    Q_EMIT remoteOp(transformed.value(), userId);
    Q_EMIT m_client->noteChanged(m_noteId);
    m_client->markSynced();
    return true;
}

void NoteSession::handleAck(const QString &clientId, qint64 seq, qint64 version)
{
    qCDebug(lcSession) << m_client->userId() << "ack seq" << seq << "v" << version << "mine"
                       << m_ot.version() << m_outbox.outstandingSeq;
    if (!m_outbox.outstanding || clientId != m_outbox.outstandingClientId ||
        seq != m_outbox.outstandingSeq)
        return; // the ack of a resend we already took from the catch-up
    if (version != m_ot.version() + 1) {
        resync(QStringLiteral("acknowledged as version %1, expected %2")
                       .arg(version)
                       .arg(m_ot.version() + 1));
        return;
    }
    ack();
    persistSoon();
    if (m_outbox.outstanding)
        sendOutstanding();
    m_client->releaseIfIdle(m_noteId);
}

void NoteSession::ack()
{
    // Set again below; a copy of it held here would make the split copy the buffer's text.
    m_outbox.buffer.reset();
    OtResult<std::optional<TextOperation>> next = m_ot.serverAck();
    if (!next) {
        m_outbox.buffer = m_ot.buffer();
        return; // nothing outstanding: guarded by the callers
    }
    if (next.value()) {
        takeOutstanding(*next.value());
        m_outbox.buffer = m_ot.buffer(); // the rest of an edit sent in parts, if it is one
        if (m_outbox.buffer) {
            m_outbox.recordStep({std::nullopt, m_ot.maxSentInsert()});
            m_outbox.outstandingEdits = 0;
        } else {
            m_outbox.bufferSteps.reset();
            m_outbox.outstandingEdits = std::exchange(m_outbox.bufferEdits, 0);
        }
        // Saved before it is sent: a crash after this resends it with the same pair.
        persist();
    } else {
        m_outbox = {};
        m_dirty = true;
        Q_EMIT m_client->noteChanged(m_noteId); // its unsynced marker goes
    }
    Q_EMIT pendingEditsChanged(pendingEdits());
    m_client->updatePendingChanges(false);
    m_client->markSynced();
}

void NoteSession::takeOutstanding(TextOperation op)
{
    m_outbox.outstanding = std::move(op);
    m_outbox.outstandingClientId = m_store->clientId();
    m_outbox.outstandingSeq = m_store->takeSeq();
    m_outstandingSent = false;
}

void NoteSession::sendOutstanding()
{
    // Once per connection: a resend happens after a rejoin (the flag is cleared then).
    if (!m_joined || !m_outbox.outstanding || m_outstandingSent)
        return;
    m_outstandingSent = true;
    qCDebug(lcSession) << m_client->userId() << "send seq" << m_outbox.outstandingSeq << "base"
                       << m_ot.version() << "len" << m_outbox.outstanding->baseLength()
                       << m_text.size();
    m_client->send({{QStringLiteral("type"), QStringLiteral("note_op")},
                    {QStringLiteral("noteId"), m_noteId},
                    {QStringLiteral("baseVersion"), m_ot.version()},
                    {QStringLiteral("op"), m_outbox.outstanding->toJson()},
                    {QStringLiteral("clientId"), m_outbox.outstandingClientId},
                    {QStringLiteral("seq"), m_outbox.outstandingSeq},
                    {QStringLiteral("requestId"), SyncClient::requestId("note_op", m_noteId)}});
}

void NoteSession::resendOutstanding()
{
    m_outstandingSent = false;
    sendOutstanding();
}

void NoteSession::connectionLost()
{
    m_joinSent = false;
    m_outstandingSent = false;
    setJoined(false);
    if (m_dirty)
        persist();
}

void NoteSession::setJoined(bool joined)
{
    if (m_joined == joined)
        return;
    m_joined = joined;
    Q_EMIT joinedChanged(joined);
    m_client->updateJoinedNotes();
}

void NoteSession::setHubProblem(const QString &problem)
{
    if (m_hubProblem == problem)
        return;
    m_hubProblem = problem;
    Q_EMIT hubProblemChanged(problem);
    Q_EMIT m_client->notesNotSyncingChanged();
}

bool NoteSession::persist(qint64 updatedAt)
{
    m_persistTimer.stop();
    updatedAt = qMax(updatedAt, m_remoteChangeAt); // the store keeps the later of the two
    // The ops applied since the last save are journaled (a few bytes each); the whole text is
    // written only when it was replaced.
    const bool saved = m_wholeText
            ? m_store->saveLiveState(m_noteId, m_text, m_ot.version(), m_outbox, updatedAt)
            : m_store->saveEdits(m_noteId, m_text, m_unsaved, m_ot.version(), m_outbox, updatedAt);
    if (!saved) {
        m_dirty = true;
        m_saveFailed = true;
        m_persistTimer.start(int(m_client->m_settings.saveRetryMs));
        Q_EMIT saveFailed(m_store->lastError());
        m_client->updateSaveState();
        return false;
    }
    m_unsaved.clear();
    m_outbox.bufferSteps.emplace(); // the outbox as on disk: what happens next is a step
    m_wholeText = false;
    m_dirty = false;
    if (std::exchange(m_saveFailed, false))
        m_client->updateSaveState();
    return true;
}

void NoteSession::persistSoon()
{
    m_dirty = true;
    if (!m_persistTimer.isActive())
        m_persistTimer.start(int(m_client->m_settings.persistDelayMs));
}

void NoteSession::resync(const QString &why)
{
    // The hub refused this note's edits or sent something that does not fit: keep the local
    // text as a copy (never lose an edit), then start again from the hub's text.
    qWarning("note %s out of step (%s): fetching it again", qPrintable(m_noteId), qPrintable(why));
    if (!m_outbox.isEmpty() || m_outbox.damaged)
        m_client->saveConflictCopy(m_noteId, m_text, why);
    m_outbox = {};
    m_ot = OtClient(m_ot.version());
    // The join below asks for a snapshot: the text here is no longer trusted.
    m_wholeText = true;
    m_needsSnapshot = true;
    if (persist() && !m_store->markContentUnknown(m_noteId))
        Q_EMIT saveFailed(m_store->lastError());
    Q_EMIT pendingEditsChanged(0);
    m_client->updatePendingChanges(false);
    setJoined(false);
    if (m_client->isOnline()) {
        m_client->send({{QStringLiteral("type"), QStringLiteral("leave_note")},
                        {QStringLiteral("noteId"), m_noteId}});
        sendJoin();
    }
}
