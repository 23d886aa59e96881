// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/** Whether this build runs under AddressSanitizer (make asan-test). */
#if defined(__SANITIZE_ADDRESS__)
constexpr bool UnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool UnderAddressSanitizer = true;
#else
constexpr bool UnderAddressSanitizer = false;
#endif
#else
constexpr bool UnderAddressSanitizer = false;
#endif

/**
 * How many times wider a test's timing window is in this build. A test about what a slow
 * link does, whose client and hub share one thread, must not fail because the sanitizer
 * made that thread slower than the link (seen in CI with another test beside it: a 3 MB
 * upload under ASan kept the thread busy past two 200 ms heartbeats). The release build
 * keeps the tight windows that tell a fix from a regression.
 */
constexpr int TimingWindowScale = UnderAddressSanitizer ? 3 : 1;
