// SPDX-License-Identifier: GPL-3.0-or-later
// HubListener::parseRequestHead, the parser every byte before a WebSocket handshake or an HTTP
// route goes through: a well-formed head is read with lower-case header names, anything
// malformed is refused with the reason the 400 response carries. (fuzz/fuzz_httphead.cpp
// throws arbitrary bytes at it; tst_hub_limits covers the socket side: size, timeout.)
#include "hublistener.h"

#include <QTest>

class TestHubListener : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aWebSocketUpgradeHeadIsRead();
    void malformedHeadsAreRefusedWithTheReason_data();
    void malformedHeadsAreRefusedWithTheReason();
    void aListHeaderSentInPartsIsJoined();
};

void TestHubListener::aWebSocketUpgradeHeadIsRead()
{
    QString error;
    const std::optional<HubListener::HttpRequest> request = HubListener::parseRequestHead(
            "GET /v1?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8787\r\nUpgrade:  WebSocket \r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->method, QByteArray("GET"));
    QCOMPARE(request->url.path(), QStringLiteral("/v1"));
    QCOMPARE(request->url.query(), QStringLiteral("x=1"));
    QCOMPARE(request->headers.value("upgrade"), QByteArray("WebSocket"));
    QCOMPARE(request->headers.value("host"), QByteArray("127.0.0.1:8787"));
    QCOMPARE(request->headers.size(), 3);
}

void TestHubListener::malformedHeadsAreRefusedWithTheReason_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no method") << QByteArray(" /v1 HTTP/1.1")
                               << QStringLiteral("malformed request line");
    QTest::newRow("no version") << QByteArray("GET /v1")
                                << QStringLiteral("malformed request line");
    QTest::newRow("HTTP/2") << QByteArray("GET /v1 HTTP/2")
                            << QStringLiteral("malformed request line");
    QTest::newRow("extra word") << QByteArray("GET /v1 x HTTP/1.1")
                                << QStringLiteral("malformed request line");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("malformed request line");
    QTest::newRow("header without colon")
            << QByteArray("GET /v1 HTTP/1.1\r\nHost") << QStringLiteral("malformed header line");
    QTest::newRow("header without name")
            << QByteArray("GET /v1 HTTP/1.1\r\n: x") << QStringLiteral("malformed header line");
    QTest::newRow("space before the colon") << QByteArray("GET /v1 HTTP/1.1\r\nHost : x")
                                            << QStringLiteral("malformed header line");
    QTest::newRow("control character") << QByteArray("GET /v1 HTTP/1.1\r\nX: a\x01b")
                                       << QStringLiteral("malformed header line");
    QTest::newRow("folded line") << QByteArray("GET /v1 HTTP/1.1\r\nX: a\r\n b")
                                 << QStringLiteral("malformed header line");
    QTest::newRow("two hosts") << QByteArray("GET /v1 HTTP/1.1\r\nHost: a\r\nhost: b")
                               << QStringLiteral("duplicate host header");
    QTest::newRow("two keys")
            << QByteArray("GET /v1 HTTP/1.1\r\nSec-WebSocket-Key: a\r\nSec-WebSocket-Key: b")
            << QStringLiteral("duplicate sec-websocket-key header");
    QTest::newRow("relative target")
            << QByteArray("GET v1 HTTP/1.1") << QStringLiteral("malformed request target");
}

void TestHubListener::malformedHeadsAreRefusedWithTheReason()
{
    QFETCH(QByteArray, head);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!HubListener::parseRequestHead(head, &error));
    QCOMPARE(error, reason);
}

void TestHubListener::aListHeaderSentInPartsIsJoined()
{
    // Found by fuzz_httphead: an empty part left a dangling ", " behind.
    QString error;
    const std::optional<HubListener::HttpRequest> request = HubListener::parseRequestHead(
            "GET /v1 HTTP/1.1\r\nConnection: keep-alive\r\nConnection:\r\nConnection: Upgrade"
            "\r\nX-Empty:\r\nX-Empty: late",
            &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->headers.value("connection"), QByteArray("keep-alive, Upgrade"));
    QCOMPARE(request->headers.value("x-empty"), QByteArray("late"));
}

QTEST_GUILESS_MAIN(TestHubListener)
#include "tst_hublistener.moc"
