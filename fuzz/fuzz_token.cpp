// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the hub's bearer-token verifier. Any bytes as a token must be refused or
// accepted without crashing; a token accepted must carry the claims the hub signed. The
// input is also used as an edit of a real token (one byte changed, or cut, or extended):
// such a token may only verify if it still says exactly what the real one said (base64url
// leaves a few spare bits in the last character), never with other claims.
#include "fuzzcheck.h"
#include "tokenauth.h"

#include <fuzzer/FuzzedDataProvider.h>

namespace {

const QDateTime &now()
{
    static const QDateTime at = QDateTime::currentDateTimeUtc();
    return at;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static const TokenAuth auth(QByteArray(32, 's'));
    static const QByteArray real = auth.issue(QStringLiteral("alice"), QStringLiteral("Alice"), 30);
    FuzzedDataProvider data(bytes, size);
    QString error;
    if (data.ConsumeBool()) {
        const std::string token = data.ConsumeRemainingBytesAsString();
        const std::optional<TokenAuth::Claims> claims =
                auth.verify(QByteArrayView(token.data(), qsizetype(token.size())), &error, now());
        // Only this hub's secret makes tokens; the fuzzer does not know it.
        if (claims)
            fuzzCheck("fuzz_token",
                      claims->userId == QLatin1String("alice") &&
                              claims->userName == QLatin1String("Alice"),
                      "a token with other claims verified");
        else
            fuzzCheck("fuzz_token", !error.isEmpty(), "a refused token has no reason");
        return 0;
    }
    QByteArray edited = real;
    switch (data.ConsumeIntegralInRange(0, 2)) {
    case 0:
        edited[data.ConsumeIntegralInRange<qsizetype>(0, edited.size() - 1)] =
                char(data.ConsumeIntegral<uint8_t>());
        break;
    case 1:
        edited.truncate(data.ConsumeIntegralInRange<qsizetype>(0, edited.size() - 1));
        break;
    default:
        edited += QByteArray::fromStdString(data.ConsumeRandomLengthString(16));
    }
    const std::optional<TokenAuth::Claims> claims = auth.verify(edited, &error, now());
    if (claims)
        fuzzCheck("fuzz_token",
                  claims->userId == QLatin1String("alice") &&
                          claims->userName == QLatin1String("Alice"),
                  "an edited token verified with other claims");
    return 0;
}
