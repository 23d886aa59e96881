// SPDX-License-Identifier: GPL-3.0-or-later
// Load on a real tandem-hub process over loopback, from real WebSocket clients in this
// process: a burst of handshakes, fan-out from one writer to N readers (deliveries/s, hub
// CPU per delivery, latency at 100 ops/s), and K concurrent writers into one note
// (committed ops/s, ack latency). Prints Markdown rows.
#include "benchsupport.h"
#include "rawreaders.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <deque>
#include <memory>
#include <unistd.h>
#include <vector>

namespace {

QTextStream out(stdout);

qint64 nowUs()
{
    return benchNowUs();
}

/** utime + stime of a process in seconds, from /proc. */
double cpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) /
            double(sysconf(_SC_CLK_TCK));
}

qint64 rssKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

qint64 field(const QString &text, QLatin1String name)
{
    const qsizetype at = text.indexOf(QLatin1Char('"') + name + QLatin1String("\":"));
    if (at < 0)
        return -1;
    qsizetype i = at + name.size() + 3;
    qint64 value = 0;
    while (i < text.size() && text[i].isDigit())
        value = value * 10 + text[i++].digitValue();
    return value;
}

struct Client
{
    std::unique_ptr<QWebSocket> socket = std::make_unique<QWebSocket>();
    bool ready = false;
};

class Bench
{
public:
    bool startHub(const QString &hubPath)
    {
        m_url = startHubProcess(m_hub, hubPath, m_data.path(),
                                {QStringLiteral("--auth"), QStringLiteral("none"),
                                 QStringLiteral("--max-connections-per-address"),
                                 QStringLiteral("0"), QStringLiteral("--max-messages-per-second"),
                                 QStringLiteral("1000000")});
        m_pid = m_hub.processId();
        return m_url.isValid();
    }

    ~Bench()
    {
        m_hub.terminate();
        m_hub.waitForFinished(5000);
    }

    /** Opens n authenticated clients; returns how long until all were ready. */
    double connect(std::vector<Client> &clients, int n, const QString &user)
    {
        const size_t first = clients.size();
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < n; ++i) {
            clients.emplace_back();
            Client &c = clients.back();
            QWebSocket *s = c.socket.get();
            QObject::connect(s, &QWebSocket::connected, s, [s, user, i]() {
                s->sendTextMessage(
                        QStringLiteral(R"({"type":"auth","token":"%1%2"})").arg(user).arg(i));
            });
            c.socket->open(m_url);
        }
        for (size_t i = first; i < clients.size(); ++i) {
            Client *c = &clients[i];
            QObject::connect(c->socket.get(), &QWebSocket::textMessageReceived, c->socket.get(),
                             [c](const QString &t) {
                                 if (t.contains(QLatin1String("auth_success")))
                                     c->ready = true;
                             });
        }
        waitUntil(
                [&]() {
                    return std::all_of(clients.begin() + qsizetype(first), clients.end(),
                                       [](const Client &c) { return c.ready; });
                },
                60'000);
        return double(timer.nsecsElapsed()) / 1e6;
    }

    QString createNote(QWebSocket *owner, const QStringList &shareWith)
    {
        QString noteId;
        auto conn = QObject::connect(owner, &QWebSocket::textMessageReceived, owner,
                                     [&](const QString &t) {
                                         if (t.contains(QLatin1String("note_created_success")))
                                             noteId = QJsonDocument::fromJson(t.toUtf8())
                                                              .object()
                                                              .value(QLatin1String("noteData"))
                                                              .toObject()
                                                              .value(QLatin1String("id"))
                                                              .toString();
                                     });
        owner->sendTextMessage(QStringLiteral(
                R"({"type":"note_created","noteData":{"title":"bench","content":""}})"));
        waitUntil([&]() { return !noteId.isEmpty(); }, 10'000);
        QObject::disconnect(conn);
        // Joins come on other connections: wait until every share is in effect.
        qsizetype shared = 0;
        conn = QObject::connect(owner, &QWebSocket::textMessageReceived, owner,
                                [&](const QString &t) {
                                    if (t.contains(QLatin1String("\"share_success\"")))
                                        ++shared;
                                });
        for (const QString &user : shareWith)
            owner->sendTextMessage(
                    QStringLiteral(
                            R"({"type":"share","noteId":"%1","userId":"%2","role":"editor"})")
                            .arg(noteId, user));
        waitUntil([&]() { return shared == shareWith.size(); }, 60'000);
        QObject::disconnect(conn);
        if (shared < shareWith.size())
            QTextStream(stderr) << "bench_hub: only " << shared << " of " << shareWith.size()
                                << " shares confirmed\n";
        return noteId;
    }

    void join(std::vector<Client> &clients, size_t from, const QString &noteId)
    {
        int joined = 0;
        std::vector<QMetaObject::Connection> conns;
        for (size_t i = from; i < clients.size(); ++i) {
            conns.push_back(QObject::connect(
                    clients[i].socket.get(), &QWebSocket::textMessageReceived,
                    clients[i].socket.get(), [&joined](const QString &t) {
                        if (t.startsWith(QLatin1String("{\"message\":\"Successfully joined")) ||
                            t.contains(QLatin1String("\"note_joined\"")))
                            ++joined;
                    }));
            clients[i].socket->sendTextMessage(
                    QStringLiteral(R"({"type":"join_note","noteId":"%1"})").arg(noteId));
        }
        waitUntil([&]() { return joined >= int(clients.size() - from); }, 60'000);
        if (joined < int(clients.size() - from))
            QTextStream(stderr) << "bench_hub: only " << joined << " of " << clients.size() - from
                                << " clients joined\n";
        for (auto &c : conns)
            QObject::disconnect(c);
    }

    qint64 hubPid() const { return m_pid; }
    quint16 port() const { return quint16(m_url.port()); }

private:
    QTemporaryDir m_data;
    QProcess m_hub;
    QUrl m_url;
    qint64 m_pid = 0;
};

void fanOut(const QString &hubPath, int readers)
{
    Bench bench;
    if (!bench.startHub(hubPath))
        qFatal("hub did not start");
    std::vector<Client> clients;
    bench.connect(clients, 1, QStringLiteral("writer"));
    QWebSocket *writer = clients[0].socket.get();
    // The readers: plain sockets on a thread of their own (see rawreaders.h).
    RawReaders raw(100'000);
    QString error;
    if (!raw.open(bench.port(), readers, "reader", &error))
        qFatal("readers: %s", qPrintable(error));
    QStringList users;
    for (int i = 0; i < readers; ++i)
        users << QStringLiteral("reader%1").arg(i);
    const QString noteId = bench.createNote(writer, users);
    bench.join(clients, 0, noteId);
    if (!raw.join(noteId.toUtf8(), 60'000))
        QTextStream(stderr) << "bench_hub: not every reader joined\n";

    qint64 acked = 0;
    QObject::connect(writer, &QWebSocket::textMessageReceived, writer, [&](const QString &t) {
        if (t.contains(QLatin1String("note_op_ack")))
            ++acked;
    });
    qint64 version = 0;
    const auto sendOp = [&]() {
        // The only writer: its next op's base is its previous op's version. Appends "x".
        const QString op = version == 0 ? QStringLiteral(R"(["x"])")
                                        : QStringLiteral(R"([%1,"x"])").arg(version);
        raw.setSendTime(version + 1, benchNowUs());
        writer->sendTextMessage(
                QStringLiteral(
                        R"({"type":"note_op","noteId":"%1","baseVersion":%2,"op":%3,"clientId":"w","seq":%4})")
                        .arg(noteId)
                        .arg(version)
                        .arg(op)
                        .arg(version + 1));
        ++version;
    };

    // Throughput: as fast as the hub takes them, a window of 200 ops in flight.
    const int opsForThroughput = readers >= 1000 ? 1000 : 3000;
    const double cpuBefore = cpuSeconds(bench.hubPid());
    QElapsedTimer timer;
    timer.start();
    const qint64 expected = qint64(opsForThroughput) * readers;
    QTimer pump;
    QObject::connect(&pump, &QTimer::timeout, writer, [&]() {
        while (version < opsForThroughput && version - acked < 200)
            sendOp();
    });
    pump.start(1);
    waitUntil([&]() { return raw.delivered() >= expected; }, 120'000);
    pump.stop();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double hubCpu = cpuSeconds(bench.hubPid()) - cpuBefore;
    const qint64 throughputDeliveries = raw.delivered();

    // Latency: 100 ops/s for 3 s.
    if (qEnvironmentVariableIsSet("TANDEM_BENCH_TRACE"))
        QTextStream(stderr) << "bench_hub: latency phase " << bench.hubPid() << Qt::endl;
    const qint64 start = version;
    raw.recordLatenciesFrom(start + 1);
    const double latencyCpuBefore = cpuSeconds(bench.hubPid());
    QElapsedTimer latencyTimer;
    latencyTimer.start();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, writer, sendOp);
    tick.start(10);
    waitUntil([&]() { return version - start >= 300; }, 30'000);
    tick.stop();
    const double latencyHubBusy = (cpuSeconds(bench.hubPid()) - latencyCpuBefore) /
            (double(latencyTimer.nsecsElapsed()) / 1e9);
    waitUntil([&]() { return raw.delivered() >= version * readers; }, 30'000);
    const std::vector<qint64> latencies = raw.latencies();

    out << "| fan-out, 1 writer → " << readers << " readers | "
        << qint64(double(throughputDeliveries) / seconds) << " deliveries/s"
        << (throughputDeliveries < expected ? " (timed out)" : "") << " | "
        << QString::number(hubCpu / double(qMax<qint64>(1, throughputDeliveries)) * 1e6, 'f', 2)
        << " µs hub CPU per delivery | p50 " << QString::number(percentile(latencies, 0.5), 'f', 2)
        << " ms, p99 " << QString::number(percentile(latencies, 0.99), 'f', 2)
        << " ms at 100 ops/s (hub CPU " << qRound(latencyHubBusy * 100) << " %) | hub RSS "
        << rssKiB(bench.hubPid()) / 1024 << " MiB |\n";
    out.flush();
}

void writers(const QString &hubPath, int k, int window)
{
    Bench bench;
    if (!bench.startHub(hubPath))
        qFatal("hub did not start");
    std::vector<Client> clients;
    bench.connect(clients, k, QStringLiteral("writer"));
    QStringList users;
    for (int i = 1; i < k; ++i)
        users << QStringLiteral("writer%1").arg(i);
    const QString noteId = bench.createNote(clients[0].socket.get(), users);
    bench.join(clients, 0, noteId);

    // Each writer keeps `window` ops in flight (1: an ot.js client, the next op after the ack),
    // each made against the newest version it has heard of; every op inserts one character,
    // so the text at version v has v characters.
    struct State
    {
        qint64 seq = 0;
        qint64 version = 0;
        int inFlight = 0;
        std::deque<qint64> sentAt;
    };
    std::vector<State> states(static_cast<size_t>(k));
    std::vector<qint64> ackLatencies;
    qint64 acks = 0;
    bool running = true;
    for (int i = 0; i < k; ++i) {
        QWebSocket *s = clients[size_t(i)].socket.get();
        State *st = &states[size_t(i)];
        const auto send = [s, st, noteId]() {
            ++st->seq;
            ++st->inFlight;
            st->sentAt.push_back(nowUs());
            s->sendTextMessage(
                    QStringLiteral(
                            R"({"type":"note_op","noteId":"%1","baseVersion":%2,"op":["x"%3],"clientId":"c","seq":%4})")
                            .arg(noteId)
                            .arg(st->version)
                            .arg(st->version > 0 ? QStringLiteral(",%1").arg(st->version)
                                                 : QString())
                            .arg(st->seq));
        };
        QObject::connect(
                s, &QWebSocket::textMessageReceived, s, [&, st, send, window](const QString &t) {
                    const qint64 v = field(t, QLatin1String("version"));
                    const bool ack = t.contains(QLatin1String("note_op_ack"));
                    if (v > st->version && (ack || t.contains(QLatin1String("\"note_op\""))))
                        st->version = v;
                    if (!ack)
                        return;
                    ++acks;
                    --st->inFlight;
                    ackLatencies.push_back(nowUs() - st->sentAt.front());
                    st->sentAt.pop_front();
                    while (running && st->inFlight < window)
                        send();
                });
        while (st->inFlight < window)
            send();
    }
    QElapsedTimer timer;
    timer.start();
    const double hubCpuBefore = cpuSeconds(bench.hubPid());
    const double ownCpuBefore = cpuSeconds(QCoreApplication::applicationPid());
    waitUntil([&]() { return timer.elapsed() > 3000; }, 10'000);
    running = false;
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double hubBusy = (cpuSeconds(bench.hubPid()) - hubCpuBefore) / seconds;
    const double ownBusy =
            (cpuSeconds(QCoreApplication::applicationPid()) - ownCpuBefore) / seconds;
    out << "| " << k << " writer" << (k > 1 ? "s" : "") << " → one note, " << window
        << (window > 1 ? " ops" : " op") << " in flight each | " << qint64(double(acks) / seconds)
        << " committed ops/s | ack p50 " << QString::number(percentile(ackLatencies, 0.5), 'f', 2)
        << " ms, p99 " << QString::number(percentile(ackLatencies, 0.99), 'f', 2)
        << " ms | hub CPU " << qRound(hubBusy * 100) << " %, load generator "
        << qRound(ownBusy * 100) << " % of a core | |\n";
    out.flush();
    waitUntil([]() { return false; }, 300);
}

void handshakes(const QString &hubPath, int n)
{
    Bench bench;
    if (!bench.startHub(hubPath))
        qFatal("hub did not start");
    std::vector<Client> clients;
    const double ms = bench.connect(clients, n, QStringLiteral("u"));
    const int ready = int(
            std::count_if(clients.begin(), clients.end(), [](const Client &c) { return c.ready; }));
    out << "| " << n << " clients connect and authenticate at once | "
        << QString::number(ms, 'f', 0) << " ms | " << ready << " of " << n << " ready | hub RSS "
        << rssKiB(bench.hubPid()) / 1024 << " MiB | |\n";
    out.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        QTextStream(stderr)
                << "usage: bench_hub PATH-TO-tandem-hub [handshakes|fanout|writers]...\n";
        return 2;
    }
    const QString hub = args[1];
    // Optional further arguments pick workloads: "handshakes", "fanout", "writers".
    const QStringList only = args.mid(2);
    const auto wanted = [&only](const QString &name) {
        return only.isEmpty() || only.contains(name);
    };
    out << "| workload | result | | | |\n|---|---|---|---|---|\n";
    if (wanted(QStringLiteral("handshakes")))
        handshakes(hub, 1000);
    if (wanted(QStringLiteral("fanout")))
        for (int n : {10, 100, 1000})
            fanOut(hub, n);
    if (wanted(QStringLiteral("writers")))
        for (int window : {1, 16})
            for (int k : {1, 8, 32})
                writers(hub, k, window);
    return 0;
}
