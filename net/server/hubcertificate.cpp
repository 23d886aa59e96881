// SPDX-License-Identifier: GPL-3.0-or-later
#include "hubcertificate.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace {

template<typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

bool writeFile(const QString &path, const QByteArray &bytes, bool secret, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    // The key is never readable by others, not even for a moment.
    if (secret && !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = QStringLiteral("cannot restrict %1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QByteArray readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    return file.readAll();
}

} // namespace

std::optional<HubCertificate> HubCertificate::generate(const QString &commonName, QString *error)
{
    const auto failed = [error](const char *step) {
        *error = QStringLiteral("could not make a TLS certificate (%1)").arg(QLatin1String(step));
        return std::nullopt;
    };
    Key key(EVP_EC_gen("P-256"));
    if (!key)
        return failed("key");
    Certificate x509(X509_new());
    if (!x509 || !X509_set_version(x509.get(), 2))
        return failed("certificate");
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return failed("serial");
    serial[0] &= 0x7f; // a positive number
    std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> number(
            BN_bin2bn(serial, sizeof serial, nullptr));
    if (!number || !BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(x509.get())))
        return failed("serial");
    // Valid from an hour ago (clocks on a LAN disagree) for ten years.
    if (!X509_gmtime_adj(X509_getm_notBefore(x509.get()), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(x509.get()), 10L * 365 * 24 * 3600))
        return failed("validity");
    X509_NAME *name = X509_get_subject_name(x509.get());
    const QByteArray cn = commonName.toUtf8().left(64);
    if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char *>(cn.constData()),
                                    int(cn.size()), -1, 0) ||
        !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char *>("Tandem"), -1, -1, 0) ||
        !X509_set_issuer_name(x509.get(), name) || !X509_set_pubkey(x509.get(), key.get()))
        return failed("name");
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, x509.get(), x509.get(), nullptr, nullptr, 0);
    for (const auto &[nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                                     std::pair{NID_key_usage, "critical,digitalSignature"},
                                     std::pair{NID_ext_key_usage, "serverAuth"}}) {
        std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>> extension(
                X509V3_EXT_conf_nid(nullptr, &context, nid, value));
        if (!extension || !X509_add_ext(x509.get(), extension.get(), -1))
            return failed("extensions");
    }
    if (!X509_sign(x509.get(), key.get(), EVP_sha256()))
        return failed("signature");

    Bio certificatePem(BIO_new(BIO_s_mem()));
    Bio keyPem(BIO_new(BIO_s_mem()));
    if (!certificatePem || !keyPem || !PEM_write_bio_X509(certificatePem.get(), x509.get()) ||
        !PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return failed("PEM");
    HubCertificate result{QSslCertificate(drain(certificatePem.get()), QSsl::Pem),
                          QSslKey(drain(keyPem.get()), QSsl::Ec, QSsl::Pem)};
    if (result.certificate.isNull() || result.key.isNull())
        return failed("Qt could not read it");
    return result;
}

std::optional<HubCertificate> HubCertificate::load(const QString &certificateFile,
                                                   const QString &keyFile, QString *error)
{
    const QByteArray certificatePem = readFile(certificateFile, error);
    if (certificatePem.isEmpty())
        return std::nullopt;
    const QByteArray keyPem = readFile(keyFile, error);
    if (keyPem.isEmpty())
        return std::nullopt;
    HubCertificate result;
    result.certificate = QSslCertificate(certificatePem, QSsl::Pem);
    if (result.certificate.isNull()) {
        *error = QStringLiteral("%1 holds no PEM certificate").arg(certificateFile);
        return std::nullopt;
    }
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        result.key = QSslKey(keyPem, algorithm, QSsl::Pem);
        if (!result.key.isNull())
            break;
    }
    if (result.key.isNull()) {
        *error = QStringLiteral("%1 holds no PEM EC or RSA private key").arg(keyFile);
        return std::nullopt;
    }
    return result;
}

std::optional<HubCertificate> HubCertificate::loadOrCreate(const QString &dataDir, QString *error)
{
    const QDir dir(dataDir);
    const QString certificatePath = dir.filePath(QLatin1String(CertificateFile));
    const QString keyPath = dir.filePath(QLatin1String(KeyFile));
    const bool haveCertificate = QFile::exists(certificatePath);
    if (haveCertificate != QFile::exists(keyPath)) {
        // Half an identity: making a new one would silently change what clients pinned.
        *error = QStringLiteral("%1 needs both %2 and %3; move the one left aside to make a new "
                                "certificate")
                         .arg(dataDir, QLatin1String(CertificateFile), QLatin1String(KeyFile));
        return std::nullopt;
    }
    if (haveCertificate)
        return load(certificatePath, keyPath, error);
    if (!QDir().mkpath(dataDir)) {
        *error = QStringLiteral("cannot create %1").arg(dataDir);
        return std::nullopt;
    }
    std::optional<HubCertificate> made =
            generate(QStringLiteral("Tandem hub on %1").arg(QSysInfo::machineHostName()), error);
    if (!made || !writeFile(keyPath, made->key.toPem(), true, error) ||
        !writeFile(certificatePath, made->certificate.toPem(), false, error))
        return std::nullopt;
    return made;
}

std::optional<HubCertificate> HubCertificate::forConfig(const HubConfig &config, QString *error)
{
    return config.tlsCertificateFile.isEmpty()
            ? loadOrCreate(config.dataDir, error)
            : load(config.tlsCertificateFile, config.tlsKeyFile, error);
}
