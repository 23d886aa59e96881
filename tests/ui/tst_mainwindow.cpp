// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow: it opens with Tandem's title and its panes, names the note being edited in
// the title, and renders real pixels (the screenshot is written when TANDEM_SCREENSHOT_DIR
// is set, for people to look at).
#include "mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensWithTitleAndPanes();
    void titleNamesTheCurrentNote();
    void hasQuitAndAboutActions();
    void rendersPixels();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("Tandem"));
    QApplication::setOrganizationName(QStringLiteral("TandemTests"));
}

void TestMainWindow::opensWithTitleAndPanes()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Tandem"));
    QVERIFY(window.editor()->isVisible());
    QVERIFY(window.notesList()->isVisible());
    QVERIFY(window.titleEdit()->isVisible());
    QVERIFY(!window.editor()->isReadOnly());
}

void TestMainWindow::titleNamesTheCurrentNote()
{
    MainWindow window;
    QTest::keyClicks(window.titleEdit(), QStringLiteral("Groceries"));
    QCOMPARE(window.windowTitle(), QStringLiteral("Groceries — Tandem"));
    window.titleEdit()->clear();
    QCOMPARE(window.windowTitle(), QStringLiteral("Tandem"));
}

void TestMainWindow::hasQuitAndAboutActions()
{
    MainWindow window;
    QStringList texts;
    const auto menus = window.menuBar()->actions();
    for (QAction *menu : menus)
        for (QAction *action : menu->menu()->actions())
            texts << action->text();
    QVERIFY2(texts.contains(QStringLiteral("&Quit")), qPrintable(texts.join(u',')));
    QVERIFY2(texts.contains(QStringLiteral("&About Tandem")), qPrintable(texts.join(u',')));
}

void TestMainWindow::rendersPixels()
{
    MainWindow window;
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.titleEdit()->setText(QStringLiteral("Meeting notes"));
    window.editor()->setPlainText(QStringLiteral("Agenda\n- budget\n- launch date"));
    const QImage shot = window.grab().toImage();
    QVERIFY(!shot.isNull());
    QCOMPARE(shot.size(), window.size() * window.devicePixelRatio());
    // Not a blank surface: the editor text and panes give many distinct colours.
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 7)
        for (int x = 0; x < shot.width(); x += 7)
            colours.insert(shot.pixel(x, y));
    QVERIFY2(colours.size() > 5, "the window rendered as a flat surface");
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(shot.save(QDir(dir).filePath(QStringLiteral("mainwindow.png"))));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
