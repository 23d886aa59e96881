// SPDX-License-Identifier: GPL-3.0-or-later
#include "hubtestclient.h"

#include "jsontext.h"

#include <QJsonDocument>
#include <QTest>

HubTestClient::HubTestClient(QObject *parent)
    : QObject(parent)
{
    m_socket.setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        // Read as JSON.parse reads it (a U+FEFF starting a string kept).
        m_messages.append(JsonText::parse(text.toUtf8()).object());
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this]() { m_disconnected = true; });
    // A wss:// test hub's certificate is self-signed; the client's pinning has its own tests.
    connect(&m_socket, &QWebSocket::sslErrors, this, [this]() { m_socket.ignoreSslErrors(); });
}

bool HubTestClient::connectTo(const QUrl &url, const QByteArray &bearerToken)
{
    QNetworkRequest request(url);
    if (!bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearerToken);
    m_disconnected = false;
    m_messages.clear(); // nothing of an earlier connection counts
    m_socket.open(request);
    // Stop waiting early when the hub refuses the connection.
    (void)QTest::qWaitFor(
            [this]() {
                return m_disconnected || receivesNow(QStringLiteral("connection_established"));
            },
            5000);
    return !next(QStringLiteral("connection_established"), 0).isEmpty();
}

bool HubTestClient::open(const QUrl &url, const QByteArray &bearerToken)
{
    QNetworkRequest request(url);
    if (!bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearerToken);
    m_disconnected = false;
    m_messages.clear();
    m_socket.open(request);
    (void)QTest::qWaitFor(
            [this]() {
                return m_disconnected || m_socket.state() == QAbstractSocket::ConnectedState;
            },
            5000);
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

bool HubTestClient::connectAndAuth(const QUrl &url, const QString &token, bool speaksOps)
{
    if (!connectTo(url))
        return false;
    QJsonObject auth{{QStringLiteral("type"), QStringLiteral("auth")},
                     {QStringLiteral("token"), token}};
    if (speaksOps)
        auth.insert(QStringLiteral("ops"), true);
    send(auth);
    const QJsonObject ok = next(QStringLiteral("auth_success"));
    userId = ok.value(QLatin1String("userId")).toString();
    sessionId = ok.value(QLatin1String("sessionId")).toString();
    return !ok.isEmpty();
}

void HubTestClient::send(const QJsonObject &message)
{
    m_socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void HubTestClient::sendRaw(const QString &text)
{
    m_socket.sendTextMessage(text);
}

QJsonObject HubTestClient::next(const QString &type, int timeoutMs,
                                const std::function<bool(const QJsonObject &)> &predicate)
{
    QJsonObject found;
    const auto take = [&]() {
        for (qsizetype i = 0; i < m_messages.size(); ++i) {
            const QJsonObject &m = m_messages[i];
            if (m.value(QLatin1String("type")).toString() != type || (predicate && !predicate(m)))
                continue;
            found = m;
            // Consume it and the earlier messages of the same type.
            QList<QJsonObject> kept;
            for (qsizetype k = 0; k < m_messages.size(); ++k)
                if (k > i || m_messages[k].value(QLatin1String("type")).toString() != type)
                    kept.append(m_messages[k]);
            m_messages = kept;
            return true;
        }
        return false;
    };
    (void)QTest::qWaitFor(take, timeoutMs);
    return found;
}

QJsonObject HubTestClient::nextOf(const QStringList &types, int timeoutMs)
{
    QJsonObject found;
    (void)QTest::qWaitFor(
            [&]() {
                for (qsizetype i = 0; i < m_messages.size(); ++i) {
                    if (types.contains(m_messages[i].value(QLatin1String("type")).toString())) {
                        found = m_messages.takeAt(i);
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
    return found;
}

bool HubTestClient::receivesNow(const QString &type) const
{
    return std::any_of(m_messages.cbegin(), m_messages.cend(), [&type](const QJsonObject &m) {
        return m.value(QLatin1String("type")).toString() == type;
    });
}

bool HubTestClient::receives(const QString &type, int timeoutMs)
{
    return QTest::qWaitFor([&]() { return receivesNow(type); }, timeoutMs);
}

bool HubTestClient::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this]() { return m_disconnected; }, timeoutMs);
}
