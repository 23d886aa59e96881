// SPDX-License-Identifier: GPL-3.0-or-later
// The translations scaffold works end to end: translations/tandem_de.ts is compiled into the
// app's resources, loads for a German locale as main() loads it, and the window's menus and
// buttons come out in German (every string goes through tr()); without it they are English.
#include "mainwindow.h"
#include "windowfixture.h"

#include <QApplication>
#include <QMenuBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTranslator>

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theGermanTranslationIsEmbeddedAndUsed();
};

void TestTranslations::initTestCase()
{
    setUpWindowTests();
}

void TestTranslations::theGermanTranslationIsEmbeddedAndUsed()
{
    const auto menuTitles = [](MainWindow &window) {
        QStringList titles;
        for (QAction *menu : window.menuBar()->actions())
            titles << menu->text();
        return titles.join(u',');
    };
    {
        Person english(QStringLiteral("ann"), QStringLiteral("Ann"));
        QVERIFY(english.open());
        QCOMPARE(menuTitles(*english.window),
                 QStringLiteral("&File,&Edit,&View,&Note,&Server,&Help"));
    }
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("tandem"),
                            QStringLiteral("_"), QStringLiteral(":/tandem/i18n")));
    QVERIFY(QApplication::installTranslator(&translator));
    Person german(QStringLiteral("ann"), QStringLiteral("Ann"));
    QVERIFY(german.open());
    QCOMPARE(menuTitles(*german.window),
             QStringLiteral("&Datei,&Bearbeiten,&Ansicht,&Notiz,&Server,&Hilfe"));
    QCOMPARE(german.window->action(QStringLiteral("newNote"))->text(),
             QStringLiteral("&Neue Notiz"));
    QCOMPARE(german.window->workspace()->name(), QStringLiteral("Dieser Computer"));
    auto *newButton = german.window->findChild<QPushButton *>(QStringLiteral("newNoteButton"));
    QVERIFY(newButton);
    QCOMPARE(newButton->text(), QStringLiteral("Neue Notiz"));
    QApplication::removeTranslator(&translator);
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
