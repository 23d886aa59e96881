// SPDX-License-Identifier: GPL-3.0-or-later
// Load on a real tandem-hub process over loopback, from real WebSocket clients in this
// process: a burst of handshakes, fan-out from one writer to N readers (deliveries/s, hub
// CPU per delivery, latency at 100 ops/s), and K concurrent writers into one note
// (committed ops/s, ack latency). Prints Markdown rows.
#include <QCoreApplication>
#include <QElapsedTimer>
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
#include <memory>
#include <unistd.h>
#include <vector>

namespace {

QTextStream out(stdout);

void waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

qint64 nowUs()
{
    static QElapsedTimer clock = []() {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.nsecsElapsed() / 1000;
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

double percentile(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return double(values[std::min(values.size() - 1, size_t(p * double(values.size())))]) / 1000.0;
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
        QStringList args{QStringLiteral("--listen"),
                         QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--data"),
                         m_data.path(),
                         QStringLiteral("--auth"),
                         QStringLiteral("none"),
                         QStringLiteral("--max-connections-per-address"),
                         QStringLiteral("0"),
                         QStringLiteral("--max-messages-per-second"),
                         QStringLiteral("1000000")};
        QString program = hubPath;
        if (QFile::exists(QStringLiteral(
                    "/usr/bin/taskset"))) { // hub on core 0; this process runs on core 1
            args.prepend(hubPath);
            args.prepend(QStringLiteral("0"));
            args.prepend(QStringLiteral("-c"));
            program = QStringLiteral("taskset");
        }
        m_hub.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_hub.start(program, args);
        static const QRegularExpression line(QStringLiteral("listening on (ws://\\S+)"));
        QByteArray printed;
        waitUntil(
                [&]() {
                    printed += m_hub.readAllStandardOutput();
                    return line.match(QString::fromUtf8(printed)).hasMatch() ||
                            m_hub.state() == QProcess::NotRunning;
                },
                10'000);
        m_url = QUrl(line.match(QString::fromUtf8(printed)).captured(1));
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
        for (const QString &user : shareWith)
            owner->sendTextMessage(
                    QStringLiteral(
                            R"({"type":"share","noteId":"%1","userId":"%2","role":"editor"})")
                            .arg(noteId, user));
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
        for (auto &c : conns)
            QObject::disconnect(c);
    }

    qint64 hubPid() const { return m_pid; }

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
    bench.connect(clients, readers, QStringLiteral("reader"));
    QStringList users;
    for (int i = 0; i < readers; ++i)
        users << QStringLiteral("reader%1").arg(i);
    QWebSocket *writer = clients[0].socket.get();
    const QString noteId = bench.createNote(writer, users);
    bench.join(clients, 0, noteId);

    // Per reader: the last version seen, and latencies against the send times.
    std::vector<qint64> sendTime(100'000, 0);
    std::vector<qint64> latencies;
    qint64 delivered = 0;
    qint64 acked = 0;
    for (size_t i = 1; i < clients.size(); ++i) {
        QObject::connect(clients[i].socket.get(), &QWebSocket::textMessageReceived,
                         clients[i].socket.get(), [&](const QString &t) {
                             const qint64 v = field(t, QLatin1String("version"));
                             if (v <= 0 || !t.contains(QLatin1String("\"note_op\"")))
                                 return;
                             ++delivered;
                             if (size_t(v) < sendTime.size() && sendTime[size_t(v)] > 0)
                                 latencies.push_back(nowUs() - sendTime[size_t(v)]);
                         });
    }
    QObject::connect(writer, &QWebSocket::textMessageReceived, writer, [&](const QString &t) {
        if (t.contains(QLatin1String("note_op_ack")))
            ++acked;
    });
    qint64 version = 0;
    const auto sendOp = [&]() {
        // The only writer: its next op's base is its previous op's version. Appends "x".
        const QString op = version == 0 ? QStringLiteral(R"(["x"])")
                                        : QStringLiteral(R"([%1,"x"])").arg(version);
        writer->sendTextMessage(
                QStringLiteral(
                        R"({"type":"note_op","noteId":"%1","baseVersion":%2,"op":%3,"clientId":"w","seq":%4})")
                        .arg(noteId)
                        .arg(version)
                        .arg(op)
                        .arg(version + 1));
        ++version;
        if (size_t(version) < sendTime.size())
            sendTime[size_t(version)] = nowUs();
    };

    // Throughput: as fast as the hub takes them, a window of 200 ops in flight.
    const int opsForThroughput = readers >= 1000 ? 400 : 3000;
    const double cpuBefore = cpuSeconds(bench.hubPid());
    QElapsedTimer timer;
    timer.start();
    const qint64 expected = qint64(opsForThroughput) * readers;
    while (version < opsForThroughput || delivered < expected) {
        while (version < opsForThroughput && version - acked < 200)
            sendOp();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        if (timer.elapsed() > 120'000)
            break;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double hubCpu = cpuSeconds(bench.hubPid()) - cpuBefore;
    const qint64 throughputDeliveries = delivered;
    latencies.clear();

    // Latency: 100 ops/s for 3 s.
    const qint64 start = version;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, writer, sendOp);
    tick.start(10);
    waitUntil([&]() { return version - start >= 300; }, 30'000);
    tick.stop();
    waitUntil([&]() { return delivered >= version * readers; }, 30'000);

    out << "| fan-out, 1 writer → " << readers << " readers | "
        << qint64(double(throughputDeliveries) / seconds) << " deliveries/s"
        << (throughputDeliveries < expected ? " (timed out)" : "") << " | "
        << QString::number(hubCpu / double(qMax<qint64>(1, throughputDeliveries)) * 1e6, 'f', 2)
        << " µs hub CPU per delivery | p50 " << QString::number(percentile(latencies, 0.5), 'f', 2)
        << " ms, p99 " << QString::number(percentile(latencies, 0.99), 'f', 2)
        << " ms at 100 ops/s | hub RSS " << rssKiB(bench.hubPid()) / 1024 << " MiB |\n";
    out.flush();
}

void writers(const QString &hubPath, int k)
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

    // Closed loop per writer, as an ot.js client: one op in flight, the next after its ack,
    // made against the newest version it has heard of.
    struct State
    {
        qint64 seq = 0;
        qint64 version = 0;
        qint64 sentAt = 0;
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
            st->sentAt = nowUs();
            s->sendTextMessage(
                    QStringLiteral(
                            R"({"type":"note_op","noteId":"%1","baseVersion":%2,"op":["x"%3],"clientId":"c","seq":%4})")
                            .arg(noteId)
                            .arg(st->version)
                            .arg(st->version > 0 ? QStringLiteral(",%1").arg(st->version)
                                                 : QString())
                            .arg(st->seq));
        };
        QObject::connect(s, &QWebSocket::textMessageReceived, s, [&, st, send](const QString &t) {
            const qint64 v = field(t, QLatin1String("version"));
            if (v > st->version &&
                (t.contains(QLatin1String("\"note_op\"")) ||
                 t.contains(QLatin1String("note_op_ack"))))
                st->version = v;
            if (t.contains(QLatin1String("note_op_ack"))) {
                ++acks;
                ackLatencies.push_back(nowUs() - st->sentAt);
                if (running)
                    send();
            }
        });
        send();
    }
    QElapsedTimer timer;
    timer.start();
    waitUntil([&]() { return timer.elapsed() > 3000; }, 10'000);
    running = false;
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    out << "| " << k << " writer" << (k > 1 ? "s" : "") << " → one note | "
        << qint64(double(acks) / seconds) << " committed ops/s | ack p50 "
        << QString::number(percentile(ackLatencies, 0.5), 'f', 2) << " ms, p99 "
        << QString::number(percentile(ackLatencies, 0.99), 'f', 2) << " ms | | |\n";
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
        QTextStream(stderr) << "usage: bench_hub PATH-TO-tandem-hub\n";
        return 2;
    }
    const QString hub = args[1];
    out << "| workload | result | | | |\n|---|---|---|---|---|\n";
    handshakes(hub, 1000);
    for (int n : {10, 100, 1000})
        fanOut(hub, n);
    for (int k : {1, 8, 32})
        writers(hub, k);
    return 0;
}
