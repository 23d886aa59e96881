// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryDialog: the line diff it highlights with (kept / removed / added, in order), and the
// dialog on a real hub: versions listed newest first with their author, an old version's text
// shown with what changed since marked, and "Restore this version" bringing that text back in
// the editor (a new version; history is not rewritten). Offline it says the hub has the history,
// and loads it once connected. Versions are listed by burst of one person's editing, a large
// deletion beginning a burst of its own (the text before it restorable even when typing went on
// right after), and older pages come from the hub on request, back to the note's first version. A
// restore made by someone else is said in the status bar, with their name and the version.
#include "historydialog.h"
#include "notesession.h"
#include "presencemodel.h"
#include "windowfixture.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
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
    void aBurstOfOnePersonsEditingIsOneEntry();
    void theTextBeforeALargeDeletionIsAnEntryToRestore();
    void olderVersionsArePagedInOnRequest();
    void aRestoreBySomeoneElseIsSaidWithTheirName();
};

namespace {

/** Types text into the open note one character at a time, each its own version. */
bool typeVersions(Person &person, const QString &text)
{
    for (const QChar c : text) {
        QTest::keyClick(person.window->editor(), Qt::Key_End, Qt::ControlModifier);
        QTest::keyClicks(person.window->editor(), QString(c));
        if (!person.waitSynced())
            return false;
    }
    return true;
}

/** The row listing version (its own entry: a dialog with a negative burst gap), or -1. */
int rowOfVersion(const HistoryDialog &dialog, qint64 version)
{
    for (int row = 0; row < dialog.versionList()->count(); ++row)
        if (dialog.versionList()->item(row)->text().startsWith(
                    QStringLiteral("Version %1 ").arg(version)))
            return row;
    return -1;
}

QStringList entries(const HistoryDialog &dialog)
{
    QStringList texts;
    for (int row = 0; row < dialog.versionList()->count(); ++row)
        texts.append(dialog.versionList()->item(row)->text());
    return texts;
}

} // namespace

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
                                             L(Kind::Same, "milk"), L(Kind::Removed, "eggs"),
                                             L(Kind::Added, "ten eggs"), L(Kind::Same, "bread")};
    QTest::newRow("moved line") << S("x\na\nb\nc") << S("a\nb\nx\nc")
                                << QList<DiffLine>{L(Kind::Removed, "x"), L(Kind::Same, "a"),
                                                   L(Kind::Same, "b"), L(Kind::Added, "x"),
                                                   L(Kind::Same, "c")};
    // A line replaced by two: the old one first, as in every diff.
    QTest::newRow("line split") << S("a\nbread and butter\nc") << S("a\nbread\nbutter\nc")
                                << QList<DiffLine>{L(Kind::Same, "a"),
                                                   L(Kind::Removed, "bread and butter"),
                                                   L(Kind::Added, "bread"),
                                                   L(Kind::Added, "butter"), L(Kind::Same, "c")};
    QTest::newRow("from empty") << S("") << S("a")
                                << QList<DiffLine>{L(Kind::Removed, ""), L(Kind::Added, "a")};
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

    HistoryDialog dialog(alice.client(), noteId, alice.window.get(), {-1}); // each version
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY(dialog.versionList()->count() >= 2);
    QVERIFY2(dialog.versionList()->item(0)->text().startsWith(
                     QStringLiteral("Version %1 — Alice").arg(session->version())),
             qPrintable(dialog.versionList()->item(0)->text()));
    QTRY_COMPARE(dialog.shownVersion(), session->version());
    QVERIFY(!dialog.restoreButton()->isEnabled()); // the current version

    const int row = rowOfVersion(dialog, old);
    QVERIFY(row > 0);
    dialog.versionList()->setCurrentRow(row);
    QTRY_COMPARE(dialog.shownVersion(), old);
    QCOMPARE(dialog.textView()->toPlainText(),
             QStringLiteral("  milk\n− eggs\n+ ten eggs\n  bread\n+ butter"));
    // The removed line is red, the added ones green.
    const QTextDocument *doc = dialog.textView()->document();
    const auto background = [&](int block) {
        const QTextBlock b = doc->findBlockByNumber(block);
        return b.blockFormat().background();
    };
    QVERIFY(background(1).color().red() > background(1).color().green());
    QVERIFY(background(2).color().green() > background(2).color().red());
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

void TestHistoryDialog::aBurstOfOnePersonsEditingIsOneEntry()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    const QString noteId = alice.window->newNote();
    QVERIFY(alice.waitSynced());
    QVERIFY(shareAndOpen(alice, bob, noteId));

    // Bursts with a gap of one second: three of Alice's versions; a pause of 1.5 s; two more,
    // and right after them two of Bob's; then Alice again, one keystroke every 0.4 s for 3 s
    // (pauses under the gap, but longer than two gaps in all).
    QVERIFY(typeVersions(alice, QStringLiteral("abc")));
    QTest::qWait(1500);
    QVERIFY(typeVersions(alice, QStringLiteral("de")));
    QTRY_COMPARE(bob.text(), QStringLiteral("abcde"));
    QVERIFY(typeVersions(bob, QStringLiteral("fg")));
    QTRY_COMPARE(alice.text(), QStringLiteral("abcdefg"));
    QTest::qWait(2500);
    for (const QChar c : QStringLiteral("hijklmnp")) {
        QVERIFY(typeVersions(alice, QString(c)));
        QTest::qWait(400);
    }

    HistoryDialog dialog(alice.client(), noteId, alice.window.get(), {1000});
    dialog.show();
    QTRY_VERIFY(dialog.versionList()->count() >= 5);
    const QStringList listed = entries(dialog);
    const qsizetype n = listed.size();
    // Oldest first here: Alice's three, her two, Bob's two, then the long one cut in two or
    // more (each at most two gaps long).
    QVERIFY2(listed.at(n - 1).startsWith(QStringLiteral("Version 3 — Alice\n")) &&
                     listed.at(n - 1).endsWith(QStringLiteral(" · 3 edits")),
             qPrintable(listed.join(u'|')));
    QVERIFY2(listed.at(n - 2).startsWith(QStringLiteral("Version 5 — Alice\n")) &&
                     listed.at(n - 2).endsWith(QStringLiteral(" · 2 edits")),
             qPrintable(listed.join(u'|')));
    QVERIFY2(listed.at(n - 3).startsWith(QStringLiteral("Version 7 — Bob\n")) &&
                     listed.at(n - 3).endsWith(QStringLiteral(" · 2 edits")),
             qPrintable(listed.join(u'|')));
    QVERIFY2(n >= 5 && listed.at(0).startsWith(QStringLiteral("Version 15 — Alice\n")),
             qPrintable(listed.join(u'|')));
    QVERIFY(!dialog.olderVersionsItem());

    // An entry shows the note as its burst left it.
    dialog.versionList()->setCurrentRow(int(n - 3));
    QTRY_COMPARE(dialog.shownVersion(), 7);
    QVERIFY(dialog.textView()->toPlainText().contains(QLatin1String("abcdefg")));
}

void TestHistoryDialog::theTextBeforeALargeDeletionIsAnEntryToRestore()
{
    // Typing, everything selected and deleted by mistake, more typing: all within a minute, so
    // one burst by time alone.
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    const QString noteId = alice.window->newNote();
    const QString list = QStringLiteral("Milk, eggs, bread and apples.");
    QVERIFY(typeVersions(alice, list));
    QTest::keyClick(alice.window->editor(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(alice.window->editor(), Qt::Key_Delete);
    QVERIFY(alice.waitSynced());
    QVERIFY(typeVersions(alice, QStringLiteral("Only coffee.")));
    QCOMPARE(alice.client()->session(noteId)->version(), 42);

    HistoryDialog dialog(alice.client(), noteId, alice.window.get());
    dialog.show();
    QTRY_COMPARE(dialog.versionList()->count(), 2);
    const QStringList listed = entries(dialog);
    QVERIFY2(listed.at(0).startsWith(QStringLiteral("Version 42 — Alice\n")) &&
                     listed.at(0).endsWith(
                             QStringLiteral(" · 13 edits\nbegan by deleting 29 characters")),
             qPrintable(listed.join(u'|')));
    QVERIFY2(listed.at(1).startsWith(QStringLiteral("Version 29 — Alice\n")) &&
                     listed.at(1).endsWith(QStringLiteral(" · 29 edits")),
             qPrintable(listed.join(u'|')));

    dialog.versionList()->setCurrentRow(1);
    QTRY_COMPARE(dialog.shownVersion(), 29);
    QCOMPARE(dialog.textView()->toPlainText(), QStringLiteral("− %1\n+ Only coffee.").arg(list));
    QTRY_VERIFY(dialog.restoreButton()->isEnabled());
    QTest::mouseClick(dialog.restoreButton(), Qt::LeftButton);
    QTRY_COMPARE(alice.text(), list);

    // The deletion alone, with nothing after it, is an entry of one edit that says so.
    QVERIFY(alice.waitSynced());
    QTest::keyClick(alice.window->editor(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(alice.window->editor(), Qt::Key_Delete);
    QVERIFY(alice.waitSynced());
    HistoryDialog after(alice.client(), noteId, alice.window.get());
    after.show();
    QTRY_VERIFY(after.versionList()->count() >= 2);
    QVERIFY2(entries(after).at(0).startsWith(QStringLiteral("Version 44 — Alice\n")) &&
                     entries(after).at(0).endsWith(QStringLiteral("\ndeleted 29 characters")) &&
                     !entries(after).at(0).contains(QLatin1String("edits")),
             qPrintable(entries(after).join(u'|')));
}

void TestHistoryDialog::olderVersionsArePagedInOnRequest()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    const QString noteId = alice.window->newNote();
    QVERIFY(typeVersions(alice, QStringLiteral("0123456789")));
    QCOMPARE(alice.client()->session(noteId)->version(), 10);

    // One burst, four versions a page: the burst grows as the pages come, to version 1.
    HistoryDialog bursts(alice.client(), noteId, alice.window.get(), {5 * 60 * 1000, 4});
    bursts.show();
    QTRY_COMPARE(bursts.versionList()->count(), 2);
    QVERIFY(bursts.versionList()->item(0)->text().endsWith(QStringLiteral(" · 4 edits")));
    QVERIFY(bursts.olderVersionsItem());
    QCOMPARE(bursts.olderVersionsItem()->text(), QStringLiteral("Show older versions…"));
    bursts.versionList()->setCurrentItem(bursts.olderVersionsItem());
    QTRY_VERIFY(bursts.versionList()->item(0)->text().endsWith(QStringLiteral(" · 8 edits")));
    QCOMPARE(bursts.versionList()->currentRow(), 0);
    QVERIFY(!bursts.restoreButton()->isEnabled()); // the newest, shown
    bursts.versionList()->setCurrentItem(bursts.olderVersionsItem());
    QTRY_VERIFY(bursts.versionList()->item(0)->text().endsWith(QStringLiteral(" · 10 edits")));
    QCOMPARE(bursts.versionList()->count(), 1); // nothing older: no more to ask for

    // Ten versions in pages of five: the second page, full, reaches version 1, so nothing
    // older is offered after it.
    HistoryDialog exact(alice.client(), noteId, alice.window.get(), {-1, 5});
    exact.show();
    QTRY_COMPARE(exact.versionList()->count(), 6);
    exact.versionList()->setCurrentItem(exact.olderVersionsItem());
    QTRY_COMPARE(exact.versionList()->count(), 10);
    QVERIFY(!exact.olderVersionsItem());

    // Every version its own entry: the page asked for starts at the version just before
    // those listed, shown at once, and the note's first version can be restored.
    HistoryDialog each(alice.client(), noteId, alice.window.get(), {-1, 4});
    each.show();
    QTRY_COMPARE(each.versionList()->count(), 5);
    each.versionList()->setCurrentItem(each.olderVersionsItem());
    QTRY_COMPARE(each.versionList()->count(), 9);
    QVERIFY(each.versionList()->currentItem()->text().startsWith(QStringLiteral("Version 6 — ")));
    QTRY_COMPARE(each.shownVersion(), 6);
    each.versionList()->setCurrentItem(each.olderVersionsItem());
    QTRY_COMPARE(each.versionList()->count(), 10);
    QVERIFY(!each.olderVersionsItem());
    QVERIFY(each.versionList()->currentItem()->text().startsWith(QStringLiteral("Version 2 — ")));
    each.versionList()->setCurrentRow(9);
    QTRY_COMPARE(each.shownVersion(), 1);
    QTRY_VERIFY(each.restoreButton()->isEnabled());
    QTest::mouseClick(each.restoreButton(), Qt::LeftButton);
    QTRY_COMPARE(alice.text(), QStringLiteral("0"));
}

void TestHistoryDialog::aRestoreBySomeoneElseIsSaidWithTheirName()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(hostsWithGuestSignedIn(alice, bob));
    const QString noteId = alice.window->newNote();
    QTest::keyClicks(alice.window->editor(), QStringLiteral("milk"));
    QVERIFY(alice.waitSynced());
    const qint64 milk = alice.client()->session(noteId)->version();
    QTest::keyClicks(alice.window->editor(), QStringLiteral(", eggs"));
    QVERIFY(shareAndOpen(alice, bob, noteId));
    QTRY_COMPARE(bob.text(), QStringLiteral("milk, eggs"));
    QTRY_COMPARE(alice.window->presence()->rowCount(), 1);

    // Bob brings back the version with only milk; Alice's text changes under her eyes.
    HistoryDialog dialog(bob.client(), noteId, bob.window.get(), {-1}); // each version
    dialog.show();
    int row = -1;
    QTRY_VERIFY((row = rowOfVersion(dialog, milk)) >= 0);
    dialog.versionList()->setCurrentRow(row);
    QTRY_COMPARE(dialog.shownVersion(), milk);
    QTest::mouseClick(dialog.restoreButton(), Qt::LeftButton);
    QTRY_COMPARE(alice.text(), QStringLiteral("milk"));
    QCOMPARE(alice.window->statusBar()->currentMessage(),
             QStringLiteral("Bob restored version %1 of this note: History (Ctrl+H) has the text "
                            "before.")
                     .arg(milk));
    QTRY_COMPARE(bob.window->statusBar()->currentMessage(),
                 QStringLiteral("Version %1 restored.").arg(milk));
    // Typing is not a restore: nothing more is said.
    alice.window->statusBar()->clearMessage();
    QTest::keyClick(bob.window->editor(), Qt::Key_End, Qt::ControlModifier);
    QTest::keyClicks(bob.window->editor(), QStringLiteral("!"));
    QTRY_COMPARE(alice.text(), QStringLiteral("milk!"));
    QCOMPARE(alice.window->statusBar()->currentMessage(), QString());
}

QTEST_MAIN(TestHistoryDialog)
#include "tst_historydialog.moc"
