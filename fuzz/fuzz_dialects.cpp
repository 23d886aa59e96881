// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: every message a client of the seed dialects can send, end to end. A real Hub
// listens on loopback (auth none: the harness is user "fuzzer", named in each address); the
// input's first byte picks the endpoint (its value modulo 4) and whether the rest goes as a
// text or (high bit set) a binary WebSocket message:
//   0  /ws?id=fuzz            seed 004's instances and seed 002's rooms and subscriptions
//   1  /presence/ws           seed 003's presence tracker
//   2  /rooms/r1/ws           seed 003's chat room
//   3  /ws/note/n1            seed 000's note watch (the note is made on /v1 at start)
// A WebSocket ping follows each message on the same connection: the hub must neither crash
// nor stop answering (the pong must come back). It may close the connection; the next input
// for that endpoint opens a new one.
#include "fuzzhub.h"
#include "fuzzloop.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QWebSocket>

#include <array>
#include <memory>

namespace {

constexpr const char *Name = "fuzz_dialects";
constexpr const char *Identity = "userId=fuzzer&userName=Fuzzer";

class Harness
{
public:
    Harness()
        : m_hub(startFuzzHub(Name, m_dir.path()))
    {
        makeWatchedNote();
    }

    void run(const QByteArray &input)
    {
        if (input.isEmpty())
            return;
        const auto selector = quint8(input.front());
        Endpoint &endpoint = m_endpoints[selector % m_endpoints.size()];
        QWebSocket &socket = connected(endpoint);
        const QByteArray message = input.mid(1);
        if (selector & 0x80)
            socket.sendBinaryMessage(message);
        else
            socket.sendTextMessage(QString::fromUtf8(message));
        endpoint.ponged = false;
        socket.ping();
        fuzzWaitFor(
                Name, [&]() { return endpoint.ponged || !isOpen(socket); },
                "the hub stopped answering");
    }

private:
    struct Endpoint
    {
        explicit Endpoint(QString at)
            : path(std::move(at))
        { }

        QString path;
        std::unique_ptr<QWebSocket> socket;
        bool ponged = false;
    };

    static bool isOpen(const QWebSocket &socket)
    {
        return socket.state() == QAbstractSocket::ConnectedState;
    }

    /** The endpoint's connection, opened again if the hub closed it. */
    QWebSocket &connected(Endpoint &endpoint)
    {
        if (endpoint.socket && isOpen(*endpoint.socket))
            return *endpoint.socket;
        endpoint.socket = std::make_unique<QWebSocket>();
        QWebSocket *socket = endpoint.socket.get();
        QObject::connect(socket, &QWebSocket::pong, socket,
                         [&endpoint]() { endpoint.ponged = true; });
        socket->open(
                QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_hub->port()).arg(endpoint.path)));
        fuzzWaitFor(
                Name, [&]() { return isOpen(*socket); }, "the hub refused a dialect's connection");
        return *socket;
    }

    /** n1, Fuzzer's note, for the note watch (which wants a note its user may read). */
    void makeWatchedNote()
    {
        QWebSocket v1;
        bool made = false;
        QObject::connect(&v1, &QWebSocket::textMessageReceived, &v1, [&](const QString &text) {
            const QString type = QJsonDocument::fromJson(text.toUtf8())
                                         .object()
                                         .value(QLatin1String("type"))
                                         .toString();
            made = made || type == QLatin1String("note_created_success");
        });
        v1.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/v1").arg(m_hub->port())));
        fuzzWaitFor(
                Name, [&]() { return isOpen(v1); }, "the hub did not accept a /v1 connection");
        v1.sendTextMessage(QStringLiteral(R"({"type":"auth","token":"fuzzer"})"));
        v1.sendTextMessage(QStringLiteral(
                R"({"type":"note_created","noteData":{"id":"n1","title":"Watched","content":"milk"}})"));
        fuzzWaitFor(
                Name, [&]() { return made; }, "the watched note was not made");
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Hub> m_hub;
    std::array<Endpoint, 4> m_endpoints{
            Endpoint{QStringLiteral("/ws?id=fuzz&") + QLatin1String(Identity)},
            Endpoint{QStringLiteral("/presence/ws?") + QLatin1String(Identity)},
            Endpoint{QStringLiteral("/rooms/r1/ws?") + QLatin1String(Identity)},
            Endpoint{QStringLiteral("/ws/note/n1?") + QLatin1String(Identity)}};
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    // Made after the application, so gone before it at exit (the hub's commit thread joined
    // before Qt SQL's registry goes).
    static Harness harness;
    harness.run(QByteArray::fromRawData(reinterpret_cast<const char *>(bytes), qsizetype(size)));
    return 0;
}
