// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hublistener.h"
#include "protocol/protocol.h"
#include "textoperation.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

/** Everything a Hub is told at start; every limit is documented in docs/PROTOCOL.md. */
struct HubConfig
{
    enum class Auth {
        Token, ///< bearer tokens signed by this hub (tandem-hub token create)
        None,  ///< the client's claimed name is taken at face value: trusted networks only
    };

    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = Protocol::DefaultPort;
    /** Folder of hub.sqlite and hub-secret. */
    QString dataDir;
    /** Cap on the size of hub.sqlite in bytes (0: none). Past it, changes are refused as on a
     *  full disk: nothing unsaved is acknowledged. */
    qint64 maxDatabaseBytes = 0;
    Auth auth = Auth::Token;
    /** Serve wss:// (TLS) instead of ws://. */
    bool tls = false;
    /** PEM certificate and key an operator provides; empty: a self-signed certificate made
     *  on first use and kept in dataDir (see HubCertificate). */
    QString tlsCertificateFile;
    QString tlsKeyFile;
    /** Browser origins allowed to connect; "*" allows any. Requests without Origin are native
     * clients. */
    QStringList allowedOrigins;

    ListenerLimits listener;
    quint64 maxFrameBytes = 1024 * 1024;
    quint64 maxMessageBytes = 8 * 1024 * 1024;
    /** Before auth_success a client may send only small messages. */
    quint64 preAuthMaxMessageBytes = 64 * 1024;
    int authTimeoutMs = 10'000;
    /** Token bucket per connection: sustained rate and burst. */
    int messagesPerSecond = 500;
    int messageBurst = 1000;
    /** Malformed, refused or rate-limited messages tolerated before the connection is closed. */
    int maxStrikes = 20;
    /** The hub pings every interval; a client silent for two intervals is dropped. */
    int heartbeatIntervalMs = 15'000;
    /** A note nobody has open (no session joined, no seed watcher or room on it) is dropped
     *  from memory after this long unused, once everything applied is committed; the next
     *  to open it reads it from the store again. 0: notes stay loaded until the hub stops. */
    int unloadIdleNotesAfterMs = 120'000;
    /** A client that has this much unsent data queued, besides answers to its own requests, is
     *  too slow: it is closed, not buffered for. Above a quarter of it, its next requests wait
     *  unread until it has taken in enough. */
    qint64 maxUnsentBytes = 32 * 1024 * 1024;
    /** The committed ops each loaded note keeps in memory, for catch-ups and note_syncs; older
     *  ones are read from the store. 4,096 let a busy hub grow by ~2 MB per note (~570 bytes
     *  an op, tandem-soak: +65 % in five minutes); 512 keeps a few minutes of typing. */
    int recentOpsKept = 512;
    OtLimits opLimits;
    /** The most UTF-16 units a note may hold: a longer text is refused (op_rejected). */
    qsizetype maxNoteUnits = Protocol::MaxNoteUnits;
};
