// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** Facts about the canonical wire protocol shared by the client and the hub. */
namespace Protocol {
/** Bumped on any incompatible change; announced in auth_success. */
inline constexpr int Version = 1;
/** The port tandem-hub and the in-app hub use unless told otherwise. */
inline constexpr quint16 DefaultPort = 8787;
/** The WebSocket path of the canonical protocol. */
QString canonicalPath();
/** "Tandem protocol 1", for --version output and logs. */
QString describe();
} // namespace Protocol
