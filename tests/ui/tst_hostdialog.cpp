// SPDX-License-Identifier: GPL-3.0-or-later
// Hosting from the menu, as a person does it: the Host dialog starts the built-in hub on a
// port (this computer only here: tests stay on loopback), the status bar says so and counts
// who is connected, Invite collaborator mints a join link a second Tandem opens (Alice's
// notes shared with it, one she makes afterwards too), Stop
// hosting sends that client to "Reconnecting…" and hosting again on the port brings it back
// to Live; a port in use is reported in the dialog; without sign-in the dialog warns and a
// collaborator connects by name; hosting encrypted (wss://) shows the certificate's
// fingerprint, puts it in the invite link, and the invited Tandem pins it and goes Live;
// hosting again after Stop Hosting starts from the choices made last, and Bob is back;
// hosting resumes at the next start (on by default), and says why in the status bar when it
// cannot. Quitting or Stop Hosting while others sync through this computer asks first
// (staying is the default); hosting stays in the
// status bar and the menu while another hub's notes are shown; in a narrow window it is cut
// short with an ellipsis beside a deleted note's Undo (whole on hover).
#include "connectdialog.h"
#include "connectionindicator.h"
#include "hostdialog.h"
#include "hubthread.h"
#include "protocol/fingerprint.h"
#include "statuspopup.h"
#include "windowfixture.h"
#include "workspace.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>

class TestHostDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hostInviteStopAndHostAgain();
    void revokingAnInviteDisconnectsThemUntilInvitedAgain();
    void hostingThatCannotResumeSaysWhyInTheStatusBar();
    void aPortInUseIsReportedInTheDialog();
    void withoutSignInItWarnsAndTakesAName();
    void encryptedHostingShowsAndSendsTheFingerprint();
    void quittingWhileOthersSyncHereAsksFirst();
    void hostingStaysInSightWhileAnotherHubIsShown();
    void aNarrowWindowCutsTheHostingStatusShort();

private:
    /** A port nothing listens on right now. */
    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }
    /** Server → Stop Hosting while others sync here: the box asks, and Stop Hosting is
     *  chosen. */
    static void stopHostingWhenAsked(Person &host)
    {
        QTRY_VERIFY(!host.workspaces->local()->otherUsers().isEmpty()); // counted as connected
        host.window->action(QStringLiteral("stopHosting"))->trigger();
        auto *box = host.window->findChild<QMessageBox *>(QStringLiteral("stopHostingBox"));
        QVERIFY(box);
        QCOMPARE(box->windowTitle(), QStringLiteral("Stop Hosting"));
        QVERIFY(host.workspaces->local()->isHosting()); // not before the answer
        auto *stop = box->findChild<QPushButton *>(QStringLiteral("stopHostingButton"));
        QVERIFY(stop);
        stop->click();
        QVERIFY(!host.workspaces->local()->isHosting());
    }
};

void TestHostDialog::initTestCase()
{
    setUpWindowTests();
}

void TestHostDialog::hostInviteStopAndHostAgain()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice.open());
    QVERIFY(bob.open());
    QVERIFY(alice.window->hostingLabel()->isHidden());
    QVERIFY(!alice.window->action(QStringLiteral("invite"))->isEnabled());
    const QString noteId = alice.window->newNote();
    QTest::keyClicks(alice.window->titleEdit(), QStringLiteral("Team notes"));
    QVERIFY(alice.waitSynced());

    const quint16 port = freePort();
    {
        HostDialog dialog(alice.workspaces.get(), alice.window.get());
        QVERIFY(!dialog.localNetworkButton()->isChecked()); // never beyond loopback by default
        QVERIFY(!dialog.noAuthButton()->isChecked());
        QVERIFY(dialog.resumeBox()->isChecked()); // a team's hub comes back with Tandem
        dialog.portBox()->setValue(port);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            dialog.grab().save(QDir(dir).filePath(QStringLiteral("host-dialog.png")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QVERIFY(alice.workspaces->local()->hostingOptions().resumeOnStart);
    const QString address = QStringLiteral("ws://127.0.0.1:%1").arg(port);
    QCOMPARE(alice.window->hostingLabel()->text(),
             QStringLiteral("Hosting on %1 — nobody else connected yet").arg(address));
    QVERIFY(alice.window->action(QStringLiteral("invite"))->isEnabled());
    QTRY_COMPARE(alice.window->indicator()->text(), QStringLiteral("Live"));
    QCOMPARE(alice.client()->serverUrl().port(), int(port));

    QString link;
    {
        InviteDialog invite(alice.workspaces->local(), alice.window.get());
        QVERIFY(invite.shareNotesBox()->isChecked());
        QTest::keyClicks(invite.nameEdit(), QStringLiteral("Bob"));
        QTest::keyClick(invite.nameEdit(), Qt::Key_Return);
        link = invite.linkEdit()->text();
    }
    QVERIFY2(link.startsWith(QStringLiteral("tandem://127.0.0.1:%1/join?token=").arg(port)),
             qPrintable(link));
    QString error;
    QVERIFY2(bob.workspaces->openLink(link, &error), qPrintable(error));
    QTRY_COMPARE(bob.window->indicator()->text(), QStringLiteral("Live"));
    QTRY_COMPARE(alice.window->hostingLabel()->text(),
                 QStringLiteral("Hosting on %1 — 1 other person connected").arg(address));
    QTRY_VERIFY(bob.window->notesModel()->rowOf(noteId) >= 0); // shared with the invite
    QVERIFY(bob.waitSynced());
    // So is a note Alice makes afterwards, as she makes it, for Bob to edit.
    const QString later = alice.window->newNote();
    QTest::keyClicks(alice.window->titleEdit(), QStringLiteral("Made later"));
    QTRY_VERIFY(bob.window->notesModel()->rowOf(later) >= 0);
    QCOMPARE(bob.client()->summary(later).role, QStringLiteral("editor"));
    QTRY_COMPARE(bob.client()->summary(later).title, QStringLiteral("Made later"));

    // Stop Hosting asks first while Bob syncs here; keeping it changes nothing.
    alice.window->action(QStringLiteral("stopHosting"))->trigger();
    auto *box = alice.window->findChild<QMessageBox *>(QStringLiteral("stopHostingBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(box->text(), QStringLiteral("1 other person syncs through this computer."));
    QCOMPARE(box->defaultButton()->text(), QStringLiteral("&Keep Hosting"));
    box->defaultButton()->click();
    QTRY_VERIFY(!alice.window->findChild<QMessageBox *>(QStringLiteral("stopHostingBox")));
    QVERIFY(alice.workspaces->local()->isHosting());
    QCOMPARE(bob.window->indicator()->text(), QStringLiteral("Live"));

    // Stopped: Bob's Tandem is told the hub went away and tries again; Alice goes on.
    stopHostingWhenAsked(alice);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(alice.window->hostingLabel()->isHidden());
    QTRY_VERIFY(bob.window->indicator()->text().startsWith(QLatin1String("Reconnecting in")));
    QTRY_COMPARE(alice.window->indicator()->text(), QStringLiteral("Live"));
    QVERIFY(alice.client()->serverUrl().port() != int(port));
    bob.screenshot(QStringLiteral("reconnecting"));

    // Host again on the same port: Bob is back, without doing anything.
    QVERIFY2(alice.workspaces->local()->startHosting(HostingOptions{port, false, true}, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(bob.window->indicator()->text(), QStringLiteral("Live"), 15000);
}

void TestHostDialog::revokingAnInviteDisconnectsThemUntilInvitedAgain()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice.open());
    QVERIFY(bob.open());
    QString error;
    QVERIFY2(alice.workspaces->local()->startHosting(HostingOptions{freePort(), false, true},
                                                     &error),
             qPrintable(error));
    QVERIFY(alice.window->action(QStringLiteral("revokeInvites"))->isEnabled());
    const QString link = alice.workspaces->local()->invite(QStringLiteral("Bob"), &error);
    alice.workspaces->local()->invite(QStringLiteral("Ann Lee"), &error); // not yet signed in
    QVERIFY2(bob.workspaces->openLink(link, &error), qPrintable(error));
    QTRY_COMPARE(bob.window->indicator()->text(), QStringLiteral("Live"));
    QTRY_VERIFY(alice.workspaces->local()->otherUsers().contains(QStringLiteral("bob")));

    RevokeDialog dialog(alice.workspaces->local(), alice.window.get());
    QListWidget *people = dialog.peopleList();
    QCOMPARE(people->count(), 2); // not Alice herself
    QCOMPARE(people->item(0)->text(), QStringLiteral("Ann Lee (ann-lee)"));
    QCOMPARE(people->item(1)->text(), QStringLiteral("Bob (bob) — connected"));
    QVERIFY(!dialog.revokeButton()->isEnabled()); // nobody chosen yet
    people->setCurrentRow(1);
    QVERIFY(dialog.revokeButton()->isEnabled());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::mouseClick(dialog.revokeButton(), Qt::LeftButton);
    QCOMPARE(people->item(1)->text(), QStringLiteral("Bob (bob) — access revoked"));
    QVERIFY(!(people->item(1)->flags() & Qt::ItemIsEnabled));
    QVERIFY(!dialog.revokeButton()->isEnabled());
    QCOMPARE(dialog.hintLabel()->text(),
             QStringLiteral("Bob (bob) can no longer connect. A new invite lets them in again."));
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        dialog.grab().save(QDir(dir).filePath(QStringLiteral("revoke-dialog.png")));

    // Bob's Tandem is cut off, and says it needs a new sign-in rather than retrying for ever.
    QTRY_COMPARE_WITH_TIMEOUT(bob.window->indicator()->text().section(QStringLiteral(" · "), 0, 0),
                              QStringLiteral("Sign-in needed — Sign In"), 15000);
    QVERIFY2(bob.client()->lastError().contains(u"token revoked"),
             qPrintable(bob.client()->lastError()));
    // The old link no longer lets him in; a new invite does, given where his Tandem asks for
    // it: the status popup's Sign In… (Reconnect would only try the refused login again).
    QTest::qWait(5);
    const QString again = alice.workspaces->local()->invite(QStringLiteral("Bob"), &error);
    QVERIFY(again != link);
    QTest::mouseClick(bob.window->indicator(), Qt::LeftButton);
    StatusPopup *popup = bob.window->findChild<StatusPopup *>();
    QVERIFY(popup);
    QPushButton *signIn = nullptr;
    for (QPushButton *button : popup->findChildren<QPushButton *>())
        if (button->text() == u"&Sign In…")
            signIn = button;
    QVERIFY(signIn);
    QTest::mouseClick(signIn, Qt::LeftButton);
    ConnectDialog *signInDialog = nullptr;
    QTRY_VERIFY((signInDialog = bob.window->findChild<ConnectDialog *>()) &&
                signInDialog->isVisible());
    QCOMPARE(signInDialog->urlEdit()->text(), bob.client()->serverUrl().toString());
    QVERIFY2(signInDialog->errorLabel()->text().contains(u"token revoked"),
             qPrintable(signInDialog->errorLabel()->text()));
    QCOMPARE(signInDialog->focusWidget(), signInDialog->tokenEdit());
    bob.screenshot(QStringLiteral("sign-in-again"));
    signInDialog->urlEdit()->setText(again);
    signInDialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(bob.window->indicator()->text(), QStringLiteral("Live"), 15000);
    QCOMPARE(bob.workspaces->count(), 2); // the same hub, signed in again
}

void TestHostDialog::hostingThatCannotResumeSaysWhyInTheStatusBar()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    const quint16 port = freePort();
    {
        HostDialog dialog(alice.workspaces.get(), alice.window.get());
        dialog.portBox()->setValue(port);
        dialog.accept();
        QVERIFY(alice.workspaces->local()->isHosting());
    }
    // Quit; something else takes the port; start again.
    alice.window.reset();
    alice.workspaces = std::make_unique<Workspaces>(
            Workspaces::Paths{alice.dir.filePath(QStringLiteral("data")),
                              alice.dir.filePath(QStringLiteral("settings.ini"))},
            LocalUser{QStringLiteral("alice"), QStringLiteral("Alice")}, fastClientSettings());
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
    QVERIFY(alice.open());
    QVERIFY(alice.window->hostingLabel()->isHidden());
    const QString said = alice.window->statusBar()->currentMessage();
    QVERIFY2(said.startsWith(QStringLiteral("Could not host again on port %1:").arg(port)),
             qPrintable(said));
    QTRY_COMPARE(alice.window->indicator()->text(), QStringLiteral("Live")); // private
}

void TestHostDialog::aPortInUseIsReportedInTheDialog()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    HostDialog dialog(alice.workspaces.get(), alice.window.get());
    dialog.portBox()->setValue(squatter.serverPort());
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible()); // stays open to pick another port
    QVERIFY(dialog.errorLabel()->isVisible());
    QVERIFY2(dialog.errorLabel()->text().startsWith(QLatin1String("Could not start hosting:")),
             qPrintable(dialog.errorLabel()->text()));
    QVERIFY(!alice.workspaces->local()->isHosting());
    // This computer's notes still work: the private hub came back.
    QTRY_COMPARE(alice.window->indicator()->text(), QStringLiteral("Live"));
}

void TestHostDialog::withoutSignInItWarnsAndTakesAName()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person carol(QStringLiteral("carol"), QStringLiteral("Carol"));
    QVERIFY(alice.open());
    QVERIFY(carol.open());
    HostDialog dialog(alice.workspaces.get(), alice.window.get());
    dialog.show();
    const quint16 port = freePort();
    dialog.portBox()->setValue(port);
    dialog.noAuthButton()->setChecked(true);
    bool warned = false;
    for (QLabel *label : dialog.findChildren<QLabel *>())
        warned |= label->isVisible() && label->text().startsWith(QLatin1String("Without sign-in"));
    QVERIFY(warned);
    dialog.accept();
    QVERIFY(alice.workspaces->local()->isHosting());
    QString error;
    const QString link = alice.workspaces->local()->invite(QStringLiteral("Carol"), &error);
    QCOMPARE(link, QStringLiteral("tandem://127.0.0.1:%1/join?name=Alice").arg(port)); // no token

    ConnectDialog connect(carol.workspaces.get(), carol.window.get());
    connect.urlEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(port)); // as people type it
    connect.tokenEdit()->setText(QStringLiteral("carol"));
    connect.nameEdit()->setText(QStringLiteral("Alice's computer"));
    connect.accept();
    QCOMPARE(connect.result(), int(QDialog::Accepted));
    QCOMPARE(carol.window->workspace()->name(), QStringLiteral("Alice's computer"));
    QTRY_COMPARE(carol.window->indicator()->text(), QStringLiteral("Live"));
    QCOMPARE(carol.client()->userId(), QStringLiteral("carol"));
}

void TestHostDialog::encryptedHostingShowsAndSendsTheFingerprint()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice.open());
    QVERIFY(bob.open());
    const quint16 port = freePort();
    {
        HostDialog dialog(alice.workspaces.get(), alice.window.get());
        QVERIFY(!dialog.encryptBox()->isChecked()); // this computer only: no TLS by default
        dialog.localNetworkButton()->setChecked(true);
        QVERIFY(dialog.encryptBox()->isChecked()); // the local network: TLS by default
        QVERIFY(dialog.fingerprintLabel()->isHidden());
        // Tests stay on loopback: encrypted, but for this computer only.
        dialog.thisComputerButton()->setChecked(true);
        QVERIFY(!dialog.localNetworkButton()->isChecked());
        QVERIFY(!dialog.encryptBox()->isChecked());
        dialog.encryptBox()->setChecked(true);
        dialog.portBox()->setValue(port);
        dialog.resumeBox()->setChecked(false);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    const QString fingerprint = alice.workspaces->local()->certificateFingerprint();
    QCOMPARE(fingerprint.size(), 64);
    QTRY_COMPARE(alice.window->indicator()->text(), QStringLiteral("Live"));
    QCOMPARE(alice.client()->serverUrl().scheme(), QStringLiteral("wss"));
    {
        HostDialog again(alice.workspaces.get(), alice.window.get());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.encryptBox()->isChecked());
        QVERIFY(again.fingerprintLabel()->isVisible());
        QVERIFY(again.fingerprintLabel()->text().contains(displayFingerprint(fingerprint)));
        const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            again.grab().save(QDir(dir).filePath(QStringLiteral("host-dialog-tls.png")));
    }
    QString error;
    const QString link = alice.workspaces->local()->invite(QStringLiteral("Bob"), &error, true);
    QVERIFY2(link.startsWith(QStringLiteral("tandems://127.0.0.1:%1/join?token=").arg(port)),
             qPrintable(link));
    QVERIFY2(link.contains(QStringLiteral("&fp=") + fingerprint + u'&'), qPrintable(link));
    QVERIFY2(bob.workspaces->openLink(link, &error), qPrintable(error));
    QTRY_COMPARE(bob.window->indicator()->text(), QStringLiteral("Live"));
    QCOMPARE(bob.client()->trustedCertificate(), fingerprint);
    QCOMPARE(bob.client()->serverUrl().scheme(), QStringLiteral("wss"));

    // Stopped, then hosted again from the dialog: it starts from what Alice chose last, so
    // Bob's pinned wss:// link works again without her setting it all up a second time.
    stopHostingWhenAsked(alice);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY(bob.window->indicator()->text().startsWith(QLatin1String("Reconnecting in")));
    {
        HostDialog again(alice.workspaces.get(), alice.window.get());
        QCOMPARE(again.portBox()->value(), int(port));
        QVERIFY(again.thisComputerButton()->isChecked());
        QVERIFY(again.encryptBox()->isChecked());
        QVERIFY(!again.noAuthButton()->isChecked());
        QVERIFY(!again.resumeBox()->isChecked());
        again.accept();
        QCOMPARE(again.result(), int(QDialog::Accepted));
    }
    QCOMPARE(alice.workspaces->local()->certificateFingerprint(), fingerprint);
    QTRY_COMPARE_WITH_TIMEOUT(bob.window->indicator()->text(), QStringLiteral("Live"), 15000);
}

void TestHostDialog::quittingWhileOthersSyncHereAsksFirst()
{
    // Hosting with nobody connected: Quit quits.
    {
        Person carol(QStringLiteral("carol"), QStringLiteral("Carol"));
        QVERIFY(carol.open());
        QString error;
        QVERIFY2(carol.workspaces->local()->startHosting(HostingOptions{0, false, true}, &error),
                 qPrintable(error));
        QVERIFY(carol.window->close());
    }
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    QTRY_COMPARE(alice.workspaces->local()->otherUsers(), QStringList{QStringLiteral("bob")});

    // Bob syncs through Alice's Tandem: quitting asks, and staying keeps hosting.
    QVERIFY(!alice.window->close());
    auto *box = alice.window->findChild<QMessageBox *>(QStringLiteral("stopHostingBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(box->text(), QStringLiteral("1 other person syncs through this computer."));
    QCOMPARE(box->buttons().size(), 2); // Keep Tandem Open and Quit, no stray OK
    QCOMPARE(box->defaultButton()->text(), QStringLiteral("&Keep Tandem Open"));
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        box->grab().save(QDir(dir).filePath(QStringLiteral("quit-while-hosting.png")));
    box->defaultButton()->click();
    QTRY_VERIFY(!alice.window->findChild<QMessageBox *>(QStringLiteral("stopHostingBox")));
    QVERIFY(alice.window->isVisible());
    QVERIFY(alice.workspaces->local()->isHosting());

    // Asked again, Quit quits.
    QVERIFY(!alice.window->close());
    box = alice.window->findChild<QMessageBox *>(QStringLiteral("stopHostingBox"));
    QVERIFY(box);
    auto *quit = box->findChild<QPushButton *>(QStringLiteral("stopHostingButton"));
    QVERIFY(quit);
    quit->click();
    QTRY_VERIFY(!alice.window->isVisible());
}

void TestHostDialog::hostingStaysInSightWhileAnotherHubIsShown()
{
    // Alice hosts, and also works on Bob's hub: its notes are shown, hers still reach Bob.
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    QString error;
    QVERIFY2(bob.workspaces->local()->startHosting(HostingOptions{0, false, true}, &error),
             qPrintable(error));
    const QString link = bob.workspaces->local()->invite(alice.name(), &error);
    QVERIFY2(alice.workspaces->openLink(link, &error), qPrintable(error));
    QCOMPARE(alice.window->workspace()->name(), QStringLiteral("Bob"));
    QTRY_COMPARE(alice.window->indicator()->text(), QStringLiteral("Live"));

    // The label and the hosting actions stay: Bob still syncs through her computer.
    QTRY_VERIFY2(alice.window->hostingLabel()->text().endsWith(
                         QStringLiteral("— 1 other person connected")),
                 qPrintable(alice.window->hostingLabel()->text()));
    QVERIFY(!alice.window->hostingLabel()->isHidden());
    QVERIFY(alice.window->action(QStringLiteral("invite"))->isEnabled());
    QVERIFY(alice.window->action(QStringLiteral("stopHosting"))->isEnabled());
    QVERIFY(alice.window->action(QStringLiteral("hostServer"))->isEnabled());
    stopHostingWhenAsked(alice);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(alice.window->hostingLabel()->isHidden());
    QVERIFY(!alice.window->action(QStringLiteral("invite"))->isEnabled());
    QCOMPARE(alice.window->workspace()->name(), QStringLiteral("Bob")); // still shown
}

void TestHostDialog::aNarrowWindowCutsTheHostingStatusShort()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    // A note just deleted: its Undo shares the status bar too.
    alice.window->newNote();
    QTest::keyClicks(alice.window->titleEdit(), QStringLiteral("Quarterly planning notes"));
    alice.window->action(QStringLiteral("deleteNote"))->trigger();
    const int narrowest = alice.window->minimumSizeHint().width();
    QString error;
    QVERIFY2(alice.workspaces->local()->startHosting(HostingOptions{freePort(), false, true},
                                                     &error),
             qPrintable(error));
    ElidedLabel *hosting = alice.window->hostingLabel();
    QTRY_VERIFY(hosting->isVisible());
    alice.window->resize(narrowest, alice.window->height());
    QTRY_COMPARE(alice.window->width(), narrowest);
    QTRY_VERIFY2(hosting->shownText().endsWith(u'…'), qPrintable(hosting->shownText()));
    // And that is what is drawn: the same as the cut text set whole.
    const QString whole = hosting->text();
    const QImage drawn = hosting->grab().toImage();
    hosting->setText(hosting->shownText());
    QCOMPARE(hosting->grab().toImage(), drawn);
    hosting->setText(whole);
    QVERIFY(hosting->geometry().right() < alice.window->indicator()->geometry().left());
    QVERIFY(hosting->text().startsWith(QLatin1String("Hosting on ws://127.0.0.1:")));
    QCOMPARE(hosting->toolTip(), hosting->text());
    alice.screenshot(QStringLiteral("hosting-narrow"));
}

QTEST_MAIN(TestHostDialog)
#include "tst_hostdialog.moc"
