// SPDX-License-Identifier: GPL-3.0-or-later
// A login the system keychain does not keep is said when it is given, not found out at the
// next start: "Login Not Saved" names the hub and the keychain's reason, the session goes on
// with the login in memory, and Try Again asks the keychain once more. With a keychain that
// keeps it, nothing is said. The keychain-less half runs in a child process of this test
// whose session bus does not exist (a desktop with no Secret Service).
#include "connectionindicator.h"
#include "windowfixture.h"
#include "withoutsessionbus.h"

#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>

class TestLoginNotSaved : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aLoginTheKeychainKeepsSaysNothing();
    void aLoginTheKeychainRefusesIsSaidAtOnceAndCanBeTriedAgain();
    void noKeychainChild();

private:
    static QMessageBox *box(const Person &person)
    {
        auto *found = person.window->findChild<QMessageBox *>(QStringLiteral("loginNotSavedBox"));
        return found && found->isVisible() ? found : nullptr;
    }
};

void TestLoginNotSaved::initTestCase()
{
    setUpWindowTests();
}

void TestLoginNotSaved::aLoginTheKeychainKeepsSaysNothing()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("needs a session bus and an unlocked keyring (scripts/in-test-session.sh)");
    Person host(QStringLiteral("hana"), QStringLiteral("Hana"));
    Person guest(QStringLiteral("gus"), QStringLiteral("Gus"));
    QSignalSpy written(guest.workspaces->credentials(), &CredentialStore::tokenWritten);
    QVERIFY(hostsWithGuestSignedIn(host, guest));
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 20'000);
    QVERIFY2(written.first().at(2).toBool(), qPrintable(written.first().at(3).toString()));
    QTest::qWait(200); // a box would open in the pass after the job's answer
    QCOMPARE(box(guest), nullptr);
}

void TestLoginNotSaved::aLoginTheKeychainRefusesIsSaidAtOnceAndCanBeTriedAgain()
{
    QTemporaryDir home;
    QByteArray output;
    QVERIFY2(childPassesWithoutASessionBus(QStringLiteral("TestLoginNotSaved"),
                                           QStringLiteral("noKeychainChild"), home, &output),
             output.constData());
}

void TestLoginNotSaved::noKeychainChild()
{
    if (qEnvironmentVariableIsEmpty("TANDEM_KEYCHAIN_CHILD"))
        QSKIP("runs as a child of aLoginTheKeychainRefusesIsSaidAtOnceAndCanBeTriedAgain");
    Person host(QStringLiteral("hana"), QStringLiteral("Hana"));
    Person guest(QStringLiteral("gus"), QStringLiteral("Gus"));
    QSignalSpy written(guest.workspaces->credentials(), &CredentialStore::tokenWritten);
    QVERIFY(hostsWithGuestSignedIn(host, guest)); // signed in: the login is in memory

    QTRY_VERIFY_WITH_TIMEOUT(box(guest), 20'000);
    QCOMPARE(written.size(), 1);
    QVERIFY(!written.first().at(2).toBool());
    const QString hubName = guest.workspaces->current()->name();
    QVERIFY2(box(guest)->text().contains(u"“" + hubName + u"”"), qPrintable(box(guest)->text()));
    const QString details = box(guest)->informativeText();
    QVERIFY2(details.contains(written.first().at(3).toString()), qPrintable(details));
    QVERIFY(details.contains(QLatin1String("until Tandem quits")));
    guest.screenshot(QStringLiteral("login-not-saved"));
    QVERIFY(guest.client()->isSynced());

    // Try Again writes once more; refused again, it says so again.
    auto *again = box(guest)->findChild<QPushButton *>(QStringLiteral("saveLoginAgainButton"));
    QVERIFY(again);
    again->click();
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 2, 20'000);
    QCOMPARE(written.last().at(0).toUrl(), guest.client()->serverUrl());
    QTRY_VERIFY_WITH_TIMEOUT(box(guest), 10'000);
    box(guest)->close();

    // As the box said: the next start has no login for that hub.
    guest.quit();
    QVERIFY(guest.open());
    QCOMPARE(guest.workspaces->count(), 2);
    guest.workspaces->setCurrent(1);
    QTRY_VERIFY_WITH_TIMEOUT(guest.client()->needsCredentials(), 60'000);
}

QTEST_MAIN(TestLoginNotSaved)
#include "tst_loginnotsaved.moc"
