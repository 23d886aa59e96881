// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fuzzcheck.h"
#include "hub.h"

#include <QString>

#include <memory>

/** A real Hub on loopback (any free port) keeping its data in dataDir, for harnesses that
 *  talk to it as clients do: auth none (a client is whoever it says), and rate limits so
 *  high that a fuzzer's pace never trips them. Aborts the harness if it cannot start. */
inline std::unique_ptr<Hub> startFuzzHub(const char *harness, const QString &dataDir)
{
    HubConfig config;
    config.port = 0;
    config.dataDir = dataDir;
    config.auth = HubConfig::Auth::None;
    config.messagesPerSecond = 1'000'000;
    config.messageBurst = 1'000'000;
    auto hub = std::make_unique<Hub>(config);
    QString error;
    if (!hub->start(&error))
        fuzzFailed(harness, qPrintable(error));
    return hub;
}
