// SPDX-License-Identifier: GPL-3.0-or-later
#include "rawreaders.h"

#include <QByteArrayView>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

qint64 benchNowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

struct RawReaders::Conn
{
    int fd = -1;
    QByteArray in;
    /** A text message whose first frames came without FIN (the hub fragments large ones,
     *  such as a join's reply naming 2,000 collaborators); empty otherwise. */
    QByteArray fragments;
    bool inText = false;
};

ReaderDialect ReaderDialect::relay()
{
    ReaderDialect d;
    d.path = "/";
    d.helloPrefix.clear();
    d.helloAnswer.clear();
    d.joinPrefix.clear();
    return d;
}

ReaderDialect ReaderDialect::sharedb()
{
    ReaderDialect d;
    d.path = "/";
    d.helloPrefix = R"({"a":"hs","id":"r)";
    d.helloSuffix = R"("})";
    d.helloAnswer = R"("a":"hs")";
    d.joinPrefix = R"({"a":"s","c":"notes","d":")";
    d.joinSuffix = R"("})";
    d.joinedMarker = R"("a":"s")";
    d.opMarker = R"("a":"op")";
    d.versionKey = R"("v":)";
    d.versionOffset = 1;
    return d;
}

RawReaders::RawReaders(int sendTimeSlots, ReaderDialect dialect)
    : m_dialect(std::move(dialect))
    , m_sendTimes(size_t(sendTimeSlots))
{ }

RawReaders::~RawReaders()
{
    m_stop.store(true);
    if (m_thread.joinable())
        m_thread.join();
    for (auto &c : m_conns)
        if (c->fd >= 0)
            ::close(c->fd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

QByteArray RawReaders::frame(int opcode, const QByteArray &payload)
{
    // Client frames are masked; the key need not be secret here.
    static const unsigned char key[4] = {0x12, 0x34, 0x56, 0x78};
    QByteArray f;
    f.append(char(0x80 | opcode));
    const qsizetype n = payload.size();
    if (n < 126) {
        f.append(char(0x80 | n));
    } else {
        f.append(char(0x80 | 126));
        f.append(char((n >> 8) & 0xff));
        f.append(char(n & 0xff));
    }
    f.append(reinterpret_cast<const char *>(key), 4);
    for (qsizetype i = 0; i < n; ++i)
        f.append(char(payload[i] ^ char(key[i % 4])));
    return f;
}

bool RawReaders::open(quint16 port, int n, const QByteArray &userPrefix, QString *error)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < n; ++i) {
        auto conn = std::make_unique<Conn>();
        conn->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(conn->fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
            *error = QStringLiteral("connect: %1").arg(QString::fromLocal8Bit(strerror(errno)));
            return false;
        }
        const int one = 1;
        setsockopt(conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        const QByteArray request = "GET " + m_dialect.path +
                " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        if (::send(conn->fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) < 0) {
            *error = QStringLiteral("send failed");
            return false;
        }
        // Blocking until the whole response head is in; what follows it is frames.
        while (!conn->in.contains("\r\n\r\n")) {
            char buf[4096];
            const ssize_t got = ::recv(conn->fd, buf, sizeof buf, 0);
            if (got <= 0) {
                *error = QStringLiteral("the hub closed during the handshake");
                return false;
            }
            conn->in.append(buf, got);
        }
        if (!conn->in.startsWith("HTTP/1.1 101")) {
            *error = QStringLiteral("upgrade refused: %1")
                             .arg(QString::fromLatin1(conn->in.left(conn->in.indexOf('\r'))));
            return false;
        }
        conn->in.remove(0, conn->in.indexOf("\r\n\r\n") + 4);
        if (!m_dialect.helloPrefix.isEmpty()) {
            const QByteArray hello = frame(1,
                                           m_dialect.helloPrefix + userPrefix +
                                                   QByteArray::number(i) + m_dialect.helloSuffix);
            ::send(conn->fd, hello.constData(), size_t(hello.size()), MSG_NOSIGNAL);
        }
        fcntl(conn->fd, F_SETFL, fcntl(conn->fd, F_GETFL) | O_NONBLOCK);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = conn.get();
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, conn->fd, &ev);
        m_conns.push_back(std::move(conn));
    }
    m_thread = std::thread([this]() { run(); });
    return true;
}

bool RawReaders::waitGreeted(int timeoutMs)
{
    if (m_dialect.helloAnswer.isEmpty())
        return true;
    const qint64 deadline = benchNowUs() + qint64(timeoutMs) * 1000;
    while (m_greeted.load() < int(m_conns.size()) && benchNowUs() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return m_greeted.load() == int(m_conns.size());
}

bool RawReaders::join(const QByteArray &noteId, int timeoutMs)
{
    if (m_dialect.joinPrefix.isEmpty())
        return true;
    const QByteArray join = frame(1, m_dialect.joinPrefix + noteId + m_dialect.joinSuffix);
    for (auto &c : m_conns)
        ::send(c->fd, join.constData(), size_t(join.size()), MSG_NOSIGNAL);
    const qint64 deadline = benchNowUs() + qint64(timeoutMs) * 1000;
    while (m_joined.load() < int(m_conns.size()) && benchNowUs() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return m_joined.load() == int(m_conns.size());
}

void RawReaders::setSendTime(qint64 version, qint64 micros)
{
    if (version >= 0 && size_t(version) < m_sendTimes.size())
        m_sendTimes[size_t(version)].store(micros);
}

std::vector<qint64> RawReaders::latencies()
{
    std::lock_guard lock(m_mutex);
    return m_latencies;
}

void RawReaders::run()
{
    epoll_event events[256];
    char buf[65536];
    while (!m_stop.load()) {
        const int ready = epoll_wait(m_epoll, events, 256, 50);
        for (int e = 0; e < ready; ++e) {
            Conn &conn = *static_cast<Conn *>(events[e].data.ptr);
            for (;;) {
                const ssize_t got = ::recv(conn.fd, buf, sizeof buf, 0);
                if (got <= 0)
                    break;
                conn.in.append(buf, got);
            }
            // Every complete frame (server frames are not masked).
            qsizetype at = 0;
            for (;;) {
                const auto avail = size_t(conn.in.size() - at);
                if (avail < 2)
                    break;
                const auto *p = reinterpret_cast<const unsigned char *>(conn.in.constData() + at);
                size_t header = 2;
                quint64 len = p[1] & 0x7f;
                if (len == 126) {
                    header = 4;
                    if (avail < header)
                        break;
                    len = (quint64(p[2]) << 8) | p[3];
                } else if (len == 127) {
                    header = 10;
                    if (avail < header)
                        break;
                    len = 0;
                    for (int i = 2; i < 10; ++i)
                        len = (len << 8) | p[i];
                }
                if (avail < header + len)
                    break;
                onFrame(conn, (p[0] & 0x80) != 0, p[0] & 0x0f,
                        conn.in.constData() + at + qsizetype(header), size_t(len));
                at += qsizetype(header + len);
            }
            conn.in.remove(0, at);
        }
    }
}

void RawReaders::onFrame(Conn &conn, bool fin, int opcode, const char *payload, size_t size)
{
    if (opcode == 0x9) { // ping: answer, or the hub drops the silent client
        const QByteArray pong = frame(0xA, QByteArray(payload, qsizetype(size)));
        ::send(conn.fd, pong.constData(), size_t(pong.size()), MSG_NOSIGNAL);
        return;
    }
    if (opcode == 0x1 && fin) {
        onMessage(QByteArrayView(payload, qsizetype(size)));
        return;
    }
    if (opcode == 0x1) {
        conn.fragments = QByteArray(payload, qsizetype(size));
        conn.inText = true;
    } else if (opcode == 0x0 && conn.inText) {
        conn.fragments.append(payload, qsizetype(size));
    } else {
        return;
    }
    if (fin) {
        onMessage(conn.fragments);
        conn.fragments.clear();
        conn.inText = false;
    }
}

void RawReaders::onMessage(QByteArrayView text)
{
    if (text.indexOf(m_dialect.opMarker) >= 0) {
        const qsizetype at = text.indexOf(m_dialect.versionKey);
        if (at < 0)
            return;
        qint64 version = 0;
        for (qsizetype i = at + m_dialect.versionKey.size();
             i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
            version = version * 10 + (text[i] - '0');
        version += m_dialect.versionOffset;
        m_delivered.fetch_add(1, std::memory_order_relaxed);
        if (version >= m_latencyFrom.load(std::memory_order_relaxed) &&
            size_t(version) < m_sendTimes.size()) {
            const qint64 sent = m_sendTimes[size_t(version)].load(std::memory_order_relaxed);
            if (sent > 0) {
                std::lock_guard lock(m_mutex);
                m_latencies.push_back(benchNowUs() - sent);
            }
        }
    } else if (text.indexOf(m_dialect.joinedMarker) >= 0) {
        m_joined.fetch_add(1);
    } else if (!m_dialect.helloAnswer.isEmpty() && text.indexOf(m_dialect.helloAnswer) >= 0) {
        m_greeted.fetch_add(1);
    }
}
