// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

QT_FORWARD_DECLARE_CLASS(QTcpSocket)
class WebSocketConnection;

/** Limits the listener enforces before a request reaches the hub. */
struct ListenerLimits
{
    int listenBacklog = 1024;
    qsizetype maxHeaderBytes = 16 * 1024;
    qsizetype maxBodyBytes = 1024 * 1024;
    int headerTimeoutMs =
            10'000; ///< a request head (or WebSocket handshake) must arrive within this
    int maxConnectionsPerAddress = 256; ///< 0: no cap
};

/**
 * One TCP port that serves both plain HTTP (JSON routes) and WebSocket upgrades.
 *
 * It reads each request head itself. A valid WebSocket upgrade is answered with 101 and
 * the socket becomes a WebSocketConnection (the hub's own RFC 6455 framing; see its
 * comment for why not QWebSocket); other requests go to the HTTP handler and the
 * connection closes after the response. Qt HttpServer was not used: it is a
 * technology preview in Qt 6.4 whose upgrade gate changes in 6.5 and 6.7, while this
 * front is small, identical on every Qt 6, and enforces the header, timeout and
 * per-address limits itself (see docs/ARCHITECTURE.md).
 */
class HubListener : public QObject
{
    Q_OBJECT
public:
    struct HttpRequest
    {
        QByteArray method;
        QByteArray version;                    ///< "HTTP/1.1"
        QUrl url;                              ///< path and query
        QHash<QByteArray, QByteArray> headers; ///< names in lower case
        QByteArray body;
        QHostAddress peer;
    };
    struct HttpResponse
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        QByteArray extraHeaders = {}; ///< "Name: value\r\n" lines
    };
    /** Sends the response (once; later calls and calls after the client left do nothing).
     *  A request whose every responder is dropped unanswered (its commit failed, the hub is
     *  stopping) is answered 503 rather than left waiting. */
    using Responder = std::function<void(const HttpResponse &)>;
    /** Answers now or later (after a commit) through the responder. */
    using HttpHandler = std::function<void(const HttpRequest &, const Responder &)>;
    /** Sees each WebSocket upgrade request first: a response refuses it (e.g. 401, 404). */
    using UpgradeGate = std::function<std::optional<HttpResponse>(const HttpRequest &)>;

    explicit HubListener(const ListenerLimits &limits, QObject *parent = nullptr);
    ~HubListener() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void close();
    QHostAddress address() const { return m_tcp->serverAddress(); }
    quint16 port() const { return m_tcp->serverPort(); }
    /** Serve TLS (wss://, https://) with this identity; call before listen(). */
    void setTls(const QSslCertificate &certificate, const QSslKey &key);

    void setHttpHandler(HttpHandler handler) { m_httpHandler = std::move(handler); }
    void setUpgradeGate(UpgradeGate gate) { m_upgradeGate = std::move(gate); }
    /** {"error": message} with status. */
    static HttpResponse errorResponse(int status, const QString &message);
    /** Parses a request head (the bytes before the blank line): request line and headers
     *  (names lower-cased). nullopt, with what is wrong, for anything malformed. */
    static std::optional<HttpRequest> parseRequestHead(QByteArrayView head, QString *error);
    /** A refusal (400, 405, 426) when request is not a valid WebSocket opening handshake
     *  (RFC 6455 4.2.1); otherwise nullopt and the Sec-WebSocket-Accept value in accept. */
    static std::optional<HttpResponse> checkUpgrade(const HttpRequest &request, QByteArray *accept);

Q_SIGNALS:
    /** A WebSocket completed its handshake. The receiver takes ownership of connection. */
    void webSocketConnected(WebSocketConnection *connection);

private:
    struct PendingAnswer;
    void setServer(std::unique_ptr<QTcpServer> server);
    void acceptConnections();
    void readRequestHead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const HttpResponse &response);
    /** Ends a connection the hub has answered without losing the answer to a reset. */
    static void lingeringClose(QTcpSocket *socket);
    /** Answers a checked WebSocket handshake with 101 and hands the socket to a
     *  WebSocketConnection. */
    void upgrade(QTcpSocket *socket, const HttpRequest &request, qsizetype headSize,
                 const QByteArray &accept);

    ListenerLimits m_limits;
    std::unique_ptr<QTcpServer> m_tcp; ///< with TLS, one that sniffs for plain requests
    bool m_tls = false;
    HttpHandler m_httpHandler;
    UpgradeGate m_upgradeGate;
    QHash<QString, int> m_perAddress;
    QSet<QString> m_capReached; ///< addresses whose refusal was logged
};
