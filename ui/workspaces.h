// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "credentialstore.h"
#include "workspace.h"

#include <QObject>
#include <QSettings>

#include <memory>
#include <vector>

/**
 * The workspaces of one profile: "This computer" (always there, first) and the hubs the user
 * connected to, remembered in the profile's settings with their logins in the keychain. One is
 * current (the window shows it); all stay connected, so notes sync in the background.
 */
class Workspaces : public QObject
{
    Q_OBJECT
public:
    struct Paths
    {
        /** The profile's data folder: the built-in hub and every offline cache live here. */
        QString dataDir;
        /** The settings file (empty: the application's QSettings). */
        QString settingsFile;
        /** The keychain service logins are filed under (one per profile). */
        QString keychainService = QStringLiteral("Tandem");
    };

    Workspaces(Paths paths, LocalUser me, SyncClientSettings clientSettings = {},
               QObject *parent = nullptr);
    ~Workspaces() override;

    /** Opens "This computer" and the remembered hubs (their logins come from the keychain). */
    bool open(QString *error);

    int count() const { return int(m_workspaces.size()); }
    Workspace *at(int index) const { return m_workspaces.at(size_t(index)).get(); }
    Workspace *local() const { return count() ? at(0) : nullptr; }
    Workspace *current() const { return m_current >= 0 ? at(m_current) : nullptr; }
    int currentIndex() const { return m_current; }
    void setCurrent(int index);
    /**
     * The computer's network came back (QNetworkInformation says it is reachable again, where
     * a backend can tell): every hub given up on, or waiting out a backoff, is tried at once,
     * so a laptop back on its network syncs without the user pressing Reconnect.
     */
    void networkCameBack();
    int indexOf(const QUrl &hubUrl) const;

    /** Adds (or updates the login of) a hub, connects to it and makes it current. token: a
     *  bearer token, or the user name on a hub without authentication. A hub listed with
     *  the other scheme (ws:// for wss://, or back) at the same address is that hub, now
     *  with TLS or without: it moves to the new address with its cache, so edits still
     *  waiting there are sent. */
    Workspace *connectTo(const QString &name, const QUrl &hubUrl, const QString &token,
                         QString *error);
    /** A hub's address as people type it: HOST, HOST:PORT or a ws:// / wss:// URL; no scheme
     *  means ws://, no port 8787, no path the canonical /v1. Invalid when it is none of these. */
    static QUrl hubUrlFromText(const QString &text);
    /** An invite link (tandem://HOST:PORT/join?token=…): connectTo its hub. */
    Workspace *openLink(const QString &link, QString *error);
    /** Removes a remote hub, its cache and its login (not "This computer"). */
    void forget(int index);
    /** Tries again to keep a hub's login (the one in use this session) in the keychain; its
     *  outcome is reported as for connectTo(): loginNotSaved() if it fails again. */
    void saveLoginAgain(const QUrl &hubUrl);

    /** The hosting in use, else the one last chosen in this profile (kept after Stop Hosting,
     *  so hosting again starts from it), else the defaults. */
    HostingOptions lastHosting() const;
    /** Why hosting chosen to resume at start did not (empty when it did, or was not). */
    QString resumeHostingError() const { return m_resumeHostingError; }

    CredentialStore *credentials() { return &m_credentials; }
    const LocalUser &me() const { return m_me; }
    /** The longest name setMyName() takes. */
    static constexpr int MaxNameLength = 64;
    /**
     * The name others see for this profile's user on the notes "This computer" hosts, and
     * in its invites, instead of the account's: kept in the settings for every start, and the
     * built-in hub is signed in to again under it at once. On other hubs the name is the one
     * their host gave. False (*error says why) for an empty or too long name.
     */
    bool setMyName(const QString &name, QString *error);

Q_SIGNALS:
    void currentChanged(Workspace *workspace);
    void workspacesChanged();
    /** The keychain refused to keep the login given for a hub (no keychain, a locked or
     *  cancelled keyring): it holds for this session only, and the next start will ask for
     *  it again. why: the keychain's own words. */
    void loginNotSaved(const QUrl &hubUrl, const QString &hubName, const QString &why);

private:
    /** networkCameBack() whenever the system's network becomes reachable again. */
    void watchTheNetwork();
    static constexpr QLatin1String LoginKey{"login"};
    static constexpr QLatin1String NameKey{"me/name"};
    void save();
    /** The hosting kept in the settings to resume, if any. */
    std::optional<HostingOptions> hostingToResume() const;
    void rememberHosting(Workspace *local);
    QString cachePath(const QUrl &hubUrl) const;
    Workspace *addRemote(const QString &name, const QUrl &hubUrl, QString *error);
    /** The remote hub at hubUrl's address and path with the other scheme, or -1. */
    int indexOfOtherScheme(const QUrl &hubUrl) const;
    /** Reopens the remote hub at index at hubUrl, its cache moved along. */
    bool changeScheme(int index, const QUrl &hubUrl, QString *error);

    Paths m_paths;
    LocalUser m_me;
    SyncClientSettings m_clientSettings;
    std::unique_ptr<QSettings> m_settings;
    CredentialStore m_credentials;
    std::vector<std::unique_ptr<Workspace>> m_workspaces;
    int m_current = -1;
    QString m_resumeHostingError;
};
