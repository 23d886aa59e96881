// SPDX-License-Identifier: GPL-3.0-or-later
// HubThread: the hub on its own thread serves a real SyncClient on the caller's thread, mints
// tokens, says goodbye (1001) on stop, and comes back on the same
// folder with the notes kept; a port in use is reported instead of a hub that never listens.
// A user a token was made for is known by that name before signing in (sharing lists it).
#include "clientfixture.h"
#include "hub.h"
#include "hubthread.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>

class TestHubThread : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servesClientsFromItsOwnThread();
    void stopsCleanlyAndRestartsWithTheNotes();
    void aPortInUseIsReported();
    void aDataFolderAnotherHubServesIsReported();
    void aUserIsNamedFromTheirTokenBeforeSigningIn();

private:
    static HubConfig config(const QString &dataDir, quint16 port = 0)
    {
        HubConfig c;
        c.address = QHostAddress(QHostAddress::LocalHost);
        c.port = port;
        c.dataDir = dataDir;
        return c;
    }
};

void TestHubThread::servesClientsFromItsOwnThread()
{
    QTemporaryDir data;
    HubThread hub(config(data.path()));
    QString error;
    QVERIFY2(hub.start(&error), qPrintable(error));
    QVERIFY(hub.thread() != QThread::currentThread());
    QCOMPARE(hub.url().host(), QStringLiteral("127.0.0.1"));
    const QString token = hub.issueToken(QStringLiteral("me"), QStringLiteral("Me"));
    QVERIFY(!token.isEmpty());

    ClientHarness me(hub.url(), token);
    QVERIFY(me.connectAndWait());
    QCOMPARE(me.client->userName(), QStringLiteral("Me"));
    me.client->createNote(QStringLiteral("Local"), QStringLiteral("typed here"));
    QVERIFY(me.waitSynced());
    QCOMPARE(me.store.notes().size(), 1);
    QTRY_COMPARE(hub.connectedUsers(), QStringList{QStringLiteral("me")});
    me.client->disconnectFromHub();
    QTRY_VERIFY(hub.connectedUsers().isEmpty());
}

void TestHubThread::stopsCleanlyAndRestartsWithTheNotes()
{
    QTemporaryDir data;
    quint16 port = 0;
    QString token;
    QString noteId;
    {
        HubThread hub(config(data.path()));
        QString error;
        QVERIFY(hub.start(&error));
        port = hub.port();
        token = hub.issueToken(QStringLiteral("me"), QStringLiteral("Me"));
        ClientHarness me(hub.url(), token);
        QVERIFY(me.connectAndWait());
        noteId = me.client->createNote(QStringLiteral("Kept"), QStringLiteral("across restarts"));
        QVERIFY(me.waitSynced());
        hub.stop();
        QVERIFY(QTest::qWaitFor([&]() { return me.client->state() != SyncClient::State::Online; }));
        QVERIFY2(me.client->lastError().contains(QLatin1String("1001")),
                 qPrintable(me.client->lastError()));
        QVERIFY(!hub.isRunning());
    }
    HubThread again(config(data.path(), port));
    QString error;
    QVERIFY2(again.start(&error), qPrintable(error));
    ClientHarness other(again.url(), token); // tokens stay valid: the hub's secret is kept
    QVERIFY(other.connectAndWait());
    QVERIFY(other.waitSynced());
    QCOMPARE(other.store.note(noteId)->content, QStringLiteral("across restarts"));
}

void TestHubThread::aPortInUseIsReported()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost));
    QTemporaryDir data;
    HubThread hub(config(data.path(), squatter.serverPort()));
    QString error;
    QVERIFY(!hub.start(&error));
    QVERIFY2(!error.isEmpty(), "no reason given");
    QVERIFY(!hub.isRunning());
}

void TestHubThread::aDataFolderAnotherHubServesIsReported()
{
    // Hosting from a folder a hub already serves (say, a tandem-hub pointed at the app's).
    QTemporaryDir data;
    HubThread serving(config(data.path()));
    QString error;
    QVERIFY2(serving.start(&error), qPrintable(error));
    HubThread second(config(data.path()));
    QVERIFY(!second.start(&error));
    QVERIFY2(error.contains(u"in use by another hub"), qPrintable(error));
    QVERIFY(!second.isRunning());
    // Once the first stops, the folder is free.
    serving.stop();
    QVERIFY2(second.start(&error), qPrintable(error));
}

void TestHubThread::aUserIsNamedFromTheirTokenBeforeSigningIn()
{
    QTemporaryDir data;
    HubThread hub(config(data.path()));
    QString error;
    QVERIFY2(hub.start(&error), qPrintable(error));
    ClientHarness me(hub.url(), hub.issueToken(QStringLiteral("me"), QStringLiteral("Me")));
    QVERIFY(me.connectAndWait());
    const QString noteId = me.client->createNote(QStringLiteral("Plans"));
    QVERIFY(me.waitSynced());
    hub.issueToken(QStringLiteral("ann-lee"), QStringLiteral("Ann Lee")); // an invite
    QSignalSpy shared(me.client.get(), &SyncClient::shareChanged);
    QVERIFY(me.client->share(noteId, QStringLiteral("ann-lee"), QStringLiteral("editor")));
    QVERIFY(shared.wait());
    const QJsonObject entry = me.store.note(noteId)->collaborators.first().toObject();
    QCOMPARE(entry.value(QLatin1String("userId")).toString(), QStringLiteral("ann-lee"));
    QCOMPARE(entry.value(QLatin1String("userName")).toString(), QStringLiteral("Ann Lee"));
    // A later token under another name does not rename someone already known.
    hub.issueToken(QStringLiteral("ann-lee"), QStringLiteral("Someone Else"));
    QVERIFY(me.client->share(noteId, QStringLiteral("ann-lee"), QStringLiteral("viewer")));
    QVERIFY(shared.wait());
    QCOMPARE(me.store.note(noteId)->collaborators.first().toObject().value(
                     QLatin1String("userName")),
             QStringLiteral("Ann Lee"));
}

QTEST_GUILESS_MAIN(TestHubThread)
#include "tst_hubthread.moc"
