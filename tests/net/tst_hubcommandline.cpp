// SPDX-License-Identifier: GPL-3.0-or-later
// HubCommandLine: tandem-hub's options become a HubConfig (or a token request), and every
// malformed option is a usage error with a message that says what is expected.
#include "hubcommandline.h"

#include <QTest>

class TestHubCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsAreSafe();
    void listenForms_data();
    void listenForms();
    void optionsReachTheConfig();
    void tokenCreate();
    void usageErrors_data();
    void usageErrors();
};

namespace {
std::optional<HubCommandLine> parse(QStringList args, QString *error)
{
    args.prepend(QStringLiteral("tandem-hub"));
    return HubCommandLine::parse(args, error);
}
} // namespace

void TestHubCommandLine::defaultsAreSafe()
{
    QString error;
    const auto cl = parse({QStringLiteral("--data"), QStringLiteral("/tmp/x")}, &error);
    QVERIFY2(cl, qPrintable(error));
    QCOMPARE(cl->action, HubCommandLine::Action::Serve);
    QCOMPARE(cl->config.address,
             QHostAddress(QHostAddress::LocalHost)); // never beyond loopback unasked
    QCOMPARE(cl->config.port, quint16(8787));
    QCOMPARE(cl->config.auth, HubConfig::Auth::Token);
    QCOMPARE(cl->config.dataDir, QStringLiteral("/tmp/x"));
}

void TestHubCommandLine::listenForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1:8787") << QStringLiteral("127.0.0.1")
                          << 8787;
    QTest::newRow("port 0") << QStringLiteral("127.0.0.1:0") << QStringLiteral("127.0.0.1") << 0;
    QTest::newRow("ipv6") << QStringLiteral("[::1]:9000") << QStringLiteral("::1") << 9000;
    QTest::newRow("all interfaces")
            << QStringLiteral("0.0.0.0:8787") << QStringLiteral("0.0.0.0") << 8787;
    QTest::newRow("port only") << QStringLiteral(":1234") << QStringLiteral("127.0.0.1") << 1234;
    QTest::newRow("localhost") << QStringLiteral("localhost:1") << QStringLiteral("127.0.0.1") << 1;
}

void TestHubCommandLine::listenForms()
{
    QFETCH(QString, text);
    QFETCH(QString, address);
    QFETCH(int, port);
    QHostAddress parsedAddress;
    quint16 parsedPort = 1;
    QVERIFY(HubCommandLine::parseListen(text, &parsedAddress, &parsedPort));
    QCOMPARE(parsedAddress, QHostAddress(address));
    QCOMPARE(int(parsedPort), port);
}

void TestHubCommandLine::optionsReachTheConfig()
{
    QString error;
    const auto cl = parse({QStringLiteral("--listen"),
                           QStringLiteral("0.0.0.0:0"),
                           QStringLiteral("--auth"),
                           QStringLiteral("none"),
                           QStringLiteral("--origin"),
                           QStringLiteral("https://a.example"),
                           QStringLiteral("--origin"),
                           QStringLiteral("https://b.example"),
                           QStringLiteral("--max-message-bytes"),
                           QStringLiteral("65536"),
                           QStringLiteral("--max-connections-per-address"),
                           QStringLiteral("0"),
                           QStringLiteral("--max-messages-per-second"),
                           QStringLiteral("50"),
                           QStringLiteral("--heartbeat-ms"),
                           QStringLiteral("5000"),
                           QStringLiteral("--max-frame-bytes"),
                           QStringLiteral("4096"),
                           QStringLiteral("--max-unsent-bytes"),
                           QStringLiteral("1048576"),
                           QStringLiteral("--auth-timeout-ms"),
                           QStringLiteral("2500"),
                           QStringLiteral("--handshake-timeout-ms"),
                           QStringLiteral("1500"),
                           QStringLiteral("--max-database-bytes"),
                           QStringLiteral("1048576")},
                          &error);
    QVERIFY2(cl, qPrintable(error));
    QCOMPARE(cl->config.auth, HubConfig::Auth::None);
    QCOMPARE(cl->config.allowedOrigins,
             (QStringList{QStringLiteral("https://a.example"),
                          QStringLiteral("https://b.example")}));
    QCOMPARE(cl->config.maxMessageBytes, quint64(65536));
    QCOMPARE(cl->config.listener.maxConnectionsPerAddress, 0);
    QCOMPARE(cl->config.messagesPerSecond, 50);
    QCOMPARE(cl->config.messageBurst, 100);
    QCOMPARE(cl->config.heartbeatIntervalMs, 5000);
    QCOMPARE(cl->config.maxFrameBytes, quint64(4096));
    QCOMPARE(cl->config.maxUnsentBytes, qint64(1048576));
    QCOMPARE(cl->config.authTimeoutMs, 2500);
    QCOMPARE(cl->config.listener.headerTimeoutMs, 1500);
    QCOMPARE(cl->config.maxDatabaseBytes, qint64(1048576));
}

void TestHubCommandLine::tokenCreate()
{
    QString error;
    const auto cl =
            parse({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--user"),
                   QStringLiteral("ana"), QStringLiteral("--days"), QStringLiteral("7"),
                   QStringLiteral("--data"), QStringLiteral("/d")},
                  &error);
    QVERIFY2(cl, qPrintable(error));
    QCOMPARE(cl->action, HubCommandLine::Action::CreateToken);
    QCOMPARE(cl->tokenUser, QStringLiteral("ana"));
    QCOMPARE(cl->tokenDays, 7);
    QVERIFY(!cl->tokenLink.isValid()); // no link unless asked

    const auto linked = parse({QStringLiteral("token"), QStringLiteral("create"),
                               QStringLiteral("--user"), QStringLiteral("ana"),
                               QStringLiteral("--link"), QStringLiteral("notes.example.org")},
                              &error);
    QVERIFY2(linked, qPrintable(error));
    QCOMPARE(linked->tokenLink, QUrl(QStringLiteral("ws://notes.example.org:8787/v1")));
    const auto tls =
            parse({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--user"),
                   QStringLiteral("ana"), QStringLiteral("--tls"), QStringLiteral("--link"),
                   QStringLiteral("[fd00::2]:9000")},
                  &error);
    QVERIFY2(tls, qPrintable(error));
    QCOMPARE(tls->tokenLink, QUrl(QStringLiteral("wss://[fd00::2]:9000/v1")));

    const auto revoke =
            parse({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("--user"),
                   QStringLiteral("ana"), QStringLiteral("--data"), QStringLiteral("/d")},
                  &error);
    QVERIFY2(revoke, qPrintable(error));
    QCOMPARE(revoke->action, HubCommandLine::Action::RevokeTokens);
    QCOMPARE(revoke->tokenUser, QStringLiteral("ana"));
    QCOMPARE(revoke->config.dataDir, QStringLiteral("/d"));

    const auto backup = parse({QStringLiteral("backup"), QStringLiteral("--data"),
                               QStringLiteral("/d"), QStringLiteral("--to"), QStringLiteral("/b")},
                              &error);
    QVERIFY2(backup, qPrintable(error));
    QCOMPARE(backup->action, HubCommandLine::Action::Backup);
    QCOMPARE(backup->config.dataDir, QStringLiteral("/d"));
    QCOMPARE(backup->backupDir, QStringLiteral("/b"));
}

void TestHubCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad listen") << QStringList{QStringLiteral("--listen"),
                                               QStringLiteral("nowhere")}
                                << QStringLiteral("--listen takes host:port");
    QTest::newRow("port too big") << QStringList{QStringLiteral("--listen"),
                                                 QStringLiteral("1.2.3.4:70000")}
                                  << QStringLiteral("--listen takes host:port");
    QTest::newRow("bad auth") << QStringList{QStringLiteral("--auth"), QStringLiteral("maybe")}
                              << QStringLiteral("--auth is token or none");
    QTest::newRow("token without user")
            << QStringList{QStringLiteral("token"), QStringLiteral("create")}
            << QStringLiteral("needs --user");
    QTest::newRow("revoke without user")
            << QStringList{QStringLiteral("token"), QStringLiteral("revoke")}
            << QStringLiteral("token revoke needs --user");
    QTest::newRow("backup without a folder")
            << QStringList{QStringLiteral("backup")} << QStringLiteral("backup needs --to DIR");
    QTest::newRow("bad days") << QStringList{QStringLiteral("token"),  QStringLiteral("create"),
                                             QStringLiteral("--user"), QStringLiteral("a"),
                                             QStringLiteral("--days"), QStringLiteral("0")}
                              << QStringLiteral("--days");
    QTest::newRow("unknown command")
            << QStringList{QStringLiteral("serve")} << QStringLiteral("unknown command");
    QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    QTest::newRow("tiny message limit")
            << QStringList{QStringLiteral("--max-message-bytes"), QStringLiteral("10")}
            << QStringLiteral("max-message-bytes");
}

void TestHubCommandLine::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!parse(args, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestHubCommandLine)
#include "tst_hubcommandline.moc"
