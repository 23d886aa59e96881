// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fuzzcheck.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

/** Runs the event loop until done() holds; after 10 s the harness fails with what. (The
 *  harnesses never run an event loop of their own: the fuzzer calls them input by input.) */
template<typename Done> void fuzzWaitFor(const char *harness, Done done, const char *what)
{
    const QDeadlineTimer deadline(10'000);
    while (!done()) {
        if (deadline.hasExpired())
            fuzzFailed(harness, what);
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
}
