// SPDX-License-Identifier: GPL-3.0-or-later
#include "hublistener.h"

#include "websocketconnection.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <utility>

Q_LOGGING_CATEGORY(lcListener, "tandem.hub.listener")

namespace {

QByteArray statusText(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

/** The first byte of a TLS connection: a handshake record (RFC 8446 5.1). */
constexpr char TlsHandshakeRecord = 0x16;

/**
 * QSslServer, except that a connection whose first byte is not a TLS handshake is handed to
 * plainRequest unencrypted instead of failing its handshake in silence: someone typed
 * ws:// or http:// for a hub that serves wss://, and deserves to be told so.
 */
class SniffingTlsServer : public QTcpServer
{
public:
    SniffingTlsServer(const QSslConfiguration &tls, int handshakeTimeoutMs,
                      std::function<void(QTcpSocket *)> plainRequest)
        : m_tls(tls)
        , m_handshakeTimeoutMs(handshakeTimeoutMs)
        , m_plainRequest(std::move(plainRequest))
    { }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        socket->setSslConfiguration(m_tls);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        // The handshake counts against the same deadline as the request head after it.
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, socket, [socket]() {
            socket->abort();
            socket->deleteLater();
        });
        deadline->start(m_handshakeTimeoutMs);
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QSslSocket::errorOccurred, socket, [socket]() {
            qCDebug(lcListener) << "TLS handshake with" << socket->peerAddress().toString()
                                << "failed:" << socket->errorString();
            socket->abort();
            socket->deleteLater();
        });
        // Unencrypted, QSslSocket::peek leaves the bytes to the handshake that reads them.
        connect(socket, &QSslSocket::readyRead, this, [this, socket, deadline]() {
            char first = 0;
            if (socket->peek(&first, 1) < 1)
                return;
            disconnect(socket, &QSslSocket::readyRead, this, nullptr);
            if (first == TlsHandshakeRecord) {
                socket->startServerEncryption();
                return;
            }
            delete deadline;
            disconnect(socket, nullptr, socket, nullptr);
            m_plainRequest(socket);
        });
        connect(socket, &QSslSocket::encrypted, this, [this, socket, deadline]() {
            delete deadline;
            disconnect(socket, nullptr, this, nullptr);
            disconnect(socket, nullptr, socket, nullptr);
            addPendingConnection(socket);
        });
    }

private:
    QSslConfiguration m_tls;
    int m_handshakeTimeoutMs;
    std::function<void(QTcpSocket *)> m_plainRequest;
};

} // namespace

HubListener::HttpResponse HubListener::errorResponse(int status, const QString &message)
{
    return {status,
            QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})
                    .toJson(QJsonDocument::Compact)};
}

HubListener::HubListener(const ListenerLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
    setServer(std::make_unique<QTcpServer>());
}

void HubListener::setServer(std::unique_ptr<QTcpServer> server)
{
    m_tcp = std::move(server);
    m_tcp->setListenBacklogSize(m_limits.listenBacklog);
    m_tcp->setMaxPendingConnections(m_limits.listenBacklog);
    connect(m_tcp.get(), &QTcpServer::pendingConnectionAvailable, this,
            &HubListener::acceptConnections);
}

void HubListener::setTls(const QSslCertificate &certificate, const QSslKey &key)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(certificate);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients are known by their tokens
    m_tls = true;
    setServer(std::make_unique<SniffingTlsServer>(
            tls, m_limits.headerTimeoutMs, [this](QTcpSocket *socket) {
                // RFC 9110 15.5.22: 426 names the protocol to switch to in Upgrade.
                HttpResponse refusal = errorResponse(
                        426,
                        QStringLiteral("this hub takes only secure connections: wss:// "
                                       "and https://"));
                refusal.extraHeaders = "Upgrade: TLS/1.2, HTTP/1.1\r\n";
                respond(socket, refusal);
            }));
}

HubListener::~HubListener() = default;

bool HubListener::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_tcp->listen(address, port)) {
        *error = m_tcp->errorString();
        return false;
    }
    return true;
}

void HubListener::close()
{
    m_tcp->close();
}

void HubListener::acceptConnections()
{
    // Drain everything the kernel handed over, so bursts of connects never sit in a queue.
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        const QString peer = socket->peerAddress().toString();
        if (m_limits.maxConnectionsPerAddress > 0 &&
            m_perAddress.value(peer) >= m_limits.maxConnectionsPerAddress) {
            // Once per episode: a client hammering the cap must not flood the log.
            if (!m_capReached.contains(peer)) {
                m_capReached.insert(peer);
                qCInfo(lcListener) << "refusing connections from" << peer << "at the cap of"
                                   << m_limits.maxConnectionsPerAddress << "open connections";
            }
            respond(socket,
                    errorResponse(429, QStringLiteral("too many connections from this address")));
            continue;
        }
        ++m_perAddress[peer];
        // The count drops when this ticket, a child of the TCP socket, dies with it (also
        // after an upgrade, when the socket belongs to its WebSocketConnection).
        auto *ticket = new QObject(socket);
        connect(ticket, &QObject::destroyed, this, [this, peer]() {
            if (--m_perAddress[peer] <= 0)
                m_perAddress.remove(peer);
            if (m_perAddress.value(peer) < m_limits.maxConnectionsPerAddress / 2)
                m_capReached.remove(peer);
        });
        socket->setParent(this);
        auto *timeout = new QTimer(socket);
        timeout->setSingleShot(true);
        connect(timeout, &QTimer::timeout, socket, [this, socket]() {
            respond(socket,
                    errorResponse(408, QStringLiteral("request head not received in time")));
        });
        timeout->start(m_limits.headerTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this,
                [this, socket]() { readRequestHead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (socket->bytesAvailable() > 0)
            readRequestHead(socket);
    }
}

std::optional<HubListener::HttpRequest> HubListener::parseRequestHead(QByteArrayView head,
                                                                      QString *error)
{
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine[0].isEmpty() ||
        !requestLine[2].startsWith("HTTP/1.")) {
        *error = QStringLiteral("malformed request line");
        return std::nullopt;
    }
    HttpRequest request;
    request.method = requestLine[0];
    request.version = requestLine[2];
    request.url = QUrl::fromEncoded(requestLine[1]);
    // Headers that must appear at most once: two differing copies are how requests get
    // smuggled past a proxy, and a second key would make the handshake ambiguous.
    static const QList<QByteArray> single{"host", "content-length", "authorization",
                                          "sec-websocket-key", "sec-websocket-version"};
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        // No space before the colon (RFC 9112 5.1), no folded lines, no control characters.
        const bool control = std::any_of(line.begin(), line.end(), [](char c) {
            return (quint8(c) < 0x20 && c != '\t') || c == 0x7f;
        });
        if (colon <= 0 || control || line.first(colon).contains(' ') ||
            line.first(colon).contains('\t')) {
            *error = QStringLiteral("malformed header line");
            return std::nullopt;
        }
        const QByteArray name = line.first(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (auto it = request.headers.find(name); it != request.headers.end()) {
            if (single.contains(name)) {
                *error = QStringLiteral("duplicate %1 header").arg(QString::fromLatin1(name));
                return std::nullopt;
            }
            // A list header sent in parts (RFC 9110 5.3); empty parts add nothing.
            if (it->isEmpty())
                *it = value;
            else if (!value.isEmpty())
                *it += ", " + value;
            continue;
        }
        request.headers.insert(name, value);
    }
    if (!request.url.isValid() || !request.url.path().startsWith(QLatin1Char('/'))) {
        *error = QStringLiteral("malformed request target");
        return std::nullopt;
    }
    return request;
}

/** One request's answer, shared by every copy of its responder. */
struct HubListener::PendingAnswer
{
    PendingAnswer(HubListener *listener, QTcpSocket *client)
        : listener(listener)
        , client(client)
    { }
    Q_DISABLE_COPY_MOVE(PendingAnswer)

    void send(const HttpResponse &response)
    {
        if (std::exchange(answered, true) || !listener || !client)
            return;
        listener->respond(client, response);
    }

    ~PendingAnswer()
    {
        if (answered || !listener)
            return;
        // Dropped unanswered, e.g. with a commit that failed. Posted: the last copy may go in
        // the middle of the hub changing its state.
        QMetaObject::invokeMethod(
                listener,
                [listener = listener, client = client]() {
                    if (listener && client)
                        listener->respond(
                                client,
                                errorResponse(503,
                                              QStringLiteral("the hub dropped this request before "
                                                             "saving it (its storage failed, or it "
                                                             "is stopping); it was not applied")));
                },
                Qt::QueuedConnection);
    }

    QPointer<HubListener> listener;
    QPointer<QTcpSocket> client;
    bool answered = false;
};

void HubListener::readRequestHead(QTcpSocket *socket)
{
    const QByteArray available = socket->peek(m_limits.maxHeaderBytes + 1);
    if (!m_tls && available.startsWith(TlsHandshakeRecord)) {
        // Answered at once, not at the head's deadline: the client's TLS fails on this
        // plain answer, and says so, instead of waiting ten seconds for nothing.
        respond(socket,
                errorResponse(400,
                              QStringLiteral("this hub does not use TLS: ws:// and "
                                             "http://")));
        return;
    }
    const qsizetype headEnd = available.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (available.size() > m_limits.maxHeaderBytes)
            respond(socket, errorResponse(431, QStringLiteral("request head too large")));
        return; // wait for more
    }
    QString malformed;
    std::optional<HttpRequest> parsed = parseRequestHead(available.first(headEnd), &malformed);
    if (!parsed) {
        respond(socket, errorResponse(400, malformed));
        return;
    }
    HttpRequest &request = *parsed;
    request.peer = socket->peerAddress();

    if (request.headers.value("upgrade").toLower() == "websocket") {
        QByteArray accept;
        std::optional<HttpResponse> refused = checkUpgrade(request, &accept);
        if (!refused && m_upgradeGate)
            refused = m_upgradeGate(request);
        if (refused)
            respond(socket, *refused);
        else
            upgrade(socket, request, headEnd + 4, accept);
        return;
    }

    const qsizetype bodyLength = request.headers.value("content-length", "0").toLongLong();
    if (bodyLength < 0 || bodyLength > m_limits.maxBodyBytes) {
        respond(socket, errorResponse(413, QStringLiteral("request body too large")));
        return;
    }
    if (socket->bytesAvailable() < headEnd + 4 + bodyLength)
        return; // the body is still arriving
    socket->read(headEnd + 4);
    request.body = socket->read(bodyLength);
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    // The head deadline is met; an answer may now take as long as a commit.
    for (QTimer *timer : socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
        timer->stop();
    if (!m_httpHandler) {
        respond(socket, errorResponse(404, QStringLiteral("not found")));
        return;
    }
    auto pending = std::make_shared<PendingAnswer>(this, socket);
    m_httpHandler(request, [pending](const HttpResponse &response) { pending->send(response); });
}

void HubListener::respond(QTcpSocket *socket, const HttpResponse &response)
{
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    for (QTimer *timer : socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
        timer->stop();
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
            statusText(response.status) + "\r\nContent-Type: " + response.contentType +
            "\r\nContent-Length: " + QByteArray::number(response.body.size()) +
            "\r\nCache-Control: no-store\r\nConnection: close\r\n" + response.extraHeaders + "\r\n";
    socket->write(head + response.body);
    lingeringClose(socket);
}

void HubListener::lingeringClose(QTcpSocket *socket)
{
    // The client may still be sending (a refused 1-MB head): closing with unread input would
    // reset the connection, and a reset can destroy the answer before the client reads it.
    // So: FIN once the answer is written, drop whatever still comes, and close when the
    // client does, or after the grace period.
    if (socket->state() != QAbstractSocket::ConnectedState) {
        socket->deleteLater();
        return;
    }
    QTimer::singleShot(WebSocketConnection::CloseGraceMs, socket, [socket]() {
        socket->abort();
        socket->deleteLater();
    });
    if (auto *tls = qobject_cast<QSslSocket *>(socket); tls && tls->isEncrypted()) {
        // The answer, then close_notify and FIN (see WebSocketConnection::shutdownWrite).
        connect(tls, &QSslSocket::disconnected, tls, &QObject::deleteLater);
        tls->disconnectFromHost();
        return;
    }
    connect(socket, &QTcpSocket::readyRead, socket, [socket]() { socket->readAll(); });
    const auto finish = [socket]() { (void)WebSocketConnection::shutdownWrite(socket); };
    connect(socket, &QTcpSocket::bytesWritten, socket, finish);
    socket->flush();
    finish();
    socket->readAll();
}

std::optional<HubListener::HttpResponse> HubListener::checkUpgrade(const HttpRequest &request,
                                                                   QByteArray *accept)
{
    // RFC 6455 4.2.1: what a valid opening handshake must carry.
    const auto hasToken = [](const QByteArray &value, const QByteArray &token) {
        for (const QByteArray &part : value.split(','))
            if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    };
    if (request.method != "GET")
        return errorResponse(405, QStringLiteral("a WebSocket handshake must be a GET"));
    if (request.version != "HTTP/1.1")
        return errorResponse(400, QStringLiteral("a WebSocket handshake needs HTTP/1.1"));
    if (request.headers.value("host").isEmpty())
        return errorResponse(400, QStringLiteral("the Host header is missing"));
    if (!hasToken(request.headers.value("connection"), "upgrade"))
        return errorResponse(400, QStringLiteral("the Connection header must contain Upgrade"));
    if (request.headers.value("sec-websocket-version").trimmed() != "13") {
        HttpResponse response =
                errorResponse(426, QStringLiteral("only WebSocket version 13 is supported"));
        response.extraHeaders = "Sec-WebSocket-Version: 13\r\n";
        return response;
    }
    const QByteArray key = request.headers.value("sec-websocket-key").trimmed();
    const auto decoded =
            QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 16)
        return errorResponse(400, QStringLiteral("Sec-WebSocket-Key must be 16 bytes in base64"));
    *accept = QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                       QCryptographicHash::Sha1)
                      .toBase64();
    return std::nullopt;
}

void HubListener::upgrade(QTcpSocket *socket, const HttpRequest &request, qsizetype headSize,
                          const QByteArray &accept)
{
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    for (QTimer *timer : socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
        delete timer;
    socket->read(headSize); // what follows the head is already WebSocket frames
    const QByteArray response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
            accept + "\r\n\r\n";
    WebSocketConnection::writeDirect(socket, response.constData(), response.size());
    // The connection owns the socket, and with it the per-address ticket.
    auto *connection = new WebSocketConnection(socket, request.url,
                                               request.headers.value("authorization"), this);
    Q_EMIT webSocketConnected(connection);
}
