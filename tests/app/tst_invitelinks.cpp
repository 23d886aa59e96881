// SPDX-License-Identifier: GPL-3.0-or-later
// Invite links and profiles, with the real `tandem` program (offscreen) and a real hub:
// `tandem LINK` opens the app connected to that hub as the invited user; a second `tandem`
// on the same profile hands its link to the running one and exits at once; another profile
// (--profile DIR) runs side by side.
#include "hubthread.h"
#include "singleinstance.h"
#include "workspace.h"

#include <QDir>
#include <QLocalSocket>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestInviteLinks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void aLinkOnTheCommandLineConnectsAsTheInvitedUser();
    void aSecondStartOnAProfileHandsItsLinkToTheFirst();

private:
    /** Starts tandem on a profile folder with arguments (offscreen, its own keychain name). */
    QProcess *startTandem(const QString &profile, const QStringList &arguments = {});
    static bool isListening(const QString &profile);
    QString link(const QString &userId, const QString &name);

    QTemporaryDir m_dir;
    std::unique_ptr<HubThread> m_hub;
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

void TestInviteLinks::init()
{
    HubConfig config;
    config.dataDir = m_dir.filePath(QStringLiteral("hub"));
    config.port = 0;
    m_hub = std::make_unique<HubThread>(config);
    QString error;
    QVERIFY2(m_hub->start(&error), qPrintable(error));
}

void TestInviteLinks::cleanup()
{
    for (auto &process : m_processes) {
        if (process->state() == QProcess::NotRunning && process->exitCode() != 0)
            qWarning("tandem failed: %s", process->readAllStandardError().right(2000).constData());
        process->terminate();
        if (!process->waitForFinished(10'000))
            process->kill();
    }
    m_processes.clear();
    m_hub.reset();
}

QString TestInviteLinks::link(const QString &userId, const QString &name)
{
    return InviteLink::format(m_hub->url(), m_hub->issueToken(userId, name));
}

QProcess *TestInviteLinks::startTandem(const QString &profile, const QStringList &arguments)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process->setProcessEnvironment(env);
    process->start(QStringLiteral(TANDEM_APP_PATH),
                   QStringList{QStringLiteral("--profile"), profile} + arguments);
    m_processes.push_back(std::move(process));
    return m_processes.back().get();
}

bool TestInviteLinks::isListening(const QString &profile)
{
    QLocalSocket socket;
    socket.connectToServer(SingleInstance::serverName(
            QDir(QDir(profile).absoluteFilePath(QStringLiteral("data"))).absolutePath()));
    return socket.waitForConnected(200);
}

void TestInviteLinks::aLinkOnTheCommandLineConnectsAsTheInvitedUser()
{
    const QString profile = m_dir.filePath(QStringLiteral("dana"));
    QProcess *tandem = startTandem(profile, {link(QStringLiteral("dana"), QStringLiteral("Dana"))});
    QTRY_VERIFY_WITH_TIMEOUT(m_hub->connectedUsers().contains(QStringLiteral("dana")), 20'000);
    QCOMPARE(tandem->state(), QProcess::Running);
    // The hub is remembered in the profile, and the login is not written there in clear.
    QFile settings(profile + QStringLiteral("/config/Tandem/Tandem.ini"));
    QTRY_VERIFY(settings.exists());
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QByteArray text = settings.readAll();
    QVERIFY2(text.contains(m_hub->url().toString().toUtf8()), text.constData());
    QVERIFY(!text.contains("token"));
}

void TestInviteLinks::aSecondStartOnAProfileHandsItsLinkToTheFirst()
{
    const QString profile = m_dir.filePath(QStringLiteral("erin"));
    QProcess *first = startTandem(profile);
    QTRY_VERIFY_WITH_TIMEOUT(isListening(profile), 20'000);
    QVERIFY(m_hub->connectedUsers().isEmpty());

    QProcess *second = startTandem(profile, {link(QStringLiteral("erin"), QStringLiteral("Erin"))});
    QTRY_COMPARE_WITH_TIMEOUT(second->state(), QProcess::NotRunning, 20'000);
    QCOMPARE(second->exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_hub->connectedUsers().contains(QStringLiteral("erin")), 20'000);
    QCOMPARE(first->state(), QProcess::Running);

    // A different profile is a different Tandem: it starts and stays.
    const QString other = m_dir.filePath(QStringLiteral("frank"));
    QProcess *third = startTandem(other, {link(QStringLiteral("frank"), QStringLiteral("Frank"))});
    QTRY_VERIFY_WITH_TIMEOUT(m_hub->connectedUsers().contains(QStringLiteral("frank")), 20'000);
    QCOMPARE(third->state(), QProcess::Running);
    QCOMPARE(first->state(), QProcess::Running);
}

QTEST_MAIN(TestInviteLinks)
#include "tst_invitelinks.moc"
