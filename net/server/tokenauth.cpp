// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenauth.h"

#include "jsontext.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QTimeZone>

#include <cmath>

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encodePart(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(Base64Url);
}

std::optional<QJsonObject> decodePart(QByteArrayView part)
{
    const auto decoded = QByteArray::fromBase64Encoding(
            part.toByteArray(), Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = JsonText::parse(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

/** Compares without an early exit, so timing does not reveal how much matched. */
bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

TokenAuth::TokenAuth(QByteArray secret)
    : m_secret(std::move(secret))
{ }

std::optional<TokenAuth> TokenAuth::fromDataDir(const QString &dataDir, QString *error)
{
    if (!QDir().mkpath(dataDir)) {
        *error = QStringLiteral("cannot create the data folder %1").arg(dataDir);
        return std::nullopt;
    }
    QFile file(QDir(dataDir).filePath(QStringLiteral("hub-secret")));
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
            return std::nullopt;
        }
        const QByteArray secret = QByteArray::fromHex(file.readAll().trimmed());
        if (secret.size() < 32) {
            *error = QStringLiteral("%1 is damaged (expected 64 hex digits)").arg(file.fileName());
            return std::nullopt;
        }
        return TokenAuth(secret);
    }
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(
            reinterpret_cast<quint32 *>(secret.data()),
            reinterpret_cast<quint32 *>(secret.data() + secret.size()));
    // Create with owner-only permissions before writing a byte of the secret.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(secret.toHex() + '\n') < 0 || !file.flush()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    return TokenAuth(secret);
}

QByteArray TokenAuth::sign(QByteArrayView signingInput) const
{
    return QMessageAuthenticationCode::hash(signingInput.toByteArray(), m_secret,
                                            QCryptographicHash::Sha256)
            .toBase64(Base64Url);
}

QByteArray TokenAuth::issue(const QString &userId, const QString &userName, int days) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("HS256")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QJsonObject payload{{QStringLiteral("sub"), userId},
                              {QStringLiteral("name"), userName},
                              // In milliseconds (a NumericDate may have a fraction): a
                              // revocation refuses the tokens issued up to its millisecond.
                              {QStringLiteral("iat"), double(now.toMSecsSinceEpoch()) / 1000.0},
                              {QStringLiteral("exp"), now.addDays(days).toSecsSinceEpoch()}};
    const QByteArray input = encodePart(header) + '.' + encodePart(payload);
    return input + '.' + sign(input);
}

std::optional<TokenAuth::Claims> TokenAuth::verify(QByteArrayView token, QString *error,
                                                   const QDateTime &now) const
{
    const auto fail = [error](const QString &why) -> std::optional<Claims> {
        *error = why;
        return std::nullopt;
    };
    if (token.size() > 8192)
        return fail(QStringLiteral("token too long"));
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype lastDot = token.lastIndexOf('.');
    if (firstDot <= 0 || lastDot == firstDot ||
        token.sliced(firstDot + 1, lastDot - firstDot - 1).contains('.'))
        return fail(QStringLiteral("malformed token"));
    const std::optional<QJsonObject> header = decodePart(token.first(firstDot));
    if (!header || header->value(QLatin1String("alg")).toString() != QLatin1String("HS256"))
        return fail(QStringLiteral("unsupported token algorithm"));
    if (!constantTimeEquals(sign(token.first(lastDot)), token.sliced(lastDot + 1)))
        return fail(QStringLiteral("bad token signature"));
    const std::optional<QJsonObject> payload =
            decodePart(token.sliced(firstDot + 1, lastDot - firstDot - 1));
    if (!payload)
        return fail(QStringLiteral("malformed token payload"));
    const QString subject = payload->value(QLatin1String("sub")).toString();
    const QJsonValue exp = payload->value(QLatin1String("exp"));
    if (subject.isEmpty() || !exp.isDouble())
        return fail(QStringLiteral("token lacks a subject or an expiry"));
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    const QDateTime expires = QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), QTimeZone::UTC);
#else
    const QDateTime expires = QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), Qt::UTC);
#endif
    if (expires <= now)
        return fail(QStringLiteral("token expired"));
    QString name = payload->value(QLatin1String("name")).toString();
    const double issued = payload->value(QLatin1String("iat")).toDouble(0); // none: the epoch
    return Claims{subject, name.isEmpty() ? subject : name, expires,
                  issued > 0 && issued < 1e12 ? qint64(std::llround(issued * 1000)) : 0};
}
