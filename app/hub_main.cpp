// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol/protocol.h"
#include "tandemversion.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tandem-hub"));
    QCoreApplication::setOrganizationName(QStringLiteral("Tandem"));
    QCoreApplication::setApplicationVersion(
            QStringLiteral(TANDEM_VERSION " (%1)").arg(Protocol::describe()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "main", "The Tandem sync hub: sequences, stores and relays note edits."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    // The hub itself arrives with the sync-hub issue; until then say so plainly.
    QTextStream(stderr) << QCoreApplication::translate(
            "main", "tandem-hub: the sync hub is not part of this build yet; see --help.\n");
    return 2;
}
