// SPDX-License-Identifier: GPL-3.0-or-later
#include "hubcommandline.h"

#include "protocol/protocol.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStandardPaths>

#include <functional>

bool HubCommandLine::parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        return false;
    if (host.isEmpty() || host == QLatin1String("localhost"))
        *address = QHostAddress(QHostAddress::LocalHost);
    else if (!address->setAddress(host))
        return false;
    *port = quint16(number);
    return true;
}

std::optional<HubCommandLine> HubCommandLine::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "main",
            "The Tandem sync hub: sequences, stores and relays note edits.\n\n"
            "  tandem-hub [options]                       serve\n"
            "  tandem-hub token create --user NAME ...    print a bearer token\n"
            "      ... --link HOST:PORT                   and a tandem:// invite link to it\n"
            "  tandem-hub token revoke --user NAME        refuse every token NAME has now\n"
            "  tandem-hub backup --to DIR                 copy the data folder, while it serves"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption listen(
            {QStringLiteral("l"), QStringLiteral("listen")},
            QStringLiteral("Address and port to listen on; port 0 picks a free one."),
            QStringLiteral("host:port"), QStringLiteral("127.0.0.1:8787"));
    const QCommandLineOption data({QStringLiteral("d"), QStringLiteral("data")},
                                  QStringLiteral("Folder for the database and the token secret."),
                                  QStringLiteral("dir"));
    const QCommandLineOption auth(
            QStringLiteral("auth"),
            QStringLiteral("token (default): bearer tokens from 'token create'. none: trust "
                           "the name each client claims (trusted networks only)."),
            QStringLiteral("mode"), QStringLiteral("token"));
    const QCommandLineOption origin(
            QStringLiteral("origin"),
            QStringLiteral("A browser origin allowed to connect (repeatable; * for any)."),
            QStringLiteral("url"));
    const QCommandLineOption maxMessage(
            QStringLiteral("max-message-bytes"),
            QStringLiteral("Largest WebSocket message accepted (default 8 MiB)."),
            QStringLiteral("bytes"));
    const QCommandLineOption maxPerAddress(
            QStringLiteral("max-connections-per-address"),
            QStringLiteral("Open connections allowed from one address (0: no cap; "
                           "default 256)."),
            QStringLiteral("n"));
    const QCommandLineOption rate(
            QStringLiteral("max-messages-per-second"),
            QStringLiteral("Messages per second per connection (default 500, burst 2×)."),
            QStringLiteral("n"));
    const QCommandLineOption heartbeat(
            QStringLiteral("heartbeat-ms"),
            QStringLiteral("Ping interval; silent clients are dropped after two "
                           "(default 15000)."),
            QStringLiteral("ms"));
    const QCommandLineOption maxFrame(
            QStringLiteral("max-frame-bytes"),
            QStringLiteral("Largest WebSocket frame accepted (default 1 MiB)."),
            QStringLiteral("bytes"));
    const QCommandLineOption maxUnsent(
            QStringLiteral("max-unsent-bytes"),
            QStringLiteral("Data queued for one slow client, besides answers to its own "
                           "requests, before it is dropped (default 32 MiB). Above a quarter "
                           "of it, the client's next requests wait unread."),
            QStringLiteral("bytes"));
    const QCommandLineOption maxDatabase(
            QStringLiteral("max-database-bytes"),
            QStringLiteral("Cap on the size of hub.sqlite; past it changes are refused as on a "
                           "full disk (default: no cap)."),
            QStringLiteral("bytes"));
    const QCommandLineOption authTimeout(
            QStringLiteral("auth-timeout-ms"),
            QStringLiteral("Time a client has to authenticate (default 10000)."),
            QStringLiteral("ms"));
    const QCommandLineOption handshakeTimeout(
            QStringLiteral("handshake-timeout-ms"),
            QStringLiteral("Time a connection has to send its whole request head or WebSocket "
                           "handshake (default 10000)."),
            QStringLiteral("ms"));
    const QCommandLineOption tls(
            QStringLiteral("tls"),
            QStringLiteral("Serve wss:// with a self-signed certificate made on first use and "
                           "kept in the data folder; clients pin its fingerprint."));
    const QCommandLineOption tlsCertificate(
            QStringLiteral("tls-cert"),
            QStringLiteral("Serve wss:// with this PEM certificate (with --tls-key)."),
            QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                                    QStringLiteral("The PEM private key of --tls-cert."),
                                    QStringLiteral("file"));
    const QCommandLineOption user(QStringLiteral("user"),
                                  QStringLiteral("token create, token revoke: the user id."),
                                  QStringLiteral("id"));
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("token create: the display name."),
                                  QStringLiteral("name"));
    const QCommandLineOption days(
            QStringLiteral("days"),
            QStringLiteral("token create: days until it expires (default 30)."),
            QStringLiteral("n"), QStringLiteral("30"));
    const QCommandLineOption link(
            QStringLiteral("link"),
            QStringLiteral("token create: also print an invite link to the hub at this address "
                           "as clients reach it (port 8787 unless given; tandems:// with the "
                           "certificate's fingerprint with --tls or --tls-cert)."),
            QStringLiteral("host:port"));
    const QCommandLineOption backupTo(
            QStringLiteral("to"),
            QStringLiteral("backup: the folder the copy goes to (new or empty); a hub can serve "
                           "from it as it is."),
            QStringLiteral("dir"));
    parser.addOptions({listen,
                       data,
                       auth,
                       origin,
                       maxMessage,
                       maxFrame,
                       maxUnsent,
                       maxPerAddress,
                       rate,
                       heartbeat,
                       maxDatabase,
                       authTimeout,
                       handshakeTimeout,
                       tls,
                       tlsCertificate,
                       tlsKey,
                       user,
                       name,
                       days,
                       link,
                       backupTo});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("Optional: token create, token revoke, backup"));

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    HubCommandLine result;
    if (parser.isSet(help)) {
        result.action = Action::ShowHelp;
        result.helpText = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.action = Action::ShowVersion;
        return result;
    }
    HubConfig &config = result.config;
    config.dataDir = parser.isSet(data)
            ? parser.value(data)
            : QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                    QStringLiteral("/tandem-hub");

    // Serving wss://, or (token create --link) making links to a hub that does.
    if (parser.isSet(tlsCertificate) != parser.isSet(tlsKey)) {
        *error = QStringLiteral("--tls-cert and --tls-key go together");
        return std::nullopt;
    }
    config.tls = parser.isSet(tls) || parser.isSet(tlsCertificate);
    config.tlsCertificateFile = parser.value(tlsCertificate);
    config.tlsKeyFile = parser.value(tlsKey);

    const QStringList positional = parser.positionalArguments();
    if (positional == QStringList{QStringLiteral("backup")}) {
        result.action = Action::Backup;
        result.backupDir = parser.value(backupTo).trimmed();
        if (result.backupDir.isEmpty()) {
            *error = QStringLiteral("backup needs --to DIR");
            return std::nullopt;
        }
        return result;
    }
    if (!positional.isEmpty()) {
        const bool revoke =
                positional == QStringList{QStringLiteral("token"), QStringLiteral("revoke")};
        if (!revoke &&
            positional != QStringList{QStringLiteral("token"), QStringLiteral("create")}) {
            *error = QStringLiteral("unknown command '%1' (the commands are 'token create', "
                                    "'token revoke' and 'backup')")
                             .arg(positional.join(u' '));
            return std::nullopt;
        }
        result.action = revoke ? Action::RevokeTokens : Action::CreateToken;
        result.tokenUser = parser.value(user).trimmed();
        result.tokenName = parser.value(name).trimmed();
        bool ok = false;
        result.tokenDays = parser.value(days).toInt(&ok);
        if (result.tokenUser.isEmpty()) {
            *error = QStringLiteral("%1 needs --user NAME").arg(positional.join(u' '));
            return std::nullopt;
        }
        if (revoke)
            return result;
        if (!ok || result.tokenDays < 1 || result.tokenDays > 3650) {
            *error = QStringLiteral("--days must be a whole number from 1 to 3650");
            return std::nullopt;
        }
        if (parser.isSet(link)) {
            const QString address = parser.value(link).trimmed();
            QUrl url(QStringLiteral("%1://%2").arg(
                             config.tls ? QStringLiteral("wss") : QStringLiteral("ws"), address),
                     QUrl::StrictMode);
            if (address.isEmpty() || address.contains(u'/') || !url.isValid() ||
                url.host().isEmpty() || !url.userInfo().isEmpty() || url.port() == 0) {
                *error = QStringLiteral("--link takes the address clients reach the hub at, "
                                        "host or host:port, e.g. notes.example.org:8787");
                return std::nullopt;
            }
            url.setPort(url.port(Protocol::DefaultPort));
            url.setPath(Protocol::canonicalPath());
            result.tokenLink = url;
        }
        return result;
    }

    if (!parseListen(parser.value(listen), &config.address, &config.port)) {
        *error = QStringLiteral("--listen takes host:port, e.g. 127.0.0.1:8787 or [::1]:0");
        return std::nullopt;
    }
    const QString mode = parser.value(auth);
    if (mode == QLatin1String("none"))
        config.auth = HubConfig::Auth::None;
    else if (mode != QLatin1String("token")) {
        *error = QStringLiteral("--auth is token or none");
        return std::nullopt;
    }
    config.allowedOrigins = parser.values(origin);
    // Each numeric limit: its option, the accepted range, and where the value goes.
    struct NumericOption
    {
        const QCommandLineOption &option;
        qint64 min;
        qint64 max;
        std::function<void(qint64)> apply;
    };
    const NumericOption numeric[] = {
            {maxMessage, 1024, qint64(1) << 30,
             [&](qint64 v) { config.maxMessageBytes = quint64(v); }},
            {maxFrame, 1024, qint64(1) << 30, [&](qint64 v) { config.maxFrameBytes = quint64(v); }},
            {maxUnsent, 64 * 1024, qint64(1) << 34, [&](qint64 v) { config.maxUnsentBytes = v; }},
            {maxPerAddress, 0, 1'000'000,
             [&](qint64 v) { config.listener.maxConnectionsPerAddress = int(v); }},
            {rate, 1, 1'000'000,
             [&](qint64 v) {
                 config.messagesPerSecond = int(v);
                 config.messageBurst = int(2 * v);
             }},
            {heartbeat, 100, 3'600'000, [&](qint64 v) { config.heartbeatIntervalMs = int(v); }},
            {authTimeout, 100, 3'600'000, [&](qint64 v) { config.authTimeoutMs = int(v); }},
            {handshakeTimeout, 100, 3'600'000,
             [&](qint64 v) { config.listener.headerTimeoutMs = int(v); }},
            {maxDatabase, 64 * 1024, qint64(1) << 50,
             [&](qint64 v) { config.maxDatabaseBytes = v; }},
    };
    for (const NumericOption &n : numeric) {
        if (!parser.isSet(n.option))
            continue;
        bool ok = false;
        const qint64 value = parser.value(n.option).toLongLong(&ok);
        if (!ok || value < n.min || value > n.max) {
            *error = QStringLiteral("--%1 must be a whole number from %2 to %3")
                             .arg(n.option.names().constLast())
                             .arg(n.min)
                             .arg(n.max);
            return std::nullopt;
        }
        n.apply(value);
    }
    return result;
}
