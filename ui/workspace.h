// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientstore.h"
#include "protocol/invitelink.h"
#include "syncclient.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <memory>

class HubThread;

/** How the built-in hub is shared with others (Server → Host local sync server…). */
struct HostingOptions
{
    quint16 port = 8787;
    /** Listen on every network interface (else on this computer only). */
    bool localNetwork = false;
    /** Everyone needs an invite token (else anyone who can reach the port, by the name they
     *  give: trusted networks only). */
    bool requireInvite = true;
    /** wss:// with a self-signed certificate (the Host dialog turns it on for the local
     *  network; off: ws://, for clients that cannot do TLS). */
    bool encrypt = false;
    /** Host again with these options whenever Tandem starts (until hosting is stopped). */
    bool resumeOnStart = false;
    friend bool operator==(const HostingOptions &, const HostingOptions &) = default;
};

/** Who the user of this computer is on its built-in hub. */
struct LocalUser
{
    QString id;
    QString name;
    /** This computer's account: its login name (the id) and its full name. */
    static LocalUser fromSystem();
    /** The id from login, the name from GECOS's first field, or else login capitalised. */
    static LocalUser fromAccount(const QString &login, const QString &gecos);
};

/**
 * One place the user's notes live: the built-in hub of "This computer" (a Hub on its own
 * thread, on 127.0.0.1, its store in the user's data folder), or a hub on the network. Either
 * way the window talks to it through one SyncClient with its offline cache.
 *
 * The built-in hub can be shared with others (hosting): it is restarted on the chosen port and
 * interface with the chosen access, and this computer's client follows it to its new address.
 */
class Workspace : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Local, Remote };

    /** "This computer": dataDir holds the hub's files (hub/) and the client's cache. With
     *  host, its hub starts hosting that way; if it cannot (hostError says why), private. */
    static std::unique_ptr<Workspace> openLocal(const QString &dataDir, const LocalUser &me,
                                                QString *error, SyncClientSettings settings = {},
                                                const std::optional<HostingOptions> &host = {},
                                                QString *hostError = nullptr);
    /** A hub on the network; storePath is the offline cache. Credentials come later. */
    static std::unique_ptr<Workspace> openRemote(const QString &name, const QUrl &url,
                                                 const QString &storePath, QString *error,
                                                 SyncClientSettings settings = {});
    ~Workspace() override;

    Kind kind() const { return m_kind; }
    QString name() const { return m_name; }
    /** The user "This computer" signs in as (the cache's owner once there is one). */
    const LocalUser &me() const { return m_me; }
    /** The name others see for this computer's user on the notes it hosts, and in its
     *  invites: the built-in hub is signed in to again under it (the local workspace only). */
    void setMyName(const QString &name);
    SyncClient *client() const { return m_client.get(); }
    ClientStore *store() const { return m_store.get(); }
    /** Where the offline cache went when it was found damaged at opening (set aside, and a
     *  new one made: its notes come from the hub again); empty when it was not. */
    QString damagedCache() const { return m_damagedCache; }

    // Hosting (the local workspace only).
    bool isHosting() const { return m_hosting; }
    HostingOptions hostingOptions() const { return m_options; }
    /** Restarts the built-in hub as options say; on failure it stays (or returns) private. */
    bool startHosting(const HostingOptions &options, QString *error);
    /** Back to this computer only: every other client is closed (1001), ours follows. */
    void stopHosting();
    /** The address others use to reach the hub (this machine's network address when shared
     *  on the local network). */
    QUrl publicUrl() const;
    /** The hosted hub's certificate fingerprint while it serves wss://, else empty. */
    QString certificateFingerprint() const;
    /** Mints a token for a collaborator called name and returns the join link (no token in it
     *  when the hub takes anyone). shareNotes: every note this user owns is shared with them
     *  as an editor (sent now, or when this computer's client is next online), and every note
     *  they make later as it is made, until revokeInvites(). Empty when not hosting. */
    QString invite(const QString &name, QString *error, bool shareNotes = false);
    /** The user id an invite for name gets ("Ann Lee" → "ann-lee"). */
    static QString userIdFor(const QString &name);
    /** Other people signed in to the hosted hub (not this computer's user). */
    QStringList otherUsers() const;
    /** Everyone but this computer's user the hosted hub knows (invited or signed in once):
     *  user id -> name. Empty when not hosting with invites. */
    QHash<QString, QString> invitedPeople() const;
    /** Their invite links and sign-ins stop working now, their Tandem is disconnected and new
     *  notes are no longer shared with them (those shared so far stay shared); a new invite
     *  lets them in again. False (reason in *error) when not hosting. */
    bool revokeInvites(const QString &userId, QString *error);
    /** The built-in hub (null for a remote workspace). */
    HubThread *hub() const { return m_hub.get(); }

Q_SIGNALS:
    void hostingChanged(bool hosting);

private:
    Workspace(Kind kind, QString name);
    /** (Re)starts the built-in hub on address:port with auth, and points the client at it. */
    bool startHub(const HostingOptions &options, bool shared, QString *error);
    /** Gives the client its login to the built-in hub: a token naming m_me, or on a hub
     *  without sign-in m_me's id and name. */
    void signInToOwnHub();

    Kind m_kind;
    QString m_name;
    QString m_dataDir;
    LocalUser m_me;
    std::unique_ptr<HubThread> m_hub;
    std::unique_ptr<ClientStore> m_store;
    QString m_damagedCache;
    std::unique_ptr<SyncClient> m_client;
    bool m_hosting = false;
    HostingOptions m_options;
    /** Invitees whose shares wait for this computer's client to be online. */
    QStringList m_pendingShares;
    void sharePendingNotes();
};
