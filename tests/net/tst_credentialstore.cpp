// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialStore with the real Qt Keychain: under a session bus with an unlocked
// gnome-keyring (scripts/run-tests.sh provides one) a token is stored, read back by another
// instance, kept apart per hub and user, deleted, and never lands in a plain file; a write or
// delete still happens when its store is closed first, and one made just before the
// application's event loop ends (a child process that quits at once) when the app finishes
// its jobs on the way out. Without a
// session bus (a child process of this test) every job fails, the store says so in words,
// and the session-only login works without writing anything.
#include "credentialstore.h"
#include "withoutsessionbus.h"

#include <QDirIterator>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

/** Files under dir whose bytes contain secret. */
QStringList filesContaining(const QString &dir, const QByteArray &secret)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret))
            hits.append(file.fileName());
    }
    return hits;
}

const QUrl Hub(QStringLiteral("ws://192.0.2.10:8787/v1"));

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keysNameTheHubAndUserOnly();
    void storesReadsAndDeletesThroughTheSystemKeychain();
    void jobsOutliveAStoreClosedBeforeTheyFinish();
    void aLoginSavedJustBeforeQuittingIsKept();
    void quitAtOnceChild();
    void withoutAKeychainItSaysSoAndWritesNothing();
    void noBackendChild();
};

void TestCredentialStore::keysNameTheHubAndUserOnly()
{
    QCOMPARE(
            CredentialStore::keyFor(QUrl(QStringLiteral("ws://h:1/v1?x=1")), QStringLiteral("ann")),
            QStringLiteral("ws://h:1|ann"));
    QVERIFY(CredentialStore::keyFor(Hub, QStringLiteral("ann")) !=
            CredentialStore::keyFor(Hub, QStringLiteral("bob")));
}

void TestCredentialStore::storesReadsAndDeletesThroughTheSystemKeychain()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("no session bus: run the tests through scripts/run-tests.sh (make test)");
    const QString token = QStringLiteral("secret-%1").arg(QDateTime::currentMSecsSinceEpoch());
    {
        CredentialStore store(QStringLiteral("Tandem tests"));
        QSignalSpy written(&store, &CredentialStore::tokenWritten);
        store.writeToken(Hub, QStringLiteral("ann"), token);
        store.writeToken(Hub, QStringLiteral("bob"), QStringLiteral("other"));
        QVERIFY(QTest::qWaitFor([&]() { return written.size() == 2; }, 10'000));
        QVERIFY2(written.first().at(2).toBool(), qPrintable(written.first().at(3).toString()));
        QVERIFY(store.available());
    }
    CredentialStore again(QStringLiteral("Tandem tests"));
    QSignalSpy read(&again, &CredentialStore::tokenRead);
    again.readToken(Hub, QStringLiteral("ann"));
    QVERIFY(read.wait(10'000));
    QCOMPARE(read.first().at(2).toString(), token);
    QCOMPARE(read.first().at(3).toString(), QString());

    // The keyring keeps it encrypted: no file of this user holds the token as text.
    for (const char *var : {"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"}) {
        const QString dir = qEnvironmentVariable(var);
        if (!dir.isEmpty())
            QCOMPARE(filesContaining(dir, token.toUtf8()), QStringList());
    }

    QSignalSpy deleted(&again, &CredentialStore::tokenDeleted);
    again.deleteToken(Hub, QStringLiteral("ann"));
    QVERIFY(deleted.wait(10'000));
    QVERIFY(deleted.first().at(2).toBool());
    again.readToken(Hub, QStringLiteral("ann"));
    QVERIFY(read.wait(10'000));
    QCOMPARE(read.last().at(2).toString(), QString()); // nothing stored any more
    again.readToken(Hub, QStringLiteral("bob"));
    QVERIFY(read.wait(10'000));
    QCOMPARE(read.last().at(2).toString(), QStringLiteral("other"));
    again.deleteToken(Hub, QStringLiteral("bob"));
    QVERIFY(deleted.wait(10'000));
}

void TestCredentialStore::jobsOutliveAStoreClosedBeforeTheyFinish()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("no session bus: run the tests through scripts/run-tests.sh (make test)");
    const QString token = QStringLiteral("late-%1").arg(QDateTime::currentMSecsSinceEpoch());
    const auto readBoth = [](CredentialStore &store) {
        QSignalSpy read(&store, &CredentialStore::tokenRead);
        store.readToken(Hub, QStringLiteral("cy"));
        store.readToken(Hub, QStringLiteral("di"));
        QHash<QString, QString> tokens;
        if (QTest::qWaitFor([&]() { return read.size() == 2; }, 10'000)) {
            for (const QList<QVariant> &done : read)
                tokens.insert(done.at(1).toString(), done.at(2).toString());
        }
        return tokens;
    };

    // Closed before its jobs even started (they start from the event loop): the writes are
    // still made.
    {
        CredentialStore store(QStringLiteral("Tandem tests"));
        store.writeToken(Hub, QStringLiteral("cy"), token);
        store.writeToken(Hub, QStringLiteral("di"), QStringLiteral("di-token"));
    }
    CredentialStore reader(QStringLiteral("Tandem tests"));
    QHash<QString, QString> tokens = readBoth(reader);
    QCOMPARE(tokens.value(QStringLiteral("cy")), token);
    QCOMPARE(tokens.value(QStringLiteral("di")), QStringLiteral("di-token"));

    // Closed while its delete is with the keychain: the delete ends quietly, and the jobs
    // after it run as usual.
    {
        CredentialStore store(QStringLiteral("Tandem tests"));
        store.deleteToken(Hub, QStringLiteral("cy"));
        QCoreApplication::processEvents(); // the job starts: its request is on the bus
    }
    QSignalSpy deleted(&reader, &CredentialStore::tokenDeleted);
    reader.deleteToken(Hub, QStringLiteral("di"));
    QVERIFY(deleted.wait(10'000));
    QVERIFY(deleted.first().at(2).toBool());
    tokens = readBoth(reader);
    QCOMPARE(tokens.size(), 2);
    QCOMPARE(tokens.value(QStringLiteral("cy")), QString());
    QCOMPARE(tokens.value(QStringLiteral("di")), QString());
}

void TestCredentialStore::aLoginSavedJustBeforeQuittingIsKept()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("no session bus: run the tests through scripts/run-tests.sh (make test)");
    const QString token = QStringLiteral("quit-%1").arg(QDateTime::currentMSecsSinceEpoch());
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TANDEM_KEYCHAIN_QUIT_CHILD"), token);
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("quitAtOnceChild")});
    QVERIFY(child.waitForFinished(60'000));
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
             child.readAll().constData());

    CredentialStore reader(QStringLiteral("Tandem tests"));
    QSignalSpy read(&reader, &CredentialStore::tokenRead);
    reader.readToken(Hub, QStringLiteral("quitter"));
    QVERIFY(read.wait(10'000));
    QCOMPARE(read.first().at(2).toString(), token);
    QSignalSpy deleted(&reader, &CredentialStore::tokenDeleted);
    reader.deleteToken(Hub, QStringLiteral("quitter"));
    QVERIFY(deleted.wait(10'000));
}

void TestCredentialStore::quitAtOnceChild()
{
    // As tandem's main(): the event loop ends right after the write was asked for, before its
    // job could start; then the jobs are finished on the way out.
    const QString token = qEnvironmentVariable("TANDEM_KEYCHAIN_QUIT_CHILD");
    if (token.isEmpty())
        QSKIP("runs as a child of aLoginSavedJustBeforeQuittingIsKept");
    CredentialStore store(QStringLiteral("Tandem tests"));
    QTimer::singleShot(0, &store, [&]() {
        store.writeToken(Hub, QStringLiteral("quitter"), token);
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    QCOMPARE(CredentialStore::pendingJobs(), 1); // the write, not started
    QVERIFY(CredentialStore::finishPendingJobs(30'000));
    QCOMPARE(CredentialStore::pendingJobs(), 0);
}

void TestCredentialStore::withoutAKeychainItSaysSoAndWritesNothing()
{
    QTemporaryDir home;
    QByteArray output;
    QVERIFY2(childPassesWithoutASessionBus(QStringLiteral("TestCredentialStore"),
                                           QStringLiteral("noBackendChild"), home, &output),
             output.constData());
    QCOMPARE(filesContaining(home.path(), "child-secret"), QStringList());
}

void TestCredentialStore::noBackendChild()
{
    if (qEnvironmentVariableIsEmpty("TANDEM_KEYCHAIN_CHILD"))
        QSKIP("runs as a child of withoutAKeychainItSaysSoAndWritesNothing (no session bus)");
    CredentialStore store(QStringLiteral("Tandem tests"));
    QSignalSpy written(&store, &CredentialStore::tokenWritten);
    QSignalSpy availability(&store, &CredentialStore::availabilityChanged);
    store.writeToken(Hub, QStringLiteral("ann"), QStringLiteral("child-secret"));
    QVERIFY(written.wait(30'000));
    QVERIFY(!written.first().at(2).toBool());
    QVERIFY(!store.available());
    QCOMPARE(availability.size(), 1);
    QVERIFY2(store.unavailableReason().contains(QLatin1String("cannot store your login")),
             qPrintable(store.unavailableReason()));
    QVERIFY(store.unavailableReason().contains(QLatin1String("session only")));

    QSignalSpy read(&store, &CredentialStore::tokenRead);
    store.readToken(Hub, QStringLiteral("ann"));
    QVERIFY(read.wait(30'000));
    QCOMPARE(read.first().at(2).toString(), QString());
    QVERIFY(!read.first().at(3).toString().isEmpty());

    store.setSessionToken(Hub, QStringLiteral("ann"), QStringLiteral("child-secret"));
    QCOMPARE(store.sessionToken(Hub, QStringLiteral("ann")), QStringLiteral("child-secret"));
    QCOMPARE(store.sessionToken(Hub, QStringLiteral("bob")), QString());
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
