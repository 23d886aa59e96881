// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

/**
 * Bearer tokens for the hub: HS256 JSON Web Tokens signed with a per-hub secret.
 * The algorithm is fixed (a token whose header names any other, "none" included, is
 * refused), the expiry is checked, and signatures are compared in constant time.
 * Tokens are never logged; describe a token by its subject only.
 */
class TokenAuth
{
public:
    struct Claims
    {
        QString userId;
        QString userName;
        QDateTime expires;
        qint64 issuedAtMs = 0; ///< its iat (0 when it has none): revocations refuse by it
    };

    explicit TokenAuth(QByteArray secret);

    /**
     * Loads the secret from dataDir/hub-secret, creating it (32 random bytes, mode 0600)
     * when missing. Returns nothing and sets *error when the file cannot be read or written.
     */
    static std::optional<TokenAuth> fromDataDir(const QString &dataDir, QString *error);

    /** A token for userId valid for the given number of days. */
    QByteArray issue(const QString &userId, const QString &userName, int days) const;
    /** The claims of a valid, unexpired token, or nothing (reason in *error). */
    std::optional<Claims> verify(QByteArrayView token, QString *error,
                                 const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

private:
    QByteArray sign(QByteArrayView signingInput) const;
    QByteArray m_secret;
};
