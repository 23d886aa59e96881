// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <atomic>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

/** Microseconds on the monotonic clock, the same in every thread of the benchmark. */
qint64 benchNowUs();

/**
 * What a reader says and listens for, so one load generator can read from Tandem's hub and
 * from peers (a plain `ws` relay, ShareDB) alike.
 */
struct ReaderDialect
{
    /** The HTTP path of the upgrade. */
    QByteArray path = "/v1";
    /** Sent right after the upgrade with the reader's index appended and then helloSuffix
     *  (Tandem: auth as a user of its own); empty: nothing. */
    QByteArray helloPrefix = R"({"type":"auth","token":")";
    QByteArray helloSuffix = R"(","ops":true})";
    /** A message holding this answers the hello (empty: there is no answer to wait for). */
    QByteArray helloAnswer = R"("type":"auth_success")";
    /** Sent by join() with the document id appended and then joinSuffix; empty: no joining. */
    QByteArray joinPrefix = R"({"type":"join_note","noteId":")";
    QByteArray joinSuffix = R"("})";
    /** A message holding this answers the join. */
    QByteArray joinedMarker = R"("type":"note_joined")";
    /** A message holding this is a delivery, and its version follows versionKey. */
    QByteArray opMarker = R"("type":"note_op")";
    QByteArray versionKey = R"("version":)";
    /** Added to the version read, so that it names the version the op created. */
    qint64 versionOffset = 0;

    /** A relay with no protocol of its own: nothing to say, deliveries as Tandem's. */
    static ReaderDialect relay();
    /** ShareDB's protocol: handshake, subscribe to collection "notes"; ops carry v (the
     *  version before the op). */
    static ReaderDialect sharedb();
};

/**
 * Many read-only WebSocket clients on plain POSIX sockets and one epoll thread, for the
 * fan-out benchmark. A QWebSocket client costs the load generator several microseconds per
 * message; with 1,000 readers that, not the hub, decided the measured latency. These readers
 * only find each note_op's version and note when it arrived.
 *
 * Not a general client: text messages (fragmented or not), pings answered, nothing else
 * handled.
 */
class RawReaders
{
public:
    explicit RawReaders(int sendTimeSlots, ReaderDialect dialect = {});
    ~RawReaders();

    /** Connects n clients to 127.0.0.1:port, upgrades and says hello (Tandem: authenticates
     *  each as userPrefix + index; the hub runs with --auth none). Starts the reading thread. */
    bool open(quint16 port, int n, const QByteArray &userPrefix, QString *error);
    /** Every client joins noteId; true once every one has its answer. */
    bool join(const QByteArray &noteId, int timeoutMs);

    /** The writer records when it sent the op that becomes version v. */
    void setSendTime(qint64 version, qint64 micros);
    /** Latencies are recorded for versions >= this one. */
    void recordLatenciesFrom(qint64 version) { m_latencyFrom.store(version); }
    qint64 delivered() const { return m_delivered.load(); }
    /** How many clients have had the answer to their join. */
    int joinedCount() const { return m_joined.load(); }
    /** True once every connection's hello has been answered (at once without a hello). */
    bool waitGreeted(int timeoutMs);
    /** Send-to-receive times in µs, for the versions chosen with recordLatenciesFrom(). */
    std::vector<qint64> latencies();

private:
    struct Conn;
    void run();
    void onFrame(Conn &conn, bool fin, int opcode, const char *payload, size_t size);
    void onMessage(QByteArrayView text);
    static QByteArray frame(int opcode, const QByteArray &payload);

    ReaderDialect m_dialect;
    std::vector<std::unique_ptr<Conn>> m_conns;
    std::vector<std::atomic<qint64>> m_sendTimes;
    std::atomic<qint64> m_latencyFrom{std::numeric_limits<qint64>::max()};
    std::atomic<qint64> m_delivered{0};
    std::atomic<int> m_joined{0};
    std::atomic<int> m_greeted{0};
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::vector<qint64> m_latencies;
    int m_epoll = -1;
    std::thread m_thread;
};
