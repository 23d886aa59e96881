// SPDX-License-Identifier: GPL-3.0-or-later
// ShareDialog between two real windows: the owner shares a note with Bob as a viewer, Bob's
// window shows it read-only with the reason and refuses typing; made an editor, Bob can type
// and Alice sees it; removed, the note leaves Bob's list. Only the owner may open the dialog.
// The user id field suggests the people on the owner's other notes, and an id no one has
// signed in with is shared but marked, so a misspelling does not pass for a share that worked.
#include "noteeditor.h"
#include "notelistmodel.h"
#include "sharedialog.h"
#include "windowfixture.h"
#include "workspace.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTreeWidget>

class TestShareDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void viewerThenEditorThenRemoved();
    void anIdNoOneSignedInWithIsSharedButMarked();
    void theUserFieldSuggestsThePeopleOnOtherNotes();
};

namespace {

/** Alice hosting, with a titled note; Bob signed in to her hub through an invite. */
QString aliceHostsAndBobSignsIn(Person &alice, Person &bob)
{
    if (!hostsWithGuestSignedIn(alice, bob))
        return {};
    const QString noteId = alice.window->newNote();
    QTest::keyClicks(alice.window->titleEdit(), QStringLiteral("Budget"));
    QTest::keyClick(alice.window->titleEdit(), Qt::Key_Return);
    return alice.waitSynced() ? noteId : QString();
}

QStringList suggestions(const ShareDialog &dialog)
{
    QStringList texts;
    const QAbstractItemModel *model = dialog.peopleCompleter()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        texts.append(model->index(row, 0).data().toString());
    return texts;
}

} // namespace

void TestShareDialog::initTestCase()
{
    setUpWindowTests();
}

void TestShareDialog::viewerThenEditorThenRemoved()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice.open());
    QVERIFY(bob.open());
    QString error;
    QVERIFY(alice.workspaces->local()->startHosting(HostingOptions{0, false, true}, &error));
    const QString noteId = alice.window->newNote();
    QTest::keyClicks(alice.window->titleEdit(), QStringLiteral("Budget"));
    QTest::keyClick(alice.window->titleEdit(), Qt::Key_Return);
    QTest::keyClicks(alice.window->editor(), QStringLiteral("rent 900"));
    QVERIFY(alice.waitSynced());
    QVERIFY(alice.window->action(QStringLiteral("share"))->isEnabled());
    const QString link = alice.workspaces->local()->invite(QStringLiteral("Bob"), &error, false);
    QVERIFY(bob.workspaces->openLink(link, &error));
    QVERIFY(bob.waitSynced());
    QCOMPARE(bob.window->notesModel()->rowOf(noteId), -1); // not shared yet

    ShareDialog dialog(alice.client(), noteId, alice.window.get());
    dialog.show();
    QCOMPARE(dialog.collaboratorList()->topLevelItemCount(), 0);
    QTest::keyClicks(dialog.userEdit(), QStringLiteral("bob"));
    dialog.roleChoice()->setCurrentIndex(1); // only read
    QTest::mouseClick(dialog.addButton(), Qt::LeftButton);
    QTRY_COMPARE(dialog.collaborators().value(QStringLiteral("bob")), QStringLiteral("viewer"));
    QCOMPARE(dialog.collaboratorList()->topLevelItemCount(), 1);
    // Listed by the name Bob signed in with, as the hub knows it.
    QTRY_COMPARE(dialog.collaboratorList()->topLevelItem(0)->text(0), QStringLiteral("Bob (bob)"));
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        dialog.grab().save(QDir(dir).filePath(QStringLiteral("share-dialog.png")));

    QTRY_VERIFY(bob.window->notesModel()->rowOf(noteId) >= 0);
    bob.window->openNote(noteId);
    QTRY_COMPARE(bob.text(), QStringLiteral("rent 900"));
    QTRY_COMPARE(bob.window->titleEdit()->text(), QStringLiteral("Budget"));
    QTRY_VERIFY(bob.window->editor()->isReadOnly());
    QVERIFY(bob.window->noteBanner()->isVisible());
    QVERIFY(bob.window->noteBanner()->text().contains(QLatin1String("viewer")));
    QVERIFY(bob.window->titleEdit()->isReadOnly());
    QVERIFY(!bob.window->action(QStringLiteral("share"))->isEnabled());
    QTest::keyClicks(bob.window->editor(), QStringLiteral("x"));
    QCOMPARE(bob.text(), QStringLiteral("rent 900"));
    bob.screenshot(QStringLiteral("viewer"));

    // Made an editor: Bob types, Alice sees it.
    auto *role = qobject_cast<QComboBox *>(
            dialog.collaboratorList()->itemWidget(dialog.collaboratorList()->topLevelItem(0), 1));
    QVERIFY(role);
    role->setCurrentIndex(0);
    Q_EMIT role->activated(0);
    QTRY_COMPARE(dialog.collaborators().value(QStringLiteral("bob")), QStringLiteral("editor"));
    QTRY_VERIFY(!bob.window->editor()->isReadOnly());
    QVERIFY(bob.window->noteBanner()->isHidden());
    QTest::keyClick(bob.window->editor(), Qt::Key_End);
    QTest::keyClicks(bob.window->editor(), QStringLiteral(", food 300"));
    QTRY_COMPARE(alice.text(), QStringLiteral("rent 900, food 300"));

    // Removed: the note leaves Bob's window.
    dialog.collaboratorList()->setCurrentItem(dialog.collaboratorList()->topLevelItem(0));
    dialog.removeSelected();
    QTRY_VERIFY(!dialog.collaborators().contains(QStringLiteral("bob")));
    QTRY_COMPARE(bob.window->notesModel()->rowOf(noteId), -1);
    QTRY_VERIFY(bob.window->currentNoteId().isEmpty());
}

void TestShareDialog::anIdNoOneSignedInWithIsSharedButMarked()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    const QString noteId = aliceHostsAndBobSignsIn(alice, bob);
    QVERIFY(!noteId.isEmpty());

    ShareDialog dialog(alice.client(), noteId, alice.window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QCOMPARE(QApplication::focusWidget(), dialog.userEdit()); // type the id straight away
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("bo")); // Bob's id, misspelled
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_COMPARE(dialog.collaborators().value(QStringLiteral("bo")), QStringLiteral("editor"));
    QCOMPARE(dialog.collaboratorList()->topLevelItem(0)->text(0),
             QStringLiteral("bo — not signed in yet"));
    QVERIFY(dialog.statusLabel()->text().contains(
            QStringLiteral("No one has signed in to this hub as “bo” yet")));

    // The right id: listed by name, no warning.
    dialog.collaboratorList()->setCurrentItem(dialog.collaboratorList()->topLevelItem(0));
    dialog.removeSelected();
    QTRY_VERIFY(dialog.collaborators().isEmpty());
    QTest::keyClicks(dialog.userEdit(), QStringLiteral("bob"));
    QTest::keyClick(dialog.userEdit(), Qt::Key_Return);
    QTRY_COMPARE(dialog.collaborators().value(QStringLiteral("bob")), QStringLiteral("editor"));
    QCOMPARE(dialog.collaboratorList()->topLevelItem(0)->text(0), QStringLiteral("Bob (bob)"));
    QCOMPARE(dialog.statusLabel()->text(), QStringLiteral("Bob (bob) may edit it."));
    QVERIFY(dialog.userEdit()->text().isEmpty());
}

void TestShareDialog::theUserFieldSuggestsThePeopleOnOtherNotes()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    const QString budget = aliceHostsAndBobSignsIn(alice, bob);
    QVERIFY(!budget.isEmpty());
    QVERIFY(alice.client()->share(budget, QStringLiteral("bob"), QStringLiteral("viewer")));
    QVERIFY(alice.client()->share(budget, QStringLiteral("dana"), QStringLiteral("editor")));
    QTRY_COMPARE(alice.client()->store()->note(budget)->collaborators.size(), 2);
    const QString plans = alice.window->newNote();
    QVERIFY(alice.waitSynced());

    ShareDialog dialog(alice.client(), plans, alice.window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    // Everyone on her other notes, by name where the hub knows it; never herself.
    QCOMPARE(suggestions(dialog),
             (QStringList{QStringLiteral("Bob (bob)"), QStringLiteral("dana")}));

    // "ob" finds Bob by a part of his name; the suggestion taken shares with his id.
    QTest::keyClicks(dialog.userEdit(), QStringLiteral("ob"));
    QTRY_VERIFY(dialog.peopleCompleter()->popup()->isVisible());
    QCOMPARE(dialog.peopleCompleter()->completionCount(), 1);
    QTest::keyClick(dialog.peopleCompleter()->popup(), Qt::Key_Down);
    QCOMPARE(dialog.userEdit()->text(), QStringLiteral("Bob (bob)"));
    QCOMPARE(dialog.userIdInField(), QStringLiteral("bob"));
    QTest::mouseClick(dialog.addButton(), Qt::LeftButton);
    QTRY_COMPARE(dialog.collaborators().value(QStringLiteral("bob")), QStringLiteral("editor"));
    QVERIFY(!dialog.collaborators().contains(QStringLiteral("Bob (bob)")));
    QVERIFY(dialog.userEdit()->text().isEmpty());
    // Now on this note, Bob is no longer suggested for it.
    QCOMPARE(suggestions(dialog), QStringList{QStringLiteral("dana")});
    QTRY_VERIFY(bob.window->notesModel()->rowOf(plans) >= 0);
}

QTEST_MAIN(TestShareDialog)
#include "tst_sharedialog.moc"
