// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCryptographicHash>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

/** SHA-256 of a DER certificate in lower-case hex: what clients pin and invite links carry. */
inline QString certificateFingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());
}

/** A fingerprint for people to compare: upper-case groups of four ("3F2A 9C01 …"). */
inline QString displayFingerprint(const QString &fingerprint)
{
    QStringList groups;
    for (qsizetype i = 0; i < fingerprint.size(); i += 4)
        groups << fingerprint.mid(i, 4).toUpper();
    return groups.join(QLatin1Char(' '));
}
