// SPDX-License-Identifier: GPL-3.0-or-later
#include "hublistener.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

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
    , m_webSockets(QStringLiteral("tandem-hub"), QWebSocketServer::NonSecureMode)
{
    m_tcp.setListenBacklogSize(m_limits.listenBacklog);
    m_tcp.setMaxPendingConnections(m_limits.listenBacklog);
    m_webSockets.setMaxPendingConnections(m_limits.maxPendingWebSockets);
    m_webSockets.setHandshakeTimeout(std::chrono::milliseconds(m_limits.headerTimeoutMs));
    connect(&m_tcp, &QTcpServer::pendingConnectionAvailable, this, &HubListener::acceptConnections);
    connect(&m_webSockets, &QWebSocketServer::newConnection, this, &HubListener::takeWebSockets);
}

HubListener::~HubListener() = default;

bool HubListener::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_tcp.listen(address, port)) {
        *error = m_tcp.errorString();
        return false;
    }
    return true;
}

void HubListener::close()
{
    m_tcp.close();
}

void HubListener::acceptConnections()
{
    // Drain everything the kernel handed over, so bursts of connects never sit in a queue.
    while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
        const QString peer = socket->peerAddress().toString();
        if (m_limits.maxConnectionsPerAddress > 0 &&
            m_perAddress.value(peer) >= m_limits.maxConnectionsPerAddress) {
            qCInfo(lcListener) << "refusing a connection from" << peer
                               << "over the per-address cap";
            respond(socket,
                    errorResponse(429, QStringLiteral("too many connections from this address")));
            continue;
        }
        ++m_perAddress[peer];
        // The count drops when this ticket dies. It is a child of the TCP socket, and moves
        // to the QWebSocket after an upgrade: Qt disconnects every signal of a socket it
        // takes over, so a connection to the socket's own destroyed() would be lost.
        auto *ticket = new QObject(socket);
        ticket->setObjectName(QStringLiteral("tandem-connection-ticket"));
        connect(ticket, &QObject::destroyed, this, [this, peer]() {
            if (--m_perAddress[peer] <= 0)
                m_perAddress.remove(peer);
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
    request.url = QUrl::fromEncoded(requestLine[1]);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            *error = QStringLiteral("malformed header line");
            return std::nullopt;
        }
        request.headers.insert(line.first(colon).trimmed().toLower(),
                               line.mid(colon + 1).trimmed());
    }
    if (!request.url.isValid() || !request.url.path().startsWith(QLatin1Char('/'))) {
        *error = QStringLiteral("malformed request target");
        return std::nullopt;
    }
    return request;
}

void HubListener::readRequestHead(QTcpSocket *socket)
{
    const QByteArray available = socket->peek(m_limits.maxHeaderBytes + 1);
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
        if (m_upgradeGate) {
            if (const std::optional<HttpResponse> refused = m_upgradeGate(request)) {
                respond(socket, *refused);
                return;
            }
        }
        // Hand the untouched socket over: QWebSocketServer reads the handshake itself.
        // QWebSocket never deletes the QTcpSocket it was made from, so the listener keeps
        // owning it: until the handshake completes it dies on disconnect; afterwards it dies
        // with its QWebSocket (takeWebSockets).
        disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
        disconnect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        for (QTimer *timer : socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
            delete timer;
        const auto key = std::pair{socket->peerAddress().toString(), socket->peerPort()};
        m_handshaking.insert(key, socket);
        connect(socket, &QTcpSocket::disconnected, this, [this, key, socket]() {
            if (m_handshaking.value(key) == socket) {
                m_handshaking.remove(key);
                socket->deleteLater();
            }
        });
        m_webSockets.handleConnection(socket);
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
    auto answered = std::make_shared<bool>(false);
    m_httpHandler(request,
                  [self = QPointer<HubListener>(this), client = QPointer<QTcpSocket>(socket),
                   answered](const HttpResponse &response) {
                      if (*answered || !self || !client)
                          return;
                      *answered = true;
                      self->respond(client, response);
                  });
}

void HubListener::respond(QTcpSocket *socket, const HttpResponse &response)
{
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    for (QTimer *timer : socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
        timer->stop();
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
            statusText(response.status) + "\r\nContent-Type: " + response.contentType +
            "\r\nContent-Length: " + QByteArray::number(response.body.size()) +
            "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    socket->write(head + response.body);
    socket->disconnectFromHost();
    if (socket->state() == QAbstractSocket::UnconnectedState)
        socket->deleteLater();
}

void HubListener::takeWebSockets()
{
    while (QWebSocket *socket = m_webSockets.nextPendingConnection()) {
        const auto key = std::pair{socket->peerAddress().toString(), socket->peerPort()};
        if (QPointer<QTcpSocket> tcp = m_handshaking.take(key)) {
            if (auto *ticket = tcp->findChild<QObject *>(QStringLiteral("tandem-connection-ticket"),
                                                         Qt::FindDirectChildrenOnly))
                ticket->setParent(socket);
            // Qt 6.4 deletes the TCP socket of a finished QWebSocket itself; should a version
            // not, this removes it (a zero timer: a deferred delete posted while the QWebSocket
            // is itself being deferred-deleted would wait for an outer loop level).
            connect(socket, &QObject::destroyed, this,
                    [this, tcp]() { QTimer::singleShot(0, this, [tcp]() { delete tcp.data(); }); });
        }
        Q_EMIT webSocketConnected(socket);
    }
}
