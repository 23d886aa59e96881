// SPDX-License-Identifier: GPL-3.0-or-later
// A wss:// hub with its self-signed certificate and the desktop client's trust on first use:
// the first certificate is pinned and the client syncs; after a hub restart the same
// certificate is trusted again; a swapped certificate is refused with a clear error before
// anything is sent, and nothing queued is lost; an invite's fingerprint is checked on first
// use and replaces a pin when the host made a new certificate.
#include "clientfixture.h"
#include "hubcertificate.h"
#include "hubfixture.h"

#include <QDir>
#include <QFile>
#include <QSslSocket>

namespace {

HubConfig tlsConfig()
{
    HubConfig config;
    config.tls = true;
    return config;
}

/** Throws away the hub's certificate so the next start makes a new one. */
void swapCertificate(HubFixture &hub)
{
    hub.stop();
    QDir dir(hub.dataDir());
    QVERIFY(dir.remove(QLatin1String(HubCertificate::CertificateFile)));
    QVERIFY(dir.remove(QLatin1String(HubCertificate::KeyFile)));
    QVERIFY(hub.start());
}

} // namespace

class TestSyncClientTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theHubMakesItsCertificateOnceAndKeepsTheKeyPrivate();
    void firstUsePinsTheCertificateAndSyncs();
    void aPinnedHubIsTrustedAgainAfterARestart();
    void aSwappedCertificateIsRefusedAndNothingIsLost();
    void anInviteFingerprintIsCheckedOnFirstUse();
    void aNewInviteFingerprintReplacesThePin();
};

void TestSyncClientTls::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend here");
}

void TestSyncClientTls::theHubMakesItsCertificateOnceAndKeepsTheKeyPrivate()
{
    HubFixture hub(tlsConfig());
    QVERIFY(hub.start());
    QCOMPARE(hub.url().scheme(), QStringLiteral("wss"));
    const QString first = hub.hub().certificateFingerprint();
    QCOMPARE(first.size(), 64);
    const QString keyPath = QDir(hub.dataDir()).filePath(QLatin1String(HubCertificate::KeyFile));
    QCOMPARE(QFile::permissions(keyPath) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    QVERIFY(hub.restart());
    QCOMPARE(hub.hub().certificateFingerprint(), first);

    // Half an identity is an error, never a silent new certificate.
    hub.stop();
    QVERIFY(QFile::remove(keyPath));
    Hub broken(hub.config());
    QString error;
    QVERIFY(!broken.start(&error));
    QVERIFY2(error.contains(QLatin1String(HubCertificate::KeyFile)), qPrintable(error));
}

void TestSyncClientTls::firstUsePinsTheCertificateAndSyncs()
{
    HubFixture hub(tlsConfig());
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.store.pinnedCertificate().isEmpty());
    QVERIFY(alice.connectAndWait());
    QCOMPARE(alice.store.pinnedCertificate(), hub.hub().certificateFingerprint());
    const QString noteId = alice.client->createNote(QStringLiteral("Over TLS"));
    QVERIFY(alice.waitSynced());
    QCOMPARE(hub.hub().connectionCount(), 1);
    QVERIFY(!noteId.isEmpty());
}

void TestSyncClientTls::aPinnedHubIsTrustedAgainAfterARestart()
{
    HubFixture hub(tlsConfig());
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    const QString pinned = alice.store.pinnedCertificate();
    QVERIFY(hub.restart());
    alice.client->reconnectNow();
    QVERIFY(alice.waitOnline());
    QCOMPARE(alice.store.pinnedCertificate(), pinned);
    QVERIFY(alice.client->refusedCertificate().isEmpty());
}

void TestSyncClientTls::aSwappedCertificateIsRefusedAndNothingIsLost()
{
    HubFixture hub(tlsConfig());
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    const QString pinned = alice.store.pinnedCertificate();
    alice.client->disconnectFromHub();
    const QString noteId = alice.client->createNote(QStringLiteral("Made offline"));

    swapCertificate(hub);
    const QString swapped = hub.hub().certificateFingerprint();
    QVERIFY(swapped != pinned);
    alice.client->connectToHub();
    QVERIFY(QTest::qWaitFor([&]() { return alice.client->state() == SyncClient::State::Failed; },
                            10'000));
    QCOMPARE(alice.client->refusedCertificate(), swapped);
    QVERIFY2(alice.client->lastError().contains(QLatin1String("certificate has changed")),
             qPrintable(alice.client->lastError()));
    QVERIFY(alice.client->lastError().contains(displayFingerprint(swapped)));
    // It stays refused (no retries into the same certificate), the pin is unchanged, the
    // hub never saw a login, and the note made offline still waits to be sent.
    QTest::qWait(500);
    QCOMPARE(alice.client->state(), SyncClient::State::Failed);
    QCOMPARE(alice.store.pinnedCertificate(), pinned);
    QCOMPARE(hub.hub().connectedUsers(), QStringList());
    QVERIFY(alice.store.note(noteId).has_value());
    QVERIFY(alice.store.note(noteId)->createPending);
}

void TestSyncClientTls::anInviteFingerprintIsCheckedOnFirstUse()
{
    HubFixture hub(tlsConfig());
    QVERIFY(hub.start());
    ClientHarness wrong(hub.url(), hub.token(QStringLiteral("bob")));
    wrong.client->pinCertificate(QString(64, QLatin1Char('0')));
    wrong.client->connectToHub();
    QVERIFY(QTest::qWaitFor([&]() { return wrong.client->state() == SyncClient::State::Failed; },
                            10'000));
    QCOMPARE(wrong.client->refusedCertificate(), hub.hub().certificateFingerprint());
    QCOMPARE(wrong.store.pinnedCertificate(), QString(64, QLatin1Char('0')));

    ClientHarness right(hub.url(), hub.token(QStringLiteral("bob")));
    right.client->pinCertificate(hub.hub().certificateFingerprint().toUpper());
    QVERIFY(right.connectAndWait());
    QCOMPARE(right.store.pinnedCertificate(), hub.hub().certificateFingerprint());
}

void TestSyncClientTls::aNewInviteFingerprintReplacesThePin()
{
    HubFixture hub(tlsConfig());
    QVERIFY(hub.start());
    ClientHarness alice(hub.url(), hub.token(QStringLiteral("alice")));
    QVERIFY(alice.connectAndWait());
    alice.client->disconnectFromHub();
    swapCertificate(hub);
    alice.client->pinCertificate(hub.hub().certificateFingerprint());
    alice.client->connectToHub();
    QVERIFY(alice.waitOnline());
    QCOMPARE(alice.store.pinnedCertificate(), hub.hub().certificateFingerprint());
}

QTEST_GUILESS_MAIN(TestSyncClientTls)
#include "tst_syncclient_tls.moc"
