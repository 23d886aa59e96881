// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialstore.h"
#include "mainwindow.h"
#include "singleinstance.h"
#include "tandemversion.h"
#include "workspaces.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>

namespace {

struct Options
{
    QCommandLineOption profile{QStringLiteral("profile"),
                               QApplication::translate("main",
                                                       "Keep notes, settings and logins in DIR "
                                                       "(one Tandem runs per profile)."),
                               QStringLiteral("DIR")};
};

void setUp(QCommandLineParser &parser, Options &options)
{
    parser.setApplicationDescription(
            QApplication::translate("main", "Tandem: write notes together, live."));
    parser.addOption(options.profile);
    parser.addPositionalArgument(
            QStringLiteral("link"),
            QApplication::translate("main",
                                    "Invite links to open (tandem://HOST:PORT/join?token=…)."),
            QStringLiteral("[link…]"));
}

void openLinks(Workspaces &workspaces, MainWindow &window, const QStringList &links)
{
    for (const QString &link : links) {
        QString error;
        if (!workspaces.openLink(link, &error))
            QMessageBox::warning(&window, QApplication::translate("main", "Open Invite Link"),
                                 error);
    }
}

/** Prints the wall-clock time of the window's first paint and quits (for the benchmark). */
class FirstPaintProbe : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            // After this paint has finished: the frame is on screen.
            QTimer::singleShot(0, qApp, []() {
                fprintf(stderr, "first-paint-epoch-ms %lld\n",
                        static_cast<long long>(QDateTime::currentMSecsSinceEpoch()));
                QApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_seen = false;
};

std::unique_ptr<QObject> firstPaintProbe(QWidget *window)
{
    auto probe = std::make_unique<FirstPaintProbe>();
    window->installEventFilter(probe.get());
    return probe;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication::setApplicationName(QStringLiteral("Tandem"));
    QApplication::setOrganizationName(QStringLiteral("Tandem"));
    QApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(TANDEM_APP_ID));

    // --help and --version work without a display (on a server, in a package test, over
    // ssh): they are answered by a QCoreApplication, before any window system is touched.
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" ||
            argument == "-v" || argument == "--version" || argument == "-?") {
            QCoreApplication core(argc, argv);
            QCommandLineParser parser;
            Options options;
            setUp(parser, options);
            parser.addHelpOption();
            parser.addVersionOption();
            parser.process(core); // prints and exits
        }
    }

    QApplication app(argc, argv);
    // The user's language, when there is a translation (translations/*.ts); English otherwise.
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("tandem"), QStringLiteral("_"),
                        QStringLiteral(":/tandem/i18n")))
        QApplication::installTranslator(&translator);
    // Qt's own strings (Close, Cancel, a text field's menu), where Qt's translations are
    // installed (Debian: qt6-translations-l10n).
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    // Again without Qt's own options, which QApplication has taken out.
    QCommandLineParser parser;
    Options options;
    setUp(parser, options);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    Workspaces::Paths paths{QStandardPaths::writableLocation(QStandardPaths::AppDataLocation), {}};
    if (parser.isSet(options.profile)) {
        const QDir profile(QDir(parser.value(options.profile)).absolutePath());
        if (!profile.mkpath(QStringLiteral("."))) {
            qCritical("cannot create the profile folder %s", qPrintable(profile.path()));
            return 1;
        }
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           profile.filePath(QStringLiteral("config")));
        paths.dataDir = profile.filePath(QStringLiteral("data"));
        paths.keychainService = QStringLiteral("Tandem (%1)").arg(profile.path());
    }

    const QStringList links = parser.positionalArguments();
    SingleInstance instance(QDir(paths.dataDir).absolutePath());
    if (instance.forwardToRunning(links))
        return 0; // the Tandem already open on this profile took them
    QString why;
    if (!instance.listen(&why)) {
        if (instance.forwardToRunning(links))
            return 0; // it started at the same moment
        qWarning("running without the single-instance guard: %s", qPrintable(why));
    }

    Workspaces workspaces(paths, LocalUser::fromSystem());
    QString error;
    if (!workspaces.open(&error)) {
        QMessageBox::critical(
                nullptr, QApplication::translate("main", "Tandem"),
                QApplication::translate("main", "Tandem could not start: %1").arg(error));
        return 1;
    }
    MainWindow window(&workspaces);
    // make bench: TANDEM_FIRST_PAINT_PROBE=1 prints when the window first painted, then quits.
    std::unique_ptr<QObject> probe;
    if (qEnvironmentVariableIsSet("TANDEM_FIRST_PAINT_PROBE"))
        probe = firstPaintProbe(&window);
    window.show();
    openLinks(workspaces, window, links);
    QObject::connect(&instance, &SingleInstance::argumentsReceived, &window,
                     [&](const QStringList &received) {
                         window.showNormal();
                         window.raise();
                         window.activateWindow();
                         openLinks(workspaces, window, received);
                     });
    instance.watchOpenEvents(&app); // links clicked on macOS
    const int code = QApplication::exec();
    // A login saved or forgotten just before quitting (a link opened a moment earlier) is
    // still written to the keychain: its job runs now, for 3 s at most.
    if (!CredentialStore::finishPendingJobs(3000))
        qWarning("quitting with a keychain job unfinished: a login may not be saved");
    return code;
}
