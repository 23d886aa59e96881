// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace.h"

#include "hubthread.h"

#include <QDir>
#include <QNetworkInterface>
#include <QRegularExpression>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace {

/** A user id from a name: lower case letters, digits and dashes. */
QString idFromName(const QString &name)
{
    QString id = name.normalized(QString::NormalizationForm_KD).toLower();
    id.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    id = id.mid(id.startsWith(u'-') ? 1 : 0);
    if (id.endsWith(u'-'))
        id.chop(1);
    return id.left(64);
}

/** This machine's first IPv4 address on a network (not loopback), or loopback. */
QHostAddress networkAddress()
{
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) ||
            !flags.testFlag(QNetworkInterface::IsRunning) ||
            flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const auto entries = interface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries)
            if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol)
                return entry.ip();
    }
    return QHostAddress(QHostAddress::LocalHost);
}

} // namespace

LocalUser LocalUser::fromAccount(const QString &login, const QString &gecos)
{
    LocalUser me;
    me.id = idFromName(login);
    if (me.id.isEmpty())
        me.id = QStringLiteral("me");
    // GECOS: "Full Name,Room,Work phone,Home phone,Other"; the first field is the name.
    me.name = gecos.section(u',', 0, 0).trimmed();
    if (me.name.isEmpty()) {
        const QString from = login.trimmed().isEmpty() ? me.id : login.trimmed();
        me.name = from.left(1).toUpper() + from.mid(1);
    }
    return me;
}

LocalUser LocalUser::fromSystem()
{
#ifdef Q_OS_UNIX
    // The account itself, not the environment: USER is unset under some launchers and
    // someone else's under sudo -E.
    if (const passwd *account = getpwuid(getuid()))
        return fromAccount(QString::fromLocal8Bit(account->pw_name),
                           account->pw_gecos ? QString::fromLocal8Bit(account->pw_gecos)
                                             : QString());
#endif
    return fromAccount(qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")), {});
}

Workspace::Workspace(Kind kind, QString name)
    : m_kind(kind)
    , m_name(std::move(name))
    , m_store(std::make_unique<ClientStore>())
{ }

Workspace::~Workspace()
{
    m_client.reset(); // says goodbye while the hub still listens
    m_hub.reset();
    m_store->close();
}

std::unique_ptr<Workspace> Workspace::openLocal(const QString &dataDir, const LocalUser &me,
                                                QString *error, SyncClientSettings settings,
                                                const std::optional<HostingOptions> &host,
                                                QString *hostError)
{
    std::unique_ptr<Workspace> workspace(new Workspace(Kind::Local, tr("This computer")));
    workspace->m_dataDir = dataDir;
    workspace->m_me = me;
    if (!QDir().mkpath(dataDir)) {
        *error = tr("Could not create the folder %1").arg(dataDir);
        return nullptr;
    }
    if (!workspace->m_store->openSettingAsideDamage(
                QDir(dataDir).filePath(QStringLiteral("client.sqlite")), error,
                &workspace->m_damagedCache))
        return nullptr;
    // The notes here belong to the user id that made them, which the cache records: keep it,
    // or a start under another login name (USER unset, a renamed account, another launcher)
    // would show an empty list for a new owner and drop the cache's unsent edits.
    const QString owner = workspace->m_store->userId();
    if (!owner.isEmpty() && owner != me.id) {
        qInfo("this profile's notes belong to the user id %s (the login is %s now)",
              qPrintable(owner), qPrintable(me.id));
        workspace->m_me.id = owner;
    }
    // The address is known once the hub listens: the client starts with a placeholder.
    workspace->m_client =
            std::make_unique<SyncClient>(QUrl(), workspace->m_store.get(), std::move(settings));
    // One start: hosting when chosen (on failure startHosting leaves a private hub), else
    // private.
    QString ignored;
    if (host)
        workspace->startHosting(*host, hostError ? hostError : &ignored);
    if (!workspace->m_hub && !workspace->startHub(HostingOptions{0, false, true}, false, error))
        return nullptr;
    Workspace *raw = workspace.get();
    connect(raw->m_client.get(), &SyncClient::stateChanged, raw, &Workspace::sharePendingNotes);
    workspace->m_client->connectToHub();
    return workspace;
}

std::unique_ptr<Workspace> Workspace::openRemote(const QString &name, const QUrl &url,
                                                 const QString &storePath, QString *error,
                                                 SyncClientSettings settings)
{
    std::unique_ptr<Workspace> workspace(new Workspace(Kind::Remote, name));
    if (!QDir().mkpath(QFileInfo(storePath).absolutePath()) ||
        !workspace->m_store->openSettingAsideDamage(storePath, error, &workspace->m_damagedCache)) {
        if (error->isEmpty())
            *error = tr("Could not create the folder of %1").arg(storePath);
        return nullptr;
    }
    workspace->m_client =
            std::make_unique<SyncClient>(url, workspace->m_store.get(), std::move(settings));
    return workspace;
}

bool Workspace::startHub(const HostingOptions &options, bool shared, QString *error)
{
    HubConfig config;
    config.dataDir = QDir(m_dataDir).filePath(QStringLiteral("hub"));
    config.address = shared && options.localNetwork ? QHostAddress(QHostAddress::AnyIPv4)
                                                    : QHostAddress(QHostAddress::LocalHost);
    config.port = options.port;
    config.auth = shared && !options.requireInvite ? HubConfig::Auth::None : HubConfig::Auth::Token;
    config.tls = shared && options.encrypt;
    if (m_hub)
        m_hub->stop(); // its clients (ours too) are told the hub is going away
    m_hub = std::make_unique<HubThread>(config);
    if (!m_hub->start(error)) {
        m_hub.reset();
        return false;
    }
    signInToOwnHub();
    m_client->setServerUrl(m_hub->url());
    if (config.tls)
        m_client->pinCertificate(m_hub->certificateFingerprint()); // our own hub, known exactly
    if (m_client->state() != SyncClient::State::Offline)
        m_client->reconnectNow(); // at once, not after a backoff for the hub that went away
    return true;
}

void Workspace::signInToOwnHub()
{
    if (m_hub->config().auth == HubConfig::Auth::None)
        m_client->setCredentials(m_me.id, m_me.name);
    else
        m_client->setCredentials(m_hub->issueToken(m_me.id, m_me.name));
}

void Workspace::setMyName(const QString &name)
{
    if (m_kind != Kind::Local || name == m_me.name)
        return;
    m_me.name = name;
    if (!m_hub)
        return;
    signInToOwnHub();
    // Signed in again at once: the hub takes the new name from the new login, and tells
    // everyone on a note with this user.
    if (m_client->state() != SyncClient::State::Offline)
        m_client->reconnectNow();
}

bool Workspace::startHosting(const HostingOptions &options, QString *error)
{
    if (m_kind != Kind::Local) {
        *error = tr("Only this computer's notes can be shared from here.");
        return false;
    }
    if (!startHub(options, true, error)) {
        QString ignored;
        startHub(HostingOptions{0, false, true}, false, &ignored); // back to private
        if (m_hosting) {
            m_hosting = false;
            Q_EMIT hostingChanged(false);
        }
        return false;
    }
    m_options = options;
    m_hosting = true;
    Q_EMIT hostingChanged(true);
    return true;
}

void Workspace::stopHosting()
{
    if (!m_hosting)
        return;
    QString error;
    if (!startHub(HostingOptions{0, false, true}, false, &error))
        qWarning("the built-in hub did not restart: %s", qPrintable(error));
    m_hosting = false;
    Q_EMIT hostingChanged(false);
}

QUrl Workspace::publicUrl() const
{
    if (!m_hub)
        return m_client->serverUrl();
    QUrl url = m_hub->url();
    if (m_hosting && m_options.localNetwork)
        url.setHost(networkAddress().toString());
    return url;
}

QString Workspace::userIdFor(const QString &name)
{
    return idFromName(name);
}

QString Workspace::invite(const QString &name, QString *error, bool shareNotes)
{
    if (!m_hosting || !m_hub) {
        *error = tr("Start hosting first (Server → Host local sync server…).");
        return {};
    }
    const QString id = idFromName(name);
    if (id.isEmpty() && (m_options.requireInvite || shareNotes)) {
        *error = tr("Give the collaborator a name with at least one letter or digit.");
        return {};
    }
    if (shareNotes && id != m_me.id) {
        // The notes there are now through this computer's client (so it lists them as
        // shared), the ones made later by the hub as they are made.
        m_hub->shareNewNotes(m_me.id, id, QStringLiteral("editor"));
        m_pendingShares.append(id);
        sharePendingNotes();
    }
    const QString fingerprint = certificateFingerprint();
    if (!m_options.requireInvite)
        return InviteLink::format(publicUrl(), {}, fingerprint, m_me.name);
    return InviteLink::format(publicUrl(), m_hub->issueToken(id, name.trimmed()), fingerprint,
                              m_me.name);
}

QString Workspace::certificateFingerprint() const
{
    return m_hosting && m_hub ? m_hub->certificateFingerprint() : QString();
}

void Workspace::sharePendingNotes()
{
    if (m_client->state() != SyncClient::State::Online)
        return; // again when it is (see openLocal)
    const QList<NoteSummary> notes = m_client->summaries();
    for (const QString &id : std::as_const(m_pendingShares))
        for (const NoteSummary &note : notes)
            if (note.owner == m_me.id || note.role == QLatin1String("owner"))
                m_client->share(note.id, id, QStringLiteral("editor"));
    m_pendingShares.clear();
}

QHash<QString, QString> Workspace::invitedPeople() const
{
    if (!m_hosting || !m_hub || !m_options.requireInvite)
        return {};
    QHash<QString, QString> people = m_hub->knownUsers();
    people.remove(m_me.id);
    return people;
}

bool Workspace::revokeInvites(const QString &userId, QString *error)
{
    if (!m_hosting || !m_hub || !m_options.requireInvite) {
        *error = tr("Only a hub hosted with invites has invites to revoke.");
        return false;
    }
    if (userId == m_me.id) {
        *error = tr("You cannot revoke your own access.");
        return false;
    }
    m_hub->revokeTokens(userId);
    return true;
}

QStringList Workspace::otherUsers() const
{
    if (!m_hub)
        return {};
    QStringList users = m_hub->connectedUsers();
    users.removeAll(m_me.id);
    return users;
}
