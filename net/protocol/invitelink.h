// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

#include <optional>

/** A parsed invite link: tandem://HOST:PORT/join?token=… (tandems:// for wss hubs). */
struct InviteLink
{
    /** The hub's canonical endpoint (ws://HOST:PORT/v1). */
    QUrl hubUrl;
    QString token;
    /** For a wss:// hub: the SHA-256 fingerprint of its certificate (64 hex digits). */
    QString fingerprint;
    /** Whose hub it is, as the host names it (the joiner's list shows it; may be empty). */
    QString hubName;

    /** Parses a link; std::nullopt (with why) for anything else. */
    static std::optional<InviteLink> parse(const QString &text, QString *why);
    /** The link for a hub URL, token, (wss://) certificate fingerprint and hub name. */
    static QString format(const QUrl &hubUrl, const QString &token, const QString &fingerprint = {},
                          const QString &hubName = {});
};
