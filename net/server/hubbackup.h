// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <optional>

/**
 * `tandem-hub backup`: a copy of a hub's data folder, made while the hub runs, that a hub can
 * serve from as it is: the database as one consistent snapshot (every note, its whole
 * history, sharing, discussions, revocations), the token secret (so tokens made before stay
 * valid) and the TLS certificate and key when there are any, each file owner-only where the
 * original is.
 */
namespace HubBackup {

/** Copies dataDir into backupDir (new or empty). The files written, or nothing with *error. */
std::optional<QStringList> run(const QString &dataDir, const QString &backupDir, QString *error);

} // namespace HubBackup
