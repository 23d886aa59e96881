// SPDX-License-Identifier: GPL-3.0-or-later
// What an idle connection costs a running tandem-hub: hundreds of clients connect,
// authenticate, exchange a message and then stay silent; the hub's resident memory may grow
// by at most a budget per connection. Guards against buffers kept for a connection after
// its traffic is read (Qt's 16-KiB socket read block was one: 14-19 KiB per connection).
// Budgets are asserted only where resident memory means something (not under ASan).
#include "hubprocess.h"
#include "processmemory.h"
#include "rawwebsocket.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace {

constexpr int Connections = 400;
/** The hub needs about 5 KiB per idle connection on Qt 6.4 (docs/BENCHMARKS.md, "idle"). */
constexpr qint64 BudgetKiBPerConnection = 8;

QByteArray typeOf(const std::optional<RawWebSocket::Frame> &frame)
{
    if (!frame)
        return {};
    return QJsonDocument::fromJson(frame->payload)
            .object()
            .value(QLatin1String("type"))
            .toString()
            .toUtf8();
}

QByteArray message(const QJsonObject &object)
{
    return RawWebSocket::frame(RawWebSocket::Text,
                               QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

class TestHubIdleMemory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void idleAuthenticatedConnectionsStayWithinBudget();

private:
    /** Connects, authenticates as user and has one ping answered; false on any failure. */
    bool openIdleConnection(RawWebSocket &ws, const QString &user);

    QTemporaryDir m_dir;
    HubProcess m_hub;
};

void TestHubIdleMemory::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_hub.start(m_dir.path(),
                        {QStringLiteral("--auth"), QStringLiteral("none"),
                         QStringLiteral("--max-connections-per-address"), QStringLiteral("0")}));
}

bool TestHubIdleMemory::openIdleConnection(RawWebSocket &ws, const QString &user)
{
    if (!ws.handshake(quint16(m_hub.url.port())))
        return false;
    if (typeOf(ws.nextFrame()) != "connection_established")
        return false;
    ws.write(message(
            {{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), user}}));
    if (typeOf(ws.nextFrame()) != "auth_success")
        return false;
    ws.write(message({{QStringLiteral("type"), QStringLiteral("ping")}}));
    return typeOf(ws.nextFrame()) == "pong";
}

void TestHubIdleMemory::idleAuthenticatedConnectionsStayWithinBudget()
{
    // A few connections first, so what the first ones allocate once (the user table, the
    // statements) is in the baseline.
    std::vector<std::unique_ptr<RawWebSocket>> clients;
    for (int i = 0; i < 20; ++i) {
        clients.push_back(std::make_unique<RawWebSocket>());
        QVERIFY(openIdleConnection(*clients.back(), QStringLiteral("warm%1").arg(i)));
    }
    const qint64 pid = m_hub.process.processId();
    const qint64 before = rssKiB(pid);
    QVERIFY(before > 0);

    for (int i = 0; i < Connections; ++i) {
        clients.push_back(std::make_unique<RawWebSocket>());
        QVERIFY2(openIdleConnection(*clients.back(), QStringLiteral("user%1").arg(i)),
                 qPrintable(QStringLiteral("connection %1").arg(i)));
    }
    const qint64 after = rssKiB(pid);
    const double perConnection = double(after - before) / Connections;
    qInfo("hub RSS %lld KiB before and %lld KiB after %d idle connections: %.1f KiB each "
          "(budget %lld KiB)",
          before, after, Connections, perConnection, BudgetKiBPerConnection);
    for (const auto &client : clients)
        QVERIFY(client->isConnected()); // nobody was dropped on the way
    if (MemoryBudgetsApply)
        QVERIFY2(perConnection <= double(BudgetKiBPerConnection),
                 qPrintable(QStringLiteral("%1 KiB per idle connection").arg(perConnection)));
}

QTEST_GUILESS_MAIN(TestHubIdleMemory)
#include "tst_hub_idlememory.moc"
