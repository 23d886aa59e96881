// SPDX-License-Identifier: GPL-3.0-or-later
#include "epolleventdispatcher.h"
#include "hub.h"
#include "hubbackup.h"
#include "hubcertificate.h"
#include "hubcommandline.h"
#include "hubstore.h"
#include "protocol/invitelink.h"
#include "protocol/protocol.h"
#include "tandemversion.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

/** SIGTERM and SIGINT stop the hub from the event loop: flush, close clients with 1001, exit. */
void stopOnSignals(Hub *hub)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, hub);
    QObject::connect(notifier, &QSocketNotifier::activated, hub, [hub, notifier]() {
        notifier->setEnabled(false);
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(signalPipe[0], &byte, 1);
        hub->stop();
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}
} // namespace
#endif

int main(int argc, char *argv[])
{
    // Qt's dispatchers cost O(open connections) on every event-loop pass (GLib's walks a list
    // of notifiers, the Unix one polls every socket); the hub's costs O(ready sockets).
    // Elsewhere, or with TANDEM_HUB_QT_DISPATCHER set, the plain Unix one, which at least
    // hashes its notifiers.
    if (QAbstractEventDispatcher *dispatcher = HubEventLoop::createDispatcher())
        QCoreApplication::setEventDispatcher(dispatcher);
    else if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tandem-hub"));
    QCoreApplication::setOrganizationName(QStringLiteral("Tandem"));
    QCoreApplication::setApplicationVersion(
            QStringLiteral(TANDEM_VERSION " (%1)").arg(Protocol::describe()));

    QTextStream out(stdout);
    QTextStream err(stderr);
    QString error;
    const std::optional<HubCommandLine> command =
            HubCommandLine::parse(QCoreApplication::arguments(), &error);
    if (!command) {
        err << "tandem-hub: " << error << "\nTry 'tandem-hub --help'.\n";
        return 2;
    }
    switch (command->action) {
    case HubCommandLine::Action::ShowHelp:
        out << command->helpText;
        return 0;
    case HubCommandLine::Action::ShowVersion:
        out << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
            << '\n';
        return 0;
    case HubCommandLine::Action::CreateToken: {
        const std::optional<TokenAuth> auth =
                TokenAuth::fromDataDir(command->config.dataDir, &error);
        if (!auth) {
            err << "tandem-hub: " << error << '\n';
            return 1;
        }
        const QString name = command->tokenName.isEmpty() ? command->tokenUser : command->tokenName;
        const QString token =
                QString::fromLatin1(auth->issue(command->tokenUser, name, command->tokenDays));
        out << token << '\n';
        if (command->tokenLink.isValid()) {
            // A wss:// link carries the fingerprint of the certificate the hub serves with,
            // so the invited Tandem trusts exactly that one.
            QString fingerprint;
            if (command->config.tls) {
                const std::optional<HubCertificate> identity =
                        HubCertificate::forConfig(command->config, &error);
                if (!identity) {
                    err << "tandem-hub: " << error << '\n';
                    return 1;
                }
                fingerprint = certificateFingerprint(identity->certificate);
            } else if (QFileInfo::exists(
                               QDir(command->config.dataDir)
                                       .filePath(QLatin1String(HubCertificate::CertificateFile)))) {
                // The admin who forgot --tls here hands out a link that cannot connect.
                err << "tandem-hub: note: " << command->config.dataDir
                    << " holds the certificate of a hub served with --tls, and this link is "
                       "for one without TLS; if the hub serves with --tls, make the link with "
                       "--tls too\n";
            }
            out << InviteLink::format(command->tokenLink, token, fingerprint) << '\n';
        }
        return 0;
    }
    case HubCommandLine::Action::RevokeTokens: {
        // Straight into the store, beside a hub that may be serving from it: that hub reads
        // the revocations again at each heartbeat.
        HubStore store;
        const QString database =
                QDir(command->config.dataDir).filePath(QStringLiteral("hub.sqlite"));
        if (!QFileInfo::exists(database)) {
            // A mistyped --data must not revoke into a new, empty database nobody serves.
            err << "tandem-hub: no hub database in " << command->config.dataDir
                << " (is --data the hub's data folder?)\n";
            return 1;
        }
        if (!store.open(database, &error) ||
            !store.commit({HubStore::revokeTokens(command->tokenUser,
                                                  QDateTime::currentMSecsSinceEpoch())},
                          &error)) {
            err << "tandem-hub: " << error << '\n';
            return 1;
        }
        out << "Every token of " << command->tokenUser
            << " made until now is refused; a hub serving from " << command->config.dataDir
            << " closes their connections at its next heartbeat. A new token works.\n";
        return 0;
    }
    case HubCommandLine::Action::Backup: {
        const std::optional<QStringList> written =
                HubBackup::run(command->config.dataDir, command->backupDir, &error);
        if (!written) {
            err << "tandem-hub: " << error << '\n';
            return 1;
        }
        out << "Backed up " << command->config.dataDir << " to " << command->backupDir << ": "
            << written->join(QStringLiteral(", ")) << ".\nA hub serves from it as it is (--data "
            << command->backupDir
            << "); to restore, stop the hub and put these files in an empty data folder.\n";
        return 0;
    }
    case HubCommandLine::Action::Serve:
        break;
    }

    Hub hub(command->config);
    if (!hub.start(&error)) {
        err << "tandem-hub: cannot start: " << error << '\n';
        return 1;
    }
#ifdef Q_OS_UNIX
    stopOnSignals(&hub);
#endif
    if (command->config.auth == HubConfig::Auth::None)
        err << "tandem-hub: warning: --auth none: anyone who can reach this port can act as any "
               "user\n";
    if (!hub.certificateFingerprint().isEmpty())
        out << "tandem-hub certificate SHA-256 " << hub.certificateFingerprint() << Qt::endl;
    out << "tandem-hub listening on " << hub.listeningOn() << Qt::endl;
    return QCoreApplication::exec();
}
