// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hubconfig.h"

#include <QStringList>
#include <QUrl>

#include <optional>

/**
 * tandem-hub's command line, parsed into a HubConfig (serve) or a token request
 * (token create). Kept out of main() so tests can check every option and error.
 */
struct HubCommandLine
{
    enum class Action { Serve, CreateToken, RevokeTokens, Backup, ShowHelp, ShowVersion };
    Action action = Action::Serve;
    HubConfig config;
    QString tokenUser;
    QString tokenName;
    int tokenDays = 30;
    /** token create --link: the hub as clients reach it (ws:// or wss://HOST:PORT/v1). */
    QUrl tokenLink;
    /** backup --to: the folder the copy goes to. */
    QString backupDir;
    QString helpText;

    /** Parses arguments (argv[0] first). On a usage error returns nothing and sets *error. */
    static std::optional<HubCommandLine> parse(const QStringList &arguments, QString *error);
    /** "127.0.0.1:8787", "[::1]:0", ":8787" (loopback) → address and port. */
    static bool parseListen(const QString &text, QHostAddress *address, quint16 *port);
};
