// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryDialog: the line diff it highlights with (kept / removed / added, in order), and the
// dialog on a real hub: versions listed newest first with their author, an old version's text
// shown with what changed since marked, and "Restore this version" bringing that text back in
// the editor (a new version; history is not rewritten). Offline it says the hub has the history,
// and loads it once connected.
#include "historydialog.h"
#include "windowfixture.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTextBlock>
#include <QTextEdit>

using Kind = DiffLine::Kind;

class TestHistoryDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void diffKeepsOrderAndMarksChanges_data();
    void diffKeepsOrderAndMarksChanges();
    void showsAnOldVersionWithChangesAndRestoresIt();
    void offlineItSaysSoAndLoadsOnceConnected();
};

void TestHistoryDialog::initTestCase()
{
    setUpWindowTests();
}

void TestHistoryDialog::diffKeepsOrderAndMarksChanges_data()
{
    const auto S = [](const char *text) { return QString::fromUtf8(text); };
    const auto L = [](Kind kind, const char *text) {
        return DiffLine{kind, QString::fromUtf8(text)};
    };
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QList<DiffLine>>("expected");
    QTest::newRow("same") << S("a\nb") << S("a\nb")
                          << QList<DiffLine>{L(Kind::Same, "a"), L(Kind::Same, "b")};
    QTest::newRow("added at end") << S("a") << S("a\nb")
                                  << QList<DiffLine>{L(Kind::Same, "a"), L(Kind::Added, "b")};
    QTest::newRow("removed in middle")
            << S("a\nb\nc") << S("a\nc")
            << QList<DiffLine>{L(Kind::Same, "a"), L(Kind::Removed, "b"), L(Kind::Same, "c")};
    QTest::newRow("changed line") << S("milk\neggs\nbread") << S("milk\nten eggs\nbread")
                                  << QList<DiffLine>{
                                             L(Kind::Same, "milk"), L(Kind::Added, "ten eggs"),
                                             L(Kind::Removed, "eggs"), L(Kind::Same, "bread")};
    QTest::newRow("moved line") << S("x\na\nb\nc") << S("a\nb\nx\nc")
                                << QList<DiffLine>{L(Kind::Removed, "x"), L(Kind::Same, "a"),
                                                   L(Kind::Same, "b"), L(Kind::Added, "x"),
                                                   L(Kind::Same, "c")};
    QTest::newRow("from empty") << S("") << S("a")
                                << QList<DiffLine>{L(Kind::Added, "a"), L(Kind::Removed, "")};
}

void TestHistoryDialog::diffKeepsOrderAndMarksChanges()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QList<DiffLine>, expected);
    const QList<DiffLine> lines = HistoryDialog::diff(before, after);
    QCOMPARE(lines, expected);
    // Whatever the alignment, the kept and removed lines are before, kept and added after.
    QStringList a;
    QStringList b;
    for (const DiffLine &line : lines) {
        if (line.kind != Kind::Added)
            a << line.text;
        if (line.kind != Kind::Removed)
            b << line.text;
    }
    QCOMPARE(a.join(u'\n'), before);
    QCOMPARE(b.join(u'\n'), after);
}

void TestHistoryDialog::showsAnOldVersionWithChangesAndRestoresIt()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    const QString noteId = alice.window->newNote();
    QTest::keyClicks(alice.window->titleEdit(), QStringLiteral("Groceries"));
    NoteSession *session = alice.client()->session(noteId);
    const auto write = [&](const QString &text) {
        alice.window->editor()->selectAll();
        alice.window->editor()->insertPlainText(text);
    };
    write(QStringLiteral("milk\neggs\nbread"));
    QVERIFY(alice.waitSynced());
    const qint64 old = session->version();
    write(QStringLiteral("milk\nten eggs\nbread\nbutter"));
    QVERIFY(alice.waitSynced());
    QCOMPARE(alice.text(), QStringLiteral("milk\nten eggs\nbread\nbutter"));

    HistoryDialog dialog(alice.client(), noteId, alice.window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY(dialog.versionList()->count() >= 2);
    QVERIFY2(dialog.versionList()->item(0)->text().startsWith(
                     QStringLiteral("Version %1 — Alice").arg(session->version())),
             qPrintable(dialog.versionList()->item(0)->text()));
    QTRY_COMPARE(dialog.shownVersion(), session->version());
    QVERIFY(!dialog.restoreButton()->isEnabled()); // the current version

    int row = -1;
    for (int i = 0; i < dialog.versionList()->count(); ++i)
        if (dialog.versionList()->item(i)->text().startsWith(
                    QStringLiteral("Version %1 ").arg(old)))
            row = i;
    QVERIFY(row > 0);
    dialog.versionList()->setCurrentRow(row);
    QTRY_COMPARE(dialog.shownVersion(), old);
    QCOMPARE(dialog.textView()->toPlainText(),
             QStringLiteral("  milk\n+ ten eggs\n− eggs\n  bread\n+ butter"));
    // The added lines are green, the removed one red.
    const QTextDocument *doc = dialog.textView()->document();
    const auto background = [&](int block) {
        const QTextBlock b = doc->findBlockByNumber(block);
        return b.blockFormat().background();
    };
    QVERIFY(background(1).color().green() > background(1).color().red());
    QVERIFY(background(2).color().red() > background(2).color().green());
    QCOMPARE(background(0).style(), Qt::NoBrush);
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        dialog.grab().save(QDir(dir).filePath(QStringLiteral("history-dialog.png")));

    QVERIFY(dialog.restoreButton()->isEnabled());
    const qint64 before = session->version();
    QTest::mouseClick(dialog.restoreButton(), Qt::LeftButton);
    QTRY_COMPARE(alice.text(), QStringLiteral("milk\neggs\nbread"));
    QVERIFY(alice.waitSynced());
    QVERIFY(session->version() > before); // a new version, not a rewrite
}

void TestHistoryDialog::offlineItSaysSoAndLoadsOnceConnected()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    const QString noteId = alice.window->newNote();
    QVERIFY(alice.waitSynced());
    alice.client()->disconnectFromHub();
    HistoryDialog dialog(alice.client(), noteId, alice.window.get());
    QCOMPARE(dialog.versionList()->count(), 0);
    QVERIFY(!dialog.restoreButton()->isEnabled());
    bool said = false;
    for (QLabel *label : dialog.findChildren<QLabel *>())
        said |= label->text() ==
                QLatin1String("The history is kept by the hub: connect to see it.");
    QVERIFY(said);
}

QTEST_MAIN(TestHistoryDialog)
#include "tst_historydialog.moc"
