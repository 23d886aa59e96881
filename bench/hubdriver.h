// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Driving a tandem-hub child process from the benchmarks: its CPU time and memory from /proc,
// and authenticated QWebSocket clients that create, share and join a note.

#include "benchsupport.h"
#include "rawreaders.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QWebSocket>

#include <algorithm>
#include <memory>
#include <unistd.h>
#include <vector>

inline qint64 nowUs()
{
    return benchNowUs();
}

/** utime + stime of a process in seconds, from /proc. */
inline double cpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) /
            double(sysconf(_SC_CLK_TCK));
}

/** The number after "key:" in /proc/PID/file (0 if it cannot be read). */
inline qint64 procValue(qint64 pid, const char *file, const QByteArray &key)
{
    QFile proc(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(file)));
    if (!proc.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : proc.readAll().split('\n'))
        if (line.startsWith(key) && line.size() > key.size() && line.at(key.size()) == ':')
            return line.mid(key.size() + 1).trimmed().split(' ').first().toLongLong();
    return 0;
}

/** The bytes a process has had written to storage. */
inline qint64 writtenBytes(qint64 pid)
{
    return procValue(pid, "io", "write_bytes");
}

inline qint64 rssKiB(qint64 pid)
{
    return procValue(pid, "status", "VmRSS");
}

inline qint64 field(const QString &text, QLatin1String name)
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

/** note_op inserting "x" at the start of a note that held `before` characters at version 0
 *  and has had one inserted by every op since (as the writer benchmarks type), made against
 *  version, by clientId. */
inline QString insertAtStart(const QString &noteId, qint64 version, qint64 seq,
                             qsizetype before = 0, const QString &clientId = QStringLiteral("c"))
{
    const qint64 length = before + version;
    return QStringLiteral(
                   R"({"type":"note_op","noteId":"%1","baseVersion":%2,"op":["x"%3],"clientId":"%4","seq":%5})")
            .arg(noteId)
            .arg(version)
            .arg(length > 0 ? QStringLiteral(",%1").arg(length) : QString())
            .arg(clientId)
            .arg(seq);
}

struct Client
{
    std::unique_ptr<QWebSocket> socket = std::make_unique<QWebSocket>();
    bool ready = false;
};

/** A tandem-hub child process (--auth none, no per-address cap) and clients to drive it. */
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

    /** Stops the hub with SIGTERM (a clean stop) and starts it again on the same data folder;
     *  returns how long the stop took in ms, or -1 if the hub did not start again. */
    double restartHub(const QString &hubPath)
    {
        const qint64 start = nowUs();
        m_hub.terminate();
        if (!m_hub.waitForFinished(60'000))
            return -1;
        const double stopped = double(nowUs() - start) / 1000.0;
        return startHub(hubPath) ? stopped : -1;
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
                s->sendTextMessage(QStringLiteral(R"({"type":"auth","token":"%1%2","ops":true})")
                                           .arg(user)
                                           .arg(i));
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

    QString createNote(QWebSocket *owner, const QStringList &shareWith, const QString &content = {})
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
        const QJsonObject created{{QStringLiteral("type"), QStringLiteral("note_created")},
                                  {QStringLiteral("noteData"),
                                   QJsonObject{{QStringLiteral("title"), QStringLiteral("bench")},
                                               {QStringLiteral("content"), content}}}};
        owner->sendTextMessage(
                QString::fromUtf8(QJsonDocument(created).toJson(QJsonDocument::Compact)));
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
    /** The hub's GET /v1/stats (empty if it does not answer in 5 s). */
    QJsonObject stats() const
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port());
        if (!s.waitForConnected(5000))
            return {};
        s.write("GET /v1/stats HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
        QByteArray reply;
        QElapsedTimer timer;
        timer.start();
        while (s.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000)
            if (s.waitForReadyRead(100))
                reply += s.readAll();
        reply += s.readAll();
        return QJsonDocument::fromJson(reply.mid(reply.indexOf("\r\n\r\n") + 4)).object();
    }
    /** "commit on disk p50/p99 x/y ms, change to acks x/y ms": the hub's account of its last
     *  commits (GET /v1/stats), to set beside what the clients measured. */
    QString commitTimes() const
    {
        const QJsonObject s = stats();
        const auto pair = [&](const char *key) {
            const QJsonObject summary = s.value(QLatin1String(key)).toObject();
            return QStringLiteral("%1/%2")
                    .arg(summary.value(QLatin1String("p50")).toDouble(), 0, 'f', 2)
                    .arg(summary.value(QLatin1String("p99")).toDouble(), 0, 'f', 2);
        };
        return QStringLiteral(
                       "hub's last commits: on disk p50/p99 %1 ms, change to acks sent %2 ms")
                .arg(pair("commitDiskMs"), pair("commitWaitMs"));
    }
    /** The bytes of every file in the hub's data folder. */
    qint64 dataBytes() const
    {
        qint64 total = 0;
        for (const QFileInfo &file : QDir(m_data.path()).entryInfoList(QDir::Files))
            total += file.size();
        return total;
    }
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }

private:
    QTemporaryDir m_data;
    QProcess m_hub;
    QUrl m_url;
    qint64 m_pid = 0;
};
