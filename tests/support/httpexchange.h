// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jsontext.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

/** One HTTP exchange over a raw socket: the status line and the body (read to the close). */
struct HttpReply
{
    QByteArray status;
    QByteArray body;
    QByteArray head; ///< the status line and the headers
    QJsonObject json() const { return JsonText::parse(body).object(); }
};

inline HttpReply httpExchange(quint16 port, const QByteArray &request, int timeoutMs = 5000)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(timeoutMs))
        return {};
    s.write(request);
    QByteArray reply;
    (void)QTest::qWaitFor(
            [&]() {
                reply += s.readAll();
                return s.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    reply += s.readAll();
    const qsizetype headEnd = reply.indexOf("\r\n\r\n");
    return {reply.left(reply.indexOf("\r\n")), headEnd < 0 ? QByteArray() : reply.mid(headEnd + 4),
            reply.left(headEnd)};
}

/** A hub's GET /v1/stats on 127.0.0.1:port; empty (with a warning) if it did not answer 200. */
inline QJsonObject hubStats(quint16 port)
{
    const HttpReply reply =
            httpExchange(port, "GET /v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    if (reply.status != "HTTP/1.1 200 OK") {
        qWarning("GET /v1/stats: %s",
                 reply.status.isEmpty() ? "no answer" : reply.status.constData());
        return {};
    }
    return reply.json();
}
