// SPDX-License-Identifier: GPL-3.0-or-later
// A headless Tandem client for crash tests: the real SyncClient and ClientStore in a process
// the test can SIGKILL. It prints "saved N" once edit N is on disk (what the UI would show as
// saved), so the test knows exactly which edits must survive.
//
//   tandem-client-helper CACHE URL TOKEN sync
//       connect, wait until everything is sent and fetched, print "synced", exit 0
//   tandem-client-helper CACHE URL TOKEN edit NOTE COUNT FIRST online|offline
//       (connecting or not) insert tokens "[kFIRST]"… one every 2 ms, then wait to be killed
#include "clientstore.h"
#include "notesession.h"
#include "syncclient.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 5) {
        std::fprintf(stderr, "usage: see tests/net/clienthelper.cpp\n");
        return 2;
    }
    ClientStore store;
    QString error;
    if (!store.open(args[1], &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    SyncClientSettings settings;
    settings.heartbeatMs = 1000;
    settings.reconnect.baseMs = 50;
    settings.reconnect.capMs = 300;
    settings.reconnect.maxAttempts = 1000;
    settings.persistDelayMs = 20;
    SyncClient client(QUrl(args[2]), &store, settings);
    client.setCredentials(args[3]);
    const auto say = [](const QString &line) {
        std::printf("%s\n", qPrintable(line));
        std::fflush(stdout);
    };

    if (args[4] == QLatin1String("sync")) {
        client.connectToHub();
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &app, [&]() {
            if (client.isSynced()) {
                say(QStringLiteral("synced"));
                app.quit();
            }
        });
        poll.start(10);
        return app.exec();
    }
    if (args[4] != QLatin1String("edit") || args.size() < 9)
        return 2;
    const QString noteId = args[5];
    const int count = args[6].toInt();
    int next = args[7].toInt();
    if (args[8] == QLatin1String("online"))
        client.connectToHub();
    NoteSession *session = client.openNote(noteId);
    if (!session) {
        std::fprintf(stderr, "no note %s in the cache\n", qPrintable(noteId));
        return 1;
    }
    const int last = next + count;
    QTimer typing;
    QObject::connect(&typing, &QTimer::timeout, &app, [&]() {
        if (next == last) {
            typing.stop();
            say(QStringLiteral("done"));
            return;
        }
        const QString text = session->text();
        // At the end or right after a token, so tokens stay whole.
        qsizetype at = text.size();
        if (next % 3 == 1)
            at = 0;
        else if (next % 3 == 2)
            at = text.indexOf(QLatin1Char(']')) + 1;
        const QString token = QStringLiteral("[k%1]").arg(next);
        if (!session->applyLocal(TextOperation().retain(at).insert(token).retain(text.size() - at)))
            return;
        say(QStringLiteral("saved %1").arg(next));
        ++next;
    });
    typing.start(2);
    return app.exec();
}
