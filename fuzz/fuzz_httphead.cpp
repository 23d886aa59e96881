// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the hub's HTTP request-head parser (HubListener::parseRequestHead), which sees
// every byte a client sends before the WebSocket handshake or an HTTP route. Any bytes must
// be parsed or refused with a reason; a parsed request has a method, an absolute path and
// header names that are lower case, trimmed and free of ':'.
#include "fuzzcheck.h"
#include "hublistener.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView head(reinterpret_cast<const char *>(bytes), qsizetype(size));
    QString error;
    const std::optional<HubListener::HttpRequest> request =
            HubListener::parseRequestHead(head, &error);
    if (!request) {
        fuzzCheck("fuzz_httphead", !error.isEmpty(), "a refused head has no reason");
        return 0;
    }
    fuzzCheck("fuzz_httphead", !request->method.isEmpty() && !request->method.contains(' '),
              "bad method");
    fuzzCheck("fuzz_httphead",
              request->url.isValid() && request->url.path().startsWith(QLatin1Char('/')),
              "bad request target");
    for (auto it = request->headers.cbegin(); it != request->headers.cend(); ++it) {
        fuzzCheck("fuzz_httphead",
                  !it.key().isEmpty() && it.key() == it.key().toLower() &&
                          it.key() == it.key().trimmed() && !it.key().contains(':'),
                  "bad header name");
        fuzzCheck("fuzz_httphead", it.value() == it.value().trimmed(), "header value not trimmed");
    }
    return 0;
}
