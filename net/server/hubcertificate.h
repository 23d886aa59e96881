// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hubconfig.h"
#include "protocol/fingerprint.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>

/**
 * The TLS identity of a hub that serves wss://: a certificate and its private key.
 *
 * A hub on a local network has no name a public CA would sign, so on first use it makes a
 * self-signed certificate (EC P-256, ten years) with OpenSSL and keeps it in its data folder
 * (key readable by the owner only). Clients trust it by its SHA-256 fingerprint: shown by
 * the host, carried in invite links, and pinned by the client on first use.
 */
struct HubCertificate
{
    QSslCertificate certificate;
    QSslKey key;

    static constexpr const char *CertificateFile = "tls-certificate.pem";
    static constexpr const char *KeyFile = "tls-key.pem";

    /** Loads dataDir's certificate and key, or creates them when neither exists. */
    static std::optional<HubCertificate> loadOrCreate(const QString &dataDir, QString *error);
    /** Loads a certificate and key an operator provides (PEM). */
    static std::optional<HubCertificate> load(const QString &certificateFile,
                                              const QString &keyFile, QString *error);
    /** The identity a hub started with config serves wss:// with: the operator's files
     *  (tlsCertificateFile/tlsKeyFile) if given, else dataDir's own (made on first use). */
    static std::optional<HubCertificate> forConfig(const HubConfig &config, QString *error);
    /** Makes a new self-signed certificate for commonName. */
    static std::optional<HubCertificate> generate(const QString &commonName, QString *error);
};
