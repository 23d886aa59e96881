// SPDX-License-Identifier: GPL-3.0-or-later
// Workspaces and Workspace with real hubs: "This computer" is first and live; invite links
// parse (and bad ones are refused with a reason); a hub connected to is remembered by the
// profile and reconnected on the next start with the login from the keychain, as the current
// workspace again; forgetting it removes its cache and its place in the settings; hosting
// follows the chosen options and the invite's user id comes from the name. The user comes
// from the account (login and full name), and a profile keeps the user id it was first
// opened with, so its notes stay listed when the login name seen at start changes. Hosting
// chosen to resume comes back at the next start (a collaborator's Tandem with it), says why
// when its port is taken, and is forgotten once stopped. A hub that starts serving TLS keeps
// its place, its cache and the edits waiting in it when joined again with its new link.
#include "clientfixture.h"
#include "hubthread.h"
#include "workspaces.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestWorkspaces : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void inviteLinksParseAndBadOnesAreRefused();
    void hubAddressesAreReadAsPeopleTypeThem_data();
    void hubAddressesAreReadAsPeopleTypeThem();
    void thisComputerIsFirstAndLive();
    void aHubConnectedToIsRememberedAndForgotten();
    void hostingRestartsTheHubAsChosen();
    void theUserComesFromTheAccount();
    void aProfileKeepsItsOwnerWhenTheLoginChanges();
    void hostingChosenToResumeComesBackAtTheNextStart();
    void hubsOutOfReachAreTriedAtOnceWhenTheNetworkComesBack();
    void aHubNowServingTlsKeepsItsNotesWhenJoinedWithItsNewLink();

private:
    /** A hub serving from dir, on port (0: a free one). */
    static std::unique_ptr<HubThread> startHub(const QTemporaryDir &dir, quint16 port = 0,
                                               bool tls = false)
    {
        HubConfig config;
        config.dataDir = dir.path();
        config.port = port;
        config.tls = tls;
        auto hub = std::make_unique<HubThread>(config);
        QString error;
        if (!hub->start(&error)) {
            qWarning("the hub did not start: %s", qPrintable(error));
            return {};
        }
        return hub;
    }
    std::unique_ptr<Workspaces> open(const QTemporaryDir &dir, const QString &user,
                                     const SyncClientSettings &settings = fastClientSettings())
    {
        auto workspaces = std::make_unique<Workspaces>(
                Workspaces::Paths{dir.filePath(QStringLiteral("data")),
                                  dir.filePath(QStringLiteral("settings.ini")),
                                  QStringLiteral("Tandem tests ") + dir.path()},
                LocalUser{user, user}, settings);
        QString error;
        if (!workspaces->open(&error))
            qWarning("%s", qPrintable(error));
        return workspaces;
    }
};

void TestWorkspaces::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestWorkspaces::inviteLinksParseAndBadOnesAreRefused()
{
    QString why;
    std::optional<InviteLink> link = InviteLink::parse(
            QStringLiteral("tandem://192.168.1.20:8787/join?token=a.b%2Bc"), &why);
    QVERIFY(link);
    QCOMPARE(link->hubUrl, QUrl(QStringLiteral("ws://192.168.1.20:8787/v1")));
    QCOMPARE(link->token, QStringLiteral("a.b+c"));
    link = InviteLink::parse(QStringLiteral("tandems://notes.example.org/join?token=t"), &why);
    QVERIFY(link);
    QCOMPARE(link->hubUrl, QUrl(QStringLiteral("wss://notes.example.org:8787/v1")));
    QCOMPARE(InviteLink::format(link->hubUrl, QStringLiteral("t")),
             QStringLiteral("tandems://notes.example.org:8787/join?token=t"));
    for (const char *bad : {"http://example.org/join?token=x", "tandem:///join?token=x",
                            "tandem://host:1/open?token=x", "not a link"}) {
        why.clear();
        QVERIFY2(!InviteLink::parse(QString::fromLatin1(bad), &why), bad);
        QVERIFY(why.startsWith(QLatin1String("Not a Tandem invite link")));
    }
    // The host's name rides along (any characters), cleaned to one short printable line.
    const QString name = QStringLiteral("Ann & Bo's = 100% +fun #1 Zoë");
    const QString named = InviteLink::format(QUrl(QStringLiteral("ws://10.0.0.2:8787/v1")),
                                             QStringLiteral("t"), {}, name);
    link = InviteLink::parse(named, &why);
    QVERIFY2(link, qPrintable(why));
    QCOMPARE(link->hubName, name);
    QCOMPARE(link->token, QStringLiteral("t"));
    link = InviteLink::parse(QStringLiteral("tandem://h:1/join?token=t&name=") +
                                     QString(100, u'a') + QStringLiteral("%0A") +
                                     QString(100, u'a') + QStringLiteral("%09x%07"),
                             &why);
    QVERIFY2(link, qPrintable(why));
    QCOMPARE(link->hubName.size(), 60);
    QVERIFY(!link->hubName.contains(u'\n') && !link->hubName.contains(u'\a'));
    QCOMPARE(Workspace::userIdFor(QStringLiteral("Ann-Marie Lee")),
             QStringLiteral("ann-marie-lee"));
    QCOMPARE(Workspace::userIdFor(QStringLiteral("  Zoë  ")), QStringLiteral("zoe"));
}

void TestWorkspaces::hubAddressesAreReadAsPeopleTypeThem_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected"); // "" for not an address
    const auto row = [](const char *typed, const char *expected) {
        QTest::newRow(typed) << QString::fromUtf8(typed) << QString::fromUtf8(expected);
    };
    row("notes.example.org:9000", "ws://notes.example.org:9000/v1");
    row("notes.example.org", "ws://notes.example.org:8787/v1");
    row("  192.168.1.20:8787 ", "ws://192.168.1.20:8787/v1");
    row("[::1]:8787", "ws://[::1]:8787/v1");
    row("ws://notes.example.org:9000/v1", "ws://notes.example.org:9000/v1");
    row("WSS://notes.example.org", "wss://notes.example.org:8787/v1");
    row("ws://notes.example.org:9000/", "ws://notes.example.org:9000/v1");
    row("ws://notes.example.org:9000/other", "ws://notes.example.org:9000/other");
    row("http://notes.example.org", "");
    row("notes.example.org:port", "");
    row("alice@notes.example.org", "");
    row("", "");
    row("ws://", "");
}

void TestWorkspaces::hubAddressesAreReadAsPeopleTypeThem()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    const QUrl url = Workspaces::hubUrlFromText(typed);
    QCOMPARE(url.isValid() ? url.toString() : QString(), expected);
}

void TestWorkspaces::thisComputerIsFirstAndLive()
{
    QTemporaryDir dir;
    auto workspaces = open(dir, QStringLiteral("ann"));
    QCOMPARE(workspaces->count(), 1);
    QCOMPARE(workspaces->current(), workspaces->local());
    Workspace *local = workspaces->local();
    QCOMPARE(local->kind(), Workspace::Kind::Local);
    QVERIFY(!local->isHosting());
    QCOMPARE(local->client()->serverUrl().host(), QStringLiteral("127.0.0.1"));
    QTRY_COMPARE(local->client()->state(), SyncClient::State::Online);
    QCOMPARE(local->client()->userId(), QStringLiteral("ann"));
    // Its hub and cache live in the profile's data folder.
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("data/this-computer/client.sqlite"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("data/this-computer/hub/hub.sqlite"))));
}

void TestWorkspaces::aHubConnectedToIsRememberedAndForgotten()
{
    QTemporaryDir hubDir;
    HubConfig config;
    config.dataDir = hubDir.path();
    config.port = 0;
    HubThread hub(config);
    QString error;
    QVERIFY2(hub.start(&error), qPrintable(error));
    const QString link = InviteLink::format(
            hub.url(), hub.issueToken(QStringLiteral("bo"), QStringLiteral("Bo")));
    QTemporaryDir dir;
    QString cache;
    {
        auto workspaces = open(dir, QStringLiteral("bo"));
        QSignalSpy written(workspaces->credentials(), &CredentialStore::tokenWritten);
        Workspace *team = workspaces->openLink(link, &error);
        QVERIFY2(team, qPrintable(error));
        QCOMPARE(workspaces->count(), 2);
        QCOMPARE(workspaces->current(), team);
        QTRY_COMPARE(team->client()->state(), SyncClient::State::Online);
        team->client()->createNote(QStringLiteral("On the team hub"));
        QTRY_VERIFY(team->client()->isSynced());
        // The same link again does not add it twice.
        QCOMPARE(workspaces->openLink(link, &error), team);
        QCOMPARE(workspaces->count(), 2);
        // The login reached the keychain (the tests run with an unlocked gnome-keyring).
        QTRY_VERIFY_WITH_TIMEOUT(written.size() > 0, 10'000);
        QVERIFY2(written.first().at(2).toBool(), qPrintable(written.first().at(3).toString()));
    }
    {
        // Next start: the hub is there, current, and signs in with the kept login.
        auto workspaces = open(dir, QStringLiteral("bo"));
        QCOMPARE(workspaces->count(), 2);
        QCOMPARE(workspaces->currentIndex(), 1);
        Workspace *team = workspaces->current();
        QCOMPARE(team->client()->serverUrl(), hub.url());
        QCOMPARE(team->client()->summaries().size(), 1); // from the cache, before any network
        QTRY_COMPARE_WITH_TIMEOUT(team->client()->state(), SyncClient::State::Online, 15'000);
        QCOMPARE(team->client()->userId(), QStringLiteral("bo"));
        cache = team->store()->path();
        QVERIFY(QFile::exists(cache));
        workspaces->forget(1);
        QCOMPARE(workspaces->count(), 1);
        QCOMPARE(workspaces->current(), workspaces->local());
        QVERIFY(!QFile::exists(cache));
    }
    auto workspaces = open(dir, QStringLiteral("bo"));
    QCOMPARE(workspaces->count(), 1);
}

void TestWorkspaces::hostingRestartsTheHubAsChosen()
{
    QTemporaryDir dir;
    auto workspaces = open(dir, QStringLiteral("host"));
    Workspace *local = workspaces->local();
    QTRY_COMPARE(local->client()->state(), SyncClient::State::Online);
    QString error;
    QCOMPARE(local->invite(QStringLiteral("Ann"), &error), QString());
    QVERIFY(error.startsWith(QLatin1String("Start hosting first")));
    QSignalSpy hosting(local, &Workspace::hostingChanged);
    QVERIFY(local->startHosting(HostingOptions{0, false, false}, &error));
    QCOMPARE(hosting.size(), 1);
    QVERIFY(local->isHosting());
    QCOMPARE(local->hub()->config().auth, HubConfig::Auth::None);
    QCOMPARE(local->hub()->config().address, QHostAddress(QHostAddress::LocalHost));
    QTRY_COMPARE(local->client()->state(), SyncClient::State::Online);
    QCOMPARE(local->client()->userId(), QStringLiteral("host")); // by name, no token
    local->stopHosting();
    QVERIFY(!local->isHosting());
    QCOMPARE(local->hub()->config().auth, HubConfig::Auth::Token);
    QTRY_COMPARE(local->client()->state(), SyncClient::State::Online);
}

void TestWorkspaces::theUserComesFromTheAccount()
{
    LocalUser ann = LocalUser::fromAccount(QStringLiteral("ann"), QStringLiteral("Ann Lee,4,,"));
    QCOMPARE(ann.id, QStringLiteral("ann"));
    QCOMPARE(ann.name, QStringLiteral("Ann Lee"));
    LocalUser jo = LocalUser::fromAccount(QStringLiteral("jo.doe"), QString());
    QCOMPARE(jo.id, QStringLiteral("jo-doe"));
    QCOMPARE(jo.name, QStringLiteral("Jo.doe"));
    LocalUser nobody = LocalUser::fromAccount(QString(), QStringLiteral(",,,"));
    QCOMPARE(nobody.id, QStringLiteral("me"));
    QCOMPARE(nobody.name, QStringLiteral("Me"));
    // This machine's account, whatever the environment says.
    const LocalUser system = LocalUser::fromSystem();
    QVERIFY(!system.id.isEmpty());
    QVERIFY(!system.name.isEmpty());
    const QByteArray user = qgetenv("USER");
    qunsetenv("USER");
    QCOMPARE(LocalUser::fromSystem().id, system.id);
    qputenv("USER", "someone-else");
    QCOMPARE(LocalUser::fromSystem().id, system.id);
    qputenv("USER", user);
}

void TestWorkspaces::aProfileKeepsItsOwnerWhenTheLoginChanges()
{
    QTemporaryDir dir;
    QString noteId;
    {
        auto workspaces = open(dir, QStringLiteral("ann"));
        SyncClient *client = workspaces->local()->client();
        QTRY_COMPARE(client->state(), SyncClient::State::Online);
        noteId = client->createNote(QStringLiteral("Ann's plan"), QStringLiteral("keep me"));
        QTRY_VERIFY(client->isSynced());
    }
    // Started again under another login name: still Ann's profile, with Ann's note.
    auto workspaces = open(dir, QStringLiteral("root"));
    QCOMPARE(workspaces->me().id, QStringLiteral("ann"));
    SyncClient *client = workspaces->local()->client();
    QTRY_COMPARE(client->state(), SyncClient::State::Online);
    QCOMPARE(client->userId(), QStringLiteral("ann"));
    QTRY_VERIFY(client->isSynced());
    QCOMPARE(client->summaries().size(), 1);
    QCOMPARE(client->summaries().first().id, noteId);
    QCOMPARE(client->summary(noteId).title, QStringLiteral("Ann's plan"));
}

void TestWorkspaces::hostingChosenToResumeComesBackAtTheNextStart()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QTemporaryDir aliceDir;
    QTemporaryDir bobDir;
    HostingOptions options{port, false, true, false, true};
    QString link;
    {
        auto alice = open(aliceDir, QStringLiteral("alice"));
        QString error;
        QVERIFY2(alice->local()->startHosting(options, &error), qPrintable(error));
        link = alice->local()->invite(QStringLiteral("Bob"), &error, true);
        QVERIFY2(!link.isEmpty(), qPrintable(error));
    }
    // Next start: hosting again as it was, before any window; Bob's invite still works.
    auto bob = open(bobDir, QStringLiteral("bob"));
    {
        auto alice = open(aliceDir, QStringLiteral("alice"));
        QVERIFY(alice->local()->isHosting());
        QCOMPARE(alice->local()->hostingOptions(), options);
        QCOMPARE(alice->resumeHostingError(), QString());
        QString error;
        Workspace *team = bob->openLink(link, &error);
        QVERIFY2(team, qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(team->client()->state(), SyncClient::State::Online, 15'000);
    }
    {
        // The port taken: not hosting this time, and why; the choice is kept for next time.
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
        auto alice = open(aliceDir, QStringLiteral("alice"));
        QVERIFY(!alice->local()->isHosting());
        QVERIFY2(alice->resumeHostingError().startsWith(
                         QStringLiteral("Could not host again on port %1").arg(port)),
                 qPrintable(alice->resumeHostingError()));
        QTRY_COMPARE(alice->local()->client()->state(), SyncClient::State::Online); // private
    }
    {
        auto alice = open(aliceDir, QStringLiteral("alice"));
        QVERIFY(alice->local()->isHosting());
        alice->local()->stopHosting(); // forgets the choice
    }
    {
        auto alice = open(aliceDir, QStringLiteral("alice"));
        QVERIFY(!alice->local()->isHosting());
        QCOMPARE(alice->resumeHostingError(), QString());
        // What she chose stays, for the Host dialog to start from.
        QCOMPARE(alice->lastHosting(), options);
    }
    // Hosting without the choice is not resumed either.
    options.resumeOnStart = false;
    {
        auto alice = open(aliceDir, QStringLiteral("alice"));
        QString error;
        QVERIFY2(alice->local()->startHosting(options, &error), qPrintable(error));
    }
    auto alice = open(aliceDir, QStringLiteral("alice"));
    QVERIFY(!alice->local()->isHosting());
}

void TestWorkspaces::hubsOutOfReachAreTriedAtOnceWhenTheNetworkComesBack()
{
    QTemporaryDir hubDir;
    auto hub = startHub(hubDir);
    QVERIFY(hub);
    const QUrl url = hub->url();
    QString error;
    // Bo's Tandem waits a minute between attempts; Cy's gives up after two.
    SyncClientSettings patient = fastClientSettings();
    patient.reconnect.baseMs = patient.reconnect.capMs = 60'000;
    SyncClientSettings quick = fastClientSettings();
    quick.reconnect.maxAttempts = 2;
    QTemporaryDir boDir;
    QTemporaryDir cyDir;
    auto bo = open(boDir, QStringLiteral("bo"), patient);
    auto cy = open(cyDir, QStringLiteral("cy"), quick);
    Workspace *boTeam = bo->openLink(
            InviteLink::format(url, hub->issueToken(QStringLiteral("bo"), QStringLiteral("Bo"))),
            &error);
    Workspace *cyTeam = cy->openLink(
            InviteLink::format(url, hub->issueToken(QStringLiteral("cy"), QStringLiteral("Cy"))),
            &error);
    QVERIFY2(boTeam && cyTeam, qPrintable(error));
    QTRY_COMPARE(boTeam->client()->state(), SyncClient::State::Online);
    QTRY_COMPARE(cyTeam->client()->state(), SyncClient::State::Online);

    // The network goes (here: the hub), long enough for Cy's Tandem to give up.
    hub.reset();
    QTRY_COMPARE(boTeam->client()->state(), SyncClient::State::Reconnecting);
    QTRY_VERIFY(cyTeam->client()->isOutOfAttempts());
    hub = startHub(hubDir, quint16(url.port()));
    QVERIFY(hub);

    // It is back: both are tried at once, neither waiting out its minute nor a click.
    bo->networkCameBack();
    cy->networkCameBack();
    QTRY_COMPARE_WITH_TIMEOUT(boTeam->client()->state(), SyncClient::State::Online, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(cyTeam->client()->state(), SyncClient::State::Online, 10'000);
    // A client that is live or was told no by the hub is left as it is.
    QCOMPARE(bo->local()->client()->state(), SyncClient::State::Online);
}

void TestWorkspaces::aHubNowServingTlsKeepsItsNotesWhenJoinedWithItsNewLink()
{
    QTemporaryDir hubDir;
    auto hub = startHub(hubDir);
    QVERIFY(hub);
    const QUrl plain = hub->url();
    QString error;
    QTemporaryDir dir;
    auto workspaces = open(dir, QStringLiteral("bo"));
    Workspace *team = workspaces->openLink(
            InviteLink::format(plain, hub->issueToken(QStringLiteral("bo"), QStringLiteral("Bo"))),
            &error);
    QVERIFY2(team, qPrintable(error));
    QTRY_COMPARE(team->client()->state(), SyncClient::State::Online);
    team->client()->createNote(QStringLiteral("Before TLS"));
    QTRY_VERIFY(team->client()->isSynced());

    // Its admin restarts it with TLS on the same port; meanwhile Bo writes a note.
    hub.reset();
    team->client()->createNote(QStringLiteral("Written while the hub changed"));
    hub = startHub(hubDir, quint16(plain.port()), true);
    QVERIFY(hub);
    QUrl secure = plain;
    secure.setScheme(QStringLiteral("wss"));
    QCOMPARE(hub->url(), secure);
    team->client()->reconnectNow();
    QTRY_COMPARE(team->client()->state(), SyncClient::State::Failed);
    QVERIFY2(team->client()->lastError().contains(QLatin1String("tandems://")),
             qPrintable(team->client()->lastError()));

    // The new link moves the hub to its new address, in its place, with what it kept.
    Workspace *moved = workspaces->openLink(
            InviteLink::format(secure, hub->issueToken(QStringLiteral("bo"), QStringLiteral("Bo")),
                               hub->certificateFingerprint()),
            &error);
    QVERIFY2(moved, qPrintable(error));
    QCOMPARE(workspaces->count(), 2);
    QCOMPARE(workspaces->currentIndex(), 1);
    QCOMPARE(workspaces->current(), moved);
    QCOMPARE(moved->client()->serverUrl(), secure);
    QTRY_COMPARE(moved->client()->state(), SyncClient::State::Online);
    QTRY_VERIFY(moved->client()->isSynced());
    QCOMPARE(moved->client()->summaries().size(), 2); // the note written meanwhile was sent

    // The next start opens it at its new address, from the moved cache.
    workspaces.reset();
    workspaces = open(dir, QStringLiteral("bo"));
    QCOMPARE(workspaces->count(), 2);
    QCOMPARE(workspaces->at(1)->client()->serverUrl(), secure);
    QCOMPARE(workspaces->at(1)->client()->summaries().size(), 2);
    // It signs in with the new link's login, kept in the keychain for the new address.
    QTRY_COMPARE_WITH_TIMEOUT(workspaces->at(1)->client()->state(), SyncClient::State::Online,
                              15'000);
    QCOMPARE(workspaces->at(1)->client()->userId(), QStringLiteral("bo"));
}

QTEST_MAIN(TestWorkspaces)
#include "tst_workspaces.moc"
