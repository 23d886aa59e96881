// SPDX-License-Identifier: GPL-3.0-or-later
#include "hub.h"

#include "hubcertificate.h"
#include "hublistener.h"
#include "jsontext.h"
#include "wsjson.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QScopedValueRollback>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

Q_LOGGING_CATEGORY(lcHub, "tandem.hub")

namespace {

/** What an error about message echoes as `ref`: its requestId, or else its type. */
QJsonValue refOf(const QJsonObject &message, const QString &type)
{
    const QJsonValue requestId = message.value(QLatin1String("requestId"));
    return requestId.isUndefined() ? QJsonValue(type) : requestId;
}

constexpr int ChatContentLimit = 2000; // seed 003
constexpr int ChatHistoryLength = 50;
constexpr int ChatTrimAbove = 1000;
constexpr int ChatKeep = 500;
/** A note's whole text is written again (a snapshot) at a commit SnapshotEvery versions or more
 *  after the last one, once the ops since then amount to 1/SnapshotTextShare of its length
 *  (bytes of their JSON against its units), so a long note is not written whole for a few
 *  keystrokes; and after SnapshotEveryAtMost versions whatever their size, so rebuilding a
 *  version or loading a note replays at most that many ops. */
constexpr qint64 SnapshotEvery = 256;
constexpr qint64 SnapshotTextShare = 8;
constexpr qint64 SnapshotEveryAtMost = 4096;
constexpr qsizetype MaxIdLength = 128;
constexpr qsizetype MaxTitleLength = 1000;
/** Sessions of one note whose presence is announced; beyond this a note is an audience. */
constexpr qsizetype PresenceShown = 100;

/** Whether path is /presence/{leaf} or /api/realtime/presence/{leaf}. */
bool isPresencePath(const QString &path, QLatin1String leaf)
{
    return path == QLatin1String("/presence/") + leaf ||
            path == QLatin1String("/api/realtime/presence/") + leaf;
}

/** The room of /rooms/{id}/{leaf} or /api/realtime/rooms/{id}/{leaf}, if path is one. */
std::optional<QString> roomInPath(QString path, QLatin1String leaf)
{
    if (path.startsWith(QLatin1String("/api/realtime/")))
        path = path.mid(13);
    if (!path.startsWith(QLatin1String("/rooms/")) || !path.endsWith(QLatin1Char('/') + leaf))
        return std::nullopt;
    const QString room = path.mid(7, path.size() - 7 - leaf.size() - 1);
    if (room.isEmpty() || room.size() > MaxIdLength || room.contains(QLatin1Char('/')))
        return std::nullopt;
    return room;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

constexpr const char *Palette[] = {"#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4",
                                   "#42d4f4", "#f032e6", "#9a6324", "#469990", "#800000"};

/** The palette entry a user's colour starts from (the same on every hub and run). */
size_t paletteIndexOf(const QString &userId)
{
    return qHash(userId) % std::size(Palette);
}

QString colourFor(const QString &userId)
{
    return QString::fromLatin1(Palette[paletteIndexOf(userId)]);
}

QString roleName(int access)
{
    switch (access) {
    case 3:
        return QStringLiteral("owner");
    case 2:
        return QStringLiteral("editor");
    case 1:
        return QStringLiteral("viewer");
    default:
        return QString();
    }
}

/** A string field of at most maxLength units, or nothing when absent, empty or not a string. */
std::optional<QString> stringField(const QJsonObject &o, QLatin1String key, qsizetype maxLength)
{
    const QJsonValue v = o.value(key);
    if (!v.isString())
        return std::nullopt;
    QString s = v.toString();
    if (s.isEmpty() || s.size() > maxLength)
        return std::nullopt;
    return s;
}

/** A non-negative integer field, or nothing. */
std::optional<qint64> integerField(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d < 0 || d > 9007199254740991.0 || d != double(qint64(d)))
        return std::nullopt;
    return qint64(d);
}

} // namespace

struct Hub::Session
{
    WebSocketConnection *socket = nullptr;
    QString id = newId();
    QString userId;
    QString userName;
    QString colour;
    QString status = QStringLiteral("online");
    bool authenticated = false;
    /** Said `"ops": true` in auth (Tandem), or sent a note_op: applies note_op, so a note it
     *  has joined needs no note_sync of the whole text as well. */
    bool speaksOps = false;
    /** Said `"syncOps": true` in auth (Tandem): a note_sync after ops may carry the ops since
     *  the last one instead of the whole text (sendNoteSyncs). */
    bool syncOps = false;
    bool closing = false; ///< being closed or aborted: send nothing more, read nothing more
    QSet<QString> joined;
    /** noteId -> (anchor, head, version) */
    QHash<QString, std::tuple<qsizetype, qsizetype, qint64>> cursors;
    qint64 connectedAt = nowMs();
    /** The socket's queuedTotal() after the last request was answered: bytes queued before
     *  it are answers the client asked for, not a backlog of broadcasts it cannot keep up
     *  with. */
    qint64 answeredUpTo = 0;
    double tokens = 0;
    qint64 lastRefill = nowMs();
    int strikes = 0;
};

struct Hub::CommittedOp
{
    qint64 version;
    TextOperation op;
    QString userId;
    QString clientId;
    qint64 seq;
};

struct Hub::NoteState
{
    HubStore::Note meta;
    TextBuffer text;
    QHash<QString, QString> collaborators; ///< userId -> "editor" | "viewer"
    /** clientId -> highest seq applied, for each client with an op applied since the note
     *  was loaded (appliedSeq() reads the others from the store: a note's history can hold
     *  thousands, one for every run of every editor's app). */
    QHash<QString, qint64> lastSeq;
    /** Ops applied since the note was loaded (at least the last HubConfig::recentOpsKept, and
     *  every one not yet committed), newest last. */
    std::deque<CommittedOp> recent;
    qint64 committedVersion = 0; ///< the newest version known to be in the store
    /** The text at committedVersion: what clients are shown (text can hold ops on their way
     *  to the disk). A copy of text made at a flush, so it shares every unchanged chunk. */
    TextBuffer committedText;
    QSet<Session *> joined;
    /** The joined sessions others see in presence (the first PresenceShown to join). */
    QSet<Session *> announced;
    /** userId -> colour of each announced user: told apart, while they are here. */
    QHash<QString, QString> colours;
    qint64 lastSnapshot = 0;
    qint64 opBytesSinceSnapshot = 0; ///< of the ops' JSON since lastSnapshot
    qint64 lastNoteSyncMs = 0;  ///< when the last whole-text note_sync went out (sendNoteSyncs)
    qint64 lastDeltaSyncMs = 0; ///< when the last note_sync with ops went out (sendNoteSyncs)
    /** The version every syncOps session has, as far as note_syncs go: the base of the next
     *  note_sync with ops. The version loaded, then the last one sent to them all. */
    qint64 syncedVersion = 0;
    qint64 lastUsedMs = 0; ///< when it was last asked for or left (unloadIdleNotes)

    /** Drops the oldest of recent beyond keep that are committed: after each op, and after
     *  each commit (a burst applied in one batch is all uncommitted at first). */
    void trimRecent(qsizetype keep)
    {
        while (qsizetype(recent.size()) > keep && recent.front().version <= committedVersion)
            recent.pop_front();
    }
};

Hub::Hub(HubConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &Hub::flush);
    connect(&m_committer, &HubCommitter::resultsReady, this, &Hub::onCommitResults,
            Qt::QueuedConnection);
    m_heartbeatTimer.setInterval(m_config.heartbeatIntervalMs);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &Hub::heartbeat);
    m_authTimer.setSingleShot(true);
    connect(&m_authTimer, &QTimer::timeout, this, &Hub::closeUnauthenticated);
    m_noteSyncTimer.setSingleShot(true);
    m_noteSyncTimer.setInterval(NoteSyncMs);
    connect(&m_noteSyncTimer, &QTimer::timeout, this, &Hub::sendNoteSyncs);
    m_unloadTimer.setInterval(qMax(10, m_config.unloadIdleNotesAfterMs / 2));
    connect(&m_unloadTimer, &QTimer::timeout, this, &Hub::unloadIdleNotes);
}

Hub::~Hub()
{
    stop();
}

bool Hub::start(QString *error)
{
    if (m_config.dataDir.isEmpty()) {
        *error = QStringLiteral("no data folder given");
        return false;
    }
    // Two hubs on one folder would hand out the same versions to different ops.
    if (!QDir().mkpath(m_config.dataDir)) {
        *error = QStringLiteral("cannot make the data folder %1").arg(m_config.dataDir);
        return false;
    }
    // (A hub killed a moment ago may still be ending: it is given a second.)
    m_folderLock = FolderLock::acquire(m_config.dataDir, QStringLiteral("hub.lock"), 1000, error);
    if (!m_folderLock)
        return false;
    m_tokens = TokenAuth::fromDataDir(m_config.dataDir, error);
    if (!m_tokens)
        return false;
    const QString database = QDir(m_config.dataDir).filePath(QStringLiteral("hub.sqlite"));
    if (!m_store.open(database, error) ||
        !m_committer.start(database, m_config.maxDatabaseBytes, error))
        return false;
    applyRevocations();
    m_standingShares = m_store.standingShares();
    m_instances = std::make_unique<InstanceChannels>(
            WsJson::Limits{m_config.messagesPerSecond, m_config.messageBurst, m_config.maxStrikes,
                           m_config.maxUnsentBytes},
            this);
    m_presence = std::make_unique<PresenceTracker>(
            WsJson::Limits{m_config.messagesPerSecond, m_config.messageBurst, m_config.maxStrikes,
                           m_config.maxUnsentBytes},
            this);
    m_listener = std::make_unique<HubListener>(m_config.listener, this);
    m_listener->setUpgradeGate([this](const HubListener::HttpRequest &request)
                                       -> std::optional<HubListener::HttpResponse> {
        // RFC 6455 10.2: a browser page from an origin not allowed is refused with 403.
        const QString origin = QString::fromUtf8(request.headers.value("origin"));
        if (!origin.isEmpty() && !m_config.allowedOrigins.contains(QStringLiteral("*")) &&
            !m_config.allowedOrigins.contains(origin)) {
            qCInfo(lcHub) << "refusing origin" << origin;
            return HubListener::errorResponse(403, QStringLiteral("origin not allowed"));
        }
        const QString path = request.url.path();
        if (path == Protocol::canonicalPath() || path == QLatin1String("/"))
            return std::nullopt; // authenticates with its first message (or a bearer header)
        const bool noteWatch = path.startsWith(QLatin1String("/ws/note/")) && path.size() > 9 &&
                path.size() <= 9 + MaxIdLength && path.indexOf(QLatin1Char('/'), 9) < 0;
        if (isPresencePath(path, QLatin1String("ws"))) {
            QString why;
            if (!identify(request.headers.value("authorization"), request.url, &why, false))
                return HubListener::errorResponse(401, why);
            return std::nullopt;
        }
        if (const std::optional<QString> room = roomInPath(path, QLatin1String("ws"))) {
            QString why;
            const std::optional<Identity> who =
                    identify(request.headers.value("authorization"), request.url, &why, false);
            if (!who)
                return HubListener::errorResponse(401, why);
            return std::nullopt;
        }
        if (path != QLatin1String("/ws") && !noteWatch)
            return HubListener::errorResponse(404, QStringLiteral("no WebSocket endpoint here"));
        QString why;
        if (!identify(request.headers.value("authorization"), request.url, &why))
            return HubListener::errorResponse(401, why);
        return std::nullopt;
    });
    m_listener->setHttpHandler(
            [this](const HubListener::HttpRequest &request, const HubListener::Responder &respond) {
                // What a request writes concerns it alone: its answer, dropped, is a 503.
                const QScopedValueRollback answering(m_answeringHttp, true);
                handleHttp(request, respond);
            });
    connect(m_listener.get(), &HubListener::webSocketConnected, this, &Hub::onWebSocket);
    if (m_config.tls) {
        const std::optional<HubCertificate> identity = HubCertificate::forConfig(m_config, error);
        if (!identity)
            return false;
        m_listener->setTls(identity->certificate, identity->key);
        m_fingerprint = ::certificateFingerprint(identity->certificate);
        qCInfo(lcHub) << "TLS certificate SHA-256 fingerprint" << m_fingerprint;
    }
    if (!m_listener->listen(m_config.address, m_config.port, error))
        return false;
    m_uptime.start();
    m_heartbeatTimer.start();
    if (m_config.unloadIdleNotesAfterMs > 0)
        m_unloadTimer.start();
    m_beats.start(nowMs());
    qCInfo(lcHub).noquote() << "listening on" << listeningOn();
    return true;
}

void Hub::stop()
{
    if (m_stopping || !m_listener)
        return;
    m_stopping = true;
    m_listener->close();
    // No note is written whole here: the next start replays each note's ops since its last
    // snapshot (at most SnapshotEveryAtMost), as it does after a crash.
    flush();
    m_committer.waitForIdle();
    onCommitResults(); // acknowledge what was committed before saying goodbye
    m_heartbeatTimer.stop();
    m_unloadTimer.stop();
    m_authTimer.stop();
    m_authDeadlines.clear();
    while (!m_sessions.empty()) {
        auto it = m_sessions.begin();
        WebSocketConnection *socket = it->first;
        socket->disconnect(this);
        socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("hub shutting down"));
        socket->flush();
        m_sessions.erase(it);
        // Now, while the listener (which owns the TCP sockets) still exists.
        delete socket;
    }
    for (auto &[socket, watcher] : m_watchers)
        WsJson::closeNow(this, socket, QWebSocketProtocol::CloseCodeGoingAway,
                         QStringLiteral("hub shutting down"));
    m_watchers.clear();
    m_watchersByNote.clear();
    for (auto &[socket, member] : m_roomMembers)
        WsJson::closeNow(this, socket, QWebSocketProtocol::CloseCodeGoingAway,
                         QStringLiteral("hub shutting down"));
    m_roomMembers.clear();
    m_roomSockets.clear();
    if (m_presence)
        m_presence->closeAll(QWebSocketProtocol::CloseCodeGoingAway,
                             QStringLiteral("hub shutting down"));
    if (m_instances)
        m_instances->closeAll(QWebSocketProtocol::CloseCodeGoingAway,
                              QStringLiteral("hub shutting down"));
    m_notes.clear();
    m_committer.stop();
    m_store.close();
}

QUrl Hub::url() const
{
    QUrl url;
    url.setScheme(m_config.tls ? QStringLiteral("wss") : QStringLiteral("ws"));
    QHostAddress host = m_listener ? m_listener->address() : m_config.address;
    if (listensEverywhere())
        host = host == QHostAddress::AnyIPv6 ? QHostAddress::LocalHostIPv6
                                             : QHostAddress::LocalHost;
    url.setHost(host.toString());
    url.setPort(port());
    url.setPath(Protocol::canonicalPath());
    return url;
}

bool Hub::listensEverywhere() const
{
    const QHostAddress host = m_listener ? m_listener->address() : m_config.address;
    return host == QHostAddress::Any || host == QHostAddress::AnyIPv4 ||
            host == QHostAddress::AnyIPv6;
}

QString Hub::listeningOn() const
{
    return url().toString() +
            (listensEverywhere() ? QStringLiteral(" on every network interface") : QString());
}

quint16 Hub::port() const
{
    return m_listener ? m_listener->port() : 0;
}

// ---------------------------------------------------------------- connections

void Hub::onWebSocket(WebSocketConnection *socket)
{
    socket->setParent(this);
    // A client's requests wait unread while a quarter of the unsent limit waits for it: a
    // burst of fetches of long notes must not queue more than the limit and be dropped.
    socket->setMaxUnsentWhileReading(m_config.maxUnsentBytes / 4);
    // Tight limits before auth: an unauthenticated client must not make the hub buffer much.
    socket->setMaxAllowedIncomingFrameSize(m_config.maxFrameBytes);
    socket->setMaxAllowedIncomingMessageSize(m_config.preAuthMaxMessageBytes);

    const QString path = socket->requestUrl().path();
    // The seed dialects (the upgrade gate has checked path and identity already; this checks
    // again, since access can change between the two).
    const auto identified = [&](bool allowGuest) -> std::optional<Identity> {
        QString why;
        std::optional<Identity> who =
                identify(socket->authorization(), socket->requestUrl(), &why, allowGuest);
        if (!who) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, why);
            socket->deleteLater();
        } else {
            socket->setCredential(who->userId, who->tokenIssuedMs);
        }
        return who;
    };
    if (path == QLatin1String("/ws")) {
        if (const std::optional<Identity> who = identified(true)) {
            socket->setMaxAllowedIncomingMessageSize(m_config.maxMessageBytes);
            m_instances->add(socket, who->userId, who->userName);
        }
        return;
    }
    if (isPresencePath(path, QLatin1String("ws"))) {
        if (const std::optional<Identity> who = identified(false))
            m_presence->add(socket, who->userId, who->userName);
        return;
    }
    if (const std::optional<QString> room = roomInPath(path, QLatin1String("ws"))) {
        if (const std::optional<Identity> who = identified(false))
            addRoomMember(socket, roomKey(*room, who->userId), *who);
        return;
    }
    if (path.startsWith(QLatin1String("/ws/note/"))) {
        if (const std::optional<Identity> who = identified(true))
            addNoteWatcher(socket, path.mid(9), *who);
        return;
    }
    if (path != Protocol::canonicalPath() && path != QLatin1String("/")) {
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                      QStringLiteral("unknown endpoint"));
        socket->deleteLater();
        return;
    }

    auto owned = std::make_unique<Session>();
    Session &session = *owned;
    session.socket = socket;
    session.tokens = m_config.messageBurst;
    m_sessions.emplace(socket, std::move(owned));

    connect(socket, &WebSocketConnection::textMessageReceived, this,
            [this, socket](const QString &text) { onTextMessage(socket, text); });
    connect(socket, &WebSocketConnection::binaryMessageReceived, this,
            [this, socket](const QByteArray &) {
                if (auto it = m_sessions.find(socket); it != m_sessions.end())
                    sendError(*it->second, QStringLiteral("bad_request"),
                              QStringLiteral("binary messages are not supported"), QJsonValue());
            });
    // A client sending a long message waits for its pongs behind it: it is told its message
    // is arriving (a quick one, the usual case, is not). Signs of life are the connection's
    // own count (silentMs()); nothing else is connected per session, as each signal
    // connection is memory that every idle session keeps.
    socket->setReceivingPong(m_config.heartbeatIntervalMs / 2, Protocol::ReceivingPong);
    connect(socket, &WebSocketConnection::disconnected, this,
            [this, socket]() { onDisconnected(socket); });
    // Nothing but auth is accepted until the deadline.
    m_authDeadlines.emplace_back(QDeadlineTimer(m_config.authTimeoutMs), socket);
    if (!m_authTimer.isActive())
        m_authTimer.start(m_config.authTimeoutMs);

    send(session,
         {{QStringLiteral("type"), QStringLiteral("connection_established")},
          {QStringLiteral("message"), QStringLiteral("Please authenticate to continue")},
          {QStringLiteral("protocolVersion"), Protocol::Version}});

    // A bearer token in the handshake authenticates at once.
    const QByteArray authorization = socket->authorization();
    if (authorization.startsWith("Bearer "))
        handleAuth(
                session,
                {{QStringLiteral("type"), QStringLiteral("auth")},
                 {QStringLiteral("token"), QString::fromLatin1(authorization.mid(7).trimmed())}});
}

void Hub::onDisconnected(WebSocketConnection *socket)
{
    auto it = m_sessions.find(socket);
    if (it == m_sessions.end())
        return;
    Session &session = *it->second;
    const QSet<QString> joined = session.joined;
    for (const QString &noteId : joined)
        if (auto note = m_notes.value(noteId))
            leaveNote(session, *note);
    m_sessions.erase(it);
    socket->deleteLater();
}

void Hub::closeSession(Session &session, int code, const QString &reason)
{
    if (session.closing)
        return;
    qCInfo(lcHub).noquote() << "closing session" << session.id << "of"
                            << (session.authenticated ? session.userId
                                                      : QStringLiteral("nobody yet"))
                            << "with" << code << reason;
    session.closing = true;
    // From the event loop: closing may end in onDisconnected, which deletes the Session our
    // callers are still using.
    WebSocketConnection *socket = session.socket;
    WsJson::closeLater(socket, code, reason);
}

void Hub::closeUnauthenticated()
{
    while (!m_authDeadlines.empty() && m_authDeadlines.front().first.hasExpired()) {
        const QPointer<WebSocketConnection> socket = m_authDeadlines.front().second;
        m_authDeadlines.pop_front();
        if (!socket)
            continue;
        auto it = m_sessions.find(socket.data());
        if (it != m_sessions.end() && !it->second->authenticated)
            closeSession(*it->second, QWebSocketProtocol::CloseCodePolicyViolated,
                         QStringLiteral("authentication timeout"));
    }
    if (!m_authDeadlines.empty())
        m_authTimer.start(int(m_authDeadlines.front().first.remainingTime()));
}

void Hub::heartbeat()
{
    applyRevocations();
    const qint64 interval = m_config.heartbeatIntervalMs;
    const bool judge = m_beats.mayJudge(nowMs(), interval);
    // Every WebSocket the hub owns, of every dialect: the seeds' clients (note watchers, chat
    // rooms, /ws instances, presence) may say nothing for hours, so they are pinged too
    // (browsers and ws answer by themselves), or a link that died without a word (a laptop
    // asleep, a cable pulled) would keep its socket, and its place under the per-address cap,
    // for ever. Silence is the connection's own count: frames, bytes of one, backlog progress.
    QList<QPointer<WebSocketConnection>> silent;
    for (WebSocketConnection *socket : findChildren<WebSocketConnection *>()) {
        if (!socket->isOpen()) // closing: its grace period ends it
            continue;
        if (judge && socket->silentMs() > 2 * interval)
            silent.append(socket);
        else
            socket->ping();
    }
    for (const QPointer<WebSocketConnection> &socket : std::as_const(silent)) {
        if (!socket)
            continue;
        if (auto it = m_sessions.find(socket.data()); it != m_sessions.end())
            qCInfo(lcHub) << "dropping silent session" << it->second->id;
        else
            qCInfo(lcHub) << "dropping a silent client of" << socket->requestUrl().path();
        socket->abort(); // a half-open link will never complete a closing handshake
    }
}

std::optional<TokenAuth::Claims> Hub::verifiedToken(QByteArrayView token, QString *why) const
{
    std::optional<TokenAuth::Claims> claims = m_tokens->verify(token, why);
    if (claims && isRevoked(claims->userId, claims->issuedAtMs)) {
        *why = QStringLiteral("token revoked");
        return std::nullopt;
    }
    return claims;
}

bool Hub::isRevoked(const QString &userId, qint64 tokenIssuedMs) const
{
    const auto it = m_revokedBefore.constFind(userId);
    return tokenIssuedMs >= 0 && it != m_revokedBefore.cend() && tokenIssuedMs <= *it;
}

void Hub::applyRevocations()
{
    if (m_config.auth != HubConfig::Auth::Token)
        return;
    // Merged, never replaced: a revocation made here may not be committed yet.
    const QHash<QString, qint64> stored = m_store.revocations();
    for (const auto &[userId, before] : stored.asKeyValueRange()) {
        qint64 &known = m_revokedBefore[userId];
        if (before > known) {
            known = before;
            qCInfo(lcHub) << "tokens of" << userId << "revoked";
        }
    }
    for (WebSocketConnection *socket : findChildren<WebSocketConnection *>())
        if (socket->isOpen() && isRevoked(socket->userId(), socket->tokenIssuedMs()))
            WsJson::closeLater(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                               QStringLiteral("token revoked"));
}

void Hub::revokeTokens(const QString &userId)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 &known = m_revokedBefore[userId];
    known = qMax(known, now);
    queue(HubStore::revokeTokens(userId, now));
    for (QHash<QString, QString> &shared : m_standingShares)
        shared.remove(userId);
    queue(HubStore::removeStandingShares(userId));
    flush();
    applyRevocations();
}

void Hub::shareNewNotes(const QString &owner, const QString &userId, const QString &role)
{
    if (owner == userId || userId.isEmpty())
        return;
    m_standingShares[owner].insert(userId, role);
    queue(HubStore::setStandingShare(owner, userId, role));
    flush();
}

QHash<QString, QString> Hub::knownUsers() const
{
    QHash<QString, QString> users = m_store.users();
    // Named a moment ago and not committed yet (an invite just made).
    for (const auto &[id, name] : m_userNames.asKeyValueRange())
        if (!name.isEmpty())
            users.insert(id, name);
    return users;
}

const Hub::Session *Hub::originSession(const WebSocketConnection *origin) const
{
    const auto it = m_sessions.find(const_cast<WebSocketConnection *>(origin));
    return it == m_sessions.end() ? nullptr : it->second.get();
}

bool Hub::takeToken(Session &session)
{
    const qint64 now = nowMs();
    session.tokens =
            qMin(double(m_config.messageBurst),
                 session.tokens +
                         double(now - session.lastRefill) * m_config.messagesPerSecond / 1000.0);
    session.lastRefill = now;
    if (session.tokens < 1)
        return false;
    session.tokens -= 1;
    return true;
}

void Hub::send(Session &session, const QJsonObject &message)
{
    sendFrame(session, WsJson::frame(message));
}

void Hub::sendFrame(Session &session, const QByteArray &frame)
{
    if (session.closing)
        return;
    // Answers (a long note's text, up to ~32 MB) may wait as long as the client takes to read
    // them, its next requests waiting unread meanwhile (setMaxUnsentWhileReading); what is
    // too slow is a client behind by more than the limit in what it did not ask for.
    const qint64 unasked = &session == m_answering
            ? 0
            : qMin(session.socket->bytesToWrite(),
                   session.socket->queuedTotal() - session.answeredUpTo);
    if (unasked > m_config.maxUnsentBytes) {
        qCWarning(lcHub) << "session" << session.id << "is too slow; dropping it";
        session.closing = true;
        // From the event loop: aborting here would re-enter onDisconnected while a caller
        // may be iterating over the note's sessions.
        QMetaObject::invokeMethod(session.socket, &WebSocketConnection::abort,
                                  Qt::QueuedConnection);
        return;
    }
    session.socket->sendFrame(frame);
}

void Hub::sendError(Session &session, const QString &code, const QString &message,
                    const QJsonValue &ref, bool strike)
{
    QJsonObject error{{QStringLiteral("type"), QStringLiteral("error")},
                      {QStringLiteral("code"), code},
                      {QStringLiteral("message"), message}};
    if (!ref.isUndefined() && !ref.isNull())
        error.insert(QStringLiteral("ref"), ref);
    send(session, error);
    if (strike && ++session.strikes > m_config.maxStrikes)
        closeSession(session, QWebSocketProtocol::CloseCodePolicyViolated,
                     QStringLiteral("too many bad messages"));
}

void Hub::onTextMessage(WebSocketConnection *socket, const QString &text)
{
    auto it = m_sessions.find(socket);
    if (it == m_sessions.end())
        return;
    Session &session = *it->second;
    if (session.closing)
        return;
    if (!takeToken(session)) {
        sendError(
                session, QStringLiteral("rate_limited"),
                QStringLiteral("more than %1 messages per second").arg(m_config.messagesPerSecond),
                QJsonValue());
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = JsonText::parse(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        sendError(session, QStringLiteral("malformed_json"),
                  parseError.error != QJsonParseError::NoError
                          ? QStringLiteral("not valid JSON: %1").arg(parseError.errorString())
                          : QStringLiteral("a message must be a JSON object"),
                  QJsonValue());
        return;
    }
    m_answering = &session;
    dispatch(session, doc.object());
    m_answering = nullptr;
    session.answeredUpTo = socket->queuedTotal(); // closing is deferred: session still lives
}

void Hub::dispatch(Session &session, const QJsonObject &message)
{
    const QString type = message.value(QLatin1String("type")).toString();
    const QJsonValue ref = refOf(message, type);
    if (type.isEmpty()) {
        sendError(session, QStringLiteral("bad_request"),
                  QStringLiteral("a message needs a string \"type\""), ref);
        return;
    }
    if (type == QLatin1String("ping")) {
        send(session,
             {{QStringLiteral("type"), QStringLiteral("pong")},
              {QStringLiteral("timestamp"), nowMs()}});
        return;
    }
    if (type == QLatin1String("auth")) {
        handleAuth(session, message);
        return;
    }
    if (!session.authenticated) {
        sendError(session, QStringLiteral("unauthorized"), QStringLiteral("authenticate first"),
                  ref);
        return;
    }
    using Handler = void (Hub::*)(Session &, const QJsonObject &);
    static const QHash<QString, Handler> handlers = {
            {QStringLiteral("note_created"), &Hub::handleNoteCreated},
            {QStringLiteral("note_deleted"), &Hub::handleNoteDeleted},
            {QStringLiteral("list_notes"), &Hub::handleListNotes},
            {QStringLiteral("join_note"), &Hub::handleJoinNote},
            {QStringLiteral("leave_note"), &Hub::handleLeaveNote},
            {QStringLiteral("note_update"), &Hub::handleNoteUpdate},
            {QStringLiteral("note_op"), &Hub::handleNoteOp},
            {QStringLiteral("history"), &Hub::handleHistory},
            {QStringLiteral("get_version"), &Hub::handleGetVersion},
            {QStringLiteral("revert"), &Hub::handleRevert},
            {QStringLiteral("presence"), &Hub::handlePresence},
            {QStringLiteral("cursor"), &Hub::handleCursor},
            {QStringLiteral("typing"), &Hub::handleTyping},
            {QStringLiteral("chat_message"), &Hub::handleChatMessage},
            {QStringLiteral("chat_history"), &Hub::handleChatHistory},
    };
    if (type == QLatin1String("share") || type == QLatin1String("unshare")) {
        handleShare(session, message, type == QLatin1String("share"));
        return;
    }
    if (type == QLatin1String("get_stats")) {
        send(session,
             {{QStringLiteral("type"), QStringLiteral("stats")},
              {QStringLiteral("data"),
               QJsonObject{{QStringLiteral("totalConnections"), connectionCount()},
                           {QStringLiteral("yourId"), session.id},
                           {QStringLiteral("connectedAt"), session.connectedAt}}}});
        return;
    }
    const Handler handler = handlers.value(type);
    if (!handler) {
        sendError(session, QStringLiteral("unknown_type"),
                  QStringLiteral("unknown message type \"%1\"").arg(type), ref);
        return;
    }
    // These read the store: they run once everything applied before them is committed, so
    // a reply never misses a change its sender could already know about.
    static const QSet<QString> readsStore = {
            QStringLiteral("list_notes"), QStringLiteral("history"), QStringLiteral("get_version"),
            QStringLiteral("revert"), QStringLiteral("chat_history")};
    if (readsStore.contains(type)) {
        whenCommitted(session,
                      [this, handler, message](Session &s) { (this->*handler)(s, message); });
        return;
    }
    (this->*handler)(session, message);
}

bool Hub::storeCurrent() const
{
    return m_pending.empty() && m_batch.isEmpty() && m_afterCommit.empty();
}

void Hub::whenStoreCurrent(std::function<void()> fn)
{
    if (storeCurrent())
        fn();
    else
        afterCommit(std::move(fn));
}

void Hub::whenCommitted(Session &session, std::function<void(Session &)> fn)
{
    // Were that commit lost, the session would wait for ever: it is told instead.
    if (!storeCurrent())
        m_concerned.sockets.insert(session.socket);
    // The session is looked up again: it may have gone while the commit was on its way.
    whenStoreCurrent(
            [this, socket = QPointer<WebSocketConnection>(session.socket), fn = std::move(fn)]() {
                auto it = m_sessions.find(socket.data());
                if (socket && it != m_sessions.end() && !it->second->closing)
                    fn(*it->second);
            });
}

// ---------------------------------------------------------------- HTTP

void Hub::handleHttp(const HubListener::HttpRequest &request, const HubListener::Responder &respond)
{
    const QString path = request.url.path();
    const auto json = [&](int status, const QJsonObject &body) {
        respond({status, QJsonDocument(body).toJson(QJsonDocument::Compact)});
    };
    const auto error = [&](int status, const QString &message) {
        respond(HubListener::errorResponse(status, message));
    };
    if (path == QLatin1String("/healthz") || path == QLatin1String("/v1/stats") ||
        path == QLatin1String("/websocket/stats")) {
        if (request.method != "GET")
            return error(405, QStringLiteral("only GET is served here"));
        if (path == QLatin1String("/healthz"))
            return json(200, {{QStringLiteral("status"), QStringLiteral("ok")}});
        if (path == QLatin1String("/v1/stats"))
            return json(200, stats());
        QString why;
        if (!identify(request.headers.value("authorization"), request.url, &why))
            return error(401, why);
        const QString id =
                QUrlQuery(request.url).queryItemValue(QStringLiteral("id"), QUrl::FullyDecoded);
        return json(200, m_instances->stats(id.isEmpty() ? QStringLiteral("default") : id));
    }
    if (path == QLatin1String("/api/notes") || path.startsWith(QLatin1String("/api/notes/")))
        return handleRest(request, respond);
    if (const std::optional<QString> room = roomInPath(path, QLatin1String("messages")))
        return handleRoomHttp(*room, request, respond);
    if (isPresencePath(path, QLatin1String("list")) ||
        isPresencePath(path, QLatin1String("update"))) {
        QString why;
        const std::optional<Identity> who =
                identify(request.headers.value("authorization"), request.url, &why, false);
        if (!who)
            return error(401, why);
        if (isPresencePath(path, QLatin1String("list"))) {
            if (request.method != "GET")
                return error(405, QStringLiteral("only GET is served here"));
            return json(200, m_presence->list());
        }
        if (request.method != "POST")
            return error(405, QStringLiteral("only POST is served here"));
        QJsonParseError parseError;
        const QJsonObject body = JsonText::parse(request.body, &parseError).object();
        if (parseError.error != QJsonParseError::NoError)
            return error(400, QStringLiteral("the body is not JSON"));
        const QJsonValue claimed = body.value(QLatin1String("userId"));
        if (!claimed.isUndefined() && claimed.toString() != who->userId)
            return error(403, QStringLiteral("one may set only one's own status"));
        if (const std::optional<QString> refused =
                    m_presence->update(who->userId, body.value(QLatin1String("status")).toString()))
            return error(400, *refused);
        return json(200, {{QStringLiteral("success"), true}});
    }
    error(404, QStringLiteral("not found"));
}

// ---------------------------------------------------------------- REST API

void Hub::handleRest(const HubListener::HttpRequest &request, const HubListener::Responder &respond)
{
    const auto json = [respond](int status, const QJsonObject &body) {
        respond({status, QJsonDocument(body).toJson(QJsonDocument::Compact)});
    };
    const auto error = [respond](int status, const QString &message) {
        respond(HubListener::errorResponse(status, message));
    };
    QString why;
    const std::optional<Identity> who =
            identify(request.headers.value("authorization"), request.url, &why, false);
    if (!who)
        return error(401, why);
    // A token bucket per user, as for a WebSocket connection. With --auth none anyone can
    // name new users, so buckets idle long enough to be full again are dropped.
    if (m_restBuckets.size() > 4096) {
        const qint64 now = nowMs();
        m_restBuckets.removeIf(
                [now](const auto &entry) { return now - entry.value().lastRefill > 60'000; });
    }
    if (!m_restBuckets[who->userId].take(m_config.messagesPerSecond, m_config.messageBurst,
                                         nowMs()))
        return error(429, QStringLiteral("rate limit exceeded; slow down"));

    // /api/notes[/{id}[/history|/revert]]
    const QStringList parts = request.url.path().mid(1).split(QLatin1Char('/'));
    const QString noteId = parts.value(2);
    const QString sub = parts.value(3);
    if (parts.size() > 4 ||
        (parts.size() >= 3 && (noteId.isEmpty() || noteId.size() > MaxIdLength)) ||
        (parts.size() == 4 && sub != QLatin1String("history") && sub != QLatin1String("revert")))
        return error(404, QStringLiteral("not found"));
    const QByteArray method = request.method;
    QJsonObject body;
    if (method == "POST" || method == "PUT" || method == "PATCH") {
        QJsonParseError parseError;
        const QJsonDocument document = JsonText::parse(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject())
            return error(400, QStringLiteral("the body must be a JSON object"));
        body = document.object();
    }
    const QString userId = who->userId;

    if (parts.size() == 2) { // the collection
        if (method == "GET")
            return whenStoreCurrent([this, userId, json]() {
                json(200, {{QStringLiteral("notes"), notesVisibleTo(userId)}});
            });
        if (method != "POST")
            return error(405, QStringLiteral("GET or POST"));
        const QJsonValue id = body.value(QLatin1String("id"));
        const QJsonValue title = body.value(QLatin1String("title"));
        const QJsonValue content = body.value(QLatin1String("content"));
        if (!(id.isUndefined() || id.isString()) || !(title.isUndefined() || title.isString()) ||
            !(content.isUndefined() || content.isString()))
            return error(400, QStringLiteral("id, title and content are strings"));
        if (id.toString().size() > MaxIdLength || title.toString().size() > MaxTitleLength ||
            id.toString().contains(QLatin1Char('/')))
            return error(400, QStringLiteral("id or title too long, or an id with a slash"));
        if (!TextOperation::fromJson(QJsonArray{content.toString()}, m_config.opLimits))
            return error(413, QStringLiteral("the content is too large or not valid text"));
        const QString newNoteId = id.toString().isEmpty() ? newId() : id.toString();
        if (const std::shared_ptr<NoteState> existing = loadNote(newNoteId)) {
            if (existing->meta.owner != userId || existing->meta.deletedAt != 0)
                return error(409, QStringLiteral("a note with this id already exists"));
            // A resend by its creator: the same answer again, once the first is on disk.
            return whenStoreCurrent([this, existing, json]() {
                json(200, {{QStringLiteral("note"), noteJson(*existing, true)}});
            });
        }
        if (m_damagedNotes.contains(newNoteId)) {
            const std::optional<QString> damage = damageSeenBy(newNoteId, userId);
            return damage ? error(500, *damage)
                          : error(409, QStringLiteral("a note with this id already exists"));
        }
        const std::shared_ptr<NoteState> note = createNoteCore(newNoteId, userId, title.toString(),
                                                               content.toString(), nullptr, {});
        afterCommit([this, note, json]() {
            json(201, {{QStringLiteral("note"), noteJson(*note, true)}});
        });
        return;
    }

    // One note. A note the user may not read does not exist for them.
    const std::shared_ptr<NoteState> note = loadNote(noteId);
    const Access access =
            note && note->meta.deletedAt == 0 ? accessOf(*note, userId) : Access::None;
    if (!note)
        if (const std::optional<QString> damage = damageSeenBy(noteId, userId))
            return error(500, *damage);
    if (access == Access::None)
        return error(404, QStringLiteral("no such note"));
    const auto noteReply = [this, note, userId, json](int status) {
        QJsonObject data = noteJson(*note, true);
        data.insert(QStringLiteral("role"), roleName(int(accessOf(*note, userId))));
        json(status, {{QStringLiteral("note"), data}});
    };

    if (sub == QLatin1String("history")) {
        if (method != "GET")
            return error(405, QStringLiteral("only GET is served here"));
        const QUrlQuery query(request.url);
        bool limitOk = true;
        bool beforeOk = true;
        const qint64 limit = query.hasQueryItem(QStringLiteral("limit"))
                ? query.queryItemValue(QStringLiteral("limit")).toLongLong(&limitOk)
                : 100;
        const qint64 before = query.hasQueryItem(QStringLiteral("before"))
                ? query.queryItemValue(QStringLiteral("before")).toLongLong(&beforeOk)
                : std::numeric_limits<qint64>::max();
        if (!limitOk || !beforeOk)
            return error(400, QStringLiteral("limit and before are whole numbers"));
        return whenStoreCurrent([this, note, limit, before, json]() {
            json(200, historyJson(*note, limit, before));
        });
    }
    if (sub == QLatin1String("revert")) {
        if (method != "POST")
            return error(405, QStringLiteral("only POST is served here"));
        if (access == Access::Viewer)
            return error(403, QStringLiteral("viewers may not edit"));
        const QJsonValue version = body.value(QLatin1String("version"));
        if (!version.isDouble() || version.toDouble() != double(version.toInteger()))
            return error(400, QStringLiteral("the body needs a whole-number \"version\""));
        const qint64 to = version.toInteger();
        return whenStoreCurrent([this, note, to, userId, json, error]() {
            std::optional<QString> text;
            if (to >= 0 && (to <= note->committedVersion || to == note->meta.version))
                text = textAtVersion(*note, to);
            if (!text)
                return error(404, QStringLiteral("no such version"));
            const std::optional<OtError> failed =
                    commitRevert(*note, *text, to, userId, [json, to](qint64 newVersion) {
                        json(200,
                             {{QStringLiteral("version"), newVersion},
                              {QStringLiteral("revertedTo"), to}});
                    });
            if (failed)
                error(500, failed->message());
        });
    }

    if (method == "GET")
        return noteReply(200);
    if (method == "DELETE") {
        if (access != Access::Owner)
            return error(403, QStringLiteral("only the owner deletes a note"));
        deleteNoteCore(*note, userId, nullptr, [respond]() { respond({204, QByteArray()}); });
        return;
    }
    if (method != "PUT" && method != "PATCH")
        return error(405, QStringLiteral("GET, PUT, PATCH or DELETE"));
    if (access == Access::Viewer)
        return error(403, QStringLiteral("viewers may not edit"));
    // Optimistic concurrency: a stated version must still be the note's.
    const QJsonValue stated = body.value(QLatin1String("version"));
    if (!stated.isUndefined() && !stated.isDouble())
        return error(400, QStringLiteral("version is a number"));
    if (stated.isDouble() && stated.toInteger() != note->meta.version) {
        // Answered once what changed the note is on disk, so the version named is committed.
        return whenStoreCurrent([note, json]() {
            json(409,
                 {{QStringLiteral("error"),
                   QStringLiteral("version conflict: the note has changed")},
                  {QStringLiteral("version"), note->committedVersion}});
        });
    }
    if (method == "PATCH" && body.contains(QLatin1String("op"))) {
        // A text operation made at baseVersion, transformed like a /v1 note_op.
        const QJsonValue base = body.value(QLatin1String("baseVersion"));
        if (!base.isDouble() || base.toInteger() < 0 || base.toInteger() > note->meta.version)
            return error(400, QStringLiteral("op needs a baseVersion the note has reached"));
        OtResult<TextOperation> op =
                TextOperation::fromJson(body.value(QLatin1String("op")), m_config.opLimits);
        if (!op)
            return error(op.error().code() == OtError::Code::TooLarge ? 413 : 400,
                         op.error().message());
        if (const std::optional<OtError> failed =
                    commitOp(*note, std::move(op).value(), base.toInteger(), userId, QString(), 0,
                             nullptr, [noteReply](qint64) { noteReply(200); }))
            return error(400, failed->message());
        return;
    }
    QJsonObject changes;
    for (const QLatin1String field : {QLatin1String("title"), QLatin1String("content")})
        if (body.contains(field)) {
            if (!body.value(field).isString())
                return error(400, QStringLiteral("%1 is a string").arg(field));
            changes.insert(field, body.value(field));
        }
    if (method == "PUT" && !changes.contains(QLatin1String("content")))
        return error(400, QStringLiteral("PUT replaces the note: it needs \"content\""));
    if (changes.contains(QLatin1String("content"))) {
        const OtResult<TextOperation> check = TextOperation::fromJson(
                QJsonArray{changes.value(QLatin1String("content"))}, m_config.opLimits);
        if (!check && check.error().code() == OtError::Code::TooLarge)
            return error(413, check.error().message());
    }
    if (const std::optional<QString> bad = checkChanges(changes))
        return error(400, *bad);
    if (const std::optional<QString> failed =
                updateNoteCore(*note, userId, changes, nullptr, [noteReply]() { noteReply(200); }))
        error(500, *failed);
}

void Hub::rememberUser(const QString &userId, const QString &userName)
{
    if (userId.isEmpty() || userName.trimmed().isEmpty() || !userNameOf(userId).isEmpty())
        return;
    m_userNames.insert(userId, userName.trimmed());
    queue(HubStore::upsertUser(userId, userName.trimmed(), nowMs()));
}

QString Hub::userNameOf(const QString &userId) const
{
    auto it = m_userNames.constFind(userId);
    if (it == m_userNames.cend())
        it = m_userNames.insert(userId, m_store.userName(userId));
    return *it;
}

QJsonObject Hub::historyJson(const NoteState &note, qint64 limit, qint64 before)
{
    limit = qBound(qint64(1), limit, qint64(1000));
    before = qMin(before, note.committedVersion + 1);
    QJsonArray versions;
    const std::vector<HubStore::Op> ops =
            m_store.authorsBetween(note.meta.id, qMax<qint64>(0, before - 1 - limit), before - 1);
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
        versions.append(QJsonObject{{QStringLiteral("version"), it->version},
                                    {QStringLiteral("userId"), it->userId},
                                    {QStringLiteral("userName"), userNameOf(it->userId)},
                                    {QStringLiteral("timestamp"), it->createdAt},
                                    {QStringLiteral("deleted"), it->deleted}});
    }
    return {{QStringLiteral("noteId"), note.meta.id},
            {QStringLiteral("currentVersion"), note.committedVersion},
            {QStringLiteral("versions"), versions}};
}

QStringList Hub::connectedUsers() const
{
    QSet<QString> users;
    for (const auto &[socket, session] : m_sessions)
        if (session->authenticated && !session->closing)
            users.insert(session->userId);
    QStringList sorted(users.cbegin(), users.cend());
    sorted.sort();
    return sorted;
}

// ---------------------------------------------------------------- auth

std::optional<Hub::Identity> Hub::identify(const QByteArray &authorization, const QUrl &url,
                                           QString *why, bool allowGuest) const
{
    const QUrlQuery query(url);
    if (m_config.auth == HubConfig::Auth::None) {
        Identity who{
                query.queryItemValue(QStringLiteral("userId"), QUrl::FullyDecoded).trimmed(),
                query.queryItemValue(QStringLiteral("userName"), QUrl::FullyDecoded).trimmed()};
        if (!allowGuest && (who.userId.isEmpty() || who.userName.isEmpty())) {
            *why = QStringLiteral("Unauthorized: userId and userName are required");
            return std::nullopt;
        }
        if (who.userId.isEmpty())
            who.userId = who.userName;
        if (who.userId.isEmpty()) {
            who.userId = QStringLiteral("guest-") + newId().left(8);
            who.userName = QStringLiteral("Guest");
        }
        if (who.userName.isEmpty())
            who.userName = who.userId;
        if (who.userId.size() > MaxIdLength || who.userName.size() > MaxIdLength) {
            *why = QStringLiteral("userId or userName too long");
            return std::nullopt;
        }
        return who;
    }
    QByteArray token;
    if (authorization.startsWith("Bearer "))
        token = authorization.mid(7).trimmed();
    else
        token = query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
    if (token.isEmpty()) {
        *why = QStringLiteral("authentication required: a bearer token (Authorization header or "
                              "?token=)");
        return std::nullopt;
    }
    QString reason;
    const std::optional<TokenAuth::Claims> claims = verifiedToken(token, &reason);
    if (!claims) {
        *why = QStringLiteral("authentication failed: %1").arg(reason);
        return std::nullopt;
    }
    return Identity{claims->userId, claims->userName, claims->issuedAtMs};
}

void Hub::handleAuth(Session &session, const QJsonObject &message)
{
    if (session.authenticated) {
        sendError(session, QStringLiteral("bad_request"), QStringLiteral("already authenticated"),
                  QStringLiteral("auth"));
        return;
    }
    const QString token = message.value(QLatin1String("token")).toString();
    QString userId;
    QString userName;
    qint64 tokenIssuedMs = -1;
    if (m_config.auth == HubConfig::Auth::None) {
        // Trusted network: the claimed name is the identity.
        const QString claimed =
                token.isEmpty() ? message.value(QLatin1String("userName")).toString() : token;
        userId = claimed.trimmed();
        userName = message.value(QLatin1String("userName")).toString().trimmed();
        if (userName.isEmpty())
            userName = userId;
        if (userId.isEmpty() || userId.size() > MaxIdLength || userName.size() > MaxIdLength) {
            send(session,
                 {{QStringLiteral("type"), QStringLiteral("auth_failed")},
                  {QStringLiteral("message"),
                   QStringLiteral("Authentication failed: a user name is required")}});
            closeSession(session, QWebSocketProtocol::CloseCodePolicyViolated,
                         QStringLiteral("authentication failed"));
            return;
        }
    } else {
        QString why;
        std::optional<TokenAuth::Claims> claims;
        if (token.isEmpty())
            why = QStringLiteral("no token given");
        else
            claims = verifiedToken(token.toUtf8(), &why);
        if (!claims) {
            // Never the token itself.
            qCInfo(lcHub).noquote()
                    << "authentication failed from"
                    << session.socket->peerAddress().toString() + QLatin1Char(':') << why;
            send(session,
                 {{QStringLiteral("type"), QStringLiteral("auth_failed")},
                  {QStringLiteral("message"),
                   QStringLiteral("Authentication failed: %1").arg(why)}});
            closeSession(session, QWebSocketProtocol::CloseCodePolicyViolated,
                         QStringLiteral("authentication failed"));
            return;
        }
        userId = claims->userId;
        userName = claims->userName;
        tokenIssuedMs = claims->issuedAtMs;
    }
    session.authenticated = true;
    session.speaksOps = message.value(QLatin1String("ops")).toBool();
    session.syncOps = message.value(QLatin1String("syncOps")).toBool();
    session.socket->setCredential(userId, tokenIssuedMs);
    session.userId = userId;
    session.userName = userName;
    // A user is stored once, and again when their name changes: a sign-in that changes
    // nothing writes nothing (on a full disk, every sign-in's failed commit would drop every
    // connection, readers' too).
    if (userName.isEmpty() || userNameOf(userId) != userName) {
        m_userNames.insert(userId, userName);
        queue(HubStore::upsertUser(userId, userName, nowMs()));
    }
    session.colour = colourFor(userId);
    session.strikes = 0;
    session.socket->setMaxAllowedIncomingMessageSize(m_config.maxMessageBytes);
    send(session,
         {{QStringLiteral("type"), QStringLiteral("auth_success")},
          {QStringLiteral("message"), QStringLiteral("Authentication successful")},
          {QStringLiteral("userId"), userId},
          {QStringLiteral("userName"), userName},
          {QStringLiteral("colour"), session.colour},
          {QStringLiteral("sessionId"), session.id},
          {QStringLiteral("protocolVersion"), Protocol::Version},
          {QStringLiteral("capabilities"),
           QJsonArray{QStringLiteral("ot-text"), QStringLiteral("note_update"),
                      QStringLiteral("history"), QStringLiteral("revert"), QStringLiteral("share"),
                      QStringLiteral("presence"), QStringLiteral("cursor"),
                      QStringLiteral("typing"), QStringLiteral("chat")}}});
}

// ---------------------------------------------------------------- notes

std::shared_ptr<Hub::NoteState> Hub::loadNote(const QString &noteId)
{
    if (auto cached = m_notes.value(noteId)) {
        cached->lastUsedMs = nowMs();
        return cached;
    }
    if (m_damagedNotes.contains(noteId))
        return nullptr;
    std::optional<HubStore::Note> stored = m_store.note(noteId);
    if (!stored)
        return nullptr;
    const auto damaged = [&](const QString &why) {
        qCCritical(lcHub).noquote() << "note" << noteId << "cannot be loaded:" << why
                                    << "(its users are told; restore the database from a backup)";
        m_damagedNotes.insert(
                noteId,
                {stored->owner, m_store.collaborators(noteId), stored->deletedAt != 0, why});
        return nullptr;
    };
    // The text is the latest snapshot's with the ops after it replayed.
    auto snapshot = m_store.snapshotAtOrBefore(noteId, stored->version);
    if (!snapshot)
        return damaged(QStringLiteral("it has no snapshot"));
    auto note = std::make_shared<NoteState>();
    note->text = TextBuffer(snapshot->second);
    snapshot->second.clear();
    note->lastSnapshot = snapshot->first;
    qint64 replayedTo = snapshot->first;
    for (const HubStore::Op &logged : m_store.opsBetween(noteId, replayedTo, stored->version)) {
        if (logged.version != replayedTo + 1)
            return damaged(QStringLiteral("its log skips from version %1 to %2")
                                   .arg(replayedTo)
                                   .arg(logged.version));
        OtResult<TextOperation> op = TextOperation::fromJsonText(logged.op);
        const OtStatus applied = op ? note->text.apply(op.value()) : OtStatus(op.error());
        if (!applied)
            return damaged(QStringLiteral("version %1 of its log does not apply (%2)")
                                   .arg(logged.version)
                                   .arg(applied.error().message()));
        note->opBytesSinceSnapshot += logged.op.size();
        replayedTo = logged.version;
    }
    if (replayedTo != stored->version)
        return damaged(QStringLiteral("its log ends at version %1 but the note is at %2")
                               .arg(replayedTo)
                               .arg(stored->version));
    note->meta = std::move(*stored);
    note->collaborators = m_store.collaborators(noteId);
    note->committedVersion = note->meta.version;
    note->syncedVersion = note->committedVersion;
    note->committedText = note->text;
    note->lastUsedMs = nowMs();
    m_notes.insert(noteId, note);
    return note;
}

std::optional<qint64> Hub::appliedSeq(const NoteState &note, const QString &clientId,
                                      QString *error) const
{
    if (const auto it = note.lastSeq.constFind(clientId); it != note.lastSeq.cend())
        return *it;
    // Nothing of it applied since the note was loaded, so nothing of it is waiting for its
    // commit (a note leaves memory only when everything applied is committed): the store has
    // it all. Not kept: an entry is made when an op of it is applied (commitOp), so ops that
    // are refused leave nothing behind.
    QString why;
    const std::optional<qint64> stored = m_store.lastSeq(note.meta.id, clientId, &why);
    if (!stored)
        qCCritical(lcHub).noquote() << "cannot read which ops of client" << clientId << "note"
                                    << note.meta.id << "has applied:" << why;
    if (error)
        *error = why;
    return stored;
}

void Hub::unloadIdleNotes()
{
    // An unloaded note is read back from the store, so only while the two agree: nothing
    // applied is waiting for its commit.
    if (!storeCurrent())
        return;
    const qint64 unusedSince = nowMs() - m_config.unloadIdleNotesAfterMs;
    qsizetype unloaded = 0;
    for (auto it = m_notes.begin(); it != m_notes.end();) {
        const NoteState &note = *it.value();
        if (note.joined.isEmpty() && note.lastUsedMs <= unusedSince &&
            !m_watchersByNote.contains(it.key()) && !m_roomSockets.contains(it.key()) &&
            !m_noteSyncs.contains(it.key())) {
            it = m_notes.erase(it);
            ++unloaded;
        } else {
            ++it;
        }
    }
    if (unloaded == 0)
        return;
    qCDebug(lcHub) << "unloaded" << unloaded << "notes nobody had open";
#if defined(__GLIBC__)
    // glibc keeps what was freed mapped, so the hub's resident size would stay where the most
    // notes were loaded: hand it back to the system (1.7 ms for a 35 MB heap, BENCHMARKS.md).
    malloc_trim(0);
#endif
}

Hub::Access Hub::accessOf(const NoteState &note, const QString &userId) const
{
    return accessFrom(note.meta.owner, note.collaborators, userId);
}

Hub::Access Hub::accessFrom(const QString &owner, const QHash<QString, QString> &collaborators,
                            const QString &userId)
{
    if (owner == userId)
        return Access::Owner;
    const QString role = collaborators.value(userId);
    if (role == QLatin1String("editor"))
        return Access::Editor;
    if (role == QLatin1String("viewer"))
        return Access::Viewer;
    return Access::None;
}

std::optional<QString> Hub::damageSeenBy(const QString &noteId, const QString &userId) const
{
    const auto it = m_damagedNotes.constFind(noteId);
    if (it == m_damagedNotes.cend() || it->deleted ||
        accessFrom(it->owner, it->collaborators, userId) == Access::None)
        return std::nullopt;
    return QStringLiteral("the hub's copy of this note is damaged (%1), and the hub can neither "
                          "show nor save it until its operator restores it from a backup")
            .arg(it->why);
}

std::shared_ptr<Hub::NoteState> Hub::noteFor(Session &session, const QJsonObject &message,
                                             Access needed)
{
    const QString type = message.value(QLatin1String("type")).toString();
    const std::optional<QString> noteId =
            stringField(message, QLatin1String("noteId"), MaxIdLength);
    if (!noteId) {
        sendError(session, QStringLiteral("bad_request"),
                  QStringLiteral("\"noteId\" must be a non-empty string"), refOf(message, type));
        return nullptr;
    }
    std::shared_ptr<NoteState> note = loadNote(*noteId);
    if (!note) {
        if (const std::optional<QString> damage = damageSeenBy(*noteId, session.userId)) {
            // Not the client's doing: no strike, and it may ask again after a reconnect.
            sendError(session, QStringLiteral("note_damaged"), *damage, refOf(message, type),
                      false);
            return nullptr;
        }
    }
    const Access access = note ? accessOf(*note, session.userId) : Access::None;
    // A stranger learns nothing, not even that the note exists.
    if (!note || access == Access::None ||
        (note->meta.deletedAt != 0 && type != QLatin1String("note_restore"))) {
        sendError(session, QStringLiteral("not_found"), QStringLiteral("no such note"),
                  refOf(message, type));
        return nullptr;
    }
    if (access < needed) {
        sendError(session, QStringLiteral("forbidden"),
                  needed == Access::Owner
                          ? QStringLiteral("only the note's owner may do that")
                          : QStringLiteral("you may view this note but not edit it"),
                  refOf(message, type));
        return nullptr;
    }
    return note;
}

QJsonObject Hub::noteJson(const NoteState &note, bool withContent, bool withCollaborators) const
{
    QJsonObject json{{QStringLiteral("id"), note.meta.id},
                     {QStringLiteral("title"), note.meta.title},
                     {QStringLiteral("version"), note.committedVersion},
                     {QStringLiteral("createdAt"), note.meta.createdAt},
                     {QStringLiteral("updatedAt"), note.meta.updatedAt},
                     {QStringLiteral("owner"), note.meta.owner}};
    if (withCollaborators) {
        QJsonArray collaborators;
        for (auto it = note.collaborators.cbegin(); it != note.collaborators.cend(); ++it) {
            QJsonObject collaborator{{QStringLiteral("userId"), it.key()},
                                     {QStringLiteral("role"), it.value()}};
            // So the owner sees whom they share with by name (once that user has signed in).
            if (const QString name = userNameOf(it.key()); !name.isEmpty())
                collaborator.insert(QStringLiteral("userName"), name);
            collaborators.append(collaborator);
        }
        json.insert(QStringLiteral("collaborators"), collaborators);
    } else {
        json.insert(QStringLiteral("collaboratorCount"), int(note.collaborators.size()));
    }
    if (withContent)
        json.insert(QStringLiteral("content"), note.committedText.toString());
    return json;
}

void Hub::forEachSessionWithAccess(const NoteState &note, const std::function<void(Session &)> &fn)
{
    for (auto &[socket, session] : m_sessions)
        if (session->authenticated && accessOf(note, session->userId) != Access::None)
            fn(*session);
}

void Hub::broadcastToJoined(const NoteState &note, const QJsonObject &message,
                            const Session *except)
{
    // Serialised and framed once for every recipient.
    const QByteArray frame = WsJson::frame(message);
    for (Session *session : note.joined)
        if (session != except)
            sendFrame(*session, frame);
}

void Hub::handleNoteCreated(Session &session, const QJsonObject &message)
{
    const QJsonObject data = message.value(QLatin1String("noteData")).toObject();
    QString id = data.value(QLatin1String("id")).toString();
    const QString title = data.value(QLatin1String("title")).toString();
    const QString content = data.value(QLatin1String("content")).toString();
    if (id.size() > MaxIdLength || title.size() > MaxTitleLength) {
        sendError(session, QStringLiteral("bad_request"),
                  QStringLiteral("note id or title too long"), QStringLiteral("note_created"));
        return;
    }
    if (content.size() > m_config.maxNoteUnits ||
        !OtResult<TextOperation>(TextOperation::fromJson(QJsonArray{content}, m_config.opLimits))) {
        sendError(session, QStringLiteral("bad_request"),
                  QStringLiteral("the content is too large or not valid text"),
                  QStringLiteral("note_created"));
        return;
    }
    if (id.isEmpty())
        id = newId();
    if (const std::shared_ptr<NoteState> existing = loadNote(id)) {
        // A resend by its creator is confirmed again; anyone else has picked a taken id.
        if (existing->meta.owner == session.userId && existing->meta.deletedAt == 0) {
            // After the pending commit: the first creation may not be durable yet.
            QPointer<WebSocketConnection> sender = session.socket;
            afterCommit([this, sender, existing]() {
                const auto it = m_sessions.find(sender.data());
                if (sender && it != m_sessions.end())
                    send(*it->second,
                         {{QStringLiteral("type"), QStringLiteral("note_created_success")},
                          {QStringLiteral("noteData"), noteJson(*existing, true)},
                          {QStringLiteral("timestamp"), nowMs()}});
            });
        } else {
            sendError(session, QStringLiteral("conflict"),
                      QStringLiteral("a note with this id already exists"),
                      refOf(message, QStringLiteral("note_created")));
        }
        return;
    }
    if (m_damagedNotes.contains(id)) {
        // Its row is there, so the id is taken; its owner hears why it cannot be confirmed.
        const std::optional<QString> damage = damageSeenBy(id, session.userId);
        sendError(session, damage ? QStringLiteral("note_damaged") : QStringLiteral("conflict"),
                  damage.value_or(QStringLiteral("a note with this id already exists")),
                  refOf(message, QStringLiteral("note_created")), false);
        return;
    }
    createNoteCore(id, session.userId, title, content, session.socket, {});
}

std::shared_ptr<Hub::NoteState> Hub::createNoteCore(const QString &id, const QString &owner,
                                                    const QString &title, const QString &content,
                                                    QPointer<WebSocketConnection> sender,
                                                    std::function<void()> onCommitted)
{
    const qint64 now = nowMs();
    auto note = std::make_shared<NoteState>();
    note->meta = {id, owner, title, 0, now, now, 0, QString()};
    note->text = TextBuffer(content);
    note->committedText = note->text;
    queue(HubStore::insertNote(note->meta));
    queue(HubStore::insertSnapshot(id, 0, content));
    // In the same transaction: shared from the start with whom the owner shares new notes.
    for (const auto &[userId, role] : m_standingShares.value(owner).asKeyValueRange()) {
        note->collaborators.insert(userId, role);
        queue(HubStore::setCollaborator(id, userId, role));
    }
    note->lastUsedMs = nowMs();
    m_notes.insert(id, note);
    afterCommit([this, note, sender, now, onCommitted = std::move(onCommitted)]() {
        noteChanged(note->meta.id, QStringLiteral("create"));
        const QJsonObject noteData = noteJson(*note, true);
        const QJsonObject summary = noteJson(*note, false, false); // as a share gives it
        forEachSessionWithAccess(*note, [&](Session &s) {
            if (s.userId != note->meta.owner) { // a collaborator: shared with them, as a share
                send(s,
                     {{QStringLiteral("type"), QStringLiteral("note_shared")},
                      {QStringLiteral("noteId"), note->meta.id},
                      {QStringLiteral("role"), note->collaborators.value(s.userId)},
                      {QStringLiteral("note"), summary}});
                return;
            }
            const bool isSender = sender && s.socket == sender;
            QJsonObject reply{{QStringLiteral("type"),
                               isSender ? QStringLiteral("note_created_success")
                                        : QStringLiteral("note_created_sync")},
                              {QStringLiteral("noteData"), noteData},
                              {QStringLiteral("timestamp"), now}};
            if (!isSender)
                reply.insert(QStringLiteral("fromUserId"), note->meta.owner);
            send(s, reply);
        });
        if (onCommitted)
            onCommitted();
    });
    return note;
}

void Hub::handleNoteDeleted(Session &session, const QJsonObject &message)
{
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Owner);
    if (!note)
        return;
    deleteNoteCore(*note, session.userId, session.socket, {});
}

void Hub::deleteNoteCore(NoteState &note, const QString &userId,
                         QPointer<WebSocketConnection> sender, std::function<void()> onCommitted)
{
    const qint64 now = nowMs();
    note.meta.deletedAt = now;
    queue(HubStore::setNoteDeleted(note.meta.id, now));
    const QString noteId = note.meta.id;
    afterCommit([this, noteId, sender, now, userId, onCommitted = std::move(onCommitted)]() {
        if (onCommitted)
            onCommitted();
        noteChanged(noteId, QStringLiteral("delete"));
        auto current = m_notes.value(noteId);
        if (!current)
            return;
        const QList<Session *> joined = current->joined.values();
        for (Session *s : joined)
            leaveNote(*s, *current, QStringLiteral("deleted"));
        forEachSessionWithAccess(*current, [&](Session &s) {
            const bool isSender = sender && s.socket == sender;
            send(s,
                 {{QStringLiteral("type"),
                   isSender ? QStringLiteral("note_deleted_success")
                            : QStringLiteral("note_deleted_sync")},
                  {QStringLiteral("noteId"), noteId},
                  {QStringLiteral("timestamp"), now},
                  {QStringLiteral("fromUserId"), userId},
                  {QStringLiteral("fromUserName"), userNameOf(userId)}});
        });
    });
}

void Hub::handleListNotes(Session &session, const QJsonObject &)
{
    send(session,
         {{QStringLiteral("type"), QStringLiteral("notes_list")},
          {QStringLiteral("notes"), notesVisibleTo(session.userId)}});
}

QJsonArray Hub::notesVisibleTo(const QString &userId)
{
    QJsonArray notes;
    const QList<HubStore::Note> visible = m_store.notesVisibleTo(userId);
    for (const HubStore::Note &stored : visible) {
        // Unflushed changes live in memory: prefer the loaded state.
        if (auto loaded = m_notes.value(stored.id)) {
            if (loaded->meta.deletedAt != 0)
                continue;
            QJsonObject json = noteJson(*loaded, false);
            json.insert(QStringLiteral("role"), roleName(int(accessOf(*loaded, userId))));
            notes.append(json);
            continue;
        }
        notes.append(QJsonObject{{QStringLiteral("id"), stored.id},
                                 {QStringLiteral("title"), stored.title},
                                 {QStringLiteral("version"), stored.version},
                                 {QStringLiteral("createdAt"), stored.createdAt},
                                 {QStringLiteral("updatedAt"), stored.updatedAt},
                                 {QStringLiteral("owner"), stored.owner},
                                 {QStringLiteral("role"), stored.role}});
    }
    return notes;
}

QJsonObject Hub::presenceJson(const Session &session, const QString &noteId) const
{
    // The last sign of life: a frame, bytes of one, or an answer moving towards the client.
    const qint64 lastSeen = nowMs() - (session.socket ? session.socket->silentMs() : 0);
    const auto note = m_notes.constFind(noteId); // no copy of the pointer: called per cursor
    QJsonObject user{{QStringLiteral("userId"), session.userId},
                     {QStringLiteral("userName"), session.userName},
                     {QStringLiteral("colour"),
                      note != m_notes.cend()
                              ? (*note)->colours.value(session.userId, session.colour)
                              : session.colour},
                     {QStringLiteral("status"), session.status},
                     {QStringLiteral("sessionId"), session.id},
                     {QStringLiteral("lastSeen"), lastSeen}};
    if (auto it = session.cursors.constFind(noteId); it != session.cursors.cend()) {
        const auto &[anchor, head, version] = it.value();
        user.insert(QStringLiteral("cursor"),
                    QJsonObject{{QStringLiteral("anchor"), anchor},
                                {QStringLiteral("position"), head},
                                {QStringLiteral("version"), version}});
    }
    return user;
}

void Hub::handleJoinNote(Session &session, const QJsonObject &message)
{
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Viewer);
    if (!note)
        return;
    const QString noteId = note->meta.id;
    const bool wasJoined = note->joined.contains(&session);
    note->joined.insert(&session);
    session.joined.insert(noteId);
    // A client is told of committed versions only: one it heard of and the store then lost
    // (the hub killed before the commit) would leave it a version ahead, or on another text.
    // Ops applied after the committed version reach it as their commits land.
    const qint64 committed = note->committedVersion;
    QJsonObject reply{{QStringLiteral("type"), QStringLiteral("note_joined")},
                      {QStringLiteral("noteId"), noteId},
                      {QStringLiteral("message"),
                       QStringLiteral("Successfully joined note for real-time sync")},
                      {QStringLiteral("role"), roleName(int(accessOf(*note, session.userId)))},
                      {QStringLiteral("version"), committed}};
    const std::optional<qint64> since = integerField(message, QLatin1String("version"));
    if (!since || *since < 0 || *since > committed) {
        reply.insert(QStringLiteral("note"), noteJson(*note, true));
    } else {
        // Catch-up: only what the client is missing, as committed (transformed) ops.
        QJsonArray ops;
        for (const CommittedOp &c : opsAfter(*note, *since).value_or(std::vector<CommittedOp>{})) {
            if (c.version > committed)
                break;
            ops.append(QJsonObject{{QStringLiteral("version"), c.version},
                                   {QStringLiteral("op"), c.op.toJson()},
                                   {QStringLiteral("userId"), c.userId},
                                   {QStringLiteral("clientId"), c.clientId},
                                   {QStringLiteral("seq"), c.seq}});
        }
        reply.insert(QStringLiteral("ops"), ops);
        reply.insert(QStringLiteral("title"), note->meta.title);
    }
    send(session, reply);
    announceJoin(session, *note, wasJoined);
}

void Hub::announceJoin(Session &session, NoteState &note, bool wasJoined)
{
    const QString noteId = note.meta.id;
    // Presence is announced for the first PresenceShown sessions only: with a thousand
    // viewers, announcing each to all the others would cost a million messages.
    if (!wasJoined && note.announced.size() < PresenceShown) {
        note.announced.insert(&session);
        giveColour(note, session.userId);
    }
    QJsonArray users;
    for (Session *other : std::as_const(note.announced))
        users.append(presenceJson(*other, noteId));
    send(session,
         {{QStringLiteral("type"), QStringLiteral("presence_list")},
          {QStringLiteral("noteId"), noteId},
          {QStringLiteral("users"), users},
          {QStringLiteral("total"), note.joined.size()}});
    if (!wasJoined && note.announced.contains(&session))
        broadcastToJoined(note,
                          {{QStringLiteral("type"), QStringLiteral("presence_update")},
                           {QStringLiteral("noteId"), noteId},
                           {QStringLiteral("user"), presenceJson(session, noteId)}},
                          &session);
}

void Hub::giveColour(NoteState &note, const QString &userId)
{
    if (note.colours.contains(userId))
        return; // another of their sessions is here: the same colour
    // Their own colour unless someone here has it, then the next free one: with up to ten
    // people on a note, no two cursors look alike (hashing alone gave alice and bob one).
    const QList<QString> taken = note.colours.values();
    const size_t start = paletteIndexOf(userId);
    for (size_t i = 0; i < std::size(Palette); ++i) {
        const QString colour = QString::fromLatin1(Palette[(start + i) % std::size(Palette)]);
        if (!taken.contains(colour)) {
            note.colours.insert(userId, colour);
            return;
        }
    }
    note.colours.insert(userId, colourFor(userId)); // more people than colours
}

void Hub::leaveNote(Session &session, NoteState &note, const QString &forcedReason)
{
    const QString noteId = note.meta.id;
    note.joined.remove(&session);
    note.lastUsedMs = nowMs();
    session.joined.remove(noteId);
    session.cursors.remove(noteId);
    if (note.announced.remove(&session)) {
        const bool stillHere =
                std::any_of(note.announced.cbegin(), note.announced.cend(),
                            [&session](const Session *s) { return s->userId == session.userId; });
        if (!stillHere)
            note.colours.remove(session.userId); // free for the next to join
        broadcastToJoined(note,
                          {{QStringLiteral("type"), QStringLiteral("presence_remove")},
                           {QStringLiteral("noteId"), noteId},
                           {QStringLiteral("userId"), session.userId},
                           {QStringLiteral("sessionId"), session.id}},
                          &session);
    }
    if (!forcedReason.isEmpty())
        send(session,
             {{QStringLiteral("type"), QStringLiteral("note_left")},
              {QStringLiteral("noteId"), noteId},
              {QStringLiteral("reason"), forcedReason}});
}

void Hub::handleLeaveNote(Session &session, const QJsonObject &message)
{
    const QString noteId = message.value(QLatin1String("noteId")).toString();
    auto note = m_notes.value(noteId);
    if (!note || !session.joined.contains(noteId)) {
        sendError(session, QStringLiteral("not_joined"),
                  QStringLiteral("you have not joined this note"), QStringLiteral("leave_note"),
                  false);
        return;
    }
    leaveNote(session, *note);
    send(session,
         {{QStringLiteral("type"), QStringLiteral("note_left")},
          {QStringLiteral("noteId"), noteId}});
}

// ---------------------------------------------------------------- text

std::optional<std::vector<Hub::CommittedOp>> Hub::opsAfter(NoteState &note, qint64 base)
{
    std::vector<CommittedOp> ops;
    qint64 covered = base;
    if (note.recent.empty() || note.recent.front().version > base + 1) {
        // Older than memory: the store has them (everything before recent is committed).
        for (HubStore::Op &stored : m_store.opsSince(note.meta.id, base)) {
            OtResult<TextOperation> parsed = TextOperation::fromJsonText(stored.op);
            if (!parsed)
                return std::nullopt;
            covered = stored.version;
            ops.push_back({stored.version, std::move(parsed).value(), stored.userId,
                           stored.clientId, stored.seq});
        }
    }
    // Then what memory holds beyond that, committed or not yet.
    for (const CommittedOp &c : note.recent)
        if (c.version > covered)
            ops.push_back(c);
    return ops;
}

std::optional<OtError> Hub::commitOp(NoteState &note, TextOperation op, qint64 baseVersion,
                                     const QString &userId, const QString &clientId, qint64 seq,
                                     const WebSocketConnection *origin,
                                     std::function<void(qint64)> onCommitted,
                                     const QString &watchKind, qint64 revertedTo)
{
    // Bring the op up to date: transform it against everything committed since its base.
    if (baseVersion < note.meta.version) {
        const auto concurrent = opsAfter(note, baseVersion);
        if (!concurrent)
            return OtError(OtError::Code::MalformedJson,
                           QStringLiteral("the stored history of this note is damaged"));
        for (const CommittedOp &committed : *concurrent) {
            auto transformed = TextOperation::transform(op, committed.op);
            if (!transformed)
                return transformed.error();
            op = std::move(transformed.value().first);
        }
    }
    const qsizetype length = note.text.length() + op.targetLength() - op.baseLength();
    if (length > m_config.maxNoteUnits && op.targetLength() > op.baseLength())
        return OtError(OtError::Code::TooLarge,
                       QStringLiteral("the note would hold %1 characters, over this hub's limit "
                                      "of %2")
                               .arg(length)
                               .arg(m_config.maxNoteUnits));
    const OtStatus applied = note.text.apply(op);
    if (!applied)
        return applied.error();

    const qint64 version = ++note.meta.version;
    const qint64 now = nowMs();
    note.meta.updatedAt = now;
    if (!clientId.isEmpty())
        note.lastSeq[clientId] = qMax(note.lastSeq.value(clientId), seq);
    QByteArray json = op.toJsonText();
    note.opBytesSinceSnapshot += json.size();
    const qint64 deleted = op.deletedLength();
    queue(HubStore::insertOp(note.meta.id,
                             {version, std::move(json), userId, clientId, seq, now, deleted}));
    m_dirtyNotes.insert(note.meta.id);
    ++m_opsInBatch;

    // Keep collaborators' cursors in step with the text.
    for (Session *s : std::as_const(note.joined)) {
        auto it = s->cursors.find(note.meta.id);
        if (it == s->cursors.end())
            continue;
        auto &[anchor, head, cursorVersion] = it.value();
        if (cursorVersion == version - 1) {
            const TextRange moved = op.transformRange({anchor, head});
            anchor = moved.anchor;
            head = moved.head;
            cursorVersion = version;
        }
    }

    QJsonObject broadcast{{QStringLiteral("type"), QStringLiteral("note_op")},
                          {QStringLiteral("noteId"), note.meta.id},
                          {QStringLiteral("version"), version},
                          {QStringLiteral("op"), op.toJson()},
                          {QStringLiteral("userId"), userId},
                          {QStringLiteral("clientId"), clientId},
                          {QStringLiteral("seq"), seq}};
    if (revertedTo >= 0)
        broadcast.insert(QStringLiteral("revertedTo"), revertedTo);
    note.recent.push_back({version, std::move(op), userId, clientId, seq});
    note.trimRecent(m_config.recentOpsKept);

    const QString noteId = note.meta.id;
    afterCommit([this, noteId, version, origin, broadcast, watchKind,
                 onCommitted = std::move(onCommitted)]() {
        if (onCommitted)
            onCommitted(version);
        noteChanged(noteId, watchKind);
        auto current = m_notes.value(noteId);
        if (!current)
            return;
        const Session *except = originSession(origin);
        const QByteArray frame = WsJson::frame(broadcast);
        for (Session *session : std::as_const(current->joined))
            if (session != except)
                sendFrame(*session, frame);
        m_noteSyncs.insert(noteId, broadcast.value(QLatin1String("userId")).toString());
        if (!m_noteSyncTimer.isActive())
            m_noteSyncTimer.start();
    });
    return std::nullopt;
}

void Hub::sendNoteSyncs()
{
    const qint64 now = nowMs();
    for (auto it = m_noteSyncs.begin(); it != m_noteSyncs.end();) {
        const std::shared_ptr<NoteState> note = m_notes.value(it.key());
        if (!note || note->meta.deletedAt != 0) {
            it = m_noteSyncs.erase(it);
            continue;
        }
        NoteState &n = *note;
        // The ops since syncedVersion go to syncOps sessions once a second; the whole text goes to
        // the others (seed 001 clients, older Tandem ones), and to a syncOps session when those ops
        // are no longer all in memory. A long note's whole text goes out less often: at most
        // NoteSyncUnitsPerSecond of it per second to each session that gets it.
        const bool opsNew = n.committedVersion > n.syncedVersion;
        const bool deltaTime = now - n.lastDeltaSyncMs >= NoteSyncMs;
        const bool wholeDue = now - n.lastNoteSyncMs >=
                qMax<qint64>(NoteSyncMs, n.committedText.length() * 1000 / NoteSyncUnitsPerSecond);
        if (!(opsNew && deltaTime) && !wholeDue) {
            ++it;
            continue;
        }
        // recent runs without a gap to the newest version applied, so it holds every op up to
        // committedVersion if it holds the one after syncedVersion.
        const bool deltaPossible = opsNew && deltaTime && !n.recent.empty() &&
                n.recent.front().version <= n.syncedVersion + 1;
        QByteArray deltaFrame, wholeFrame; // each made once, for the first session needing it
        bool waiting = false;
        const QString &fromUserId = it.value();
        forEachSessionWithAccess(n, [&](Session &s) {
            if (s.speaksOps && n.joined.contains(&s))
                return; // it has every op
            if (s.syncOps) {
                if (!opsNew)
                    return; // the last note_sync with ops brought it up to date
                if (deltaPossible) {
                    if (deltaFrame.isEmpty())
                        deltaFrame = noteSyncWithOps(n, fromUserId);
                    sendFrame(s, deltaFrame);
                    return;
                }
                if (!deltaTime) {
                    waiting = true; // its ops go out next time
                    return;
                }
            }
            if (!wholeDue) {
                waiting = true;
                return;
            }
            if (wholeFrame.isEmpty()) {
                const QJsonObject updated = noteJson(n, true);
                wholeFrame =
                        WsJson::frame({{QStringLiteral("type"), QStringLiteral("note_sync")},
                                       {QStringLiteral("noteId"), n.meta.id},
                                       {QStringLiteral("changes"),
                                        QJsonObject{{QStringLiteral("content"),
                                                     updated.value(QLatin1String("content"))}}},
                                       {QStringLiteral("updatedNote"), updated},
                                       {QStringLiteral("timestamp"), n.meta.updatedAt},
                                       {QStringLiteral("fromUserId"), fromUserId}});
            }
            sendFrame(s, wholeFrame);
        });
        // Every syncOps session now has committedVersion (or gets it with its own fetch, if
        // it was not here): the base of the next ops.
        if (deltaPossible || (wholeDue && deltaTime)) {
            n.syncedVersion = n.committedVersion;
            n.lastDeltaSyncMs = now;
        }
        if (wholeDue)
            n.lastNoteSyncMs = now;
        if (waiting)
            ++it;
        else
            it = m_noteSyncs.erase(it);
    }
    if (!m_noteSyncs.isEmpty())
        m_noteSyncTimer.start();
}

QByteArray Hub::noteSyncWithOps(const NoteState &note, const QString &fromUserId) const
{
    // recent holds every version from syncedVersion + 1 to committedVersion (the caller saw).
    QJsonArray ops;
    for (auto op = note.recent.cbegin() + (note.syncedVersion + 1 - note.recent.front().version);
         op != note.recent.cend() && op->version <= note.committedVersion; ++op)
        ops.append(QJsonObject{{QStringLiteral("version"), op->version},
                               {QStringLiteral("op"), op->op.toJson()}});
    return WsJson::frame({{QStringLiteral("type"), QStringLiteral("note_sync")},
                          {QStringLiteral("noteId"), note.meta.id},
                          {QStringLiteral("ops"), ops},
                          // Its fields as a share gives them: ops change no collaborator.
                          {QStringLiteral("updatedNote"), noteJson(note, false, false)},
                          {QStringLiteral("timestamp"), note.meta.updatedAt},
                          {QStringLiteral("fromUserId"), fromUserId}});
}

void Hub::handleNoteOp(Session &session, const QJsonObject &message)
{
    const QJsonValue ref = refOf(message, QStringLiteral("note_op"));
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Editor);
    if (!note)
        return;
    const std::optional<qint64> baseVersion = integerField(message, QLatin1String("baseVersion"));
    const std::optional<QString> clientId =
            stringField(message, QLatin1String("clientId"), MaxIdLength);
    const std::optional<qint64> seq = integerField(message, QLatin1String("seq"));
    if (!baseVersion || !clientId || !seq) {
        sendError(session, QStringLiteral("bad_request"),
                  QStringLiteral("note_op needs baseVersion, clientId and seq"), ref);
        return;
    }
    if (!note->joined.contains(&session)) {
        sendError(session, QStringLiteral("not_joined"),
                  QStringLiteral("join the note before editing it"), ref);
        return;
    }
    session.speaksOps = true; // it sends them, so it applies them: no whole texts for it
    const QString noteId = note->meta.id;
    QPointer<WebSocketConnection> sender = session.socket;
    const auto ack = [this, sender, noteId, clientId = *clientId, seq = *seq](qint64 version) {
        if (!sender)
            return;
        auto it = m_sessions.find(sender.data());
        if (it == m_sessions.end())
            return;
        send(*it->second,
             {{QStringLiteral("type"), QStringLiteral("note_op_ack")},
              {QStringLiteral("noteId"), noteId},
              {QStringLiteral("clientId"), clientId},
              {QStringLiteral("seq"), seq},
              {QStringLiteral("version"), version}});
    };
    // A resend of something already applied is acknowledged again, never applied twice; when
    // the store cannot say whether it was, nothing is applied and the client resends later.
    QString unreadable;
    const std::optional<qint64> applied = appliedSeq(*note, *clientId, &unreadable);
    if (!applied) {
        sendError(session, QStringLiteral("storage_failed"),
                  QStringLiteral("the hub could not read its store (%1); reconnect and resend")
                          .arg(unreadable),
                  QJsonValue(), false);
        closeSession(session, QWebSocketProtocol::CloseCodeBadOperation,
                     QStringLiteral("storage failure"));
        return;
    }
    if (*seq <= *applied) {
        // Memory holds every op not yet committed (and the newest committed ones).
        std::optional<qint64> version;
        for (auto it = note->recent.crbegin(); it != note->recent.crend() && !version; ++it)
            if (it->clientId == *clientId && it->seq == *seq)
                version = it->version;
        if (!version)
            version = m_store.committedVersion(noteId, *clientId, *seq);
        if (version && *version > note->committedVersion)
            afterCommit([ack, v = *version]() { ack(v); }); // applied, not yet on disk
        else if (version)
            ack(*version);
        else
            sendError(session, QStringLiteral("stale_seq"),
                      QStringLiteral("seq %1 is older than the last one applied for this client")
                              .arg(*seq),
                      ref);
        return;
    }
    if (*baseVersion > note->meta.version) {
        sendError(session, QStringLiteral("bad_version"),
                  QStringLiteral("baseVersion %1 is ahead of the note (version %2)")
                          .arg(*baseVersion)
                          .arg(note->meta.version),
                  ref);
        return;
    }
    OtResult<TextOperation> op =
            TextOperation::fromJson(message.value(QLatin1String("op")), m_config.opLimits);
    if (!op) {
        sendError(session, QStringLiteral("op_rejected"), op.error().message(), ref);
        return;
    }
    const std::optional<OtError> failed =
            commitOp(*note, std::move(op).value(), *baseVersion, session.userId, *clientId, *seq,
                     session.socket, ack);
    if (failed)
        sendError(session, QStringLiteral("op_rejected"),
                  QStringLiteral("%1 (%2)").arg(failed->message(), failed->codeName()), ref);
}

void Hub::handleNoteUpdate(Session &session, const QJsonObject &message)
{
    const QJsonObject changes = message.value(QLatin1String("changes")).toObject();
    if (const std::optional<QString> bad = checkChanges(changes)) {
        sendError(session, QStringLiteral("bad_request"), *bad,
                  refOf(message, QStringLiteral("note_update")));
        return;
    }
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Editor);
    if (!note)
        return;
    if (const std::optional<QString> failed =
                updateNoteCore(*note, session.userId, changes, session.socket, {}))
        sendError(session, QStringLiteral("op_rejected"), *failed,
                  refOf(message, QStringLiteral("note_update")));
}

std::optional<QString> Hub::checkChanges(const QJsonObject &changes) const
{
    const bool hasTitle = changes.value(QLatin1String("title")).isString();
    const bool hasContent = changes.value(QLatin1String("content")).isString();
    if (!hasTitle && !hasContent)
        return QStringLiteral("\"changes\" needs a title or content string");
    if (hasTitle && changes.value(QLatin1String("title")).toString().size() > MaxTitleLength)
        return QStringLiteral("title too long");
    if (hasContent) {
        const OtResult<TextOperation> check = TextOperation::fromJson(
                QJsonArray{changes.value(QLatin1String("content"))}, m_config.opLimits);
        if (!check)
            return check.error().message();
    }
    return std::nullopt;
}

std::optional<QString> Hub::updateNoteCore(NoteState &note, const QString &userId,
                                           const QJsonObject &changes,
                                           QPointer<WebSocketConnection> sender,
                                           std::function<void()> onCommitted)
{
    // checkChanges() has passed: nothing below can fail halfway for bad input.
    const qint64 now = nowMs();
    if (changes.value(QLatin1String("title")).isString()) {
        const QString title = changes.value(QLatin1String("title")).toString();
        note.meta.title = title;
        note.meta.updatedAt = now;
        queue(HubStore::updateNoteTitle(note.meta.id, title, now));
    }
    if (changes.value(QLatin1String("content")).isString()) {
        // Whole-field content becomes one op, so live editors see it as any other edit.
        const QString content = changes.value(QLatin1String("content")).toString();
        if (const std::optional<OtError> failed =
                    commitOp(note, TextOperation::replacing(note.text.toString(), content),
                             note.meta.version, userId, QString(), 0, nullptr, {}))
            return failed->message();
    }
    const QString noteId = note.meta.id;
    afterCommit(
            [this, noteId, sender, changes, now, userId, onCommitted = std::move(onCommitted)]() {
                if (onCommitted)
                    onCommitted();
                noteChanged(noteId, QStringLiteral("update"));
                auto current = m_notes.value(noteId);
                if (!current)
                    return;
                // Everyone else hears of the text as committed now: a note_sync after the
                // ops of this commit would say the same again.
                m_noteSyncs.remove(noteId);
                current->lastNoteSyncMs = current->lastDeltaSyncMs = nowMs();
                current->syncedVersion = current->committedVersion;
                const QJsonObject updated = noteJson(*current, true);
                forEachSessionWithAccess(*current, [&](Session &s) {
                    if (sender && s.socket == sender)
                        send(s,
                             {{QStringLiteral("type"), QStringLiteral("note_update_success")},
                              {QStringLiteral("noteId"), noteId},
                              {QStringLiteral("updatedNote"), updated},
                              {QStringLiteral("timestamp"), now}});
                    else
                        send(s,
                             {{QStringLiteral("type"), QStringLiteral("note_sync")},
                              {QStringLiteral("noteId"), noteId},
                              {QStringLiteral("changes"), changes},
                              {QStringLiteral("updatedNote"), updated},
                              {QStringLiteral("timestamp"), now},
                              {QStringLiteral("fromUserId"), userId}});
                });
            });
    return std::nullopt;
}

// ---------------------------------------------------------------- history

std::optional<QString> Hub::textAtVersion(NoteState &note, qint64 version)
{
    if (version == note.meta.version)
        return note.text.toString();
    if (version == note.committedVersion)
        return note.committedText.toString();
    const auto snapshot = m_store.snapshotAtOrBefore(note.meta.id, version);
    if (!snapshot)
        return std::nullopt;
    // Replayed in chunks, as a load does: on one QString each op would move the whole text
    // after it (a 1 MB note's preview a quarter of a second of the hub's event loop).
    TextBuffer text(snapshot->second);
    for (const HubStore::Op &stored : m_store.opsBetween(note.meta.id, snapshot->first, version)) {
        OtResult<TextOperation> op = TextOperation::fromJsonText(stored.op);
        if (!op || !text.apply(op.value()))
            return std::nullopt;
    }
    return text.toString();
}

std::optional<QString> Hub::requestedVersion(Session &session, NoteState &note,
                                             std::optional<qint64> version, const QString &ref)
{
    // Versions up to committedVersion are in the store; the current one is in memory.
    std::optional<QString> text;
    if (version && (*version <= note.committedVersion || *version == note.meta.version))
        text = textAtVersion(note, *version);
    if (!text)
        sendError(session, QStringLiteral("not_found"), QStringLiteral("no such version"), ref,
                  false);
    return text;
}

void Hub::handleHistory(Session &session, const QJsonObject &message)
{
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Viewer);
    if (!note)
        return;
    // From the store: every version up to committedVersion (all any client has been told of).
    QJsonObject reply =
            historyJson(*note, integerField(message, QLatin1String("limit")).value_or(100),
                        integerField(message, QLatin1String("before"))
                                .value_or(std::numeric_limits<qint64>::max()));
    reply.insert(QStringLiteral("type"), QStringLiteral("history"));
    send(session, reply);
}

void Hub::handleGetVersion(Session &session, const QJsonObject &message)
{
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Viewer);
    if (!note)
        return;
    const std::optional<qint64> version = integerField(message, QLatin1String("version"));
    if (version && *version > note->committedVersion && *version <= note->meta.version) {
        // Applied, not on disk yet: a client is told of committed versions only.
        whenCommitted(session, [this, message](Session &s) { handleGetVersion(s, message); });
        return;
    }
    const std::optional<QString> text =
            requestedVersion(session, *note, version, QStringLiteral("get_version"));
    if (!text)
        return;
    send(session,
         {{QStringLiteral("type"), QStringLiteral("note_version")},
          {QStringLiteral("noteId"), note->meta.id},
          {QStringLiteral("version"), *version},
          {QStringLiteral("content"), *text}});
}

std::optional<OtError> Hub::commitRevert(NoteState &note, const QString &text, qint64 revertedTo,
                                         const QString &userId,
                                         std::function<void(qint64)> onCommitted)
{
    return commitOp(note, TextOperation::replacing(note.text.toString(), text), note.meta.version,
                    userId, QString(), 0, nullptr, std::move(onCommitted), QStringLiteral("revert"),
                    revertedTo);
}

void Hub::handleRevert(Session &session, const QJsonObject &message)
{
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Editor);
    if (!note)
        return;
    const std::optional<qint64> version = integerField(message, QLatin1String("version"));
    const std::optional<QString> text =
            requestedVersion(session, *note, version, QStringLiteral("revert"));
    if (!text)
        return;
    QPointer<WebSocketConnection> sender = session.socket;
    const QString noteId = note->meta.id;
    const qint64 revertedTo = *version;
    const std::optional<OtError> failed = commitRevert(
            *note, *text, revertedTo, session.userId,
            [this, sender, noteId, revertedTo](qint64 newVersion) {
                if (auto it = m_sessions.find(sender.data()); sender && it != m_sessions.end())
                    send(*it->second,
                         {{QStringLiteral("type"), QStringLiteral("revert_success")},
                          {QStringLiteral("noteId"), noteId},
                          {QStringLiteral("version"), newVersion},
                          {QStringLiteral("revertedTo"), revertedTo}});
            });
    if (failed)
        sendError(session, QStringLiteral("op_rejected"), failed->message(),
                  QStringLiteral("revert"));
}

// ---------------------------------------------------------------- sharing

void Hub::handleShare(Session &session, const QJsonObject &message, bool share)
{
    const QString type = share ? QStringLiteral("share") : QStringLiteral("unshare");
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Owner);
    if (!note)
        return;
    const std::optional<QString> userId =
            stringField(message, QLatin1String("userId"), MaxIdLength);
    const QString role = message.value(QLatin1String("role")).toString(QStringLiteral("editor"));
    if (!userId || *userId == note->meta.owner ||
        (share && role != QLatin1String("editor") && role != QLatin1String("viewer"))) {
        sendError(session, QStringLiteral("bad_request"),
                  QStringLiteral("share needs a userId other than the owner's and a role of editor "
                                 "or viewer"),
                  type);
        return;
    }
    const QString noteId = note->meta.id;
    if (share) {
        note->collaborators.insert(*userId, role);
        queue(HubStore::setCollaborator(noteId, *userId, role));
    } else {
        note->collaborators.remove(*userId);
        queue(HubStore::removeCollaborator(noteId, *userId));
        // Revocation takes effect at once: the user's open sessions leave the note.
        const QList<Session *> joined = note->joined.values();
        for (Session *s : joined)
            if (s->userId == *userId)
                leaveNote(*s, *note, QStringLiteral("access revoked"));
    }
    QPointer<WebSocketConnection> sender = session.socket;
    afterCommit([this, noteId, sender, userId = *userId, role, share]() {
        noteChanged(noteId, QStringLiteral("update"));
        auto current = m_notes.value(noteId);
        if (!current)
            return;
        // Neither side gets the collaborator list: sharing with n users one by one would
        // build and send it n times (n² work); list_notes and note_joined have it.
        const QJsonObject summary = noteJson(*current, false, false);
        for (auto &[socket, s] : m_sessions) {
            if (socket == sender) {
                QJsonObject reply{
                        {QStringLiteral("type"),
                         share ? QStringLiteral("share_success")
                               : QStringLiteral("unshare_success")},
                        {QStringLiteral("noteId"), noteId},
                        {QStringLiteral("userId"), userId},
                        {QStringLiteral("role"), share ? role : QString()},
                        {QStringLiteral("collaboratorCount"), int(current->collaborators.size())}};
                // The name they signed in with, when they have: the owner lists them by it.
                if (share)
                    if (const QString name = userNameOf(userId); !name.isEmpty())
                        reply.insert(QStringLiteral("userName"), name);
                send(*s, reply);
            } else if (s->authenticated && s->userId == userId)
                send(*s,
                     {{QStringLiteral("type"),
                       share ? QStringLiteral("note_shared") : QStringLiteral("note_unshared")},
                      {QStringLiteral("noteId"), noteId},
                      {QStringLiteral("role"), share ? role : QString()},
                      {QStringLiteral("note"), share ? QJsonValue(summary) : QJsonValue()}});
        }
    });
}

// ---------------------------------------------------------------- presence and chat

void Hub::handlePresence(Session &session, const QJsonObject &message)
{
    const QString status = message.value(QLatin1String("status")).toString();
    if (status != QLatin1String("online") && status != QLatin1String("away") &&
        status != QLatin1String("busy")) {
        sendError(session, QStringLiteral("bad_request"),
                  QStringLiteral("status must be online, away or busy"),
                  QStringLiteral("presence"));
        return;
    }
    session.status = status;
    const QString only = message.value(QLatin1String("noteId")).toString();
    for (const QString &noteId : std::as_const(session.joined)) {
        if (!only.isEmpty() && noteId != only)
            continue;
        if (auto note = m_notes.value(noteId); note && note->announced.contains(&session))
            broadcastToJoined(*note,
                              {{QStringLiteral("type"), QStringLiteral("presence_update")},
                               {QStringLiteral("noteId"), noteId},
                               {QStringLiteral("user"), presenceJson(session, noteId)}},
                              nullptr);
    }
}

void Hub::handleCursor(Session &session, const QJsonObject &message)
{
    const QString noteId = message.value(QLatin1String("noteId")).toString();
    auto note = m_notes.value(noteId);
    const std::optional<qint64> position = integerField(message, QLatin1String("position"));
    const std::optional<qint64> version = integerField(message, QLatin1String("version"));
    if (!note || !session.joined.contains(noteId) || !position || !version ||
        *version > note->meta.version) {
        sendError(session, QStringLiteral("bad_request"),
                  QStringLiteral("cursor needs a joined noteId, position and a version not ahead "
                                 "of the note"),
                  QStringLiteral("cursor"));
        return;
    }
    TextRange range{integerField(message, QLatin1String("anchor")).value_or(*position), *position};
    for (const CommittedOp &c : opsAfter(*note, *version).value_or(std::vector<CommittedOp>{}))
        range = c.op.transformRange(range);
    const qsizetype length = note->text.length();
    range.anchor = qBound<qsizetype>(0, range.anchor, length);
    range.head = qBound<qsizetype>(0, range.head, length);
    session.cursors.insert(noteId, {range.anchor, range.head, note->meta.version});
    if (note->announced.contains(&session))
        broadcastToJoined(*note,
                          {{QStringLiteral("type"), QStringLiteral("presence_update")},
                           {QStringLiteral("noteId"), noteId},
                           {QStringLiteral("user"), presenceJson(session, noteId)}},
                          &session);
}

void Hub::handleTyping(Session &session, const QJsonObject &message)
{
    const QString noteId = message.value(QLatin1String("noteId")).toString();
    auto note = m_notes.value(noteId);
    if (!note || !session.joined.contains(noteId)) {
        sendError(session, QStringLiteral("not_joined"), QStringLiteral("join the note first"),
                  QStringLiteral("typing"));
        return;
    }
    broadcastToJoined(*note,
                      {{QStringLiteral("type"), QStringLiteral("typing")},
                       {QStringLiteral("noteId"), noteId},
                       {QStringLiteral("userId"), session.userId},
                       {QStringLiteral("userName"), session.userName}},
                      &session);
}

void Hub::handleChatMessage(Session &session, const QJsonObject &message)
{
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Viewer);
    if (!note)
        return;
    const QString content = message.value(QLatin1String("content")).toString();
    if (content.trimmed().isEmpty()) {
        sendError(session, QStringLiteral("bad_request"), QStringLiteral("empty message"),
                  QStringLiteral("chat_message"));
        return;
    }
    postChat(note->meta.id, session.userId, session.userName, content, {});
}

void Hub::postChat(const QString &roomId, const QString &userId, const QString &userName,
                   const QString &content, std::function<void()> onCommitted)
{
    const HubStore::ChatMessage chat{
            newId(), roomId, userId, userName, content.left(ChatContentLimit), nowMs()};
    queue(HubStore::insertChat(chat));
    queue(HubStore::trimChat(roomId, ChatTrimAbove, ChatKeep));
    afterCommit([this, roomId, chat, onCommitted = std::move(onCommitted)]() {
        const QJsonObject json{{QStringLiteral("id"), chat.id},
                               {QStringLiteral("userId"), chat.userId},
                               {QStringLiteral("userName"), chat.userName},
                               {QStringLiteral("content"), chat.content},
                               {QStringLiteral("timestamp"), chat.timestamp}};
        sendToRoom(roomId,
                   {{QStringLiteral("type"), QStringLiteral("message")},
                    {QStringLiteral("message"), json}},
                   nullptr);
        if (auto note = m_notes.value(roomId))
            broadcastToJoined(*note,
                              {{QStringLiteral("type"), QStringLiteral("chat_message")},
                               {QStringLiteral("noteId"), roomId},
                               {QStringLiteral("message"), json}},
                              nullptr);
        if (onCommitted)
            onCommitted();
    });
}

QJsonArray Hub::chatHistoryJson(const QString &roomId, int limit) const
{
    QJsonArray messages;
    for (const HubStore::ChatMessage &m : m_store.chatHistory(roomId, limit))
        messages.append(QJsonObject{{QStringLiteral("id"), m.id},
                                    {QStringLiteral("userId"), m.userId},
                                    {QStringLiteral("userName"), m.userName},
                                    {QStringLiteral("content"), m.content},
                                    {QStringLiteral("timestamp"), m.timestamp}});
    return messages;
}

void Hub::handleChatHistory(Session &session, const QJsonObject &message)
{
    const std::shared_ptr<NoteState> note = noteFor(session, message, Access::Viewer);
    if (!note)
        return;
    send(session,
         {{QStringLiteral("type"), QStringLiteral("chat_history")},
          {QStringLiteral("noteId"), note->meta.id},
          {QStringLiteral("messages"), chatHistoryJson(note->meta.id, ChatHistoryLength)}});
}

// ---------------------------------------------------------------- seed 003 chat rooms

QString Hub::roomKey(const QString &roomId, const QString &userId)
{
    const std::shared_ptr<NoteState> note = loadNote(roomId);
    if (note ? note->meta.deletedAt == 0 && accessOf(*note, userId) != Access::None
             : !m_damagedNotes.contains(roomId) || damageSeenBy(roomId, userId))
        return roomId;
    // Someone who may not read the note gets a room of its own name that is not the note's
    // discussion, exactly as if no such note existed. Room ids hold no '/', so this key is
    // no other room's.
    return QStringLiteral("/outside/") + roomId;
}

void Hub::addRoomMember(WebSocketConnection *socket, const QString &roomId, const Identity &who)
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(m_config.preAuthMaxMessageBytes);
    const qint64 now = nowMs();
    m_roomMembers[socket] = {socket, roomId, who.userId, who.userName, {}, 0, false};
    m_roomSockets.insert(roomId, socket);
    connect(socket, &WebSocketConnection::textMessageReceived, this,
            [this, socket](const QString &text) { onRoomMessage(socket, text); });
    connect(socket, &WebSocketConnection::binaryMessageReceived, this,
            [this, socket](const QByteArray &) {
                if (auto it = m_roomMembers.find(socket); it != m_roomMembers.end())
                    roomError(it->second, QStringLiteral("binary messages are not supported"));
            });
    connect(socket, &WebSocketConnection::disconnected, this,
            [this, socket]() { onRoomMemberLeft(socket); });
    // Recent messages first, then everyone else hears of the newcomer. Messages not yet
    // committed are not in the store, but they reach this socket when they are.
    WsJson::send(socket,
                 {{QStringLiteral("type"), QStringLiteral("history")},
                  {QStringLiteral("messages"), chatHistoryJson(roomId, ChatHistoryLength)}});
    sendToRoom(roomId,
               {{QStringLiteral("type"), QStringLiteral("user_joined")},
                {QStringLiteral("userId"), who.userId},
                {QStringLiteral("userName"), who.userName},
                {QStringLiteral("timestamp"), now}},
               socket);
}

void Hub::onRoomMessage(WebSocketConnection *socket, const QString &text)
{
    auto it = m_roomMembers.find(socket);
    if (it == m_roomMembers.end() || it->second.closing)
        return;
    RoomMember &member = it->second;
    const qint64 now = nowMs();
    if (!member.bucket.take(m_config.messagesPerSecond, m_config.messageBurst, now)) {
        roomError(member, QStringLiteral("rate limit exceeded; slow down"));
        return;
    }
    const std::optional<QJsonObject> parsed = WsJson::parseObject(text);
    if (!parsed) {
        roomError(member, QStringLiteral("invalid JSON: a message is a JSON object with a type"));
        return;
    }
    const QJsonObject &message = *parsed;
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("message")) {
        const QJsonValue content = message.value(QLatin1String("content"));
        if (!content.isString() || content.toString().trimmed().isEmpty()) {
            roomError(member, QStringLiteral("a message needs a non-empty string \"content\""));
            return;
        }
        // Access to a note's discussion may have been revoked since the connection opened.
        if (roomKey(member.roomId, member.userId) != member.roomId &&
            !member.roomId.startsWith(QLatin1Char('/'))) {
            member.closing = true;
            WsJson::closeLater(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                               QStringLiteral("access revoked"));
            return;
        }
        postChat(member.roomId, member.userId, member.userName, content.toString(), {});
    } else if (type == QLatin1String("typing")) {
        sendToRoom(member.roomId,
                   {{QStringLiteral("type"), QStringLiteral("typing")},
                    {QStringLiteral("userId"), member.userId},
                    {QStringLiteral("userName"), member.userName}},
                   socket);
    } else {
        roomError(member, QStringLiteral("unknown message type \"%1\"").arg(type));
    }
}

void Hub::onRoomMemberLeft(WebSocketConnection *socket)
{
    auto it = m_roomMembers.find(socket);
    if (it == m_roomMembers.end())
        return;
    const RoomMember gone = it->second;
    m_roomSockets.remove(gone.roomId, socket);
    m_roomMembers.erase(it);
    socket->deleteLater();
    sendToRoom(gone.roomId,
               {{QStringLiteral("type"), QStringLiteral("user_left")},
                {QStringLiteral("userId"), gone.userId},
                {QStringLiteral("userName"), gone.userName},
                {QStringLiteral("timestamp"), nowMs()}},
               nullptr);
}

void Hub::sendToRoom(const QString &roomId, const QJsonObject &message,
                     const WebSocketConnection *except)
{
    const QList<WebSocketConnection *> sockets = m_roomSockets.values(roomId);
    if (sockets.isEmpty())
        return;
    const QByteArray frame = WsJson::frame(message);
    for (WebSocketConnection *socket : sockets) {
        RoomMember &member = m_roomMembers.at(socket);
        if (socket == except || member.closing)
            continue;
        if (socket->bytesToWrite() > m_config.maxUnsentBytes) {
            member.closing = true;
            QMetaObject::invokeMethod(socket, &WebSocketConnection::abort, Qt::QueuedConnection);
            continue;
        }
        socket->sendFrame(frame);
    }
}

void Hub::roomError(RoomMember &member, const QString &message)
{
    WsJson::sendError(member.socket, member.strikes, member.closing, m_config.maxStrikes, message);
}

void Hub::handleRoomHttp(const QString &roomId, const HubListener::HttpRequest &request,
                         const HubListener::Responder &respond)
{
    QString why;
    const std::optional<Identity> who =
            identify(request.headers.value("authorization"), request.url, &why, false);
    if (!who)
        return respond(HubListener::errorResponse(401, why));
    const QString key = roomKey(roomId, who->userId);
    if (request.method == "GET") {
        // After what is pending: a message posted just before is in the answer.
        whenStoreCurrent([this, key, respond]() {
            respond({200,
                     QJsonDocument(
                             QJsonObject{{QStringLiteral("messages"), chatHistoryJson(key, 100)}})
                             .toJson(QJsonDocument::Compact)});
        });
        return;
    }
    if (request.method != "POST")
        return respond(HubListener::errorResponse(405, QStringLiteral("GET or POST")));
    QJsonParseError parseError;
    const QJsonObject body = JsonText::parse(request.body, &parseError).object();
    const QJsonValue content = body.value(QLatin1String("content"));
    if (parseError.error != QJsonParseError::NoError)
        return respond(HubListener::errorResponse(400, QStringLiteral("the body is not JSON")));
    if (!content.isString() || content.toString().trimmed().isEmpty())
        return respond(HubListener::errorResponse(
                400, QStringLiteral("the body needs a non-empty string \"content\"")));
    postChat(key, who->userId, who->userName, content.toString(), [respond]() {
        respond({200, R"({"success":true})"});
    });
}

// ---------------------------------------------------------------- seed 000 watchers

void Hub::addNoteWatcher(WebSocketConnection *socket, const QString &noteId, const Identity &who)
{
    socket->setParent(this);
    // Watchers only listen; what they send is ignored, and kept small.
    socket->setMaxAllowedIncomingMessageSize(m_config.preAuthMaxMessageBytes);
    Watcher &watcher = m_watchers[socket];
    watcher = {socket, noteId, who.userId, false, false, {}};
    m_watchersByNote.insert(noteId, socket);
    connect(socket, &WebSocketConnection::unsentAtMost, this, [this, socket]() {
        auto it = m_watchers.find(socket);
        if (it == m_watchers.end() || it->second.held.isEmpty())
            return;
        const std::shared_ptr<NoteState> note = loadNote(it->second.noteId);
        QHash<QString, QByteArray> frames;
        tellWatcher(it->second, note.get(), it->second.held, frames);
    });
    connect(socket, &WebSocketConnection::disconnected, this, [this, socket]() {
        auto it = m_watchers.find(socket);
        if (it == m_watchers.end())
            return;
        m_watchersByNote.remove(it->second.noteId, socket);
        m_watchers.erase(it);
        socket->deleteLater();
    });
    // The current state at once. A note that does not exist (or that this user may not see:
    // the two look the same) is waited for; its creation is sent as "create".
    const std::shared_ptr<NoteState> note = loadNote(noteId);
    if (!note && damageSeenBy(noteId, who.userId)) {
        // Nothing to show, and nothing will come: the watcher is told and closed.
        closeWatcher(watcher, 1011, QStringLiteral("the hub's copy of this note is damaged"));
        return;
    }
    if (!note || note->meta.deletedAt != 0 || accessOf(*note, who.userId) == Access::None)
        return;
    watcher.shown = true;
    WsJson::send(socket,
                 {{QStringLiteral("type"), QStringLiteral("initial")},
                  {QStringLiteral("data"), watcherData(*note)}});
}

QJsonObject Hub::watcherData(const NoteState &note) const
{
    QJsonArray collaborators;
    for (auto it = note.collaborators.cbegin(); it != note.collaborators.cend(); ++it)
        collaborators.append(it.key());
    return {{QStringLiteral("id"), note.meta.id},
            {QStringLiteral("version"), note.committedVersion},
            {QStringLiteral("title"), note.meta.title},
            {QStringLiteral("blob"), note.committedText.toString()},
            {QStringLiteral("createdAt"), note.meta.createdAt},
            {QStringLiteral("updatedAt"), note.meta.updatedAt},
            {QStringLiteral("collaborators"), collaborators}};
}

void Hub::noteChanged(const QString &noteId, const QString &kind)
{
    if (!m_watchersByNote.contains(noteId) &&
        !(m_instances && m_instances->hasSubscribers(QStringLiteral("notes"))))
        return;
    // Several changes in one commit make one message.
    m_watchDirty.insert(noteId, WsJson::mergedChange(m_watchDirty.value(noteId), kind));
}

void Hub::notifyWatchers()
{
    const QHash<QString, QString> dirty = std::exchange(m_watchDirty, {});
    for (auto it = dirty.cbegin(); it != dirty.cend(); ++it) {
        const std::shared_ptr<NoteState> note = loadNote(it.key());
        // Seed 002 subscribers of "notes", filtered by the note's fields.
        if (note && m_instances && m_instances->hasSubscribers(QStringLiteral("notes"))) {
            QJsonObject data = noteJson(*note, true);
            const QString action =
                    it.value() == QLatin1String("create") || it.value() == QLatin1String("delete")
                    ? it.value()
                    : QStringLiteral("update");
            m_instances->publish(QStringLiteral("notes"), action, data,
                                 [this, note](const QString &userId) {
                                     return accessOf(*note, userId) != Access::None;
                                 });
        }
        QHash<QString, QByteArray> frames; // kind -> message, framed once per note
        for (WebSocketConnection *socket : m_watchersByNote.values(it.key()))
            tellWatcher(m_watchers.at(socket), note.get(), it.value(), frames);
    }
}

void Hub::tellWatcher(Watcher &watcher, const NoteState *note, QString kind,
                      QHash<QString, QByteArray> &frames)
{
    if (watcher.closing)
        return;
    const bool visible =
            note && note->meta.deletedAt == 0 && accessOf(*note, watcher.userId) != Access::None;
    if (!visible) {
        if (watcher.shown)
            closeWatcher(watcher,
                         note && note->meta.deletedAt == 0
                                 ? QWebSocketProtocol::CloseCodePolicyViolated
                                 : QWebSocketProtocol::CloseCodeNormal,
                         note && note->meta.deletedAt == 0 ? QStringLiteral("access revoked")
                                                           : QStringLiteral("note deleted"));
        return;
    }
    if (!watcher.shown && kind != QLatin1String("create"))
        kind = QStringLiteral("initial"); // it just became visible to this user
    kind = WsJson::mergedChange(std::exchange(watcher.held, {}), kind);
    // Each message is the whole note: held while the last one waits for a slow client.
    const qint64 holdAbove = WsJson::holdStatesAbove(m_config.maxUnsentBytes);
    if (watcher.socket->bytesToWrite() > holdAbove) {
        watcher.held = kind;
        watcher.socket->notifyWhenUnsentAtMost(holdAbove);
        return;
    }
    QByteArray &frame = frames[kind];
    if (frame.isEmpty())
        frame = WsJson::frame(QJsonObject{{QStringLiteral("type"), kind},
                                          {QStringLiteral("data"), watcherData(*note)}});
    watcher.shown = true;
    watcher.socket->sendFrame(frame);
}

void Hub::closeWatcher(Watcher &watcher, int code, const QString &reason)
{
    watcher.closing = true;
    WebSocketConnection *socket = watcher.socket;
    WsJson::closeLater(socket, code, reason);
}

// ---------------------------------------------------------------- batching

void Hub::queue(HubStore::Statement statement)
{
    if (m_answering)
        m_concerned.sockets.insert(m_answering->socket);
    else if (!m_answeringHttp)
        m_concerned.everyone = true;
    m_batch.append(std::move(statement));
    openBatch();
}

void Hub::afterCommit(std::function<void()> action)
{
    m_afterCommit.push_back(std::move(action));
    openBatch();
}

void Hub::openBatch()
{
    if (m_batchOpenedUs == 0)
        m_batchOpenedUs = RecentDurations::nowUs();
    m_flushTimer.start();
}

void Hub::flush()
{
    m_flushTimer.stop();
    PendingCommit pending{0,
                          {},
                          std::move(m_afterCommit),
                          std::exchange(m_opsInBatch, 0),
                          std::exchange(m_concerned, {}),
                          std::exchange(m_batchOpenedUs, 0)};
    m_afterCommit.clear();
    for (const QString &noteId : std::as_const(m_dirtyNotes)) {
        auto note = m_notes.value(noteId);
        if (!note)
            continue;
        pending.notes.push_back({note, note->meta.version, note->text});
        // The ops are the durable record; the whole text is written only now and then (see
        // SnapshotEvery), so a commit costs the size of its ops, not of the note.
        const qint64 since = note->meta.version - note->lastSnapshot;
        if (since >= SnapshotEveryAtMost ||
            (since >= SnapshotEvery &&
             note->opBytesSinceSnapshot >= note->text.length() / SnapshotTextShare)) {
            m_batch.append(
                    HubStore::insertSnapshot(noteId, note->meta.version, note->text.toString()));
            note->lastSnapshot = note->meta.version;
            note->opBytesSinceSnapshot = 0;
        }
        m_batch.append(
                HubStore::updateNoteVersion(noteId, note->meta.version, note->meta.updatedAt));
    }
    m_dirtyNotes.clear();
    if (m_batch.isEmpty() && pending.actions.empty())
        return;
    // Committed on the committer's thread while this one goes on; onCommitResults() runs the
    // actions (acks, broadcasts) once the transaction is on disk.
    pending.ticket = m_committer.submit(std::exchange(m_batch, {}));
    m_pending.push_back(std::move(pending));
}

void Hub::onCommitResults()
{
    for (HubCommitter::Result &result : m_committer.takeResults()) {
        if (m_pending.empty() || m_pending.front().ticket != result.ticket)
            continue; // dropped by an earlier failure
        PendingCommit done = std::move(m_pending.front());
        m_pending.pop_front();
        if (!result.ok) {
            failStorage(result.error, std::move(done.concerned));
            continue;
        }
        for (auto &[note, version, text] : done.notes) {
            if (version > note->committedVersion) {
                note->committedVersion = version;
                note->committedText = std::move(text);
                note->trimRecent(m_config.recentOpsKept);
            }
        }
        m_committedOps += done.ops;
        ++m_transactions;
        const qint64 second = nowMs() / 1000;
        if (m_opRate.empty() || m_opRate.back().first != second)
            m_opRate.emplace_back(second, 0);
        m_opRate.back().second += done.ops;
        while (!m_opRate.empty() && m_opRate.front().first < second - 60)
            m_opRate.pop_front();
        for (const auto &action : done.actions)
            action();
        // The acknowledgements and broadcasts are queued now, and written before the event
        // loop next waits.
        m_commitWaits.add(RecentDurations::nowUs() - done.openedUs);
    }
    notifyWatchers();
}

void Hub::failStorage(const QString &error, Concerned concerned)
{
    // Nothing of this batch, or of any after it, is durable or acknowledged. The in-memory
    // state is ahead of the store now, so drop all of it: notes are read again from the store,
    // which holds everything anyone has been told (views show committed versions only).
    qCCritical(lcHub) << "storage failure, nothing unsaved acknowledged:" << error;
    for (const PendingCommit &later : m_pending)
        concerned.add(later.concerned);
    concerned.add(std::exchange(m_concerned, {}));
    std::vector<std::pair<QString, std::shared_ptr<NoteState>>> open;
    for (auto it = m_notes.cbegin(); it != m_notes.cend(); ++it)
        if (!it.value()->joined.isEmpty())
            open.emplace_back(it.key(), it.value());
    m_pending.clear();
    m_batch.clear();
    m_afterCommit.clear();
    m_dirtyNotes.clear();
    m_opsInBatch = 0;
    m_batchOpenedUs = 0;
    m_notes.clear();
    m_userNames.clear(); // names from the lost batches are read (and stored) again
    m_committer.reset();
    // Who had joined stays joined, to the note as stored; one who may not see it as stored
    // (its creation, or the share that let them in, was lost) is concerned.
    for (const auto &[noteId, lost] : open) {
        const std::shared_ptr<NoteState> stored = loadNote(noteId);
        for (Session *session : std::as_const(lost->joined)) {
            session->cursors.remove(noteId); // positions in a text that may not have been
            if (stored && stored->meta.deletedAt == 0 &&
                accessOf(*stored, session->userId) != Access::None) {
                stored->joined.insert(session);
                if (lost->announced.contains(session)) {
                    stored->announced.insert(session);
                    stored->colours.insert(session->userId,
                                           lost->colours.value(session->userId, session->colour));
                }
            } else {
                session->joined.remove(noteId);
                concerned.sockets.insert(session->socket);
            }
        }
    }
    // A client whose change (or awaited answer) was lost hears of it and reconnects, to
    // rejoin and resend; the others lose nothing and carry on. When something other than a
    // /v1 request wrote (a seed client, whose change was lost, hears of it only this way),
    // every client, of every dialect, starts again from what is stored. (Requests over plain
    // HTTP are answered 503 as their dropped responders go.)
    const QString message =
            QStringLiteral("the hub could not save changes (%1); reconnect and resend").arg(error);
    for (auto &[socket, s] : m_sessions) {
        if (!concerned.everyone && !concerned.sockets.contains(socket))
            continue;
        sendError(*s, QStringLiteral("storage_failed"), message, QJsonValue(), false);
        closeSession(*s, QWebSocketProtocol::CloseCodeBadOperation,
                     QStringLiteral("storage failure"));
    }
    if (concerned.everyone) {
        // Closed from the event loop: closing may re-enter onDisconnected.
        for (WebSocketConnection *socket : findChildren<WebSocketConnection *>())
            if (socket->isOpen())
                WsJson::closeLater(socket, QWebSocketProtocol::CloseCodeBadOperation,
                                   QStringLiteral("storage failure"));
    }
}

QJsonObject Hub::stats() const
{
    int notesOpen = 0;
    qint64 recentOpsHeld = 0;
    qint64 clientIdsHeld = 0;
    for (const auto &note : m_notes) {
        if (!note->joined.isEmpty())
            ++notesOpen;
        recentOpsHeld += qint64(note->recent.size());
        clientIdsHeld += note->lastSeq.size();
    }
    const qint64 second = nowMs() / 1000;
    qint64 recentOps = 0;
    for (const auto &[s, count] : m_opRate)
        if (s >= second - 10 && s < second)
            recentOps += count;
    return {{QStringLiteral("connections"), connectionCount()},
            {QStringLiteral("notesOpen"), notesOpen},
            {QStringLiteral("notesLoaded"), int(m_notes.size())},
            {QStringLiteral("recentOpsHeld"), recentOpsHeld},
            {QStringLiteral("recentOpsPerNote"), m_config.recentOpsKept},
            {QStringLiteral("clientIdsHeld"), clientIdsHeld},
            {QStringLiteral("opsPerSecond"), double(recentOps) / 10.0},
            {QStringLiteral("opsCommitted"), m_committedOps},
            {QStringLiteral("batchesCommitted"), m_transactions},
            {QStringLiteral("commitDiskMs"), m_committer.recentCommits().summaryMs()},
            {QStringLiteral("commitWaitMs"), m_commitWaits.summaryMs()},
            {QStringLiteral("uptimeSeconds"), m_uptime.isValid() ? m_uptime.elapsed() / 1000 : 0},
            {QStringLiteral("protocolVersion"), Protocol::Version}};
}
