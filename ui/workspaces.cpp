// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspaces.h"

#include "protocol/protocol.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QNetworkInformation>

Workspaces::Workspaces(Paths paths, LocalUser me, SyncClientSettings clientSettings,
                       QObject *parent)
    : QObject(parent)
    , m_paths(std::move(paths))
    , m_me(std::move(me))
    , m_clientSettings(std::move(clientSettings))
    , m_settings(m_paths.settingsFile.isEmpty()
                         ? std::make_unique<QSettings>()
                         : std::make_unique<QSettings>(m_paths.settingsFile, QSettings::IniFormat))
    , m_credentials(m_paths.keychainService)
{
    // A name chosen in Tandem (Edit → Your Name…) over the account's.
    if (const QString name = m_settings->value(NameKey).toString().trimmed(); !name.isEmpty())
        m_me.name = name;
    connect(&m_credentials, &CredentialStore::tokenRead, this,
            [this](const QUrl &hub, const QString &, const QString &token, const QString &) {
                const int index = indexOf(hub);
                if (index <= 0)
                    return;
                // No login stored (or no keychain): connect anyway; the hub's refusal shows
                // "Sign-in needed" with a way to give one.
                Workspace *workspace = at(index);
                const QString session = m_credentials.sessionToken(hub, LoginKey);
                workspace->client()->setCredentials(token.isEmpty() ? session : token);
                workspace->client()->connectToHub();
            });
    connect(&m_credentials, &CredentialStore::tokenWritten, this,
            [this](const QUrl &hub, const QString &, bool ok, const QString &why) {
                const int index = indexOf(hub);
                if (!ok && index > 0) // a hub forgotten meanwhile has no login to keep
                    Q_EMIT loginNotSaved(hub, at(index)->name(), why);
            });
}

Workspaces::~Workspaces()
{
    // Remote clients first, "This computer" (whose hub its own client talks to) last.
    while (m_workspaces.size() > 1)
        m_workspaces.pop_back();
    m_workspaces.clear();
}

bool Workspaces::open(QString *error)
{
    // Hosting chosen to resume starts with the hub; if it cannot (the port taken, say) the
    // notes stay private for this run and the next start tries again: only Stop Hosting
    // forgets the choice.
    const std::optional<HostingOptions> host = hostingToResume();
    QString hostError;
    std::unique_ptr<Workspace> local =
            Workspace::openLocal(QDir(m_paths.dataDir).filePath(QStringLiteral("this-computer")),
                                 m_me, error, m_clientSettings, host, &hostError);
    if (!local)
        return false;
    if (host && !local->isHosting())
        m_resumeHostingError =
                tr("Could not host again on port %1: %2").arg(host->port).arg(hostError);
    m_me = local->me(); // its cache may name an earlier owner
    connect(local.get(), &Workspace::hostingChanged, this,
            [this, raw = local.get()]() { rememberHosting(raw); });
    m_workspaces.push_back(std::move(local));

    const int size = m_settings->beginReadArray(QStringLiteral("workspaces"));
    QList<std::pair<QString, QUrl>> remembered;
    for (int i = 0; i < size; ++i) {
        m_settings->setArrayIndex(i);
        remembered.append({m_settings->value(QStringLiteral("name")).toString(),
                           m_settings->value(QStringLiteral("url")).toUrl()});
    }
    m_settings->endArray();
    for (const auto &[name, url] : std::as_const(remembered)) {
        QString why;
        if (!url.isValid() || indexOf(url) >= 0 || !addRemote(name, url, &why)) {
            qWarning("skipping the remembered hub %s: %s", qPrintable(url.toString()),
                     qPrintable(why));
            continue;
        }
        m_credentials.readToken(url, LoginKey);
    }
    const QUrl current = m_settings->value(QStringLiteral("currentWorkspace")).toUrl();
    setCurrent(std::max(0, indexOf(current)));
    watchTheNetwork();
    Q_EMIT workspacesChanged();
    return true;
}

bool Workspaces::setMyName(const QString &name, QString *error)
{
    const QString trimmed = name.simplified();
    if (trimmed.isEmpty()) {
        *error = tr("A name is needed: it is how the others see you.");
        return false;
    }
    if (trimmed.size() > MaxNameLength) {
        *error = tr("At most %n characters, please.", nullptr, MaxNameLength);
        return false;
    }
    m_me.name = trimmed;
    m_settings->setValue(NameKey, trimmed);
    m_settings->sync();
    if (Workspace *workspace = local())
        workspace->setMyName(trimmed);
    return true;
}

void Workspaces::setCurrent(int index)
{
    if (index < 0 || index >= count() || index == m_current)
        return;
    m_current = index;
    m_settings->setValue(QStringLiteral("currentWorkspace"),
                         index == 0 ? QUrl() : current()->client()->serverUrl());
    Q_EMIT currentChanged(current());
}

int Workspaces::indexOf(const QUrl &hubUrl) const
{
    for (int i = 1; i < count(); ++i)
        if (at(i)->client()->serverUrl() == hubUrl)
            return i;
    return -1;
}

QString Workspaces::cachePath(const QUrl &hubUrl) const
{
    const QByteArray hash =
            QCryptographicHash::hash(hubUrl.toString().toUtf8(), QCryptographicHash::Sha256)
                    .toHex()
                    .left(16);
    return QDir(m_paths.dataDir)
            .filePath(QStringLiteral("servers/") + QString::fromLatin1(hash) +
                      QStringLiteral(".sqlite"));
}

void Workspaces::networkCameBack()
{
    for (const std::unique_ptr<Workspace> &workspace : m_workspaces) {
        SyncClient *client = workspace->client();
        if (client->isOutOfAttempts() || client->state() == SyncClient::State::Reconnecting)
            client->reconnectNow();
    }
}

void Workspaces::watchTheNetwork()
{
    // On Linux glib's backend (NetworkManager's monitor on a desktop) or NetworkManager's;
    // without one, the window's activation and Reconnect still retry.
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return;
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                if (reachability != QNetworkInformation::Reachability::Disconnected &&
                    reachability != QNetworkInformation::Reachability::Unknown)
                    networkCameBack();
            });
}

Workspace *Workspaces::addRemote(const QString &name, const QUrl &hubUrl, QString *error)
{
    std::unique_ptr<Workspace> workspace =
            Workspace::openRemote(name, hubUrl, cachePath(hubUrl), error, m_clientSettings);
    if (!workspace)
        return nullptr;
    m_workspaces.push_back(std::move(workspace));
    return m_workspaces.back().get();
}

QUrl Workspaces::hubUrlFromText(const QString &text)
{
    const QString trimmed = text.trimmed();
    QUrl url(trimmed.contains(QLatin1String("://")) ? trimmed : QStringLiteral("ws://") + trimmed,
             QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() ||
        (scheme != QLatin1String("ws") && scheme != QLatin1String("wss")))
        return {};
    url.setScheme(scheme);
    if (url.port() < 0)
        url.setPort(Protocol::DefaultPort);
    if (url.path().isEmpty() || url.path() == QLatin1String("/"))
        url.setPath(Protocol::canonicalPath());
    return url;
}

Workspace *Workspaces::connectTo(const QString &name, const QUrl &hubUrl, const QString &token,
                                 QString *error)
{
    const QString scheme = hubUrl.scheme();
    if (!hubUrl.isValid() || hubUrl.host().isEmpty() ||
        (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        *error = tr("A hub address looks like notes.example.org:8787, or ws://HOST:PORT/v1 "
                    "(wss:// for TLS).");
        return nullptr;
    }
    int index = indexOf(hubUrl);
    QString login = token;
    if (const int moved = indexOfOtherScheme(hubUrl); index < 0 && moved > 0) {
        if (!changeScheme(moved, hubUrl, error))
            return nullptr;
        index = moved;
        if (login.isEmpty())
            login = at(index)->client()->credentials(); // to keep at the new address
    }
    if (index < 0) {
        const QString label = name.trimmed().isEmpty() ? hubUrl.host() : name.trimmed();
        if (!addRemote(label, hubUrl, error))
            return nullptr;
        index = count() - 1;
        save();
        Q_EMIT workspacesChanged();
    }
    Workspace *workspace = at(index);
    if (!login.isEmpty()) {
        // Kept for this session at once; the keychain keeps it for the next (if there is one).
        m_credentials.setSessionToken(hubUrl, LoginKey, login);
        m_credentials.writeToken(hubUrl, LoginKey, login);
        workspace->client()->setCredentials(login);
    }
    workspace->client()->clearError();
    workspace->client()->reconnectNow();
    setCurrent(index);
    return workspace;
}

void Workspaces::saveLoginAgain(const QUrl &hubUrl)
{
    const QString login = m_credentials.sessionToken(hubUrl, LoginKey);
    if (indexOf(hubUrl) > 0 && !login.isEmpty())
        m_credentials.writeToken(hubUrl, LoginKey, login);
}

int Workspaces::indexOfOtherScheme(const QUrl &hubUrl) const
{
    QUrl other = hubUrl;
    other.setScheme(hubUrl.scheme() == QLatin1String("wss") ? QStringLiteral("ws")
                                                            : QStringLiteral("wss"));
    return indexOf(other);
}

namespace {

/** Moves a cache and its journal files; on failure, moves back what it had moved. */
bool moveCache(const QString &from, const QString &to)
{
    QStringList moved;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (!QFile::exists(from + suffix))
            continue;
        QFile::remove(to + suffix); // a leftover of nobody's: the address was not listed
        if (!QFile::rename(from + suffix, to + suffix)) {
            for (const QString &back : std::as_const(moved))
                QFile::rename(to + back, from + back);
            return false;
        }
        moved.append(suffix);
    }
    return true;
}

} // namespace

bool Workspaces::changeScheme(int index, const QUrl &hubUrl, QString *error)
{
    const QString name = at(index)->name();
    const QUrl oldUrl = at(index)->client()->serverUrl();
    const QString login = at(index)->client()->credentials();
    const QString from = cachePath(oldUrl);
    const QString to = cachePath(hubUrl);
    const bool wasCurrent = m_current == index;
    if (wasCurrent)
        setCurrent(0);
    m_workspaces.erase(m_workspaces.begin() + index); // closed, its last state saved
    std::unique_ptr<Workspace> reopened;
    if (moveCache(from, to)) {
        reopened = Workspace::openRemote(name, hubUrl, to, error, m_clientSettings);
        if (!reopened)
            moveCache(to, from);
    } else {
        *error = tr("Could not move the notes kept for %1 to its new address %2.")
                         .arg(oldUrl.toDisplayString(), hubUrl.toDisplayString());
    }
    const bool changed = reopened != nullptr;
    if (changed) {
        m_credentials.deleteToken(oldUrl, LoginKey); // kept at the new address by connectTo()
    } else {
        // Back where it was, as it was (if its cache opens again; the settings still list it
        // for the next start either way).
        QString why;
        reopened = Workspace::openRemote(name, oldUrl, from, &why, m_clientSettings);
    }
    if (reopened) {
        reopened->client()->setCredentials(login);
        m_workspaces.insert(m_workspaces.begin() + index, std::move(reopened));
    }
    if (changed)
        save();
    Q_EMIT workspacesChanged();
    if (wasCurrent && index < count())
        setCurrent(index);
    return changed;
}

Workspace *Workspaces::openLink(const QString &link, QString *error)
{
    const std::optional<InviteLink> invite = InviteLink::parse(link, error);
    if (!invite)
        return nullptr;
    // Listed by whose hub it is when the link says so, else by its address.
    const QString name = invite->hubName.isEmpty() ? invite->hubUrl.host() : invite->hubName;
    Workspace *workspace = connectTo(name, invite->hubUrl, invite->token, error);
    // The link is how the host vouches for its certificate: pinned before the TLS handshake
    // (connecting only starts once the event loop runs), replacing an older pin.
    if (workspace && !invite->fingerprint.isEmpty())
        workspace->client()->pinCertificate(invite->fingerprint);
    return workspace;
}

void Workspaces::forget(int index)
{
    if (index <= 0 || index >= count())
        return;
    const QUrl url = at(index)->client()->serverUrl();
    const QString cache = cachePath(url);
    if (m_current == index)
        setCurrent(0);
    else if (m_current > index)
        --m_current;
    m_workspaces.erase(m_workspaces.begin() + index);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(cache + suffix);
    m_credentials.deleteToken(url, LoginKey);
    save();
    Q_EMIT workspacesChanged();
}

HostingOptions Workspaces::lastHosting() const
{
    if (local() && local()->isHosting())
        return local()->hostingOptions();
    HostingOptions options;
    options.port =
            quint16(m_settings->value(QStringLiteral("hosting/port"), options.port).toUInt());
    options.localNetwork = m_settings->value(QStringLiteral("hosting/localNetwork")).toBool();
    options.requireInvite =
            m_settings->value(QStringLiteral("hosting/requireInvite"), true).toBool();
    options.encrypt = m_settings->value(QStringLiteral("hosting/encrypt")).toBool();
    options.resumeOnStart =
            m_settings->value(QStringLiteral("hosting/resumeOnStart"), true).toBool();
    return options;
}

std::optional<HostingOptions> Workspaces::hostingToResume() const
{
    if (!m_settings->value(QStringLiteral("hosting/resume")).toBool())
        return std::nullopt;
    HostingOptions options = lastHosting();
    options.resumeOnStart = true;
    return options;
}

void Workspaces::rememberHosting(Workspace *local)
{
    // The choices stay when hosting stops: only whether to host again at start changes.
    const HostingOptions options = local->hostingOptions();
    const bool hosting = local->isHosting();
    m_settings->setValue(QStringLiteral("hosting/resume"), hosting && options.resumeOnStart);
    if (hosting) {
        m_settings->setValue(QStringLiteral("hosting/port"), options.port);
        m_settings->setValue(QStringLiteral("hosting/localNetwork"), options.localNetwork);
        m_settings->setValue(QStringLiteral("hosting/requireInvite"), options.requireInvite);
        m_settings->setValue(QStringLiteral("hosting/encrypt"), options.encrypt);
        m_settings->setValue(QStringLiteral("hosting/resumeOnStart"), options.resumeOnStart);
    }
    m_settings->sync();
}

void Workspaces::save()
{
    m_settings->beginWriteArray(QStringLiteral("workspaces"), count() - 1);
    for (int i = 1; i < count(); ++i) {
        m_settings->setArrayIndex(i - 1);
        m_settings->setValue(QStringLiteral("name"), at(i)->name());
        m_settings->setValue(QStringLiteral("url"), at(i)->client()->serverUrl());
    }
    m_settings->endArray();
}
