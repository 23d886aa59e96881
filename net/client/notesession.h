// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientstore.h"
#include "otclient.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

class SyncClient;

/**
 * One note's live editing on this client: the text, the ot.js client state (OtClient) and
 * the outbox, kept in step with the hub and saved in the ClientStore.
 *
 * The editor applies a user's edit to its own text and then calls applyLocal(); the edit is
 * on disk when applyLocal() returns true. Remote ops come out of remoteOp(), already
 * transformed past the pending local edits: the editor applies them as they are. While the
 * client is offline edits keep going into the outbox; on reconnect the session rejoins with
 * its version, takes the missing ops, and resends what the hub has not acknowledged with
 * the original (clientId, seq), so nothing is applied twice.
 *
 * Sessions belong to their SyncClient (SyncClient::openNote()).
 */
class NoteSession : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool joined READ isJoined NOTIFY joinedChanged)
    Q_PROPERTY(int pendingEdits READ pendingEdits NOTIFY pendingEditsChanged)
public:
    QString noteId() const { return m_noteId; }
    QString text() const { return m_text; }
    /** The hub's version the text is based on (pending local edits excluded). */
    qint64 version() const { return m_ot.version(); }
    OtClient::State otState() const { return m_ot.state(); }
    bool isJoined() const { return m_joined; }
    /** "owner", "editor" or "viewer" (a viewer's edits are refused). */
    QString role() const { return m_role; }
    bool isReadOnly() const { return m_role == QLatin1String("viewer"); }
    /** The user's edits not yet acknowledged by the hub. */
    int pendingEdits() const { return m_outbox.edits(); }
    /** The last save of this note's state failed (and is being retried): what is newer
     *  than the cache is only in memory. */
    bool isUnsaved() const { return m_saveFailed; }
    const Outbox &outbox() const { return m_outbox; }
    /** Why the hub cannot take this note now (it says its own copy is damaged), or empty.
     *  The text here and its unsent edits are kept; the next connection asks again. */
    QString hubProblem() const { return m_hubProblem; }
    /** When a collaborator's edit last reached this note here (ms since the epoch; 0: not
     *  yet this session): the notes list shows it before the store has it. */
    qint64 remoteChangeAt() const { return m_remoteChangeAt; }

    /**
     * A local edit, already applied by the caller to the text it got from text(); op goes from
     * text() to the new text. False (and nothing changes) if the op does not fit or the note
     * is read-only; true once the edit is saved (or kept in memory when the disk failed:
     * saveFailed() says so).
     */
    bool applyLocal(const TextOperation &op, QString *error = nullptr);
    /** Convenience for whole-text setters: the smallest op from text() to newText. */
    bool replaceText(const QString &newText, QString *error = nullptr);
    /** Moves this user's cursor (shown to the others, transformed by the hub). */
    void setCursor(TextRange range);
    /** Tells the others this user is typing. */
    void sendTyping();
    /** A remote cursor at a hub version, moved to where it falls in text(). */
    TextRange remoteRange(TextRange range, qint64 atVersion) const;

Q_SIGNALS:
    /** A remote edit: apply op to the editor's text (it fits text() before this change). */
    void remoteOp(const TextOperation &op, const QString &userId);
    /** userId brought back the note's text as it was at version (a revert: its op has just
     *  been applied like any other, in remoteOp). */
    void versionRestored(const QString &userId, qint64 version);
    /** The whole text changed at once (first fetch, or recovery from a conflict). */
    void textReset(const QString &text);
    void joinedChanged(bool joined);
    void pendingEditsChanged(int pendingEdits);
    void roleChanged(const QString &role);
    /** The local cache could not save an edit; it is kept in memory and still sent. */
    void saveFailed(const QString &error);
    void hubProblemChanged(const QString &problem);

private:
    friend class SyncClient;
    NoteSession(SyncClient *client, ClientStore *store, const LocalNote &note);

    void sendJoin();
    /** Joins unless joined or a join is on its way (after a fetch this session waited for). */
    void joinIfWaiting();
    /**
     * Takes a note's text fetched in the background (content at version) that this session,
     * which never had the text, waited for instead of asking its join for a second copy
     * (30 MB for the longest note). Not when it has joined or holds edits.
     */
    bool adoptFetched(const QString &content, qint64 version);
    void handleJoined(const QJsonObject &message);
    void handleRemoteOp(const QJsonObject &message);
    void handleAck(const QString &clientId, qint64 seq, qint64 version);
    /** The connection went away: not joined until the next handshake. */
    void connectionLost();
    /** Makes op the outstanding one, under a (clientId, seq) never given before. */
    void takeOutstanding(TextOperation op);
    /** Sends the outstanding op unless it went out on this connection already. */
    void sendOutstanding();
    /** Sends it again (the hub dropped it: rate limit). */
    void resendOutstanding();
    bool applyRemote(qint64 version, const TextOperation &op, const QString &userId,
                     const QString &clientId, qint64 seq);
    void ack();
    void setJoined(bool joined);
    void setHubProblem(const QString &problem);
    /** Saves the live state now (the ops since the last save journaled, or the whole text
     *  after a reset). A failure emits saveFailed and is retried (at the next save, or
     *  after SyncClientSettings::saveRetryMs): nothing applied since is dropped. */
    bool persist(qint64 updatedAt = 0);
    /** Saves within a moment (remote ops and acks: any saved state is consistent). */
    void persistSoon();
    void resync(const QString &why);

    SyncClient *m_client;
    ClientStore *m_store;
    QString m_noteId;
    QString m_text;
    QString m_role;
    OtClient m_ot;
    Outbox m_outbox;
    bool m_joined = false;
    bool m_joinSent = false;
    bool m_dirty = false;
    bool m_saveFailed = false;
    /** The ops applied to m_text since it was last saved, in order. */
    QList<TextOperation> m_unsaved;
    /** m_text was replaced (not edited) since the last save: it is written whole. */
    bool m_wholeText = false;
    /** resync() dropped the local edits: the text here is not the hub's, and the next join asks
     *  for the hub's whole (the cache may not have recorded that, its disk full). */
    bool m_needsSnapshot = false;
    /** The outstanding op went out on this connection. */
    bool m_outstandingSent = false;
    /** The version the join on its way asked to catch up from (none: it asked for the whole
     *  note). A whole note in answer means the hub is behind that version. */
    std::optional<qint64> m_joinedFrom;
    qint64 m_remoteChangeAt = 0;
    QString m_hubProblem;
    QTimer m_persistTimer;
};
