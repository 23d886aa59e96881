// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientstore.h"
#include "notelistmodel.h"
#include "protocol/heartbeatjudge.h"
#include "reconnectpolicy.h"

#include <QAbstractSocket>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class NoteSession;
class QWebSocket;

/** See SyncClient. Intervals are settings so tests can shrink them. */
struct SyncClientSettings
{
    ReconnectSettings reconnect;
    /** A WebSocket ping this often; no frame at all for two intervals aborts the socket. */
    qint64 heartbeatMs = 15'000;
    /** Limits on what the hub may send (QtWebSockets defaults to ~2 GiB). The hub sends big
     *  messages in 64 KiB fragments; a note_joined of the longest note (Protocol::MaxNoteUnits)
     *  is ~30 MB, within the message limit. */
    qint64 maxFrameBytes = 16 * 1024 * 1024;
    qint64 maxMessageBytes = 64 * 1024 * 1024;
    /** Long messages go out in frames of at most this size, so that a slow uplink still shows
     *  the hub life within its heartbeat (128 KiB: 5 s at 200 kbit/s). Smaller costs more
     *  passes of the event loop: Qt writes one frame per pass. */
    qint64 outgoingFrameBytes = 128 * 1024;
    /** Remote ops and acks are saved to the cache within this delay (local edits at once). */
    qint64 persistDelayMs = 300;
    /** A save the cache refused (a full disk) is tried again this often until it works. */
    qint64 saveRetryMs = 2000;
    /** Milliseconds since the epoch; tests inject their own. */
    std::function<qint64()> clock;
    /** Seed of the backoff jitter (0: a random one). */
    quint32 seed = 0;
};

/**
 * The client side of one server profile: one WebSocket at a time to the hub's canonical
 * protocol, with explicit states, reconnect with backoff, heartbeat, the offline cache
 * (ClientStore) and the live sessions of open notes (NoteSession).
 *
 *   Offline ──connectToHub──▶ Connecting ──socket up──▶ Authenticating ──auth_success──▶ Online
 *      ▲                          │                           │                           │
 *      │ disconnectFromHub        └──────── lost ─────────────┴──────── lost ─────────────┘
 *      │                                                      ▼
 *      └──────────────── Failed ◀── attempts used up ── Reconnecting (attempt n of max)
 *                           ▲                                 (auth_failed goes straight to Failed)
 *
 * A hub on this machine or the local network has no max: it is tried until it is back.
 *
 * Everything is local first: notes are created, edited, retitled and deleted in the cache at
 * once and sent when the hub is reachable, in the order they were made. A lost connection
 * (Qt's error and disconnected signals, in either order, or a silent link caught by the
 * heartbeat) is handled once per socket.
 */
class SyncClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QUrl serverUrl READ serverUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(QString userId READ userId NOTIFY userChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY userChanged)
    Q_PROPERTY(int attempt READ attempt NOTIFY stateChanged)
    Q_PROPERTY(int maxAttempts READ maxAttempts CONSTANT)
    Q_PROPERTY(QDateTime nextRetry READ nextRetry NOTIFY stateChanged)
    Q_PROPERTY(int latencyMs READ latencyMs NOTIFY latencyChanged)
    Q_PROPERTY(QDateTime lastSync READ lastSync NOTIFY lastSyncChanged)
    Q_PROPERTY(QStringList joinedNotes READ joinedNotes NOTIFY joinedNotesChanged)
    Q_PROPERTY(int pendingChanges READ pendingChanges NOTIFY pendingChangesChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(bool needsCredentials READ needsCredentials NOTIFY lastErrorChanged)
public:
    enum class State { Offline, Connecting, Authenticating, Online, Reconnecting, Failed };
    Q_ENUM(State)
    /** From this length (UTF-16 units) on, the ops a note_sync brings for a cached note
     *  nobody has open are journaled rather than its text written whole. */
    static constexpr qsizetype JournalSyncedOpsFromUnits = 64 * 1024;

    /** url: the hub's canonical endpoint (ws://host:port/v1). store: opened, kept by the caller. */
    SyncClient(const QUrl &url, ClientStore *store, SyncClientSettings settings = {},
               QObject *parent = nullptr);
    ~SyncClient() override;

    /** The bearer token (or, on a --auth none hub, the user id) sent in `auth`; userName, if
     *  given, goes with it as the name claimed on a --auth none hub (a token names its user). */
    void setCredentials(const QString &token, const QString &userName = {});
    QString credentials() const { return m_token; }
    /** Offline/Failed → Connecting. Does nothing while connecting or online. */
    void connectToHub();
    /** Closes the connection and stays Offline; local work goes on. */
    void disconnectFromHub();
    /** The Reconnect action: a fresh series of attempts now. */
    void reconnectNow();
    void clearError();
    /** Points the client at the same hub's new address (it moved port, or now listens on the
     *  network), from the next connection on (reconnectNow() to move at once). */
    void setServerUrl(const QUrl &url);
    /**
     * Trusts a wss:// hub's certificate with this SHA-256 fingerprint (hex), as an invite
     * link or the hub this app hosts itself gives it, replacing what was pinned. Without one
     * the first certificate seen is pinned (trust on first use). A certificate other than
     * the pinned one is refused: state Failed, refusedCertificate().
     */
    void pinCertificate(const QString &fingerprint);
    /** The fingerprint trusted for this hub, or empty before the first wss:// connection. */
    QString trustedCertificate() const;
    /** Set when the hub presented a certificate other than the trusted one. */
    QString refusedCertificate() const { return m_refusedCertificate; }

    State state() const { return m_state; }
    QUrl serverUrl() const { return m_url; }
    QString userId() const { return m_userId; }
    QString userName() const { return m_userName; }
    QString sessionId() const { return m_sessionId; }
    QString colour() const { return m_colour; }
    int attempt() const { return m_policy.attempt(); }
    /** Attempts before giving up; 0 for a hub on this machine or the local network, which is
     *  tried without end (ReconnectPolicy). */
    int maxAttempts() const { return m_policy.maxAttempts(); }
    QDateTime nextRetry() const { return m_nextRetry; }
    /** Round trip of the last heartbeat, -1 before the first. */
    int latencyMs() const { return m_latencyMs; }
    QDateTime lastSync() const { return m_lastSync; }
    QStringList joinedNotes() const;
    int pendingChanges() const { return m_pendingChanges; }
    QString lastError() const { return m_lastError; }
    /**
     * Why some note's newest state is not saved on this computer (its cache refused the
     * write: a full disk, a read-only folder); empty while everything is. Meanwhile the
     * edits are kept in memory and still sent, and the save is tried again every
     * SyncClientSettings::saveRetryMs.
     */
    QString saveError() const { return m_saveError; }
    /**
     * Why the hub could not save changes (its storage failed: a full disk), as it said; empty
     * once it has taken a change again, or holds nothing of this client's to take. Meanwhile
     * the client reconnects every ReconnectPolicy::patientDelayMs() and never gives up.
     */
    QString hubSaveError() const { return m_hubSaveError; }
    /**
     * The notes whose copy on the hub is damaged, each with why as the hub said
     * (NoteSession::hubProblem()), by id. They are kept here, edits and all, and wait until
     * the hub's operator restores them. Known for the notes with a session: open, or with
     * edits to send.
     */
    QMap<QString, QString> notesNotSyncing() const;
    /** The user's edits that are only in memory: neither saved here nor acknowledged by the
     *  hub, each conflicted copy held in memory counted as one. Quitting now would lose them. */
    int unsavedEdits() const;
    /** Saves every note's state now; false if some could not be (saveError() says why). */
    bool saveNow();
    /** Online with nothing left to send or fetch: every note here is as the hub has it. */
    bool isSynced() const;
    bool needsCredentials() const { return m_needsCredentials; }
    /** Failed because every attempt was used up (not refused): worth trying again later. */
    bool isOutOfAttempts() const { return m_outOfAttempts; }
    /** Notes whose text is being fetched (the first sync of a profile, a long time offline):
     *  done of total, both 0 when nothing is. */
    int syncDone() const { return m_syncDone; }
    int syncTotal() const { return m_syncTotal; }
    ClientStore *store() const { return m_store; }
    QString clientId() const { return m_store->clientId(); }

    /** "type:noteId": the requestId of a request about a note (errors echo it as `ref`). */
    static QString requestId(const char *type, const QString &noteId)
    {
        return QLatin1String(type) + QLatin1Char(':') + noteId;
    }

    // Notes (local first; sent now or on the next connection).
    /** Creates a note here and returns its id; empty (and nothing sent) when the cache
     *  cannot hold it, with the reason in *error. */
    QString createNote(const QString &title, const QString &content = {}, QString *error = nullptr);
    void setTitle(const QString &noteId, const QString &title);
    void deleteNote(const QString &noteId);
    /** Opens the live session of a note (joins it when online). Owned by the client. */
    NoteSession *openNote(const QString &noteId);
    void closeNote(const QString &noteId);
    NoteSession *session(const QString &noteId) const { return m_sessions.value(noteId); }
    /** A note as the notes list shows it (text from its live session when open). */
    NoteSummary summary(const QString &noteId) const;
    QList<NoteSummary> summaries() const;

    // Requests that need the hub (false when not online).
    bool share(const QString &noteId, const QString &userId, const QString &role);
    bool unshare(const QString &noteId, const QString &userId);
    bool sendChat(const QString &noteId, const QString &text);
    bool requestChatHistory(const QString &noteId);
    /** The note's versions newest first, limit at most (the hub's cap is 1,000), only those
     *  older than before when it is given (to page back). */
    bool requestHistory(const QString &noteId, int limit = 100,
                        std::optional<qint64> before = std::nullopt);
    bool requestVersion(const QString &noteId, qint64 version);
    bool revert(const QString &noteId, qint64 version);
    /** online / away / busy; remembered and sent on every connection. */
    void setStatus(const QString &status);

Q_SIGNALS:
    void stateChanged(SyncClient::State state);
    void serverUrlChanged(const QUrl &url);
    void userChanged();
    void latencyChanged(int ms);
    void lastSyncChanged(const QDateTime &when);
    void joinedNotesChanged(const QStringList &noteIds);
    void pendingChangesChanged(int count);
    void lastErrorChanged(const QString &error);
    void syncProgressChanged(int done, int total);
    /** saveError(), hubSaveError() or unsavedEdits() changed. */
    void saveStateChanged();
    void notesNotSyncingChanged();

    /** A note's fields changed in the cache (created, renamed, its text fetched…). */
    void noteChanged(const QString &noteId);
    /** A note is gone from the cache (deleted, unshared). why: what happened, when it was not
     *  this user's doing ("the note was deleted by Alice"), else empty. copyId: the conflicted
     *  copy its unsent edits were just kept in (conflictCopied), else empty. */
    void noteRemoved(const QString &noteId, const QString &why, const QString &copyId);
    /** A note's edits could not be merged (refused by the hub, or deleted remotely meanwhile):
     *  they were kept as a new note, copyId. */
    void conflictCopied(const QString &noteId, const QString &copyId, const QString &why);
    /** The note was renamed to theirs elsewhere while this user renamed it to ours (kept). */
    void titleConflict(const QString &noteId, const QString &theirs, const QString &ours);

    void presenceList(const QString &noteId, const QJsonArray &users);
    void presenceUpdated(const QString &noteId, const QJsonObject &user);
    void presenceRemoved(const QString &noteId, const QString &userId, const QString &sessionId);
    void typing(const QString &noteId, const QString &userId, const QString &userName);
    void chatMessage(const QString &noteId, const QJsonObject &message);
    void chatHistory(const QString &noteId, const QJsonArray &messages);
    void historyReceived(const QString &noteId, const QJsonArray &versions);
    void versionReceived(const QString &noteId, qint64 version, const QString &content);
    void shareChanged(const QString &noteId, const QString &userId, const QString &role);
    /** An error reply of the hub (code as in docs/PROTOCOL.md). */
    void hubError(const QString &code, const QString &message, const QJsonValue &ref);

private:
    friend class NoteSession;

    bool isOnline() const { return m_state == State::Online; }
    bool send(const QJsonObject &message);
    qint64 now() const;
    void setState(State state);
    void setLastError(const QString &error, bool needsCredentials = false);
    void openSocket();
    void checkCertificate(QWebSocket *socket, const QList<QSslError> &errors);
    /** Ends the connection for a reason retrying cannot cure: state Failed with why. */
    void giveUp(const QString &why, bool needsCredentials = false);
    void closeSocket();
    /** Why a socket ended, and whether retrying cannot cure it (a TLS mismatch, no hub at
     *  the address). */
    struct Loss
    {
        QString why;
        bool lasting = false;
    };
    static Loss lossOf(QWebSocket *socket, const QUrl &url, QAbstractSocket::SocketError error);
    /** Qt's error and disconnected both end up here, in either order; the first one acts. */
    void socketLost(QWebSocket *socket, QAbstractSocket::SocketError error);
    void connectionLost(const QString &why);
    void heartbeat();
    void handleMessage(const QString &text);
    void handleAuthSuccess(const QJsonObject &message);
    void handleNotesList(const QJsonArray &notes);
    void handleNoteData(const QJsonObject &data, bool confirmed);
    /** A note_sync's ops (each with the version it makes), into the cached copy of a note
     *  nobody has open here, when they lead from its version to version; else that is left
     *  to handleNoteData's fetch. */
    void applySyncedOps(const QString &noteId, const QJsonArray &ops, qint64 version);
    void handleNoteGone(const QString &noteId, const QString &why);
    void handleError(const QJsonObject &message);
    /** Sends what was done offline: creates, titles, deletes, then the notes' ops. */
    void flushLocalChanges();
    void fetchContent(const QString &noteId, qint64 version);
    void sendTitle(const QString &noteId, const QString &title);
    /** The note_created of a note made here (its text follows as ops, unless given). */
    bool sendCreate(const QString &id, const QString &title, const QString &content = {});
    void pumpFetches();
    void fetchDone(const QString &noteId);
    void setSyncProgress(int done, int total);
    /** recountNotes: a note's create/title/delete flag may have changed (else only edits). */
    void updatePendingChanges(bool recountNotes = true);
    void updateJoinedNotes();
    /** A session's save failed or worked: saveError() and unsavedEdits() again. */
    void updateSaveState();
    void setHubSaveError(const QString &error);
    void markSynced();
    /** The connection is ending: every session hears of it, and if it was live, lastSync
     *  becomes the last frame from the hub. */
    void sessionsLostTheHub();
    /** Keeps a note's unmergeable local text as a new note; returns its id (empty while it is
     *  held in memory, the cache full and the text too long to hand to the hub whole). */
    QString saveConflictCopy(const QString &noteId, const QString &text, const QString &why);
    /** Tries again to save the held conflicted copies into the cache. */
    void saveHeldCopies();
    /** The note's text as the cache holds it (read only when needed: it may be megabytes). */
    QString storedText(const QString &noteId) const;
    /** The note's session, made from note (read from the store when not given). */
    NoteSession *ensureSession(const QString &noteId, std::optional<LocalNote> note = {});
    /** Drops a session nobody has open once it has nothing left to send. */
    void releaseIfIdle(const QString &noteId);
    /** Deletes a session already taken out of m_sessions. */
    void discardSession(NoteSession *session);

    QUrl m_url;
    ClientStore *m_store;
    SyncClientSettings m_settings;
    ReconnectPolicy m_policy;
    State m_state = State::Offline;
    QString m_token;
    QString m_claimedName;
    QString m_refusedCertificate;
    QWebSocket *m_socket = nullptr;
    QTimer m_retryTimer;
    QTimer m_heartbeatTimer;
    qint64 m_lastFrameAt = 0;
    qint64 m_pingSentAt = 0;
    HeartbeatJudge m_beats;
    int m_latencyMs = -1;
    QDateTime m_nextRetry;
    QDateTime m_lastSync;
    QString m_lastError;
    bool m_needsCredentials = false;
    bool m_outOfAttempts = false; ///< Failed by running out of attempts (cleared by setState)
    QString m_userId;
    QString m_userName;
    QString m_sessionId;
    QString m_colour;
    QString m_status = QStringLiteral("online");
    int m_pendingChanges = 0;
    QString m_saveError;
    QString m_hubSaveError;
    int m_unsavedEdits = 0;
    /** A conflicted copy neither the cache nor the hub could take when it was made: held here
     *  and saved into the cache once it has room (heldCopiesRetry, saveNow()). */
    struct HeldCopy
    {
        QString noteId; ///< the note the text was of
        QString title;  ///< the copy's
        QString text;
        QString why;     ///< why it could not be merged
        QString reason;  ///< why the cache refused it
        QString message; ///< what lastError() said of it
    };
    QList<HeldCopy> m_heldCopies;
    QTimer m_heldCopiesRetry;
    /** Unconfirmed creates, renames and deletes in the cache (part of m_pendingChanges). */
    int m_noteChanges = 0;
    QStringList m_joinedNotes;
    QHash<QString, NoteSession *> m_sessions;
    /** Notes the UI has open (sessions of other notes only drain their outbox). */
    QSet<QString> m_open;
    /** Notes whose text was asked for (get_version), with the version asked. */
    QHash<QString, qint64> m_fetching;
    /** Texts still to ask for (version wanted), in order. */
    QHash<QString, qint64> m_fetchQueue;
    QStringList m_fetchOrder;
    /** When the fetches of the last second were sent, oldest first. */
    QList<qint64> m_fetchTimes;
    QTimer m_fetchTimer;
    bool m_listPending = false;
    int m_syncDone = 0;
    int m_syncTotal = 0;
};
