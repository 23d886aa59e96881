// SPDX-License-Identifier: GPL-3.0-or-later
// Tandem's hub side by side with peers, in one run, from one load generator (this process,
// pinned to the last core; every server runs alone on core 0, or $BENCH_SERVER_CORE):
//
//   fan-out    one writer, N readers on one note — peer: a minimal Node `ws` relay;
//   editing    K writers typing into one note with N viewers, acks after commit — peer:
//              ShareDB with ot-text-unicode (in memory: no durability at all);
//   idle       RSS per idle connection at 1k, 5k and 10k — peer: the `ws` relay;
//   trace      the automerge-paper trace typed by one client end to end — peer: ShareDB.
//
// Prints a Markdown table (Tandem, peer, ratio) and, with --data FILE, tab-separated rows
// for the plots (scripts/plot-benchmarks.sh).
//   bench_peers TANDEM-HUB NODE PEERS-DIR [--data FILE] [--readers N,N...]
//               [fanout|editing|idle|trace]...
#include "edittrace.h"
#include "hubdriver.h"
#include "textoperation.h"

#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {

QTextStream out(stdout);
QFile dataFile;

enum class Target { Tandem, Relay, ShareDb };

QString targetName(Target t)
{
    switch (t) {
    case Target::Tandem:
        return QStringLiteral("Tandem");
    case Target::Relay:
        return QStringLiteral("ws relay");
    case Target::ShareDb:
        return QStringLiteral("ShareDB");
    }
    return {};
}

struct Paths
{
    QString hub;
    QString node;
    QString peers;
};

/** One server process of the run: a tandem-hub or a Node peer, pinned to benchServerCore(). */
class Server
{
public:
    Server(Target target, const Paths &paths)
        : m_target(target)
    {
        if (target == Target::Tandem) {
            if (!m_bench.startHub(paths.hub))
                qFatal("tandem-hub did not start");
            m_url = m_bench.url();
            m_pid = m_bench.hubPid();
            return;
        }
        const QString script = target == Target::Relay ? QStringLiteral("ws-relay.js")
                                                       : QStringLiteral("sharedb-server.js");
        m_url = startPinnedServer(m_node, paths.node, {QDir(paths.peers).filePath(script)});
        m_pid = m_node.processId();
        if (!m_url.isValid() || m_pid <= 0)
            qFatal("%s did not start", qPrintable(targetName(target)));
    }
    ~Server()
    {
        if (m_node.state() != QProcess::NotRunning) {
            m_node.terminate();
            m_node.waitForFinished(5000);
        }
    }
    Target target() const { return m_target; }
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    qint64 pid() const { return m_pid; }
    Bench &tandem() { return m_bench; }
    ReaderDialect dialect() const
    {
        switch (m_target) {
        case Target::Tandem:
            return {};
        case Target::Relay:
            return ReaderDialect::relay();
        case Target::ShareDb:
            return ReaderDialect::sharedb();
        }
        return {};
    }

private:
    Target m_target;
    Bench m_bench;
    QProcess m_node;
    QUrl m_url;
    qint64 m_pid = 0;
};

/** A row of the table, and of the data file: group, x, Tandem, peer, ratio (for the plots). */
void report(const char *group, qint64 x, const QString &workload, const QString &unit,
            double tandem, double peer, const QString &peerName, bool higherIsBetter,
            const QString &detail)
{
    const double ratio = higherIsBetter ? tandem / qMax(peer, 1e-9) : peer / qMax(tandem, 1e-9);
    const auto number = [](double v) {
        return v >= 100 ? QString::number(qRound64(v)) : QString::number(v, 'f', 2);
    };
    out << "| " << workload << " | " << number(tandem) << ' ' << unit << " | " << number(peer)
        << ' ' << unit << " (" << peerName << ") | " << QString::number(ratio, 'f', 2) << "× "
        << (ratio >= 1 ? "ahead" : "**behind**") << " | " << detail << " |\n";
    out.flush();
    if (dataFile.isOpen()) {
        QTextStream(&dataFile) << group << '\t' << x << '\t' << tandem << '\t' << peer << '\t'
                               << ratio << '\n';
        dataFile.flush();
    }
}

/** Connects the writer: Tandem's authenticated client or a bare socket to a peer. */
QWebSocket *openWriter(Server &server, std::vector<Client> &clients)
{
    if (server.target() == Target::Tandem) {
        server.tandem().connect(clients, 1, QStringLiteral("writer"));
        return clients[0].socket.get();
    }
    clients.emplace_back();
    QWebSocket *s = clients.back().socket.get();
    s->open(server.url());
    waitUntil([s]() { return s->state() == QAbstractSocket::ConnectedState; }, 10'000);
    return s;
}

/** Opens s to ShareDB as client id, subscribed to document doc of "notes"; returns the
 *  document's version (-1 on time-out). */
qint64 subscribeShareDb(QWebSocket *s, const QUrl &url, const QString &id, const QString &doc)
{
    qint64 version = -1;
    const auto greet = QObject::connect(s, &QWebSocket::connected, s, [s, id, doc]() {
        s->sendTextMessage(QStringLiteral(R"({"a":"hs","id":"%1"})").arg(id));
        s->sendTextMessage(QStringLiteral(R"({"a":"s","c":"notes","d":"%1"})").arg(doc));
    });
    const auto listen =
            QObject::connect(s, &QWebSocket::textMessageReceived, s, [&version](const QString &t) {
                if (t.contains(QLatin1String(R"("a":"s")")))
                    version = field(t, QLatin1String("v"));
            });
    s->open(url);
    waitUntil([&]() { return version >= 0; }, 10'000);
    QObject::disconnect(greet);
    QObject::disconnect(listen);
    return version;
}

/** What a writer learns from one server message: the newest version it now knows of (-1:
 *  none) and whether the message acknowledges its op in flight. */
struct OpNews
{
    qint64 version = -1;
    bool ack = false;
};

OpNews opNews(Target target, const QString &t)
{
    if (target == Target::Tandem) {
        const bool ack = t.contains(QLatin1String("note_op_ack"));
        if (!ack && !t.contains(QLatin1String("\"note_op\"")))
            return {};
        return {field(t, QLatin1String("version")), ack};
    }
    if (!t.contains(QLatin1String(R"("a":"op")")))
        return {};
    // Others' ops carry "op"; the ack is the same message without it. v is the version the
    // op was applied to.
    return {field(t, QLatin1String("v")) + 1, !t.contains(QLatin1String(R"("op":)"))};
}

struct FanOutResult
{
    double deliveriesPerSecond = 0;
    double cpuPerDeliveryUs = 0;
    double p50 = 0;
    double p99 = 0;
    double busy = 0;
    qint64 rssMiB = 0;
    QString hubCommits; ///< Tandem's own account of the latency phase's commits
};

FanOutResult fanOut(Target target, const Paths &paths, int readers)
{
    Server server(target, paths);
    std::vector<Client> clients;
    QWebSocket *writer = openWriter(server, clients);
    RawReaders raw(100'000, server.dialect());
    QString error;
    if (!raw.open(server.port(), readers, "reader", &error))
        qFatal("readers: %s", qPrintable(error));
    QString noteId = QStringLiteral("bench");
    if (target == Target::Tandem) {
        QStringList users;
        for (int i = 0; i < readers; ++i)
            users << QStringLiteral("reader%1").arg(i);
        noteId = server.tandem().createNote(writer, users);
        server.tandem().join(clients, 0, noteId);
    }
    // Without every reader the rows would be ratios of nothing: stop the run instead.
    if (!raw.join(noteId.toUtf8(), 60'000))
        qFatal("bench_peers: %s: only %d of %d readers joined in 60 s",
               qPrintable(targetName(target)), raw.joinedCount(), readers);

    qint64 version = 0;
    const auto sendOp = [&]() {
        raw.setSendTime(version + 1, benchNowUs());
        if (target == Target::Tandem) {
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
        } else {
            // What Tandem's hub broadcasts for that op, relayed as it is.
            writer->sendTextMessage(
                    QStringLiteral(
                            R"({"type":"note_op","noteId":"%1","version":%2,"op":[%3,"x"],"userId":"writer0","clientId":"w","seq":%2})")
                            .arg(noteId)
                            .arg(version + 1)
                            .arg(version));
        }
        ++version;
    };

    // Throughput: as fast as the server passes them on, 200 ops ahead of the average reader.
    const int ops = readers >= 1000 ? 1000 : 3000;
    const double cpuBefore = cpuSeconds(server.pid());
    QElapsedTimer timer;
    timer.start();
    const qint64 expected = qint64(ops) * readers;
    QTimer pump;
    QObject::connect(&pump, &QTimer::timeout, writer, [&]() {
        while (version < ops && version - raw.delivered() / readers < 200)
            sendOp();
    });
    pump.start(1);
    waitUntil([&]() { return raw.delivered() >= expected; }, 120'000);
    pump.stop();
    FanOutResult r;
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const qint64 delivered = raw.delivered();
    if (delivered < expected)
        QTextStream(stderr) << "bench_peers: " << targetName(target) << " delivered " << delivered
                            << " of " << expected << " in time\n";
    r.deliveriesPerSecond = double(delivered) / seconds;
    r.cpuPerDeliveryUs =
            (cpuSeconds(server.pid()) - cpuBefore) / double(qMax<qint64>(1, delivered)) * 1e6;

    // Latency: 100 ops/s for 3 s.
    const qint64 start = version;
    raw.recordLatenciesFrom(start + 1);
    const double busyBefore = cpuSeconds(server.pid());
    QElapsedTimer latencyTimer;
    latencyTimer.start();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, writer, sendOp);
    tick.start(10);
    waitUntil([&]() { return version - start >= 300; }, 30'000);
    tick.stop();
    r.busy = (cpuSeconds(server.pid()) - busyBefore) / (double(latencyTimer.nsecsElapsed()) / 1e9);
    waitUntil([&]() { return raw.delivered() >= version * readers; }, 30'000);
    const std::vector<qint64> latencies = raw.latencies();
    r.p50 = percentile(latencies, 0.5);
    r.p99 = percentile(latencies, 0.99);
    r.rssMiB = rssKiB(server.pid()) / 1024;
    if (target == Target::Tandem)
        r.hubCommits = server.tandem().commitTimes();
    return r;
}

void fanOutSideBySide(const Paths &paths, const QList<int> &readerCounts)
{
    for (int n : readerCounts) {
        const FanOutResult t = fanOut(Target::Tandem, paths, n);
        const FanOutResult p = fanOut(Target::Relay, paths, n);
        const QString workload = QStringLiteral("fan-out, 1 writer → %1 readers").arg(n);
        report("fanout-throughput", n, workload + QStringLiteral(", throughput"),
               QStringLiteral("deliveries/s"), t.deliveriesPerSecond, p.deliveriesPerSecond,
               QStringLiteral("ws relay"), true,
               QStringLiteral("server CPU per delivery %1 µs vs %2 µs; RSS %3 vs %4 MiB")
                       .arg(t.cpuPerDeliveryUs, 0, 'f', 2)
                       .arg(p.cpuPerDeliveryUs, 0, 'f', 2)
                       .arg(t.rssMiB)
                       .arg(p.rssMiB));
        report("fanout-p99", n, workload + QStringLiteral(", p99 at 100 ops/s"),
               QStringLiteral("ms"), t.p99, p.p99, QStringLiteral("ws relay"), false,
               QStringLiteral("p50 %1 vs %2 ms; server CPU %3 % vs %4 %; %5")
                       .arg(t.p50, 0, 'f', 2)
                       .arg(p.p50, 0, 'f', 2)
                       .arg(qRound(t.busy * 100))
                       .arg(qRound(p.busy * 100))
                       .arg(t.hubCommits));
    }
}

/**
 * The disk's own floor under a durable broadcast: fdatasync of a 4-KiB write into a file
 * where the hub keeps its data (the temporary folder), 300 times at 100 per second as in
 * the latency runs, from the servers' core and, alternately, from this process's. Where the
 * disk's interrupts go to one core only (as on the VMs of docs/BENCHMARKS.md), a sync from
 * another core waits longer for its completion: the two floors show it. Printed below the
 * table, beside the relay's whole round trip.
 */
void printSyncFloor()
{
    const QString path = QDir(QDir::tempPath()).filePath(QStringLiteral("bench_peers-sync-floor"));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        qFatal("cannot create %s", qPrintable(path));
    cpu_set_t own;
    CPU_ZERO(&own);
    if (::sched_getaffinity(0, sizeof own, &own) != 0)
        qFatal("sched_getaffinity: %s", strerror(errno));
    cpu_set_t server;
    CPU_ZERO(&server);
    CPU_SET(benchServerCore(), &server);
    const bool two = !CPU_EQUAL(&own, &server);
    const QByteArray page(4096, 'x');
    std::vector<qint64> latencies[2]; // from the servers' core, from this process's
    for (int i = 0; i < (two ? 600 : 300); ++i) {
        const int from = two ? i % 2 : 0;
        if (::sched_setaffinity(0, sizeof(cpu_set_t), from == 0 ? &server : &own) != 0)
            qFatal("cannot run on core %d (BENCH_SERVER_CORE?): %s", benchServerCore(),
                   strerror(errno));
        if (::write(fd, page.constData(), size_t(page.size())) != page.size())
            qFatal("cannot write %s", qPrintable(path));
        const qint64 before = benchNowUs();
        if (::fdatasync(fd) != 0)
            qFatal("fdatasync failed on %s", qPrintable(path));
        latencies[from].push_back(benchNowUs() - before);
        waitUntil([]() { return false; }, 10);
    }
    ::sched_setaffinity(0, sizeof own, &own);
    ::close(fd);
    QFile::remove(path);
    const auto floor = [](const std::vector<qint64> &of) {
        return QStringLiteral("p50 %1 ms, p99 %2 ms")
                .arg(percentile(of, 0.5), 0, 'f', 2)
                .arg(percentile(of, 0.99), 0, 'f', 2);
    };
    out << "\nThe disk under the hub's data (" << QDir::tempPath()
        << "): `fdatasync` of a 4-KiB write, one every 10 ms, 300 from the servers' core ("
        << benchServerCore() << "): " << floor(latencies[0]);
    if (two)
        out << "; 300 from the load generator's, alternating with those: " << floor(latencies[1]);
    out << ". The floor under every fan-out latency of Tandem's (each op is broadcast once its "
           "commit is on disk), not under the relay's (it keeps nothing).\n";
}

/** KiB of server RSS per idle connection, n connections opened after a baseline. */
double idleKiBPerConnection(Target target, const Paths &paths, int n)
{
    Server server(target, paths);
    waitUntil([]() { return false; }, 500);
    const qint64 before = rssKiB(server.pid());
    RawReaders raw(1, server.dialect());
    QString error;
    if (!raw.open(server.port(), n, "idle", &error))
        qFatal("idle connections: %s", qPrintable(error));
    // Measured once every connection is authenticated (Tandem) or greeted (ShareDB); nothing
    // else happens on them.
    if (!raw.waitGreeted(60'000))
        qFatal("%s did not answer every idle connection", qPrintable(targetName(target)));
    return double(rssKiB(server.pid()) - before) / double(n);
}

void idleSideBySide(const Paths &paths)
{
    for (int n : {1000, 5000, 10'000}) {
        const double t = idleKiBPerConnection(Target::Tandem, paths, n);
        const double p = idleKiBPerConnection(Target::Relay, paths, n);
        report("idle", n, QStringLiteral("idle, %1 connections").arg(n),
               QStringLiteral("KiB RSS each"), t, p, QStringLiteral("ws"), false,
               QStringLiteral("server RSS growth over its baseline ÷ connections"));
    }
}

struct EditingResult
{
    double opsPerSecond = 0;
    double ackP50 = 0;
    double ackP99 = 0;
    double viewerDeliveriesPerSecond = 0;
    double busy = 0;
    QString hubCommits; ///< Tandem's own account of its last commits
};

/** K writers (one op in flight each, as ot.js and ShareDB clients do) and N viewers. */
EditingResult editing(Target target, const Paths &paths, int k, int viewers)
{
    Server server(target, paths);
    std::vector<Client> clients;
    QString noteId = QStringLiteral("bench");
    struct State
    {
        qint64 seq = 0;
        qint64 version = 0;
        bool inFlight = false;
        qint64 sentAt = 0;
    };
    std::vector<State> states(static_cast<size_t>(k));
    if (target == Target::Tandem) {
        server.tandem().connect(clients, k, QStringLiteral("writer"));
        QStringList users;
        for (int i = 1; i < k; ++i)
            users << QStringLiteral("writer%1").arg(i);
        for (int i = 0; i < viewers; ++i)
            users << QStringLiteral("viewer%1").arg(i);
        noteId = server.tandem().createNote(clients[0].socket.get(), users);
        server.tandem().join(clients, 0, noteId);
    } else {
        for (int i = 0; i < k; ++i) {
            clients.emplace_back();
            states[size_t(i)].version =
                    subscribeShareDb(clients.back().socket.get(), server.url(),
                                     QStringLiteral("w%1").arg(i), QStringLiteral("bench"));
        }
    }
    RawReaders raw(1, server.dialect());
    QString error;
    if (!raw.open(server.port(), viewers, "viewer", &error))
        qFatal("viewers: %s", qPrintable(error));
    if (!raw.join(noteId.toUtf8(), 60'000))
        qFatal("bench_peers: %s: only %d of %d viewers joined in 60 s",
               qPrintable(targetName(target)), raw.joinedCount(), viewers);

    std::vector<qint64> ackLatencies;
    qint64 acks = 0;
    bool running = true;
    for (int i = 0; i < k; ++i) {
        QWebSocket *s = clients[size_t(i)].socket.get();
        State *st = &states[size_t(i)];
        // Each op inserts one character at the start, against the newest version heard of.
        const auto send = [s, st, noteId, target]() {
            ++st->seq;
            st->inFlight = true;
            st->sentAt = nowUs();
            if (target == Target::Tandem)
                s->sendTextMessage(insertAtStart(noteId, st->version, st->seq));
            else
                s->sendTextMessage(
                        QStringLiteral(
                                R"({"a":"op","c":"notes","d":"bench","v":%1,"seq":%2,"op":["x"]})")
                                .arg(st->version)
                                .arg(st->seq));
        };
        QObject::connect(s, &QWebSocket::textMessageReceived, s, [&, st, send](const QString &t) {
            const OpNews news = opNews(target, t);
            if (news.version > st->version)
                st->version = news.version;
            if (!news.ack)
                return;
            ++acks;
            st->inFlight = false;
            ackLatencies.push_back(nowUs() - st->sentAt);
            if (running)
                send();
        });
        send();
    }
    QElapsedTimer timer;
    timer.start();
    const qint64 deliveredBefore = raw.delivered();
    const double busyBefore = cpuSeconds(server.pid());
    waitUntil([&]() { return timer.elapsed() > 3000; }, 10'000);
    running = false;
    EditingResult r;
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    r.opsPerSecond = double(acks) / seconds;
    r.viewerDeliveriesPerSecond = double(raw.delivered() - deliveredBefore) / seconds;
    r.busy = (cpuSeconds(server.pid()) - busyBefore) / seconds;
    r.ackP50 = percentile(ackLatencies, 0.5);
    r.ackP99 = percentile(ackLatencies, 0.99);
    if (target == Target::Tandem)
        r.hubCommits = server.tandem().commitTimes();
    waitUntil([]() { return false; }, 300);
    return r;
}

void editingSideBySide(const Paths &paths)
{
    constexpr int Viewers = 100;
    for (int k : {1, 8, 32}) {
        const EditingResult t = editing(Target::Tandem, paths, k, Viewers);
        const EditingResult p = editing(Target::ShareDb, paths, k, Viewers);
        const QString workload = QStringLiteral("editing, %1 writer%2 + %3 viewers")
                                         .arg(k)
                                         .arg(k > 1 ? QStringLiteral("s") : QString())
                                         .arg(Viewers);
        report("editing", k, workload, QStringLiteral("committed ops/s"), t.opsPerSecond,
               p.opsPerSecond, QStringLiteral("ShareDB"), true,
               QStringLiteral("ack p50/p99 %1/%2 vs %3/%4 ms; viewer deliveries %5 vs %6/s; "
                              "server CPU %7 % vs %8 %; %9")
                       .arg(t.ackP50, 0, 'f', 2)
                       .arg(t.ackP99, 0, 'f', 2)
                       .arg(p.ackP50, 0, 'f', 2)
                       .arg(p.ackP99, 0, 'f', 2)
                       .arg(qRound64(t.viewerDeliveriesPerSecond))
                       .arg(qRound64(p.viewerDeliveriesPerSecond))
                       .arg(qRound(t.busy * 100))
                       .arg(qRound(p.busy * 100))
                       .arg(t.hubCommits));
    }
}

/** An op on UTF-16 units as ot-text-unicode components (code points) on document. */
QString toTextUnicode(const TextOperation &op, const QString &document)
{
    const auto codePoints = [&](qsizetype from, qsizetype n) {
        qsizetype count = 0;
        for (qsizetype i = from; i < from + n; ++i)
            count += !document.at(i).isLowSurrogate();
        return count;
    };
    QJsonArray json;
    qsizetype at = 0;
    for (const TextOperation::Component &c : op.components()) {
        switch (c.kind) {
        case TextOperation::Kind::Retain:
            if (&c != &op.components().constLast()) // a trailing retain is implicit
                json.append(codePoints(at, c.length));
            at += c.length;
            break;
        case TextOperation::Kind::Insert:
            json.append(c.text);
            break;
        case TextOperation::Kind::Delete:
            json.append(QJsonObject{{QStringLiteral("d"), codePoints(at, c.length)}});
            at += c.length;
            break;
        }
    }
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

struct TraceResult
{
    double seconds = 0;
    double p50 = 0;
    double p99 = 0;
    qint64 messages = 0;
    bool identical = false;
    QString hubCommits; ///< Tandem's own account of the replay's last commits
};

/** Keystrokes per second of the trace replay: a fast typist times a busy room. */
constexpr int TraceKeystrokesPerSecond = 10'000;

/**
 * One client types every patch of the trace at TraceKeystrokesPerSecond, the way ot.js and
 * ShareDB clients work: one op in flight, keystrokes made meanwhile composed into the next.
 * Measured: each keystroke's time from being typed to the server's acknowledgement of the
 * op that carried it, and the whole replay; then the server's copy is read back through a
 * second connection and compared with the trace's final text.
 */
TraceResult trace(Target target, const Paths &paths, const EditTrace &edits)
{
    Server server(target, paths);
    std::vector<Client> clients;
    QString noteId = QStringLiteral("trace");
    qint64 version = 0;
    QWebSocket *s = nullptr;
    if (target == Target::Tandem) {
        server.tandem().connect(clients, 1, QStringLiteral("typist"));
        s = clients[0].socket.get();
        noteId = server.tandem().createNote(s, {});
        server.tandem().join(clients, 0, noteId);
    } else {
        clients.emplace_back();
        s = clients.back().socket.get();
        version = subscribeShareDb(s, server.url(), QStringLiteral("typist"),
                                   QStringLiteral("trace"));
    }

    QString sentText = edits.startContent;        // the server's text once everything sent is in
    qsizetype length = edits.startContent.size(); // of the typist's own text
    qint64 seq = 0;
    bool inFlight = false;
    std::optional<TextOperation> pending;
    TraceResult r;
    std::vector<qint64> typedAt;
    typedAt.reserve(size_t(edits.patchCount));
    size_t inFlightFrom = 0, inFlightTo = 0; // the keystrokes the op in flight carries
    std::vector<qint64> latencies;
    latencies.reserve(size_t(edits.patchCount));
    const auto flush = [&]() {
        if (inFlight || !pending)
            return;
        ++seq;
        inFlight = true;
        ++r.messages;
        if (target == Target::Tandem)
            s->sendTextMessage(
                    QStringLiteral(
                            R"({"type":"note_op","noteId":"%1","baseVersion":%2,"op":%3,"clientId":"t","seq":%4})")
                            .arg(noteId)
                            .arg(version)
                            .arg(QString::fromUtf8(pending->toJsonText()))
                            .arg(seq));
        else
            s->sendTextMessage(
                    QStringLiteral(R"({"a":"op","c":"notes","d":"trace","v":%1,"seq":%2,"op":%3})")
                            .arg(version)
                            .arg(seq)
                            .arg(toTextUnicode(*pending, sentText)));
        sentText = pending->apply(sentText).value();
        pending.reset();
        inFlightFrom = inFlightTo;
        inFlightTo = typedAt.size();
    };
    QObject::connect(s, &QWebSocket::textMessageReceived, s, [&](const QString &t) {
        if (t.contains(QLatin1String(R"("type":"error")")) ||
            t.contains(QLatin1String(R"("error":)")))
            QTextStream(stderr) << "bench_peers: " << targetName(target) << ": " << t.left(300)
                                << '\n';
        const OpNews news = opNews(target, t);
        if (!news.ack)
            return;
        version = news.version;
        inFlight = false;
        const qint64 now = nowUs();
        for (size_t i = inFlightFrom; i < inFlightTo; ++i)
            latencies.push_back(now - typedAt[i]);
        flush();
    });

    size_t transaction = 0;
    QElapsedTimer timer;
    timer.start();
    QTimer typing;
    typing.setTimerType(Qt::PreciseTimer);
    QObject::connect(&typing, &QTimer::timeout, s, [&]() {
        // As many keystrokes as the rate allows by now, each transaction whole.
        const auto due = size_t(timer.nsecsElapsed() / (1'000'000'000 / TraceKeystrokesPerSecond));
        while (transaction < edits.transactions.size() && typedAt.size() < due) {
            for (const TracePatch &patch : edits.transactions[transaction]) {
                const TextOperation op = EditTrace::toOperation(patch, length);
                length = op.targetLength();
                pending = pending ? TextOperation::compose(*pending, op).value() : op;
                typedAt.push_back(nowUs());
            }
            ++transaction;
        }
        if (transaction == edits.transactions.size())
            typing.stop();
        flush();
    });
    typing.start(1);
    waitUntil([&]() { return transaction == edits.transactions.size() && !inFlight && !pending; },
              600'000);
    r.seconds = double(timer.nsecsElapsed()) / 1e9;
    r.p50 = percentile(latencies, 0.5);
    r.p99 = percentile(latencies, 0.99);
    if (target == Target::Tandem)
        r.hubCommits = server.tandem().commitTimes();

    // The server's copy, read by a second client.
    QString stored;
    if (target == Target::Tandem) {
        std::vector<Client> readers;
        server.tandem().connect(readers, 1, QStringLiteral("typist"));
        QWebSocket *reader = readers[0].socket.get();
        QObject::connect(reader, &QWebSocket::textMessageReceived, reader, [&](const QString &t) {
            if (t.contains(QLatin1String("\"note_joined\"")))
                stored = QJsonDocument::fromJson(t.toUtf8())
                                 .object()
                                 .value(QLatin1String("note"))
                                 .toObject()
                                 .value(QLatin1String("content"))
                                 .toString();
        });
        reader->sendTextMessage(
                QStringLiteral(R"({"type":"join_note","noteId":"%1"})").arg(noteId));
        waitUntil([&]() { return !stored.isEmpty(); }, 30'000);
    } else {
        QWebSocket reader;
        QObject::connect(&reader, &QWebSocket::connected, &reader, [&]() {
            reader.sendTextMessage(QStringLiteral(R"({"a":"hs","id":"check"})"));
            reader.sendTextMessage(QStringLiteral(R"({"a":"f","c":"notes","d":"trace"})"));
        });
        QObject::connect(&reader, &QWebSocket::textMessageReceived, &reader, [&](const QString &t) {
            const QJsonObject m = QJsonDocument::fromJson(t.toUtf8()).object();
            if (m.value(QLatin1String("a")).toString() == QLatin1String("f"))
                stored = m.value(QLatin1String("data"))
                                 .toObject()
                                 .value(QLatin1String("data"))
                                 .toString();
        });
        reader.open(server.url());
        waitUntil([&]() { return !stored.isEmpty(); }, 30'000);
    }
    r.identical = stored == edits.endContent;
    if (!r.identical) {
        qsizetype i = 0;
        while (i < stored.size() && i < edits.endContent.size() && stored[i] == edits.endContent[i])
            ++i;
        QTextStream(stderr) << "bench_peers: " << targetName(target) << " has " << stored.size()
                            << " units, the trace ends with " << edits.endContent.size()
                            << "; first difference at " << i << ": " << stored.mid(i, 40) << " / "
                            << edits.endContent.mid(i, 40) << '\n';
    }
    return r;
}

void traceSideBySide(const Paths &paths)
{
    QString error;
    const QString file =
            QDir(EditTrace::directory()).filePath(QStringLiteral("automerge-paper.json.gz"));
    const std::optional<EditTrace> edits = EditTrace::load(file, &error);
    if (!edits) {
        QTextStream(stderr) << "bench_peers: " << error << '\n';
        return;
    }
    const TraceResult t = trace(Target::Tandem, paths, *edits);
    const TraceResult p = trace(Target::ShareDb, paths, *edits);
    report("trace", edits->patchCount,
           QStringLiteral("automerge-paper (%1 edits) typed at %2 keystrokes/s, p99 keystroke "
                          "to acknowledged")
                   .arg(edits->patchCount)
                   .arg(TraceKeystrokesPerSecond),
           QStringLiteral("ms"), t.p99, p.p99, QStringLiteral("ShareDB"), false,
           QStringLiteral("p50 %1 vs %2 ms; whole replay %3 vs %4 s in %5 vs %6 messages; final "
                          "text %7 / %8; %9")
                   .arg(t.p50, 0, 'f', 2)
                   .arg(p.p50, 0, 'f', 2)
                   .arg(t.seconds, 0, 'f', 2)
                   .arg(p.seconds, 0, 'f', 2)
                   .arg(t.messages)
                   .arg(p.messages)
                   .arg(t.identical ? QStringLiteral("identical") : QStringLiteral("**differs**"))
                   .arg(p.identical ? QStringLiteral("identical") : QStringLiteral("**differs**"))
                   .arg(t.hubCommits));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("tandem-hub"), QStringLiteral("the hub to run"));
    parser.addPositionalArgument(QStringLiteral("node"), QStringLiteral("node.js"));
    parser.addPositionalArgument(QStringLiteral("peers"),
                                 QStringLiteral("bench/peers with node_modules installed"));
    parser.addPositionalArgument(QStringLiteral("workload"),
                                 QStringLiteral("fanout, editing, idle, trace (default: all)"));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("Tab-separated results for the plots."),
                                  QStringLiteral("file"));
    parser.addOption(data);
    const QCommandLineOption readers(
            QStringLiteral("readers"),
            QStringLiteral("Fan-out reader counts (default 10,100,1000,2000)."),
            QStringLiteral("n,n,..."));
    parser.addOption(readers);
    parser.addHelpOption();
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() < 3)
        parser.showHelp(2);
    const Paths paths{args[0], args[1], args[2]};
    const QStringList only = args.mid(3);
    QList<int> readerCounts{10, 100, 1000, 2000};
    if (parser.isSet(readers)) {
        readerCounts.clear();
        for (const QString &n : parser.value(readers).split(QLatin1Char(','))) {
            bool ok = false;
            readerCounts << n.toInt(&ok);
            if (!ok || readerCounts.last() < 1)
                qFatal("--readers takes positive counts separated by commas, not %s",
                       qPrintable(parser.value(readers)));
        }
    }
    const auto wanted = [&only](const QString &name) {
        return only.isEmpty() || only.contains(name);
    };
    if (parser.isSet(data)) {
        dataFile.setFileName(parser.value(data));
        if (!dataFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(parser.value(data)));
    }
    // 10,000 idle connections need as many descriptors here and in the servers (inherited).
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    out << "| workload | Tandem | peer | Tandem vs peer | detail |\n|---|---|---|---|---|\n";
    if (wanted(QStringLiteral("fanout")))
        fanOutSideBySide(paths, readerCounts);
    if (wanted(QStringLiteral("editing")))
        editingSideBySide(paths);
    if (wanted(QStringLiteral("idle")))
        idleSideBySide(paths);
    if (wanted(QStringLiteral("trace")))
        traceSideBySide(paths);
    if (wanted(QStringLiteral("fanout")))
        printSyncFloor();
    return 0;
}
