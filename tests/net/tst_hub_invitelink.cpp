// SPDX-License-Identifier: GPL-3.0-or-later
// `tandem-hub token create --link HOST:PORT` prints, under the token, an invite link a desktop
// client joins with: tandem:// for a plain hub; tandems:// with the fingerprint of the
// certificate a --tls hub on the same data folder serves, which the client pins and accepts;
// a plain link made beside such a certificate comes with a note on --tls.
#include "clientfixture.h"
#include "hubprocess.h"
#include "protocol/invitelink.h"

#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestHubInviteLink : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aPrintedLinkJoinsTheHub_data();
    void aPrintedLinkJoinsTheHub();
    void aBadAddressIsRefused();
    void aPlainLinkBesideATlsCertificateMentionsTls();
};

namespace {

/** Runs tandem-hub with arguments; its standard output's lines (empty on failure). */
QStringList run(const QStringList &arguments, QString *errorOutput = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(TANDEM_HUB_PATH), arguments);
    if (!p.waitForFinished(20'000))
        return {};
    if (errorOutput)
        *errorOutput = QString::fromUtf8(p.readAllStandardError());
    if (p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

void TestHubInviteLink::aPrintedLinkJoinsTheHub_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("ws") << false;
    QTest::newRow("wss") << true;
}

void TestHubInviteLink::aPrintedLinkJoinsTheHub()
{
    QFETCH(bool, tls);
    QTemporaryDir data;
    const quint16 port = freePort();
    const QStringList tlsOption = tls ? QStringList{QStringLiteral("--tls")} : QStringList{};
    const QStringList out = run(
            QStringList{QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--user"),
                        QStringLiteral("ann"), QStringLiteral("--name"), QStringLiteral("Ann Lee"),
                        QStringLiteral("--data"), data.path(), QStringLiteral("--link"),
                        QStringLiteral("127.0.0.1:%1").arg(port)} +
            tlsOption);
    QCOMPARE(out.size(), 2); // the token as before, then the link
    QString why;
    const std::optional<InviteLink> link = InviteLink::parse(out[1], &why);
    QVERIFY2(link, qPrintable(why));
    QCOMPARE(link->token, out[0]);
    QCOMPARE(link->hubUrl,
             QUrl(QStringLiteral("%1://127.0.0.1:%2/v1")
                          .arg(tls ? QStringLiteral("wss") : QStringLiteral("ws"))
                          .arg(port)));
    QCOMPARE(link->fingerprint.isEmpty(), !tls);

    HubProcess hub;
    QVERIFY(hub.start(data.path(), tlsOption, port));
    ClientHarness ann(link->hubUrl, link->token);
    if (tls)
        ann.client->pinCertificate(link->fingerprint);
    QVERIFY(ann.connectAndWait(20'000));
    QCOMPARE(ann.client->userId(), QStringLiteral("ann"));
    QCOMPARE(ann.client->userName(), QStringLiteral("Ann Lee"));
}

void TestHubInviteLink::aBadAddressIsRefused()
{
    QTemporaryDir data;
    for (const char *bad : {"http://notes.example.org", "notes.example.org/x", "host:0", "",
                            "user@host:1", "host:99999"}) {
        QString error;
        const QStringList out =
                run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--user"),
                     QStringLiteral("ann"), QStringLiteral("--data"), data.path(),
                     QStringLiteral("--link"), QString::fromLatin1(bad)},
                    &error);
        QVERIFY2(out.isEmpty(), bad);
        QVERIFY2(error.contains(QLatin1String("--link takes")), qPrintable(error));
    }
}

void TestHubInviteLink::aPlainLinkBesideATlsCertificateMentionsTls()
{
    QTemporaryDir data;
    const QStringList create{QStringLiteral("token"),  QStringLiteral("create"),
                             QStringLiteral("--user"), QStringLiteral("ann"),
                             QStringLiteral("--data"), data.path(),
                             QStringLiteral("--link"), QStringLiteral("127.0.0.1:8787")};
    QString note;
    QCOMPARE(run(create, &note).size(), 2);
    QCOMPARE(note, QString()); // no certificate yet: nothing to say
    QCOMPARE(run(create + QStringList{QStringLiteral("--tls")}).size(), 2); // makes one
    const QStringList out = run(create, &note);
    QCOMPARE(out.size(), 2); // the link is still printed, as asked
    QVERIFY(out[1].startsWith(QLatin1String("tandem://")));
    QVERIFY2(note.contains(QLatin1String("make the link with --tls")), qPrintable(note));
}

QTEST_GUILESS_MAIN(TestHubInviteLink)
#include "tst_hub_invitelink.moc"
