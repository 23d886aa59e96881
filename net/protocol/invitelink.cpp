// SPDX-License-Identifier: GPL-3.0-or-later
#include "invitelink.h"

#include "protocol.h"

#include <QObject>
#include <QRegularExpression>
#include <QUrlQuery>

std::optional<InviteLink> InviteLink::parse(const QString &text, QString *why)
{
    const QUrl link(text.trimmed(), QUrl::StrictMode);
    const QString scheme = link.scheme().toLower();
    if (!link.isValid() ||
        (scheme != QLatin1String("tandem") && scheme != QLatin1String("tandems")) ||
        link.host().isEmpty() || link.path() != QLatin1String("/join")) {
        *why = QObject::tr("Not a Tandem invite link (tandem://HOST:PORT/join?token=…): %1")
                       .arg(text.left(200));
        return std::nullopt;
    }
    InviteLink invite;
    invite.hubUrl.setScheme(scheme == QLatin1String("tandems") ? QStringLiteral("wss")
                                                               : QStringLiteral("ws"));
    invite.hubUrl.setHost(link.host());
    invite.hubUrl.setPort(link.port(Protocol::DefaultPort));
    invite.hubUrl.setPath(Protocol::canonicalPath());
    const QUrlQuery query(link);
    invite.token = query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
    invite.fingerprint = query.queryItemValue(QStringLiteral("fp")).toLower();
    // Only a label, but from whoever wrote the link: one line, printable, short.
    QString name = query.queryItemValue(QStringLiteral("name"), QUrl::FullyDecoded);
    name.removeIf([](QChar c) { return !c.isPrint() && !c.isSpace(); });
    invite.hubName = name.simplified().left(60);
    static const QRegularExpression sha256(QStringLiteral("^[0-9a-f]{64}$"));
    if (!invite.fingerprint.isEmpty() && !sha256.match(invite.fingerprint).hasMatch()) {
        *why = QObject::tr("The invite link's certificate fingerprint is damaged: ask for the "
                           "link again.");
        return std::nullopt;
    }
    return invite;
}

QString InviteLink::format(const QUrl &hubUrl, const QString &token, const QString &fingerprint,
                           const QString &hubName)
{
    QUrl link;
    link.setScheme(hubUrl.scheme() == QLatin1String("wss") ? QStringLiteral("tandems")
                                                           : QStringLiteral("tandem"));
    link.setHost(hubUrl.host());
    link.setPort(hubUrl.port(Protocol::DefaultPort));
    link.setPath(QStringLiteral("/join"));
    QUrlQuery query;
    if (!token.isEmpty())
        query.addQueryItem(QStringLiteral("token"), token);
    if (!fingerprint.isEmpty())
        query.addQueryItem(QStringLiteral("fp"), fingerprint);
    if (!hubName.isEmpty())
        query.addQueryItem(QStringLiteral("name"),
                           QString::fromUtf8(QUrl::toPercentEncoding(hubName)));
    if (!query.isEmpty())
        link.setQuery(query);
    return link.toString(QUrl::FullyEncoded);
}
