// SPDX-License-Identifier: GPL-3.0-or-later
// TokenAuth: HS256 tokens round-trip; expired, tampered, foreign, unsigned ("none") and
// malformed tokens are refused; the secret is created once with owner-only permissions.
#include "tokenauth.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestTokenAuth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void issuedTokenVerifies();
    void issueTimeIsKeptToTheMillisecond();
    void expiredTokenIsRefused();
    void tamperedPayloadIsRefused();
    void tokenFromAnotherHubIsRefused();
    void unsignedAlgorithmNoneIsRefused();
    void malformedTokens_data();
    void malformedTokens();
    void secretIsCreatedOnceWithOwnerOnlyPermissions();
};

namespace {
const QByteArray secret(32, 'k');
}

void TestTokenAuth::issuedTokenVerifies()
{
    TokenAuth auth(secret);
    const QByteArray token = auth.issue(QStringLiteral("alice"), QStringLiteral("Alice A."), 3);
    QString error;
    const auto claims = auth.verify(token, &error);
    QVERIFY2(claims, qPrintable(error));
    QCOMPARE(claims->userId, QStringLiteral("alice"));
    QCOMPARE(claims->userName, QStringLiteral("Alice A."));
    QVERIFY(claims->expires > QDateTime::currentDateTimeUtc().addDays(2));
}

void TestTokenAuth::issueTimeIsKeptToTheMillisecond()
{
    // Revocations refuse the tokens issued up to a millisecond: a token made a few
    // milliseconds later must say so.
    TokenAuth auth(secret);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QString error;
    const auto first = auth.verify(auth.issue(QStringLiteral("a"), QString(), 1), &error);
    QTest::qWait(5);
    const auto second = auth.verify(auth.issue(QStringLiteral("a"), QString(), 1), &error);
    QVERIFY(first && second);
    QVERIFY(first->issuedAtMs >= before);
    QVERIFY(second->issuedAtMs >= first->issuedAtMs + 5);
    QVERIFY(second->issuedAtMs <= QDateTime::currentMSecsSinceEpoch());
}

void TestTokenAuth::expiredTokenIsRefused()
{
    TokenAuth auth(secret);
    const QByteArray token = auth.issue(QStringLiteral("alice"), QString(), 1);
    QString error;
    QVERIFY(!auth.verify(token, &error, QDateTime::currentDateTimeUtc().addDays(2)));
    QCOMPARE(error, QStringLiteral("token expired"));
}

void TestTokenAuth::tamperedPayloadIsRefused()
{
    TokenAuth auth(secret);
    QList<QByteArray> parts = auth.issue(QStringLiteral("alice"), QString(), 1).split('.');
    QJsonObject payload =
            QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
                    .object();
    payload.insert(QStringLiteral("sub"), QStringLiteral("mallory"));
    parts[1] = QJsonDocument(payload)
                       .toJson(QJsonDocument::Compact)
                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QString error;
    QVERIFY(!auth.verify(parts.join('.'), &error));
    QCOMPARE(error, QStringLiteral("bad token signature"));
}

void TestTokenAuth::tokenFromAnotherHubIsRefused()
{
    const QByteArray token =
            TokenAuth(QByteArray(32, 'x')).issue(QStringLiteral("alice"), QString(), 1);
    QString error;
    QVERIFY(!TokenAuth(secret).verify(token, &error));
    QCOMPARE(error, QStringLiteral("bad token signature"));
}

void TestTokenAuth::unsignedAlgorithmNoneIsRefused()
{
    const auto part = [](const char *json) {
        return QByteArray(json).toBase64(QByteArray::Base64UrlEncoding |
                                         QByteArray::OmitTrailingEquals);
    };
    const QByteArray token = part(R"({"alg":"none","typ":"JWT"})") + '.' +
            part(R"({"sub":"alice","exp":99999999999})") + '.';
    QString error;
    QVERIFY(!TokenAuth(secret).verify(token, &error));
    QCOMPARE(error, QStringLiteral("unsupported token algorithm"));
}

void TestTokenAuth::malformedTokens_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one part") << QByteArray("abc");
    QTest::newRow("two parts") << QByteArray("abc.def");
    QTest::newRow("four parts") << QByteArray("a.b.c.d");
    QTest::newRow("not base64") << QByteArray("!!!.@@@.###");
    QTest::newRow("huge") << QByteArray(100'000, 'a');
}

void TestTokenAuth::malformedTokens()
{
    QFETCH(QByteArray, token);
    QString error;
    QVERIFY(!TokenAuth(secret).verify(token, &error));
    QVERIFY(!error.isEmpty());
}

void TestTokenAuth::secretIsCreatedOnceWithOwnerOnlyPermissions()
{
    QTemporaryDir dir;
    QString error;
    const auto first = TokenAuth::fromDataDir(dir.path(), &error);
    QVERIFY2(first, qPrintable(error));
    QFile file(dir.filePath(QStringLiteral("hub-secret")));
    QVERIFY(file.exists());
    QCOMPARE(file.permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                      QFileDevice::WriteOther),
             QFileDevice::Permissions());
    const QByteArray token = first->issue(QStringLiteral("bob"), QString(), 1);
    const auto second = TokenAuth::fromDataDir(dir.path(), &error);
    QVERIFY(second);
    QVERIFY2(second->verify(token, &error), "a restarted hub must accept tokens it issued before");
}

QTEST_GUILESS_MAIN(TestTokenAuth)
#include "tst_tokenauth.moc"
