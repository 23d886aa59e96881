// SPDX-License-Identifier: GPL-3.0-or-later
// Your name (Edit → Your Name…): the name chosen is what the others see at once on the notes this
// computer hosts (people on a note, and the history), goes into the invites it sends and stays for
// the next start; on a hub without sign-in it goes with the login. An empty or too long name is
// refused and changes nothing.
#include "presencemodel.h"
#include "windowfixture.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>

class TestYourName : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpWindowTests(); }
    void theNameChosenIsWhatOthersSeeAndItStays();
    void onAHubWithoutSignInTheNameGoesWithTheLogin();
    void anEmptyOrTooLongNameIsRefusedAndChangesNothing();
};

namespace {

/** The names the person's window lists among the people on the open note. */
QStringList namesOnTheNote(const Person &person)
{
    QStringList names;
    const PresenceModel *presence = person.window->presence();
    for (int row = 0; row < presence->rowCount(); ++row)
        names << presence->index(row).data(PresenceModel::UserNameRole).toString();
    return names;
}

/** Types name into Edit → Your Name… and presses OK; the dialog (still open if refused). */
QPointer<QDialog> chooseName(Person &person, const QString &name)
{
    QPointer<QDialog> dialog = person.window->showNameDialog();
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("yourNameEdit"));
    edit->selectAll();
    QTest::keyClicks(edit, name);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    if (ok->isEnabled())
        QTest::mouseClick(ok, Qt::LeftButton);
    return dialog;
}

} // namespace

void TestYourName::theNameChosenIsWhatOthersSeeAndItStays()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    const QString noteId = alice.window->newNote();
    QTest::keyClicks(alice.window->editor(), QStringLiteral("hello"));
    QVERIFY(alice.waitSynced());
    QVERIFY(shareAndOpen(alice, bob, noteId));
    QTRY_COMPARE(namesOnTheNote(bob), QStringList{QStringLiteral("Alice")});

    QPointer<QDialog> dialog = chooseName(alice, QStringLiteral("Alice Martin"));
    QTRY_VERIFY(!dialog);
    QCOMPARE(alice.window->statusBar()->currentMessage(),
             QStringLiteral("Others now see you as Alice Martin."));
    QTRY_COMPARE(namesOnTheNote(bob), QStringList{QStringLiteral("Alice Martin")});
    QTRY_COMPARE(alice.client()->userName(), QStringLiteral("Alice Martin"));
    // Her edits before and after the change are hers under the new name in the history.
    QTest::keyClicks(alice.window->editor(), QStringLiteral("!"));
    QVERIFY(alice.waitSynced());
    QSignalSpy history(bob.client(), &SyncClient::historyReceived);
    QVERIFY(bob.client()->requestHistory(noteId, 10));
    QVERIFY(history.wait());
    const QJsonArray versions = history.first().at(1).toJsonArray();
    QVERIFY(!versions.isEmpty());
    for (const QJsonValue &v : versions)
        QCOMPARE(v.toObject().value(QLatin1String("userName")).toString(),
                 QStringLiteral("Alice Martin"));
    // The invites she sends now name her so.
    QString error;
    const QString link = alice.workspaces->local()->invite(QStringLiteral("Carol"), &error);
    QVERIFY2(link.contains(QLatin1String("name=Alice%20Martin")), qPrintable(link));

    // The next start keeps it.
    alice.quit();
    QVERIFY(alice.open());
    QCOMPARE(alice.workspaces->me().name, QStringLiteral("Alice Martin"));
    QVERIFY(alice.waitSynced());
    QCOMPARE(alice.client()->userName(), QStringLiteral("Alice Martin"));
}

void TestYourName::onAHubWithoutSignInTheNameGoesWithTheLogin()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    QString error;
    QVERIFY2(alice.workspaces->local()->startHosting(HostingOptions{0, false, false}, &error),
             qPrintable(error));
    QVERIFY(alice.waitSynced());
    QCOMPARE(alice.client()->userId(), QStringLiteral("alice"));
    QCOMPARE(alice.client()->userName(), QStringLiteral("Alice")); // not her id
    const QPointer<QDialog> dialog = chooseName(alice, QStringLiteral("Al"));
    QTRY_VERIFY(!dialog);
    QTRY_COMPARE(alice.client()->userName(), QStringLiteral("Al"));
    QCOMPARE(alice.client()->userId(), QStringLiteral("alice")); // the same person
}

void TestYourName::anEmptyOrTooLongNameIsRefusedAndChangesNothing()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    QVERIFY(alice.waitSynced());
    QPointer<QDialog> dialog = alice.window->showNameDialog();
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("yourNameEdit"));
    QCOMPARE(edit->text(), QStringLiteral("Alice"));
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    edit->setText(QStringLiteral("   "));
    QVERIFY(!ok->isEnabled());
    dialog->reject();

    QString error;
    QVERIFY(!alice.workspaces->setMyName(QStringLiteral(" \t "), &error));
    QCOMPARE(error, QStringLiteral("A name is needed: it is how the others see you."));
    QVERIFY(!alice.workspaces->setMyName(QString(Workspaces::MaxNameLength + 1, u'a'), &error));
    QCOMPARE(error, QStringLiteral("At most 64 characters, please."));
    QCOMPARE(alice.workspaces->me().name, QStringLiteral("Alice"));
    QCOMPARE(alice.client()->userName(), QStringLiteral("Alice"));
    // Spaces around and inside are tidied.
    QVERIFY(alice.workspaces->setMyName(QStringLiteral("  Alice   Martin "), &error));
    QCOMPARE(alice.workspaces->me().name, QStringLiteral("Alice Martin"));
}

QTEST_MAIN(TestYourName)
#include "tst_yourname.moc"
