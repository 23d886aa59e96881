// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRandomGenerator>
#include <QString>

/**
 * The seed of a randomised test: $TANDEM_TEST_SEED when set, else a fresh random one.
 * Printed either way, so a failure can be replayed exactly.
 */
inline quint32 testSeed()
{
    bool ok = false;
    quint32 seed = qEnvironmentVariable("TANDEM_TEST_SEED").toUInt(&ok);
    if (!ok)
        seed = QRandomGenerator::system()->generate();
    qInfo("random seed %u (rerun with TANDEM_TEST_SEED=%u)", seed, seed);
    return seed;
}
