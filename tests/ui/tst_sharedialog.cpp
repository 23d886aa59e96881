// SPDX-License-Identifier: GPL-3.0-or-later
// ShareDialog between two real windows: the owner shares a note with Bob as a viewer, Bob's
// window shows it read-only with the reason and refuses typing; made an editor, Bob can type
// and Alice sees it; removed, the note leaves Bob's list. Only the owner may open the dialog.
#include "noteeditor.h"
#include "notelistmodel.h"
#include "sharedialog.h"
#include "windowfixture.h"
#include "workspace.h"

#include <QApplication>
#include <QComboBox>
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
};

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

QTEST_MAIN(TestShareDialog)
#include "tst_sharedialog.moc"
