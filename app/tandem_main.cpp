// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"
#include "tandemversion.h"

#include <QApplication>
#include <QCommandLineParser>

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
    MainWindow window;
    window.show();
    return QApplication::exec();
}
