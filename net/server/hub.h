// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "folderlock.h"
#include "hubcommitter.h"
#include "hubconfig.h"
#include "hublistener.h"
#include "hubstore.h"
#include "instancechannels.h"
#include "presencetracker.h"
#include "protocol/heartbeatjudge.h"
#include "recentdurations.h"
#include "textbuffer.h"
#include "textoperation.h"
#include "tokenauth.h"
#include "wsjson.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

class WebSocketConnection;

/**
 * The sync hub: authenticates clients, sequences every note's text operations (transform
 * against what was committed since the client's base version, commit as version + 1),
 * persists them in SQLite, and relays them, with presence, cursors and discussion, to the
 * note's other clients. Runs in the desktop app (on its own thread) and in tandem-hub.
 *
 * Every change is written in one transaction per event-loop pass; acknowledgements and
 * broadcasts go out only after that transaction commits. The Hub owns its listener,
 * store and sockets; it must live and be used on one thread.
 */
class Hub : public QObject
{
    Q_OBJECT
public:
    explicit Hub(HubConfig config, QObject *parent = nullptr);
    ~Hub() override;

    /** Opens the store and the secret, then listens. On failure returns false with *error. */
    bool start(QString *error);
    /** Commits what is pending and closes every client with 1001 (going away). */
    void stop();

    /** ws://host:port/v1 (wss:// with TLS) once started; 127.0.0.1 when it listens on every
     *  interface, so the URL is one a client on this computer can use. */
    QUrl url() const;
    /** url(), followed by "on every network interface" when it listens on all of them. */
    QString listeningOn() const;
    /** Bound to every interface (0.0.0.0 or [::]), not one address. */
    bool listensEverywhere() const;
    /** SHA-256 of the TLS certificate in hex (empty without TLS): what clients pin. */
    QString certificateFingerprint() const { return m_fingerprint; }
    quint16 port() const;
    /** Token issuing and checking for this hub's secret; valid after start(). */
    const TokenAuth *tokens() const { return m_tokens ? &*m_tokens : nullptr; }
    int connectionCount() const { return int(m_sessions.size()); }
    /** Names a user who has never signed in (a token was just made for them), so the people
     *  a note is shared with are listed by name at once; their own sign-in overrides it. */
    void rememberUser(const QString &userId, const QString &userName);
    /** The users signed in right now, each once, sorted. */
    QStringList connectedUsers() const;
    /** Refuses every token of userId issued until now (stored, so for good) and closes the
     *  connections that showed one (1008); new notes are no longer shared with them. A token
     *  issued later works. */
    void revokeTokens(const QString &userId);
    /** Every note owner makes from now on is shared with userId as role (an invite that
     *  shares the host's notes); stored, until revokeTokens(userId). */
    void shareNewNotes(const QString &owner, const QString &userId, const QString &role);
    /** Everyone the hub knows by name (signed in once, or invited): id -> name. */
    QHash<QString, QString> knownUsers() const;

    /** Who a dialect connection or REST request is: user id and display name. */
    struct Identity
    {
        QString userId;
        QString userName;
        qint64 tokenIssuedMs = -1; ///< -1: no token (--auth none)
    };
    /**
     * The identity in a handshake or request: with --auth token a bearer token from the
     * Authorization header or the `token` query item; with --auth none the `userId` and
     * `userName` query items, or a guest unless guests are refused (seed 003 wants both items).
     * Nothing (and *why) when a token is missing or bad.
     */
    std::optional<Identity> identify(const QByteArray &authorization, const QUrl &url, QString *why,
                                     bool allowGuest = true) const;

private:
    struct Session;
    struct NoteState;
    struct CommittedOp;
    using Reply = QJsonObject;

    // Connections and framing.
    void onWebSocket(WebSocketConnection *socket);
    void onTextMessage(WebSocketConnection *socket, const QString &text);
    void onDisconnected(WebSocketConnection *socket);
    void heartbeat();
    /** Closes the sessions whose time to authenticate is up (m_authDeadlines). */
    void closeUnauthenticated();
    /** Reads the revocations again (`tandem-hub token revoke` writes them from another
     *  process) and closes the connections they refuse. */
    void applyRevocations();
    bool isRevoked(const QString &userId, qint64 tokenIssuedMs) const;
    /** The claims of a token this hub signed, unexpired and not revoked (else *why). Every
     *  way in (/v1 auth, handshake, REST, seed endpoints) checks tokens through this. */
    std::optional<TokenAuth::Claims> verifiedToken(QByteArrayView token, QString *why) const;
    void send(Session &session, const QJsonObject &message);
    /** Sends a frame made by WsJson::frame() (once, for any number of sessions). */
    void sendFrame(Session &session, const QByteArray &frame);
    /** The session of socket, or null (a sender that has gone since). */
    const Session *originSession(const WebSocketConnection *origin) const;
    void sendError(Session &session, const QString &code, const QString &message,
                   const QJsonValue &ref, bool strike = true);
    void closeSession(Session &session, int code, const QString &reason);
    bool takeToken(Session &session);

    // Message handlers (canonical protocol).
    void dispatch(Session &session, const QJsonObject &message);
    /** Runs fn with the session once everything applied so far is committed (now, if nothing
     *  is pending), unless the session has gone by then. */
    void whenCommitted(Session &session, std::function<void(Session &)> fn);
    /** Whether everything applied so far is committed. */
    bool storeCurrent() const;
    /** Runs fn once everything applied so far is committed (now, if nothing is pending). */
    void whenStoreCurrent(std::function<void()> fn);
    void handleAuth(Session &session, const QJsonObject &message);
    void handleNoteCreated(Session &session, const QJsonObject &message);
    void handleNoteDeleted(Session &session, const QJsonObject &message);
    void handleListNotes(Session &session, const QJsonObject &message);
    void handleJoinNote(Session &session, const QJsonObject &message);
    /** The presence list to a session that joined, and it to the others. */
    void announceJoin(Session &session, NoteState &note, bool wasJoined);
    /** The user's colour on the note: their own, or the next one nobody there has. */
    void giveColour(NoteState &note, const QString &userId);
    void handleLeaveNote(Session &session, const QJsonObject &message);
    void handleNoteUpdate(Session &session, const QJsonObject &message);
    void handleNoteOp(Session &session, const QJsonObject &message);
    void handleHistory(Session &session, const QJsonObject &message);
    void handleGetVersion(Session &session, const QJsonObject &message);
    void handleRevert(Session &session, const QJsonObject &message);
    void handleShare(Session &session, const QJsonObject &message, bool share);
    void handlePresence(Session &session, const QJsonObject &message);
    void handleCursor(Session &session, const QJsonObject &message);
    void handleTyping(Session &session, const QJsonObject &message);
    void handleChatMessage(Session &session, const QJsonObject &message);
    void handleChatHistory(Session &session, const QJsonObject &message);

    // Notes.
    enum class Access { None, Viewer, Editor, Owner };
    std::shared_ptr<NoteState> loadNote(const QString &noteId);
    /** Drops from memory the notes nobody has open and nobody asked for in
     *  unloadIdleNotesAfterMs, if everything applied is committed (see HubConfig). */
    void unloadIdleNotes();
    /** The highest seq of clientId's that the note has applied (-1 if none): from memory for
     *  a client with an op applied since the note was loaded, else from the store. nullopt,
     *  and why in error, if the store cannot be read. */
    std::optional<qint64> appliedSeq(const NoteState &note, const QString &clientId,
                                     QString *error) const;
    Access accessOf(const NoteState &note, const QString &userId) const;
    static Access accessFrom(const QString &owner, const QHash<QString, QString> &collaborators,
                             const QString &userId);
    /** What userId is told of a damaged note (see DamagedNote): nothing when the note is not
     *  damaged, or is not theirs to see (deleted, or not shared with them). */
    std::optional<QString> damageSeenBy(const QString &noteId, const QString &userId) const;
    /** The note if the session may see it (and it is live); otherwise sends an error and returns
     * null. */
    std::shared_ptr<NoteState> noteFor(Session &session, const QJsonObject &message, Access needed);
    /** The note as clients see it: version and content as committed (never an op that is still
     *  on its way to the disk), title and times as last set. */
    QJsonObject noteJson(const NoteState &note, bool withContent,
                         bool withCollaborators = true) const;
    /** The name a user last signed in with ("" for one who never did). */
    QString userNameOf(const QString &userId) const;
    /**
     * Transforms op (made at baseVersion) to the current version, applies it and queues it.
     * After the commit, onCommitted runs and every joined session but origin (the sender of
     * a client op, which gets an ack instead) receives it as note_op.
     */
    std::optional<OtError> commitOp(NoteState &note, TextOperation op, qint64 baseVersion,
                                    const QString &userId, const QString &clientId, qint64 seq,
                                    const WebSocketConnection *origin,
                                    std::function<void(qint64)> onCommitted,
                                    const QString &watchKind = QStringLiteral("update"),
                                    qint64 revertedTo = -1);
    /** userId's revert of note to text, its version revertedTo: a commitOp whose note_op says
     *  so (`revertedTo`), for everyone on the note to see who brought back which version. */
    std::optional<OtError> commitRevert(NoteState &note, const QString &text, qint64 revertedTo,
                                        const QString &userId,
                                        std::function<void(qint64)> onCommitted);
    // The operations behind the canonical handlers, shared with the REST API. sender (if any)
    // gets the canonical "_success" reply, everyone else with access the "_sync" one;
    // onCommitted runs once the change is on disk.
    std::shared_ptr<NoteState> createNoteCore(const QString &id, const QString &owner,
                                              const QString &title, const QString &content,
                                              QPointer<WebSocketConnection> sender,
                                              std::function<void()> onCommitted);
    void deleteNoteCore(NoteState &note, const QString &userId,
                        QPointer<WebSocketConnection> sender, std::function<void()> onCommitted);
    /** note_update's {title?, content?}: why it is unacceptable, or nothing. */
    std::optional<QString> checkChanges(const QJsonObject &changes) const;
    std::optional<QString> updateNoteCore(NoteState &note, const QString &userId,
                                          const QJsonObject &changes,
                                          QPointer<WebSocketConnection> sender,
                                          std::function<void()> onCommitted);
    /** Every op after version base, from the store and memory (applied, committed or not). */
    std::optional<std::vector<CommittedOp>> opsAfter(NoteState &note, qint64 base);
    std::optional<QString> textAtVersion(NoteState &note, qint64 version);
    /** The text at version for a request, or nothing after telling the session why. */
    std::optional<QString> requestedVersion(Session &session, NoteState &note,
                                            std::optional<qint64> version, const QString &ref);
    /** Removes session from note; a non-empty forcedReason tells the session why (note_left). */
    void leaveNote(Session &session, NoteState &note, const QString &forcedReason = {});
    void forEachSessionWithAccess(const NoteState &note, const std::function<void(Session &)> &fn);
    void broadcastToJoined(const NoteState &note, const QJsonObject &message,
                           const Session *except);
    QJsonObject presenceJson(const Session &session, const QString &noteId) const;

    // Seed 000: read-only watchers of one note at /ws/note/{noteId}.
    struct Watcher
    {
        WebSocketConnection *socket = nullptr;
        QString noteId;
        QString userId;
        bool shown = false; ///< initial (or create) sent
        bool closing = false;
        /** The kind of a change not sent yet, held back while the last state still waits for
         *  the client (empty: none); the note's state when sent is the newest. */
        QString held;
    };
    void addNoteWatcher(WebSocketConnection *socket, const QString &noteId, const Identity &who);
    /** After a commit: the note changed ("create", "update", "revert" or "delete"). */
    void noteChanged(const QString &noteId, const QString &kind);
    /** One message per changed note to each of its watchers. */
    void notifyWatchers();
    /**
     * After ops: note_sync with the note as committed to every /v1 session with access that
     * has not joined it (their notes lists show what changed) or does not speak ops (seed 001
     * clients, which know note_sync only; a session speaks ops once it says so in auth or
     * sends one). At most one a second per note (m_noteSyncs). A session that said
     * `"syncOps": true` gets the ops since the last one, not the whole text.
     */
    void sendNoteSyncs();
    /** A note_sync with the ops after note.syncedVersion up to note.committedVersion (all in
     *  note.recent), each with the version it makes. */
    QByteArray noteSyncWithOps(const NoteState &note, const QString &fromUserId) const;
    /** One change to one watcher: sent, held back, or the watcher closed (note gone, access
     *  revoked). frames holds the messages made for this note so far, by kind. */
    void tellWatcher(Watcher &watcher, const NoteState *note, QString kind,
                     QHash<QString, QByteArray> &frames);
    void closeWatcher(Watcher &watcher, int code, const QString &reason);
    QJsonObject watcherData(const NoteState &note) const;

    // Seed 003 chat rooms: a room whose id is a note id is that note's discussion.
    struct RoomMember
    {
        WebSocketConnection *socket = nullptr;
        QString roomId;
        QString userId;
        QString userName;
        WsJson::TokenBucket bucket;
        int strikes = 0;
        bool closing = false;
    };
    /** Where userId's messages of roomId live: the room itself, unless it is a note's
     *  discussion the user may not read (then a room of the same name outside it). */
    QString roomKey(const QString &roomId, const QString &userId);
    void addRoomMember(WebSocketConnection *socket, const QString &roomId, const Identity &who);
    void onRoomMessage(WebSocketConnection *socket, const QString &text);
    void onRoomMemberLeft(WebSocketConnection *socket);
    void sendToRoom(const QString &roomId, const QJsonObject &message,
                    const WebSocketConnection *except);
    void roomError(RoomMember &member, const QString &message);
    /**
     * Stores a message (content cut to 2,000 characters; the room trimmed to its last 500 once
     * over 1,000). After the commit the room's seed-003 sockets get `message`, a note's joined
     * /v1 sessions `chat_message`, and then onCommitted runs.
     */
    void postChat(const QString &roomId, const QString &userId, const QString &userName,
                  const QString &content, std::function<void()> onCommitted);
    QJsonArray chatHistoryJson(const QString &roomId, int limit) const;
    void handleRoomHttp(const QString &roomId, const HubListener::HttpRequest &request,
                        const HubListener::Responder &respond);

    // Batching.
    void queue(HubStore::Statement statement);
    void afterCommit(std::function<void()> action);
    /** Notes when the batch being built got its first change, and schedules its flush. */
    void openBatch();
    /** Hands what this pass changed to the committer (does not wait for the disk). */
    void flush();
    /** Runs the after-commit actions of committed batches; handles a failed one. */
    void onCommitResults();
    /** Who a batch concerns if it is lost: the /v1 sessions whose requests wrote to it or
     *  wait for it, or every client when something else wrote (a seed dialect, the operator). */
    struct Concerned
    {
        QSet<const WebSocketConnection *> sockets;
        bool everyone = false;
        void add(const Concerned &other)
        {
            sockets.unite(other.sockets);
            everyone = everyone || other.everyone;
        }
    };
    /** After a failed commit: drops the state it made void, reads the open notes again from
     *  the store, and tells the clients it (and the batches after it) concerned. */
    void failStorage(const QString &error, Concerned concerned);

    // HTTP routes.
    void handleHttp(const HubListener::HttpRequest &request, const HubListener::Responder &respond);
    QJsonObject stats() const;
    /** The REST API under /api/notes (docs/PROTOCOL.md). */
    void handleRest(const HubListener::HttpRequest &request, const HubListener::Responder &respond);
    /** Versions newest first, up to the committed one (history and GET …/history). */
    QJsonObject historyJson(const NoteState &note, qint64 limit, qint64 before);
    /** list_notes and GET /api/notes: the live notes userId may read, with their role. */
    QJsonArray notesVisibleTo(const QString &userId);

    HubConfig m_config;
    std::unique_ptr<FolderLock> m_folderLock; ///< first in, last out: held until all is closed
    std::unique_ptr<HubListener> m_listener;
    std::unique_ptr<InstanceChannels> m_instances; ///< seed 004, /ws
    std::unique_ptr<PresenceTracker> m_presence;   ///< seed 003, /presence/ws
    std::map<WebSocketConnection *, Watcher> m_watchers;
    QMultiHash<QString, WebSocketConnection *> m_watchersByNote;
    QHash<QString, QString> m_watchDirty; ///< noteId -> kind, until notifyWatchers()
    /** userId -> the name they last signed in with (filled from the store as asked). */
    mutable QHash<QString, QString> m_userNames;
    std::map<WebSocketConnection *, RoomMember> m_roomMembers;
    QMultiHash<QString, WebSocketConnection *> m_roomSockets; ///< roomId -> its seed-003 sockets
    QHash<QString, WsJson::TokenBucket> m_restBuckets;        ///< REST callers, by user id
    HubStore m_store; ///< reads, on this thread; writes go through m_committer
    HubCommitter m_committer;
    /** Batches handed to the committer and not yet reported, in ticket order. */
    struct PendingCommit
    {
        quint64 ticket;
        struct Flushed
        {
            std::shared_ptr<NoteState> note;
            qint64 version;
            TextBuffer text; ///< the note's text at version
        };
        std::vector<Flushed> notes;
        std::vector<std::function<void()>> actions;
        qint64 ops;
        Concerned concerned;
        qint64 openedUs; ///< when its first change was made (RecentDurations::nowUs())
    };
    std::deque<PendingCommit> m_pending;
    qint64 m_opsInBatch = 0;
    qint64 m_batchOpenedUs = 0; ///< of m_batch and m_afterCommit; 0: nothing waits
    /** From a change being made to its acknowledgements and broadcasts being sent. */
    RecentDurations m_commitWaits;
    std::optional<TokenAuth> m_tokens;
    QHash<QString, qint64> m_revokedBefore; ///< userId -> tokens issued up to this ms refused
    /** owner -> (user id -> role): whom their new notes are shared with (shareNewNotes). */
    QHash<QString, QHash<QString, QString>> m_standingShares;
    std::map<WebSocketConnection *, std::unique_ptr<Session>> m_sessions;
    /** The session whose request is being handled: what it is sent now is its answer. */
    const Session *m_answering = nullptr;
    bool m_answeringHttp = false; ///< an HTTP request is being handled
    QString m_fingerprint;
    QHash<QString, std::shared_ptr<NoteState>> m_notes;
    /**
     * A stored note whose text cannot be rebuilt from its snapshot and log (damage to the
     * database from outside the hub): never loaded, never written to. Those who may see it
     * are told so (note_damaged) and keep their own copies; anyone else finds no such note.
     * Kept until the hub restarts (after a restore from a backup), so it is logged once.
     */
    struct DamagedNote
    {
        QString owner;
        QHash<QString, QString> collaborators;
        bool deleted = false;
        QString why;
    };
    QHash<QString, DamagedNote> m_damagedNotes;
    HubStore::Batch m_batch;
    Concerned m_concerned; ///< of m_batch and m_afterCommit
    std::vector<std::function<void()>> m_afterCommit;
    QSet<QString> m_dirtyNotes;
    QTimer m_flushTimer;
    QTimer m_heartbeatTimer;
    /** Sessions in the order they connected, each with its time to authenticate: one timer
     *  for all of them (a timer each cost every idle connection ~0.5 KiB for its first ten
     *  seconds, and a hub accepting thousands at once as many objects). */
    std::deque<std::pair<QDeadlineTimer, QPointer<WebSocketConnection>>> m_authDeadlines;
    QTimer m_authTimer;
    /** noteId -> the author of its last op, for sendNoteSyncs(). */
    QHash<QString, QString> m_noteSyncs;
    QTimer m_noteSyncTimer;
    QTimer m_unloadTimer; ///< unloadIdleNotes(), every half of unloadIdleNotesAfterMs
    static constexpr int NoteSyncMs = 1000;
    static constexpr qint64 NoteSyncUnitsPerSecond = 64 * 1024;
    HeartbeatJudge m_beats;
    QElapsedTimer m_uptime;
    qint64 m_committedOps = 0;
    qint64 m_transactions = 0; ///< batches committed (the committer may merge several in one)
    std::deque<std::pair<qint64, qint64>> m_opRate; ///< (second, ops committed in it), last minute
    bool m_stopping = false;
};
