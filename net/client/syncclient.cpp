// SPDX-License-Identifier: GPL-3.0-or-later
#include "syncclient.h"
#include "jsonfields.h"
#include "jsontext.h"
#include "notesession.h"
#include "protocol/fingerprint.h"
#include "protocol/protocol.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QUuid>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcWire, "tandem.client.wire", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSync, "tandem.client")

namespace {

using JsonFields::integer;
using JsonFields::string;

/** "note_op:ID" → ("note_op", "ID"): requests about a note carry such a requestId. */
std::pair<QString, QString> splitRef(const QJsonValue &ref)
{
    const QString text = ref.toString();
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return {text, QString()};
    return {text.left(colon), text.mid(colon + 1)};
}

/** The HTTP status a server answered the WebSocket handshake with instead of 101, or 0.
 *  QWebSocket says it only in its error text ("… status code: 426 (Upgrade Required).");
 *  its error() is then the TCP socket's, UnknownSocketError. */
int handshakeStatus(const QWebSocket *socket)
{
    static const QRegularExpression status(QStringLiteral("\\b([1-5][0-9][0-9]) \\("));
    const QRegularExpressionMatch match = status.match(socket->errorString());
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

} // namespace

SyncClient::Loss SyncClient::lossOf(QWebSocket *socket, const QUrl &url,
                                    QAbstractSocket::SocketError error)
{
    const QString where = url.authority();
    const bool secure = url.scheme() == QLatin1String("wss");
    const int status = handshakeStatus(socket);
    // 426: the hub's answer to a plain request on its TLS port (and to a WebSocket version
    // other than 13, which QWebSocket never sends). Whoever runs the hub makes the new link:
    // a host inviting from Tandem, or an admin of tandem-hub.
    if (status == 426 && !secure)
        return {tr("The hub at %1 takes only secure connections (wss://), and this "
                   "address is ws://. Join again with a new invite link from whoever "
                   "runs the hub: it starts with tandems://.")
                        .arg(where),
                true};
    if (status == 404)
        return {tr("No Tandem hub answers at %1 (HTTP 404): check the address.")
                        .arg(url.toDisplayString()),
                true};
    if (status == 429)
        return {tr("The hub takes no more connections from this computer's address "
                   "for now (HTTP 429)."),
                false};
    if (status != 0)
        return {tr("The hub refused the connection (HTTP %1).").arg(status), false};
    if (secure && error == QAbstractSocket::SslHandshakeFailedError)
        // A plain hub answers a TLS hello at once with plain HTTP: "wrong version number".
        return {tr("No secure connection to the hub at %1 (%2). A hub that does not "
                   "use TLS has an address that starts with ws:// and invite links "
                   "that start with tandem://.")
                        .arg(where, socket->errorString()),
                true};
    if (error != QAbstractSocket::UnknownSocketError)
        return {socket->errorString(), false};
    const int code = int(socket->closeCode());
    const QString reason = socket->closeReason();
    // Either side closes with 1009: this client when a message from the hub is over its
    // limit, the hub when one from here is over the hub's.
    if (code == QWebSocketProtocol::CloseCodeTooMuchData)
        return {tr("a message was too large for the hub or for this client (%1)%2")
                        .arg(code)
                        .arg(reason.isEmpty() ? QString() : QStringLiteral(": ") + reason),
                false};
    return {reason.isEmpty() ? tr("connection closed (%1)").arg(code)
                             : tr("connection closed (%1): %2").arg(code).arg(reason),
            false};
}

void SyncClient::socketLost(QWebSocket *socket, QAbstractSocket::SocketError error)
{
    if (socket != m_socket)
        return;
    const Loss loss = lossOf(socket, m_url, error);
    // A hub that cannot be spoken to this way stays so: say how to fix it, no retries.
    if (loss.lasting)
        giveUp(loss.why);
    else
        connectionLost(loss.why);
}

SyncClient::SyncClient(const QUrl &url, ClientStore *store, SyncClientSettings settings,
                       QObject *parent)
    : QObject(parent)
    , m_url(url)
    , m_store(store)
    , m_settings(std::move(settings))
    , m_policy(
              m_settings.reconnect,
              m_settings.clock ? m_settings.clock
                               : []() { return QDateTime::currentMSecsSinceEpoch(); },
              m_settings.seed ? m_settings.seed : QRandomGenerator::system()->generate())
{
    if (!m_settings.clock)
        m_settings.clock = []() { return QDateTime::currentMSecsSinceEpoch(); };
    m_policy.setHub(m_url);
    m_fetchTimer.setSingleShot(true);
    connect(&m_fetchTimer, &QTimer::timeout, this, &SyncClient::pumpFetches);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SyncClient::openSocket);
    m_heldCopiesRetry.setInterval(int(m_settings.saveRetryMs));
    connect(&m_heldCopiesRetry, &QTimer::timeout, this, &SyncClient::saveHeldCopies);
    // Checked often, so a dead link is caught close to its two-interval deadline.
    m_heartbeatTimer.setInterval(int(qMax<qint64>(10, m_settings.heartbeatMs / 4)));
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &SyncClient::heartbeat);

    if (const qint64 saved = m_store->lastSync(); saved > 0)
        m_lastSync = QDateTime::fromMSecsSinceEpoch(saved);
    // Notes with unsent edits get a session now, so they are sent on the first connection.
    for (const QString &noteId : m_store->notesWithOutbox())
        ensureSession(noteId);
    updatePendingChanges();
}

SyncClient::~SyncClient()
{
    for (NoteSession *session : std::as_const(m_sessions))
        session->persist();
    if (m_state == State::Online) // quitting while live: the next start says when that was
        m_store->setLastSync(qMax(m_lastFrameAt, m_lastSync.toMSecsSinceEpoch()));
    closeSocket();
}

qint64 SyncClient::now() const
{
    return m_settings.clock();
}

void SyncClient::setCredentials(const QString &token, const QString &userName)
{
    m_token = token;
    m_claimedName = userName;
    if (m_needsCredentials) {
        m_needsCredentials = false;
        Q_EMIT lastErrorChanged(m_lastError);
    }
}

void SyncClient::pinCertificate(const QString &fingerprint)
{
    m_store->setPinnedCertificate(fingerprint.trimmed().toLower());
    m_refusedCertificate.clear();
}

QString SyncClient::trustedCertificate() const
{
    return m_store->pinnedCertificate();
}

void SyncClient::checkCertificate(QWebSocket *socket, const QList<QSslError> &errors)
{
    if (socket != m_socket)
        return;
    const QSslCertificate presented = socket->sslConfiguration().peerCertificate();
    const QString fingerprint = certificateFingerprint(presented);
    const QString trusted = trustedCertificate();
    if (!presented.isNull() && (trusted.isEmpty() || trusted == fingerprint)) {
        // The pin is the trust anchor: a self-signed certificate or one for another name
        // (the hub's LAN address changes) is fine when it is exactly the trusted one.
        if (trusted.isEmpty())
            m_store->setPinnedCertificate(fingerprint);
        m_refusedCertificate.clear();
        socket->ignoreSslErrors(errors);
        return;
    }
    // Not transient: say so and stop instead of retrying into the same certificate.
    m_refusedCertificate = fingerprint;
    qCWarning(lcSync) << "refusing the hub's certificate" << fingerprint << "(trusted:" << trusted
                      << ")";
    giveUp(tr("The hub's certificate has changed, so Tandem did not connect: someone may be "
              "impersonating it. Trusted fingerprint %1, presented %2. If the host made a new "
              "certificate, join again with a new invite link from them.")
                   .arg(displayFingerprint(trusted), displayFingerprint(fingerprint)));
}

void SyncClient::giveUp(const QString &why, bool needsCredentials)
{
    closeSocket();
    sessionsLostTheHub();
    setLastError(why, needsCredentials);
    setState(State::Failed);
}

void SyncClient::connectToHub()
{
    if (m_state == State::Connecting || m_state == State::Authenticating ||
        m_state == State::Online || m_state == State::Reconnecting)
        return;
    m_policy.reset();
    openSocket();
}

void SyncClient::reconnectNow()
{
    m_retryTimer.stop();
    closeSocket();
    m_policy.reset();
    openSocket();
}

void SyncClient::disconnectFromHub()
{
    m_retryTimer.stop();
    if (m_socket) {
        QWebSocket *socket = std::exchange(m_socket, nullptr);
        disconnect(socket, nullptr, this, nullptr);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(2000, socket, &QObject::deleteLater);
        socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client went offline"));
    }
    m_heartbeatTimer.stop();
    sessionsLostTheHub();
    setState(State::Offline);
}

void SyncClient::setServerUrl(const QUrl &url)
{
    if (url == m_url)
        return;
    m_url = url;
    m_policy.setHub(m_url);
    Q_EMIT serverUrlChanged(m_url);
}

void SyncClient::clearError()
{
    setLastError(QString());
}

void SyncClient::setState(State state)
{
    // Reconnecting → Reconnecting is a change too: the attempt and the retry time moved.
    if (m_state == state && state != State::Reconnecting)
        return;
    if (state != State::Failed)
        m_outOfAttempts = false;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void SyncClient::setLastError(const QString &error, bool needsCredentials)
{
    if (m_lastError == error && m_needsCredentials == needsCredentials)
        return;
    m_lastError = error;
    m_needsCredentials = needsCredentials;
    Q_EMIT lastErrorChanged(error);
}

void SyncClient::openSocket()
{
    closeSocket();
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    socket->setMaxAllowedIncomingFrameSize(quint64(m_settings.maxFrameBytes));
    socket->setMaxAllowedIncomingMessageSize(quint64(m_settings.maxMessageBytes));
    // Long messages go out in frames of this size: each one the hub receives is a sign of life
    // to it, and it tells this client so (Protocol::ReceivingPong) while its pongs wait behind.
    socket->setOutgoingFrameSize(quint64(m_settings.outgoingFrameBytes));
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, [this, socket]() {
        if (socket != m_socket)
            return;
        m_lastFrameAt = now();
        setState(State::Authenticating);
        // ops: it applies note_op, so the hub need not send the text of joined notes whole;
        // syncOps: nor that of the others, only the ops since its last note_sync.
        QJsonObject auth{{QStringLiteral("type"), QStringLiteral("auth")},
                         {QStringLiteral("token"), m_token},
                         {QStringLiteral("ops"), true},
                         {QStringLiteral("syncOps"), true}};
        if (!m_claimedName.isEmpty())
            auth.insert(QStringLiteral("userName"), m_claimedName);
        send(auth);
    });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) {
        if (socket != m_socket)
            return;
        m_lastFrameAt = now();
        handleMessage(text);
        m_lastFrameAt = now(); // time spent here is not silence of the link
    });
    // Each fragment of a long message is a sign of life: a note of megabytes on a slow link
    // takes longer than two heartbeats to arrive whole, and must not be taken for silence.
    connect(socket, &QWebSocket::textFrameReceived, this, [this, socket](const QString &, bool) {
        if (socket == m_socket)
            m_lastFrameAt = now();
    });
    connect(socket, &QWebSocket::pong, this, [this, socket](quint64, const QByteArray &payload) {
        if (socket != m_socket)
            return;
        m_lastFrameAt = now();
        if (payload == Protocol::ReceivingPong)
            return; // what this client sends is arriving: not an answer to its ping
        // QWebSocket's own elapsed time is wrong after a stall; measure with our clock.
        m_latencyMs = int(qMax<qint64>(0, m_lastFrameAt - m_pingSentAt));
        Q_EMIT latencyChanged(m_latencyMs);
    });
    // Qt reports one loss as error and disconnected, in either order: the first one tears the
    // socket down (m_socket changes), the second finds nothing to do.
    connect(socket, &QWebSocket::disconnected, this,
            [this, socket]() { socketLost(socket, socket->error()); });
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    connect(socket, &QWebSocket::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError error) {
#else
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket](QAbstractSocket::SocketError error) {
#endif
                // With error(), not socket->error(): a refused handshake is reported only here.
                socketLost(socket, error);
            });
    connect(socket, &QWebSocket::sslErrors, this,
            [this, socket](const QList<QSslError> &errors) { checkCertificate(socket, errors); });
    setState(State::Connecting);
    m_lastFrameAt = now();
    m_pingSentAt = m_lastFrameAt;
    m_beats.start(m_lastFrameAt);
    m_heartbeatTimer.start();
    socket->open(QNetworkRequest(m_url));
}

void SyncClient::closeSocket()
{
    m_heartbeatTimer.stop();
    m_listPending = false;
    m_fetching.clear();
    m_fetchQueue.clear();
    m_fetchOrder.clear();
    setSyncProgress(0, 0);
    if (!m_socket)
        return;
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

void SyncClient::connectionLost(const QString &why)
{
    if (!m_socket)
        return;
    closeSocket();
    sessionsLostTheHub();
    if (m_state == State::Offline || m_state == State::Failed)
        return;
    // A hub that could not save is up: tried again, patiently, until it can.
    const std::optional<qint64> delay =
            m_hubSaveError.isEmpty() ? m_policy.nextDelayMs() : m_policy.patientDelayMs();
    if (!delay) {
        m_nextRetry = {};
        setLastError(tr("Could not reach the hub after %1 attempts: %2")
                             .arg(m_policy.settings().maxAttempts)
                             .arg(why));
        m_outOfAttempts = true;
        setState(State::Failed);
        return;
    }
    setLastError(why);
    m_nextRetry = QDateTime::fromMSecsSinceEpoch(now() + *delay);
    setState(State::Reconnecting);
    m_retryTimer.start(int(*delay));
}

void SyncClient::heartbeat()
{
    if (!m_socket)
        return;
    const bool judge = m_beats.mayJudge(now(), m_heartbeatTimer.interval());
    const qint64 silence = now() - m_lastFrameAt;
    if (judge && silence >= 2 * m_settings.heartbeatMs) {
        connectionLost(tr("no answer from the hub for %1 ms").arg(silence));
        return;
    }
    if ((m_state == State::Authenticating || m_state == State::Online) &&
        now() - m_pingSentAt >= m_settings.heartbeatMs) {
        m_pingSentAt = now();
        m_socket->ping();
    }
}

bool SyncClient::send(const QJsonObject &message)
{
    if (!m_socket || (m_state != State::Online && m_state != State::Authenticating))
        return false;
    const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    qCDebug(lcWire).noquote() << m_userId << "->" << text.left(300);
    m_socket->sendTextMessage(text);
    return true;
}

void SyncClient::handleMessage(const QString &text)
{
    qCDebug(lcWire).noquote() << m_userId << "<-" << text.left(300);
    const QJsonObject message = JsonText::parse(text.toUtf8()).object();
    const QString type = string(message, "type");
    const QString noteId = string(message, "noteId");
    NoteSession *session = m_sessions.value(noteId);

    if (type == QLatin1String("auth_success")) {
        handleAuthSuccess(message);
    } else if (type == QLatin1String("auth_failed")) {
        // No login at all (none saved on this computer): say that, not the hub's "no token".
        giveUp(m_token.isEmpty()
                       ? tr("This hub needs a login, and none is saved on this computer: sign in "
                            "with your invite link or token.")
                       : string(message, "message"),
               true);
    } else if (type == QLatin1String("note_op")) {
        if (session)
            session->handleRemoteOp(message);
    } else if (type == QLatin1String("note_op_ack")) {
        setHubSaveError({}); // it saved one
        if (session)
            session->handleAck(string(message, "clientId"), integer(message, "seq"),
                               integer(message, "version"));
    } else if (type == QLatin1String("note_joined")) {
        if (session)
            session->handleJoined(message);
    } else if (type == QLatin1String("notes_list")) {
        handleNotesList(message.value(QLatin1String("notes")).toArray());
    } else if (type == QLatin1String("note_created_success") ||
               type == QLatin1String("note_created_sync")) {
        setHubSaveError({});
        handleNoteData(message.value(QLatin1String("noteData")).toObject(),
                       type == QLatin1String("note_created_success"));
    } else if (type == QLatin1String("note_update_success") || type == QLatin1String("note_sync")) {
        const QJsonObject updated = message.value(QLatin1String("updatedNote")).toObject();
        m_store->beginBatch(); // the text and the fields in one transaction, one sync to disk
        const auto endBatch = qScopeGuard([this]() {
            if (!m_store->endBatch())
                setLastError(m_store->lastError());
        });
        if (message.value(QLatin1String("ops")).isArray())
            applySyncedOps(noteId, message.value(QLatin1String("ops")).toArray(),
                           integer(updated, "version"));
        handleNoteData(updated, false);
    } else if (type == QLatin1String("note_shared")) {
        QJsonObject note = message.value(QLatin1String("note")).toObject();
        note.insert(QStringLiteral("role"), message.value(QLatin1String("role")));
        handleNoteData(note, false);
    } else if (type == QLatin1String("note_unshared")) {
        handleNoteGone(noteId, tr("the owner stopped sharing the note"));
    } else if (type == QLatin1String("note_deleted_success")) {
        handleNoteGone(noteId, QString());
    } else if (type == QLatin1String("note_deleted_sync")) {
        const QString name = string(message, "fromUserName");
        handleNoteGone(noteId,
                       tr("the note was deleted by %1")
                               .arg(name.isEmpty() ? string(message, "fromUserId") : name));
    } else if (type == QLatin1String("note_left")) {
        if (session && !string(message, "reason").isEmpty())
            session->setJoined(false);
    } else if (type == QLatin1String("note_version")) {
        const qint64 version = integer(message, "version");
        const QString content = string(message, "content");
        if (m_fetching.value(noteId, -2) == version) {
            fetchDone(noteId);
            std::optional<LocalNote> note = m_store->note(noteId);
            if (note && !session && (!note->contentKnown || note->version <= version)) {
                note->content = content;
                note->version = version;
                note->contentKnown = true;
                m_store->saveNote(*note);
                Q_EMIT noteChanged(noteId);
            } else if (note && session && !note->contentKnown &&
                       session->adoptFetched(content, version)) {
                Q_EMIT noteChanged(noteId);
            }
            if (session)
                session->joinIfWaiting(); // for the ops after this text only
        }
        Q_EMIT versionReceived(noteId, version, content);
    } else if (type == QLatin1String("history")) {
        Q_EMIT historyReceived(noteId, message.value(QLatin1String("versions")).toArray());
    } else if (type == QLatin1String("share_success") || type == QLatin1String("unshare_success")) {
        // The owner's cache keeps who the note is shared with (the Share dialog shows it).
        const QString userId = string(message, "userId");
        const QString role = string(message, "role");
        if (std::optional<LocalNote> note = m_store->note(noteId, ClientStore::Text::Without)) {
            QJsonArray collaborators;
            for (const QJsonValue &c : std::as_const(note->collaborators))
                if (c.toObject().value(QLatin1String("userId")).toString() != userId)
                    collaborators.append(c);
            if (!role.isEmpty()) {
                QJsonObject collaborator{{QStringLiteral("userId"), userId},
                                         {QStringLiteral("role"), role}};
                if (const QString name = string(message, "userName"); !name.isEmpty())
                    collaborator.insert(QStringLiteral("userName"), name);
                collaborators.append(collaborator);
            }
            note->collaborators = collaborators;
            m_store->saveNoteFields(*note);
        }
        Q_EMIT shareChanged(noteId, userId, role);
    } else if (type == QLatin1String("presence_list")) {
        Q_EMIT presenceList(noteId, message.value(QLatin1String("users")).toArray());
    } else if (type == QLatin1String("presence_update")) {
        Q_EMIT presenceUpdated(noteId, message.value(QLatin1String("user")).toObject());
    } else if (type == QLatin1String("presence_remove")) {
        Q_EMIT presenceRemoved(noteId, string(message, "userId"), string(message, "sessionId"));
    } else if (type == QLatin1String("typing")) {
        Q_EMIT typing(noteId, string(message, "userId"), string(message, "userName"));
    } else if (type == QLatin1String("chat_message")) {
        Q_EMIT chatMessage(noteId, message.value(QLatin1String("message")).toObject());
    } else if (type == QLatin1String("chat_history")) {
        Q_EMIT chatHistory(noteId, message.value(QLatin1String("messages")).toArray());
    } else if (type == QLatin1String("error")) {
        handleError(message);
    }
    // connection_established, revert_success (its op arrives as note_op), pong: nothing to do.
}

void SyncClient::handleAuthSuccess(const QJsonObject &message)
{
    m_userId = string(message, "userId");
    m_userName = string(message, "userName");
    m_sessionId = string(message, "sessionId");
    m_colour = string(message, "colour");
    Q_EMIT userChanged();

    const QString cachedUser = m_store->userId();
    if (cachedUser != m_userId) {
        if (!cachedUser.isEmpty() && (m_store->pendingChanges() > 0 || m_unsavedEdits > 0)) {
            // Never hand one user's unsent edits to another account (nor drop those only in
            // memory, the disk full: a held conflicted copy would be saved as the new user's).
            closeSocket();
            setLastError(tr("This computer holds changes of %1 not yet sent; log in as %1 to "
                            "send them")
                                 .arg(cachedUser),
                         true);
            setState(State::Failed);
            return;
        }
        if (!cachedUser.isEmpty()) {
            const QList<LocalNote> old = m_store->notes();
            const bool notSyncing = !notesNotSyncing().isEmpty();
            qDeleteAll(m_sessions);
            m_sessions.clear();
            m_open.clear();
            if (notSyncing)
                Q_EMIT notesNotSyncingChanged();
            m_store->clearNotes();
            for (const LocalNote &note : old)
                Q_EMIT noteRemoved(note.id, QString(), QString());
        }
        m_store->setUserId(m_userId);
    }
    setLastError(QString());
    m_nextRetry = {};
    m_policy.connected();
    if (m_pendingChanges == 0)
        setHubSaveError({}); // nothing of ours to save: reading works
    // The round trip is known at once (the status popup shows it), not a heartbeat later.
    // Before the state changes: what reacts to Online may close the socket.
    m_pingSentAt = now();
    m_socket->ping();
    setState(State::Online);
    if (m_status != QLatin1String("online"))
        send({{QStringLiteral("type"), QStringLiteral("presence")},
              {QStringLiteral("status"), m_status}});
    flushLocalChanges();
    m_listPending = send({{QStringLiteral("type"), QStringLiteral("list_notes")}});
    markSynced();
}

void SyncClient::flushLocalChanges()
{
    // In the order they were made: a note is created before it is renamed or deleted.
    QList<LocalNote> notes = m_store->notes(true, ClientStore::Text::Without);
    std::sort(notes.begin(), notes.end(),
              [](const LocalNote &a, const LocalNote &b) { return a.createdAt < b.createdAt; });
    for (const LocalNote &note : std::as_const(notes)) {
        if (note.createPending)
            sendCreate(note.id, note.title);
    }
    // Renames go after the listing (flushTitles), so a rename made elsewhere meanwhile is
    // seen, and reported, before this one replaces it.
    for (const LocalNote &note : std::as_const(notes)) {
        if (note.deletePending)
            send({{QStringLiteral("type"), QStringLiteral("note_deleted")},
                  {QStringLiteral("noteId"), note.id},
                  {QStringLiteral("requestId"), SyncClient::requestId("note_deleted", note.id)}});
    }
    for (NoteSession *session : std::as_const(m_sessions))
        session->sendJoin();
}

void SyncClient::handleNotesList(const QJsonArray &notes)
{
    m_listPending = false;
    m_store->beginBatch();
    const auto endBatch = qScopeGuard([this]() {
        if (!m_store->endBatch())
            setLastError(m_store->lastError());
    });
    QSet<QString> listed;
    for (const QJsonValue &value : notes) {
        const QJsonObject data = value.toObject();
        const QString id = string(data, "id");
        listed.insert(id);
        handleNoteData(data, false);
    }
    for (const LocalNote &note : m_store->notes(false, ClientStore::Text::Without)) {
        if (!listed.contains(note.id) && !note.createPending)
            handleNoteGone(note.id, tr("the note was deleted or unshared while you were away"));
        else if (note.titlePending)
            sendTitle(note.id, note.title);
    }
    markSynced();
}

void SyncClient::handleNoteData(const QJsonObject &data, bool confirmed)
{
    const QString id = string(data, "id");
    if (id.isEmpty())
        return;
    // Its fields only: a listing at each reconnect read and wrote every note's text whole.
    const std::optional<LocalNote> existing = m_store->note(id, ClientStore::Text::Without);
    if (existing && existing->deletePending)
        return;
    LocalNote note = existing.value_or(LocalNote{});
    note.id = id;
    const QString title = string(data, "title");
    if (!note.titlePending || title == note.title) {
        note.title = title;
        note.titlePending = false;
        note.baseTitle = title;
    } else if (title != note.baseTitle) {
        // Renamed elsewhere while renamed here: this user's latest rename is kept (and sent
        // after the listing), and the other title is reported, never dropped unseen.
        note.baseTitle = title;
        Q_EMIT titleConflict(id, title, note.title);
    }
    note.createdAt = integer(data, "createdAt", note.createdAt);
    note.updatedAt = qMax(note.updatedAt, integer(data, "updatedAt", note.updatedAt));
    note.owner = data.value(QLatin1String("owner")).toString(note.owner);
    if (data.value(QLatin1String("collaborators")).isArray())
        note.collaborators = data.value(QLatin1String("collaborators")).toArray();
    if (note.owner == m_userId)
        note.role = QStringLiteral("owner");
    else if (data.value(QLatin1String("role")).isString())
        note.role = string(data, "role");
    if (confirmed)
        note.createPending = false;
    // The text: only for a note this client never had, or one it holds no edits of (a
    // known note's text otherwise moves by ops only).
    const qint64 version = integer(data, "version", 0);
    const bool idle = !m_sessions.contains(id) && !m_store->hasOutbox(id);
    if (data.value(QLatin1String("content")).isString() &&
        (!note.contentKnown || (idle && version > note.version))) {
        note.content = string(data, "content");
        note.version = version;
        note.contentKnown = true;
        m_store->saveNote(note);
    } else if (existing) {
        m_store->saveNoteFields(note);
    } else {
        m_store->saveNote(note); // listed, its text not fetched yet
    }
    Q_EMIT noteChanged(id);
    // Listings and shares carry no text: fetch it, unless a live session keeps it current.
    if (idle && (!note.contentKnown || version > note.version) &&
        m_fetching.value(id, -1) != version && m_fetchQueue.value(id, -1) != version)
        fetchContent(id, version);
    if (confirmed) {
        if (NoteSession *session = m_sessions.value(id))
            session->sendJoin();
    }
    if (NoteSession *session = m_sessions.value(id); session && session->role() != note.role) {
        session->m_role = note.role;
        Q_EMIT session->roleChanged(note.role);
    }
    updatePendingChanges();
}

void SyncClient::applySyncedOps(const QString &noteId, const QJsonArray &ops, qint64 version)
{
    // Only into a copy nothing else moves (as handleNoteData takes a whole text): an open note
    // follows its own ops, and one with edits waiting keeps its text until they are sent.
    if (m_sessions.contains(noteId) || m_store->hasOutbox(noteId))
        return;
    std::optional<LocalNote> note = m_store->note(noteId);
    if (!note || !note->contentKnown || note->deletePending || version <= note->version)
        return;
    // The ops after the cached version, every one of them up to version; else handleNoteData
    // fetches the text at version.
    qint64 at = note->version;
    QList<TextOperation> applied;
    for (const QJsonValue &value : ops) {
        const QJsonObject entry = value.toObject();
        const qint64 opVersion = integer(entry, "version");
        if (opVersion <= at)
            continue;
        if (opVersion != at + 1)
            return; // the cached text is older than these ops
        OtResult<TextOperation> op = TextOperation::fromJson(entry.value(QLatin1String("op")));
        if (!op || !op->applyInPlace(note->content)) {
            qWarning("sync: the ops for note %s do not apply to its version %lld; fetching it",
                     qPrintable(noteId), at);
            return;
        }
        applied.append(std::move(op).value());
        at = opVersion;
    }
    if (at != version)
        return;
    // A long note's ops are journaled, as an open note's edits are: a keystroke writes a few
    // bytes, not the whole text again each second. A short one is written whole, so reading
    // it (here, each second) replays no journal.
    if (note->content.size() >= JournalSyncedOpsFromUnits) {
        m_store->saveEdits(noteId, note->content, applied, version, Outbox());
    } else {
        note->version = version;
        m_store->saveNote(*note);
    }
}

void SyncClient::handleNoteGone(const QString &noteId, const QString &why)
{
    const std::optional<LocalNote> note = m_store->note(noteId, ClientStore::Text::Without);
    if (!note)
        return;
    NoteSession *session = m_sessions.take(noteId);
    const bool edits = session ? session->pendingEdits() > 0 : m_store->hasOutbox(noteId);
    QString copyId;
    if (edits && !note->deletePending && !why.isEmpty())
        copyId = saveConflictCopy(noteId, session ? session->text() : storedText(noteId), why);
    if (session)
        discardSession(session);
    m_open.remove(noteId);
    m_store->removeNote(noteId);
    Q_EMIT noteRemoved(noteId, why, copyId);
    updatePendingChanges();
    updateJoinedNotes();
}

void SyncClient::setHubSaveError(const QString &error)
{
    if (error == m_hubSaveError)
        return;
    m_hubSaveError = error;
    Q_EMIT saveStateChanged();
}

void SyncClient::handleError(const QJsonObject &message)
{
    const QString code = string(message, "code");
    if (code == QLatin1String("storage_failed"))
        setHubSaveError(string(message, "message")); // the connection closes next
    const QJsonValue ref = message.value(QLatin1String("ref"));
    const auto [request, noteId] = splitRef(ref);
    NoteSession *session = m_sessions.value(noteId);
    if (request == QLatin1String("note_op") && session) {
        if (code == QLatin1String("rate_limited")) {
            // Dropped by the hub: send it again in a moment, with the same seq.
            QTimer::singleShot(1000, session, &NoteSession::resendOutstanding);
        } else if (code == QLatin1String("not_joined")) {
            session->setJoined(false);
            session->sendJoin();
        } else if (code == QLatin1String("not_found")) {
            handleNoteGone(noteId, tr("the note was deleted, or you no longer have access to it"));
        } else {
            session->resync(string(message, "message"));
        }
    } else if (request == QLatin1String("join_note") && session) {
        if (code == QLatin1String("not_found"))
            handleNoteGone(noteId, tr("the note was deleted, or you no longer have access to it"));
        else if (code == QLatin1String("rate_limited"))
            QTimer::singleShot(1000, session, &NoteSession::sendJoin);
        else if (code == QLatin1String("note_damaged")) {
            // Not the note gone: the hub's copy is broken and this one may be the only good
            // one. Kept, edits and all, until a later connection finds the note restored.
            session->m_joinSent = false; // answered: closed with nothing to send, it goes
            session->setHubProblem(string(message, "message"));
        }
    } else if (request == QLatin1String("get_version") && m_fetching.contains(noteId)) {
        fetchDone(noteId); // the list will tell again if the note still matters
        if (session)
            session->joinIfWaiting(); // it waited for this text: a snapshot, then
    } else if (request == QLatin1String("note_deleted") && code == QLatin1String("not_found")) {
        handleNoteGone(noteId, QString()); // already gone: that is what was asked
    } else if (code == QLatin1String("note_damaged")) {
        // The hub's copy of the note is broken: a create, title or delete waiting here waits
        // on, and is sent again at the next connection.
    } else if (std::optional<LocalNote> note = m_store->note(noteId, ClientStore::Text::Without)) {
        // A create, title or delete the hub will never accept (an id in use, not the owner):
        // stop retrying it; the note keeps its text.
        if (request == QLatin1String("note_deleted"))
            note->deletePending = false;
        else if (request == QLatin1String("note_update"))
            note->titlePending = false;
        else if (request == QLatin1String("note_created") && code == QLatin1String("conflict")) {
            saveConflictCopy(noteId, session ? session->text() : storedText(noteId),
                             string(message, "message"));
            handleNoteGone(noteId, QString());
            note.reset();
        }
        if (note) {
            m_store->saveNoteFields(*note);
            Q_EMIT noteChanged(noteId);
        }
        updatePendingChanges();
    }
    Q_EMIT hubError(code, string(message, "message"), ref);
}

void SyncClient::fetchContent(const QString &noteId, qint64 version)
{
    if (!isOnline())
        return;
    if (!m_fetching.contains(noteId) && !m_fetchQueue.contains(noteId)) {
        m_fetchOrder.append(noteId);
        setSyncProgress(m_syncDone, m_syncTotal + 1);
    }
    m_fetchQueue.insert(noteId, version);
    pumpFetches();
}

void SyncClient::setSyncProgress(int done, int total)
{
    if (done >= total)
        done = total = 0; // all fetched: nothing in progress
    if (done == m_syncDone && total == m_syncTotal)
        return;
    m_syncDone = done;
    m_syncTotal = total;
    Q_EMIT syncProgressChanged(done, total);
}

void SyncClient::pumpFetches()
{
    // A few at a time and at most FetchesPerSecond: a profile with thousands of notes must not
    // trip the hub's rate limit (500 messages/s by default), which would drop requests and
    // count strikes against this connection.
    constexpr int InFlight = 16;
    constexpr int FetchesPerSecond = 200;
    const qint64 t = now();
    while (!m_fetchTimes.isEmpty() && m_fetchTimes.first() <= t - 1000)
        m_fetchTimes.removeFirst();
    for (qsizetype budget = m_fetchOrder.size(); budget > 0 && m_fetching.size() < InFlight;
         --budget) {
        if (m_fetchTimes.size() >= FetchesPerSecond) {
            if (!m_fetchTimer.isActive())
                m_fetchTimer.start(int(qMax<qint64>(1, m_fetchTimes.first() + 1000 - t)));
            return;
        }
        const QString noteId = m_fetchOrder.takeFirst();
        if (m_sessions.contains(noteId) && !m_fetching.contains(noteId)) {
            // Open or kept live: its join brings the text, a fetch would send it twice.
            m_fetchQueue.remove(noteId);
            setSyncProgress(m_syncDone + 1, m_syncTotal);
            continue;
        }
        if (m_fetching.contains(noteId)) {
            m_fetchOrder.append(noteId); // asked again while in flight: after the reply
            continue;
        }
        const qint64 version = m_fetchQueue.take(noteId);
        if (!send({{QStringLiteral("type"), QStringLiteral("get_version")},
                   {QStringLiteral("noteId"), noteId},
                   {QStringLiteral("version"), version},
                   {QStringLiteral("requestId"), SyncClient::requestId("get_version", noteId)}}))
            return;
        m_fetching.insert(noteId, version);
        m_fetchTimes.append(t);
    }
}

void SyncClient::fetchDone(const QString &noteId)
{
    if (m_fetching.remove(noteId) && !m_fetchQueue.contains(noteId))
        setSyncProgress(m_syncDone + 1, m_syncTotal);
    pumpFetches();
}

bool SyncClient::sendCreate(const QString &id, const QString &title, const QString &content)
{
    return send({{QStringLiteral("type"), QStringLiteral("note_created")},
                 {QStringLiteral("requestId"), SyncClient::requestId("note_created", id)},
                 {QStringLiteral("noteData"),
                  QJsonObject{{QStringLiteral("id"), id},
                              {QStringLiteral("title"), title},
                              {QStringLiteral("content"), content}}}});
}

QString SyncClient::createNote(const QString &title, const QString &content, QString *error)
{
    LocalNote note;
    note.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    note.title = title;
    note.contentKnown = true;
    note.createdAt = note.updatedAt = now();
    note.owner = m_userId.isEmpty() ? m_store->userId() : m_userId;
    note.createPending = true;
    note.baseTitle = title;
    // The cache is where a note lives here: one it cannot hold is not made (nothing typed
    // in it yet is lost), rather than sent to the hub and unknown to this computer.
    if (!m_store->saveNote(note)) {
        if (error)
            *error = m_store->lastReason();
        return {};
    }
    sendCreate(note.id, title);
    Q_EMIT noteChanged(note.id);
    // The text goes as the note's first op, through the outbox like any edit.
    if (!content.isEmpty())
        ensureSession(note.id)->applyLocal(TextOperation().insert(content));
    updatePendingChanges();
    return note.id;
}

void SyncClient::setTitle(const QString &noteId, const QString &title)
{
    // Its text stays as it is: a rename of a long note reads and writes none of it.
    std::optional<LocalNote> note = m_store->note(noteId, ClientStore::Text::Without);
    if (!note || note->title == title)
        return;
    note->title = title;
    // Even for a note whose create is still unconfirmed: the hub may hold it already, with
    // the old title, and confirm that.
    note->titlePending = true;
    note->updatedAt = now();
    if (!m_store->saveNoteFields(*note))
        setLastError(m_store->lastError());
    Q_EMIT noteChanged(noteId);
    updatePendingChanges();
    sendTitle(noteId, title);
}

void SyncClient::sendTitle(const QString &noteId, const QString &title)
{
    send({{QStringLiteral("type"), QStringLiteral("note_update")},
          {QStringLiteral("noteId"), noteId},
          {QStringLiteral("requestId"), SyncClient::requestId("note_update", noteId)},
          {QStringLiteral("changes"), QJsonObject{{QStringLiteral("title"), title}}}});
}

void SyncClient::deleteNote(const QString &noteId)
{
    // Its fields only: the text stays in the cache as it is until the hub confirms.
    std::optional<LocalNote> note = m_store->note(noteId, ClientStore::Text::Without);
    if (!note || note->deletePending)
        return;
    // The user deleted it: its unsent edits go with it (the hub keeps the note's history).
    // Should the hub refuse the delete, the note comes back with the hub's text.
    if (NoteSession *session = m_sessions.take(noteId))
        discardSession(session);
    m_open.remove(noteId);
    note->deletePending = true;
    m_store->beginBatch(); // both or neither
    const bool saved = m_store->saveNoteFields(*note) && m_store->discardOutbox(noteId);
    if (!m_store->endBatch() || !saved)
        setLastError(m_store->lastError());
    Q_EMIT noteRemoved(noteId, QString(), QString());
    updatePendingChanges();
    updateJoinedNotes();
    send({{QStringLiteral("type"), QStringLiteral("note_deleted")},
          {QStringLiteral("noteId"), noteId},
          {QStringLiteral("requestId"), SyncClient::requestId("note_deleted", noteId)}});
}

NoteSession *SyncClient::openNote(const QString &noteId)
{
    if (NoteSession *session = m_sessions.value(noteId)) {
        m_open.insert(noteId); // a session only exists for a note that is not being deleted
        return session;
    }
    std::optional<LocalNote> note = m_store->note(noteId); // read once: a note may be long
    if (!note || note->deletePending)
        return nullptr;
    m_open.insert(noteId);
    return ensureSession(noteId, std::move(note));
}

void SyncClient::closeNote(const QString &noteId)
{
    m_open.remove(noteId);
    releaseIfIdle(noteId);
}

NoteSession *SyncClient::ensureSession(const QString &noteId, std::optional<LocalNote> note)
{
    if (NoteSession *session = m_sessions.value(noteId))
        return session;
    if (!note)
        note = m_store->note(noteId);
    if (!note)
        return nullptr;
    auto *session = new NoteSession(this, m_store, *note);
    m_sessions.insert(noteId, session);
    if (isOnline())
        session->sendJoin();
    return session;
}

void SyncClient::releaseIfIdle(const QString &noteId)
{
    NoteSession *session = m_sessions.value(noteId);
    if (!session || m_open.contains(noteId) || !session->outbox().isEmpty() || session->m_joinSent)
        return;
    m_sessions.remove(noteId);
    if (session->isJoined())
        send({{QStringLiteral("type"), QStringLiteral("leave_note")},
              {QStringLiteral("noteId"), noteId}});
    session->persist();
    discardSession(session);
    updateJoinedNotes();
}

void SyncClient::discardSession(NoteSession *session)
{
    session->m_persistTimer.stop();
    session->deleteLater();
    if (!session->hubProblem().isEmpty())
        Q_EMIT notesNotSyncingChanged(); // no longer followed here
}

QMap<QString, QString> SyncClient::notesNotSyncing() const
{
    QMap<QString, QString> result;
    for (const NoteSession *session : m_sessions)
        if (!session->hubProblem().isEmpty())
            result.insert(session->noteId(), session->hubProblem());
    return result;
}

QString SyncClient::storedText(const QString &noteId) const
{
    const std::optional<LocalNote> note = m_store->note(noteId);
    return note ? note->content : QString();
}

QString SyncClient::saveConflictCopy(const QString &noteId, const QString &text, const QString &why)
{
    const std::optional<LocalNote> note = m_store->note(noteId, ClientStore::Text::Without);
    const QString title = note && !note->title.isEmpty() ? note->title : tr("Untitled");
    const QString copyTitle = tr("%1 (conflicted copy)").arg(title);
    QString error;
    QString copyId = createNote(copyTitle, text, &error);
    if (copyId.isEmpty() && isOnline() && text.size() <= OtClient::DefaultMaxSentInsert) {
        // This computer's disk cannot hold it: the hub keeps it, whole in one message (it is
        // listed here once the disk has room again).
        copyId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        sendCreate(copyId, copyTitle, text);
    }
    if (copyId.isEmpty()) {
        // Too long for one message to the hub, or no hub: held here (counted as unsaved, so
        // quitting asks first) and saved as soon as the disk has room.
        qWarning("note %s: local edits held in memory, the cache cannot take a copy (%s): %s",
                 qPrintable(noteId), qPrintable(error), qPrintable(why));
        const QString message =
                tr("Your edits to “%1” could not be merged (%2), and this computer's disk "
                   "refused to keep them as a copy (%3): they are held in memory and saved as "
                   "“%4” once the disk has room. Keep Tandem open until then.")
                        .arg(title, why, error, copyTitle);
        m_heldCopies.append({noteId, copyTitle, text, why, error, message});
        setLastError(message);
        updateSaveState();
        m_heldCopiesRetry.start();
        return {};
    }
    qWarning("note %s: local edits kept as note %s (%s)", qPrintable(noteId), qPrintable(copyId),
             qPrintable(why));
    Q_EMIT conflictCopied(noteId, copyId, why);
    return copyId;
}

void SyncClient::saveHeldCopies()
{
    while (!m_heldCopies.isEmpty()) {
        // Taken out first: what createNote() signals may come back here.
        HeldCopy held = m_heldCopies.takeFirst();
        const QString copyId = createNote(held.title, held.text);
        if (copyId.isEmpty()) {
            m_heldCopies.prepend(std::move(held)); // still no room; the timer tries again
            break;
        }
        qWarning("note %s: local edits held in memory now kept as note %s", qPrintable(held.noteId),
                 qPrintable(copyId));
        if (m_lastError == held.message)
            setLastError(QString());
        Q_EMIT conflictCopied(held.noteId, copyId, held.why);
    }
    if (m_heldCopies.isEmpty())
        m_heldCopiesRetry.stop();
    updateSaveState();
}

namespace {

NoteSummary summaryOf(const LocalNote &note, const NoteSession *session, bool outboxPending)
{
    NoteSummary s;
    s.id = note.id;
    s.title = note.title;
    s.text = session ? session->text() : note.content;
    s.owner = note.owner;
    s.role = note.role;
    s.updatedAt = session ? qMax(note.updatedAt, session->remoteChangeAt()) : note.updatedAt;
    s.unsynced = note.createPending || note.titlePending ||
            (session ? session->pendingEdits() > 0 : outboxPending);
    return s;
}

} // namespace

NoteSummary SyncClient::summary(const QString &noteId) const
{
    // A note with a session takes its text from it: asked at every keystroke (the notes list,
    // the title), the cache's copy of a long note was read and rebuilt for nothing.
    NoteSession *session = m_sessions.value(noteId);
    const std::optional<LocalNote> note =
            m_store->note(noteId, session ? ClientStore::Text::Without : ClientStore::Text::With);
    if (!note)
        return {};
    return summaryOf(*note, session, !session && m_store->hasOutbox(noteId));
}

QList<NoteSummary> SyncClient::summaries() const
{
    QList<NoteSummary> result;
    const QStringList withOutbox = m_store->notesWithOutbox();
    for (const LocalNote &note : m_store->notes()) {
        NoteSession *session = m_sessions.value(note.id);
        result.append(summaryOf(note, session, withOutbox.contains(note.id)));
    }
    return result;
}

bool SyncClient::isSynced() const
{
    if (m_state != State::Online || m_pendingChanges != 0 || m_listPending ||
        !m_fetching.isEmpty() || !m_fetchOrder.isEmpty())
        return false;
    for (NoteSession *session : std::as_const(m_sessions))
        if (!session->isJoined())
            return false;
    return true;
}

QStringList SyncClient::joinedNotes() const
{
    return m_joinedNotes;
}

void SyncClient::updateJoinedNotes()
{
    QStringList joined;
    for (NoteSession *session : std::as_const(m_sessions))
        if (session->isJoined())
            joined.append(session->noteId());
    joined.sort();
    if (joined == m_joinedNotes)
        return;
    m_joinedNotes = joined;
    Q_EMIT joinedNotesChanged(joined);
}

void SyncClient::updatePendingChanges(bool recountNotes)
{
    // The note flags (create/title/delete) live in the cache; a keystroke changes only a
    // session's count, so it does not query the cache again.
    if (recountNotes)
        m_noteChanges = m_store->pendingChanges(false);
    int count = m_noteChanges;
    for (NoteSession *session : std::as_const(m_sessions))
        count += session->pendingEdits();
    updateSaveState(); // an ack may have taken the last unsaved edit to the hub
    if (count == m_pendingChanges)
        return;
    m_pendingChanges = count;
    Q_EMIT pendingChangesChanged(count);
}

void SyncClient::updateSaveState()
{
    QString error;
    int unsaved = 0;
    for (NoteSession *session : std::as_const(m_sessions)) {
        if (session->isUnsaved()) {
            error = m_store->lastReason();
            unsaved += session->pendingEdits();
        }
    }
    if (!m_heldCopies.isEmpty()) {
        error = m_heldCopies.constFirst().reason;
        unsaved += int(m_heldCopies.size());
    }
    if (error == m_saveError && unsaved == m_unsavedEdits)
        return;
    m_saveError = error;
    m_unsavedEdits = unsaved;
    Q_EMIT saveStateChanged();
}

int SyncClient::unsavedEdits() const
{
    return m_unsavedEdits;
}

bool SyncClient::saveNow()
{
    for (NoteSession *session : std::as_const(m_sessions))
        if (session->m_dirty)
            session->persist();
    if (!m_heldCopies.isEmpty())
        saveHeldCopies();
    return m_saveError.isEmpty();
}

void SyncClient::sessionsLostTheHub()
{
    for (NoteSession *session : std::as_const(m_sessions))
        session->connectionLost();
    // Live, it was in sync until the hub last said anything: "last sync" is that moment, not
    // the last acknowledgement (minutes ago for someone only reading) nor when the loss was
    // noticed (two heartbeats after a link went silent).
    // Kept in the cache, so a start while the hub is out of reach says it too.
    if (m_state != State::Online)
        return;
    if (!m_lastSync.isValid() || m_lastFrameAt > m_lastSync.toMSecsSinceEpoch()) {
        m_lastSync = QDateTime::fromMSecsSinceEpoch(m_lastFrameAt);
        Q_EMIT lastSyncChanged(m_lastSync);
    }
    m_store->setLastSync(m_lastSync.toMSecsSinceEpoch());
}

void SyncClient::markSynced()
{
    m_lastSync = QDateTime::fromMSecsSinceEpoch(now());
    Q_EMIT lastSyncChanged(m_lastSync);
}

bool SyncClient::share(const QString &noteId, const QString &userId, const QString &role)
{
    return isOnline() &&
            send({{QStringLiteral("type"), QStringLiteral("share")},
                  {QStringLiteral("noteId"), noteId},
                  {QStringLiteral("userId"), userId},
                  {QStringLiteral("role"), role},
                  {QStringLiteral("requestId"), SyncClient::requestId("share", noteId)}});
}

bool SyncClient::unshare(const QString &noteId, const QString &userId)
{
    return isOnline() &&
            send({{QStringLiteral("type"), QStringLiteral("unshare")},
                  {QStringLiteral("noteId"), noteId},
                  {QStringLiteral("userId"), userId},
                  {QStringLiteral("requestId"), SyncClient::requestId("unshare", noteId)}});
}

bool SyncClient::sendChat(const QString &noteId, const QString &text)
{
    return isOnline() &&
            send({{QStringLiteral("type"), QStringLiteral("chat_message")},
                  {QStringLiteral("noteId"), noteId},
                  {QStringLiteral("content"), text},
                  {QStringLiteral("requestId"), SyncClient::requestId("chat_message", noteId)}});
}

bool SyncClient::requestChatHistory(const QString &noteId)
{
    return isOnline() &&
            send({{QStringLiteral("type"), QStringLiteral("chat_history")},
                  {QStringLiteral("noteId"), noteId}});
}

bool SyncClient::requestHistory(const QString &noteId, int limit, std::optional<qint64> before)
{
    QJsonObject message{{QStringLiteral("type"), QStringLiteral("history")},
                        {QStringLiteral("noteId"), noteId},
                        {QStringLiteral("limit"), limit}};
    if (before)
        message.insert(QStringLiteral("before"), *before);
    return isOnline() && send(message);
}

bool SyncClient::requestVersion(const QString &noteId, qint64 version)
{
    return isOnline() &&
            send({{QStringLiteral("type"), QStringLiteral("get_version")},
                  {QStringLiteral("noteId"), noteId},
                  {QStringLiteral("version"), version}});
}

bool SyncClient::revert(const QString &noteId, qint64 version)
{
    return isOnline() &&
            send({{QStringLiteral("type"), QStringLiteral("revert")},
                  {QStringLiteral("noteId"), noteId},
                  {QStringLiteral("version"), version},
                  {QStringLiteral("requestId"), SyncClient::requestId("revert", noteId)}});
}

void SyncClient::setStatus(const QString &status)
{
    m_status = status;
    send({{QStringLiteral("type"), QStringLiteral("presence")},
          {QStringLiteral("status"), status}});
}
