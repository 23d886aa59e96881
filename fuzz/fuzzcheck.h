// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdio>
#include <cstdlib>

/** A harness's property failed: say which and abort, so libFuzzer keeps the input. */
[[noreturn]] inline void fuzzFailed(const char *harness, const char *what)
{
    std::fprintf(stderr, "%s: %s\n", harness, what);
    std::abort();
}

inline void fuzzCheck(const char *harness, bool ok, const char *what)
{
    if (!ok)
        fuzzFailed(harness, what);
}
