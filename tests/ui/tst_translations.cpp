// SPDX-License-Identifier: GPL-3.0-or-later
// The translations scaffold works end to end: translations/tandem_de.ts is compiled into the
// app's resources, loads for a German locale as main() loads it, and the window's menus and
// buttons come out in German (every string goes through tr()); without it they are English.
// And the German file is whole: every string translated, each translation keeping its
// source's placeholders (%1, %2…) and, where the source has one, a keyboard accelerator; and
// current: lupdate run over the sources now finds no string the file lacks.
#include "mainwindow.h"
#include "presencemodel.h"
#include "windowfixture.h"

#include <QApplication>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTranslator>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theGermanTranslationIsEmbeddedAndUsed();
    void everyGermanStringIsTranslatedWithItsPlaceholders();
    void everyStringOfTheSourcesIsInTheGermanFile();
};

namespace {
struct Message
{
    QString context;
    QString source;
    QString translation;
    bool unfinished = false;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            messages.append(Message{context, {}, {}, false});
        } else if (xml.name() == QLatin1String("source") && !messages.isEmpty()) {
            messages.last().source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation") && !messages.isEmpty()) {
            messages.last().unfinished =
                    xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            // Plural forms are child elements: their texts, one after the other.
            messages.last().translation =
                    xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("%\\d+"));
    QStringList found;
    for (const QRegularExpressionMatch &match : placeholder.globalMatch(text))
        found << match.captured();
    found.sort();
    return found;
}

bool hasAccelerator(const QString &text)
{
    return QString(text).remove(QLatin1String("&&")).contains(u'&');
}
} // namespace

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
    // The models' strings are in the same file; presence words from the protocol are shown
    // translated, another client's own word as it came.
    QCOMPARE(PresenceModel::statusText(QStringLiteral("away")), QStringLiteral("abwesend"));
    QCOMPARE(PresenceModel::statusText(QStringLiteral("in a meeting")),
             QStringLiteral("in a meeting"));
    QApplication::removeTranslator(&translator);
    QCOMPARE(PresenceModel::statusText(QStringLiteral("away")), QStringLiteral("away"));
}

void TestTranslations::everyGermanStringIsTranslatedWithItsPlaceholders()
{
    QString error;
    const QList<Message> messages =
            readTs(QStringLiteral(TANDEM_TRANSLATIONS_DIR "/tandem_de.ts"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 200);
    QStringList wrong;
    for (const Message &m : messages) {
        const QString where = m.context + QLatin1String(": ") + m.source;
        if (m.unfinished || m.translation.isEmpty())
            wrong << QLatin1String("not translated: ") + where;
        else if (placeholders(m.source) != placeholders(m.translation))
            wrong << QLatin1String("placeholders differ: ") + where;
        else if (hasAccelerator(m.source) != hasAccelerator(m.translation))
            wrong << QLatin1String("accelerator missing or extra: ") + where;
    }
    QVERIFY2(wrong.isEmpty(),
             qPrintable(wrong.join(u'\n') +
                        QLatin1String("\n(cmake --build build/default --target "
                                      "update_translations, then translate in "
                                      "translations/tandem_de.ts)")));
}

void TestTranslations::everyStringOfTheSourcesIsInTheGermanFile()
{
    // lupdate as update_translations runs it, on a copy: a tr() string added to the code and
    // not to the file would be shown in English to a German user.
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("tandem_de.ts"));
    QVERIFY(QFile::copy(QStringLiteral(TANDEM_TRANSLATIONS_DIR "/tandem_de.ts"), copy));
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(TANDEM_SOURCE_DIR));
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(TANDEM_LUPDATE),
                  {QStringLiteral("ui"), QStringLiteral("models"), QStringLiteral("net/client"),
                   QStringLiteral("-ts"), copy, QStringLiteral("-no-obsolete"),
                   QStringLiteral("-locations"), QStringLiteral("none")});
    QVERIFY(lupdate.waitForFinished(60'000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
    QString error;
    const auto keys = [&](const QString &path) {
        QSet<QString> result;
        for (const Message &m : readTs(path, &error))
            result.insert(m.context + QLatin1String(": ") + m.source);
        return result;
    };
    const QSet<QString> committed = keys(QStringLiteral(TANDEM_TRANSLATIONS_DIR "/tandem_de.ts"));
    const QSet<QString> current = keys(copy);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(current.size() > 200);
    QStringList missing = (current - committed).values();
    missing.sort();
    QVERIFY2(missing.isEmpty(),
             qPrintable(QLatin1String("not in translations/tandem_de.ts:\n") + missing.join(u'\n') +
                        QLatin1String("\n(cmake --build build/default --target "
                                      "update_translations, then translate them)")));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
