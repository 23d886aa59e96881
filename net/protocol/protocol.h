// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** Facts about the canonical wire protocol shared by the client and the hub. */
namespace Protocol {
/** Bumped on any incompatible change; announced in auth_success. */
inline constexpr int Version = 1;
/** The port tandem-hub and the in-app hub use unless told otherwise. */
inline constexpr quint16 DefaultPort = 8787;
/**
 * The most UTF-16 units a note holds (10 Mi: three War and Peaces). Its whole text goes to a
 * joining client in one message (at most ~30 MB of JSON for text outside ASCII), which must
 * stay within what clients accept (64 MiB) and what the hub queues for one (32 MiB); an edit
 * that would make a note longer is refused by the client and by the hub.
 */
inline constexpr qsizetype MaxNoteUnits = 10 * 1024 * 1024;
/**
 * The payload of the unsolicited pong the hub sends while a long message from a client is
 * arriving: the client's own pongs wait behind that message, and this tells it the link is
 * alive. Not an answer to a ping: it says nothing of the round trip.
 */
inline constexpr char ReceivingPong[] = "receiving";
/** The WebSocket path of the canonical protocol. */
QString canonicalPath();
/** "Tandem protocol 1", for --version output and logs. */
QString describe();
} // namespace Protocol
