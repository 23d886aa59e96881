// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: everything a hub (or something pretending to be one) can send to Tandem's client,
// end to end. For each input a real SyncClient, with a real offline cache (ClientStore in a
// temporary folder), connects over loopback to the harness, which plays the hub: it answers
// auth, waits for the client to join its open note, then sends each line of the input as one
// WebSocket text message, and pings. The cache holds two notes, "n1" (open, with a local edit
// "LOCAL" not yet sent) and "n2" (closed), so messages about them reach every path.
// What must hold: the client neither crashes nor hangs (the pong comes back, or the client
// closed the connection), and the edit typed here is never lost: a hub cannot acknowledge it
// (the client's id is new every run), so after every input some note kept on this computer
// (n1, or a conflicted copy of it) still holds "LOCAL".
#include "clientstore.h"
#include "fuzzloop.h"
#include "notesession.h"
#include "syncclient.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

namespace {

constexpr const char *Name = "fuzz_syncclient";
constexpr int MaxMessages = 64;

LocalNote cachedNote(const QString &id, const QString &content, qint64 version)
{
    LocalNote note;
    note.id = id;
    note.title = id;
    note.content = content;
    note.contentKnown = true;
    note.version = version;
    note.owner = QStringLiteral("fuzzer");
    note.baseTitle = id;
    return note;
}

class Harness
{
public:
    Harness()
        : m_server(QStringLiteral("fuzz hub"), QWebSocketServer::NonSecureMode)
    {
        // Connections are taken here first, to send each frame at once: the input's frames
        // are small, and Nagle's algorithm held each after the first until the client's
        // delayed ACK (40 ms an input).
        if (!m_listener.listen(QHostAddress::LocalHost, 0))
            fuzzFailed(Name, "the harness's hub could not listen");
        QObject::connect(&m_listener, &QTcpServer::newConnection, &m_listener, [this]() {
            while (QTcpSocket *socket = m_listener.nextPendingConnection()) {
                socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                m_server.handleConnection(socket);
            }
        });
        m_url = QUrl(QStringLiteral("ws://127.0.0.1:%1/v1").arg(m_listener.serverPort()));
    }

    void run(const QByteArray &input)
    {
        // In memory where there is a tmpfs: the cache syncs to disk on every change.
        QTemporaryDir dir(QDir(QStringLiteral("/dev/shm")).exists()
                                  ? QStringLiteral("/dev/shm/fuzz_syncclient-XXXXXX")
                                  : QString());
        ClientStore store;
        QString error;
        if (!dir.isValid() || !store.open(dir.filePath(QStringLiteral("cache.sqlite")), &error) ||
            !store.setUserId(QStringLiteral("fuzzer")) ||
            !store.saveNote(cachedNote(QStringLiteral("n1"), QStringLiteral("hello"), 3)) ||
            !store.saveNote(cachedNote(QStringLiteral("n2"), QStringLiteral("milk, eggs"), 9)))
            fuzzFailed(Name, "the cache could not be made");

        SyncClientSettings settings;
        settings.persistDelayMs = 0;
        settings.reconnect.baseMs = settings.reconnect.capMs = 3'600'000; // not within an input
        settings.seed = 1;
        auto client = std::make_unique<SyncClient>(m_url, &store, settings);
        client->setCredentials(QStringLiteral("fuzzer"));
        NoteSession *session = client->openNote(QStringLiteral("n1"));
        if (!session ||
            !session->applyLocal(TextOperation().retain(5).insert(QStringLiteral("LOCAL"))))
            fuzzFailed(Name, "the local edit was refused");

        // Play the hub: auth_success, then the input once the client has joined n1. The
        // socket is taken as soon as it is there: its first frames may be read right after.
        std::unique_ptr<QWebSocket> hub;
        bool joined = false;
        bool ponged = false;
        const QMetaObject::Connection accepted =
                QObject::connect(&m_server, &QWebSocketServer::newConnection, &m_server, [&]() {
                    while (m_server.hasPendingConnections()) {
                        QWebSocket *next = m_server.nextPendingConnection();
                        if (hub) {
                            delete next; // a second connection of the same client
                            continue;
                        }
                        hub.reset(next);
                        QObject::connect(hub.get(), &QWebSocket::textMessageReceived, hub.get(),
                                         [&](const QString &text) { answer(*hub, text, joined); });
                        QObject::connect(hub.get(), &QWebSocket::pong, hub.get(),
                                         [&]() { ponged = true; });
                    }
                });
        client->connectToHub();
        fuzzWaitFor(
                Name, [&]() { return bool(hub); }, "the client did not connect");
        const auto open = [&]() { return hub->state() == QAbstractSocket::ConnectedState; };
        fuzzWaitFor(
                Name, [&]() { return joined || !open(); }, "the client never joined its open note");

        int sent = 0;
        for (const QByteArray &line : input.split('\n')) {
            if (!open() || ++sent > MaxMessages)
                break;
            hub->sendTextMessage(QString::fromUtf8(line));
        }
        if (open()) {
            hub->ping();
            fuzzWaitFor(
                    Name, [&]() { return ponged || !open(); }, "the client stopped answering");
        }
        QCoreApplication::processEvents(); // saves due now (persistDelayMs 0)
        client->saveNow();

        bool kept = false;
        for (const LocalNote &note : store.notes(true))
            kept = kept || note.content.contains(QLatin1String("LOCAL"));
        fuzzCheck(Name, kept, "the edit typed on this computer is in none of its notes");
        QObject::disconnect(accepted);
        client.reset();
        hub.reset();
        // What they left to deleteLater (sockets, replies) goes now, not at exit: this
        // harness never runs an event loop of its own.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

private:
    /** The hub's side of the talk that is not the input: auth_success to auth; a join_note
     *  is noted. */
    static void answer(QWebSocket &hub, const QString &text, bool &joined)
    {
        const QString type = QJsonDocument::fromJson(text.toUtf8())
                                     .object()
                                     .value(QLatin1String("type"))
                                     .toString();
        if (type == QLatin1String("auth"))
            hub.sendTextMessage(QStringLiteral(R"({"type":"auth_success","userId":"fuzzer",)"
                                               R"("userName":"Fuzzer","sessionId":"s1",)"
                                               R"("colour":"#4363d8","protocolVersion":1})"));
        else if (type == QLatin1String("join_note"))
            joined = true;
    }

    QTcpServer m_listener;
    QWebSocketServer m_server;
    QUrl m_url;
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static Harness harness; // made after the application, so gone before it at exit
    harness.run(QByteArray::fromRawData(reinterpret_cast<const char *>(bytes), qsizetype(size)));
    return 0;
}
