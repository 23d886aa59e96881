// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: every message a client can send to the hub, end to end. A real Hub listens on
// loopback (auth none, so the fuzzer is a logged-in user with notes of its own); each input
// goes to it as one WebSocket text message from a real QWebSocket, followed by a ping. The
// hub must neither crash nor stop answering: the pong must come back. When the hub closes
// the connection (it does after repeated malformed messages) the harness reconnects.
#include "fuzzhub.h"
#include "fuzzloop.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QWebSocket>

#include <cstdlib>
#include <memory>

namespace {

struct Harness
{
    QTemporaryDir dir;
    std::unique_ptr<Hub> hub;
    std::unique_ptr<QWebSocket> socket;
    bool ponged = false;

    void start() { hub = startFuzzHub("fuzz_hubmessage", dir.path()); }

    void connectClient()
    {
        socket = std::make_unique<QWebSocket>();
        QObject::connect(
                socket.get(), &QWebSocket::textMessageReceived, [this](const QString &text) {
                    // The pong itself, not any message that mentions one.
                    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
                    if (message.value(QLatin1String("type")) == QLatin1String("pong"))
                        ponged = true;
                });
        socket->open(hub->url());
        wait([&]() { return socket->state() == QAbstractSocket::ConnectedState; },
             "the hub did not accept a connection");
        socket->sendTextMessage(QStringLiteral(R"({"type":"auth","token":"fuzzer"})"));
    }

    template<typename Done> void wait(Done done, const char *what)
    {
        fuzzWaitFor("fuzz_hubmessage", done, what);
    }

    void send(const QString &message)
    {
        if (socket->state() != QAbstractSocket::ConnectedState)
            connectClient();
        ponged = false;
        socket->sendTextMessage(message);
        socket->sendTextMessage(QStringLiteral(R"({"type":"ping"})"));
        wait([&]() { return ponged || socket->state() != QAbstractSocket::ConnectedState; },
             "the hub stopped answering");
    }
};

Harness *harness = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    harness = new Harness;
    harness->start();
    harness->connectClient();
    // Stop the hub (and join its commit thread) before exit destroys the application and
    // Qt SQL's connection registry under a thread still using them: LeakSanitizer's check at
    // exit then saw the commit thread's query objects as a leaked cycle (CI, once in three).
    std::atexit([]() {
        delete harness;
        harness = nullptr;
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    harness->send(QString::fromUtf8(reinterpret_cast<const char *>(bytes), qsizetype(size)));
    return 0;
}
