// SPDX-License-Identifier: GPL-3.0-or-later
// Load on a real tandem-hub process over loopback, from real WebSocket clients in this
// process: a burst of handshakes, one writer typing into a long note (ack latency, bytes the
// hub writes, an old version of it asked for, the note's load after a clean restart), a note
// with a long history from many client ids opened after a restart, and K
// concurrent writers into one note (committed ops/s, ack latency), with one or 16 ops in
// flight each. Prints Markdown rows. (Fan-out and the workloads run side by side with peers
// are in bench_peers.)
#include "hubdriver.h"

#include <deque>

namespace {

QTextStream out(stdout);

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
            s->sendTextMessage(insertAtStart(noteId, st->version, st->seq));
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

/** Starts the hub, connects one client ("typist") into clients and has it create a note
 *  holding content and join it; returns the note's id. */
QString typistInANote(Bench &bench, const QString &hubPath, std::vector<Client> &clients,
                      const QString &content)
{
    if (!bench.startHub(hubPath))
        qFatal("hub did not start");
    bench.connect(clients, 1, QStringLiteral("typist"));
    const QString noteId = bench.createNote(clients[0].socket.get(), {}, content);
    if (noteId.isEmpty())
        qFatal("the typist's note was not created");
    bench.join(clients, 0, noteId);
    return noteId;
}

/**
 * One writer types into a note that already holds `units` characters, one op in flight (the
 * next keystroke sent on the ack): ack latency, and what the hub writes to its disk for it
 * (/proc's write_bytes: the WAL, checkpoints, and the note's whole text when it is written
 * again) and how far its data folder grows.
 */
void longNote(const QString &hubPath, qsizetype units)
{
    Bench bench;
    std::vector<Client> clients;
    const QString noteId = typistInANote(bench, hubPath, clients, QString(units, u'n'));
    QWebSocket *s = clients[0].socket.get();

    constexpr int Keystrokes = 2000;
    qint64 version = 0;
    qint64 sentAt = 0;
    std::vector<qint64> latencies;
    const auto send = [&]() {
        sentAt = nowUs();
        s->sendTextMessage(insertAtStart(noteId, version, version + 1, units));
    };
    QObject::connect(s, &QWebSocket::textMessageReceived, s, [&](const QString &t) {
        if (!t.contains(QLatin1String("note_op_ack")))
            return;
        latencies.push_back(nowUs() - sentAt);
        version = field(t, QLatin1String("version"));
        if (version < Keystrokes)
            send();
    });
    const qint64 writtenBefore = writtenBytes(bench.hubPid());
    const qint64 dataBefore = bench.dataBytes();
    send();
    waitUntil([&]() { return version >= Keystrokes; }, 300'000);
    if (version < Keystrokes)
        qFatal("only %lld of %d keystrokes were acknowledged", version, Keystrokes);
    const double perKeystroke =
            double(writtenBytes(bench.hubPid()) - writtenBefore) / Keystrokes / 1024.0;
    const double grown = double(bench.dataBytes() - dataBefore) / (1024.0 * 1024.0);
    out << "| 1 writer typing " << Keystrokes << " keystrokes into a note of " << units
        << " characters, 1 op in flight | ack p50 "
        << QString::number(percentile(latencies, 0.5), 'f', 2) << " ms, p99 "
        << QString::number(percentile(latencies, 0.99), 'f', 2) << " ms, max "
        << QString::number(double(*std::max_element(latencies.begin(), latencies.end())) / 1000.0,
                           'f', 2)
        << " ms | hub wrote " << QString::number(perKeystroke, 'f', 1)
        << " KiB per keystroke | data folder grew by " << QString::number(grown, 'f', 1)
        << " MiB | |\n";

    // The history dialog's preview of an old version: the hub rebuilds it from the latest
    // snapshot at or before it (here the create's), replaying the ops since, on its event loop.
    for (const qint64 wanted : {qint64(Keystrokes / 2), qint64(Keystrokes - 1)}) {
        bool answered = false;
        const auto connection =
                QObject::connect(s, &QWebSocket::textMessageReceived, s, [&](const QString &t) {
                    answered = answered || t.contains(QLatin1String("\"note_version\""));
                });
        const qint64 asked = nowUs();
        s->sendTextMessage(QString::fromUtf8(
                QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("get_version")},
                                          {QStringLiteral("noteId"), noteId},
                                          {QStringLiteral("version"), wanted}})
                        .toJson(QJsonDocument::Compact)));
        waitUntil([&]() { return answered; }, 120'000);
        QObject::disconnect(connection);
        if (!answered)
            qFatal("get_version %lld was not answered", wanted);
        out << "| the same note's version " << wanted
            << " asked for (rebuilt from the hub's snapshot before it) | answered in "
            << QString::number(double(nowUs() - asked) / 1000.0, 'f', 1) << " ms | | |\n";
    }

    // What the next start costs: the note is loaded from its latest snapshot and the ops after
    // it, replayed.
    clients.clear();
    const double stopMs = bench.restartHub(hubPath);
    if (stopMs < 0)
        qFatal("the hub did not start again");
    std::vector<Client> again;
    bench.connect(again, 1, QStringLiteral("typist"));
    const qint64 joinStart = nowUs();
    bench.join(again, 0, noteId);
    out << "| the same note after a clean restart of the hub | stop "
        << QString::number(stopMs, 'f', 1) << " ms | first join (the note loaded) "
        << QString::number(double(nowUs() - joinStart) / 1000.0, 'f', 1) << " ms | |\n";
    out.flush();
}

/**
 * A note with a long history from many runs of the app (each run of Tandem's client edits under
 * a client id of its own): `ops` one-character inserts, typed 16 in flight by one connection
 * that takes a new client id every `opsPerRun` ops. Then how long the first join takes after a
 * clean restart, when the hub reads the note from its store, against a join while it is loaded;
 * three restarts.
 */
void longHistory(const QString &hubPath, qint64 ops, qint64 opsPerRun)
{
    Bench bench;
    std::vector<Client> clients;
    const QString noteId = typistInANote(bench, hubPath, clients, QString());
    QWebSocket *s = clients[0].socket.get();

    constexpr int Window = 16;
    qint64 sent = 0;
    qint64 acked = 0;
    qint64 version = 0;
    const auto send = [&]() {
        const qint64 run = sent / opsPerRun;
        ++sent;
        s->sendTextMessage(insertAtStart(noteId, version, sent - run * opsPerRun, 0,
                                         QStringLiteral("run%1").arg(run)));
    };
    QObject::connect(s, &QWebSocket::textMessageReceived, s, [&](const QString &t) {
        if (!t.contains(QLatin1String("note_op_ack")))
            return;
        ++acked;
        version = qMax(version, field(t, QLatin1String("version")));
        if (sent < ops)
            send();
    });
    const qint64 typingStart = nowUs();
    while (sent < qMin<qint64>(Window, ops))
        send();
    waitUntil([&]() { return acked >= ops; }, 600'000);
    if (acked < ops)
        qFatal("only %lld of %lld ops were acknowledged", acked, ops);
    const double typedSeconds = double(nowUs() - typingStart) / 1e6;
    clients.clear();

    QStringList cold;
    QStringList warm;
    const auto joinMs = [&](const QString &user) {
        std::vector<Client> reader;
        bench.connect(reader, 1, user);
        const qint64 start = nowUs();
        bench.join(reader, 0, noteId);
        return QString::number(double(nowUs() - start) / 1000.0, 'f', 1);
    };
    for (int restart = 0; restart < 3; ++restart) {
        if (bench.restartHub(hubPath) < 0)
            qFatal("the hub did not start again");
        cold << joinMs(QStringLiteral("typist"));
        warm << joinMs(QStringLiteral("typist"));
    }
    out << "| a note of " << ops << " ops from " << ops / opsPerRun << " client ids (typed in "
        << QString::number(typedSeconds, 'f', 1)
        << " s), joined after a clean restart | first join (read from the store) "
        << cold.join(QLatin1String(", ")) << " ms | a second join (in memory) "
        << warm.join(QLatin1String(", ")) << " ms | database "
        << QString::number(double(bench.dataBytes()) / (1024.0 * 1024.0), 'f', 1) << " MiB | |\n";
    out.flush();
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
                << "usage: bench_hub PATH-TO-tandem-hub [handshakes|long|history|writers]...\n";
        return 2;
    }
    const QString hub = args[1];
    // Optional further arguments pick workloads: "handshakes", "long", "history", "writers".
    const QStringList only = args.mid(2);
    const auto wanted = [&only](const QString &name) {
        return only.isEmpty() || only.contains(name);
    };
    out << "| workload | result | | | |\n|---|---|---|---|---|\n";
    if (wanted(QStringLiteral("handshakes")))
        handshakes(hub, 1000);
    if (wanted(QStringLiteral("long")))
        for (qsizetype units : {qsizetype(10'000), qsizetype(1'000'000)})
            longNote(hub, units);
    if (wanted(QStringLiteral("history")))
        longHistory(hub, 100'000, 100);
    if (wanted(QStringLiteral("writers")))
        for (int window : {1, 16})
            for (int k : {1, 8, 32})
                writers(hub, k, window);
    return 0;
}
