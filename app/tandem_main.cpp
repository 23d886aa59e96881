// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"
#include "tandemversion.h"
#include "workspaces.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QStandardPaths>

int main(int argc, char *argv[])
{
    QApplication::setApplicationName(QStringLiteral("Tandem"));
    QApplication::setOrganizationName(QStringLiteral("Tandem"));
    QApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("tandem"));

    // Parse before QApplication exists so --version and --help work without a display
    // (on a server, in a package test, over ssh).
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QApplication::translate("main", "Tandem: write notes together, live."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    // Unknown options may be Qt's own (-platform, -style): QApplication takes those.
    parser.parse(arguments);
    if (parser.isSet(versionOption))
        parser.showVersion();
    if (parser.isSet(helpOption))
        parser.showHelp();

    QApplication app(argc, argv);
    Workspaces workspaces({QStandardPaths::writableLocation(QStandardPaths::AppDataLocation), {}},
                          LocalUser::fromSystem());
    QString error;
    if (!workspaces.open(&error)) {
        QMessageBox::critical(
                nullptr, QApplication::translate("main", "Tandem"),
                QApplication::translate("main", "Tandem could not start: %1").arg(error));
        return 1;
    }
    MainWindow window(&workspaces);
    window.show();
    return QApplication::exec();
}
