// SPDX-License-Identifier: GPL-3.0-or-later
// A headless Tandem client for checks from outside the test suite (make package-test): the
// real SyncClient with a throwaway cache connects to a hub, then
//   tandem-sync-probe URL TOKEN create TITLE   writes a note and waits for the hub's ack
//   tandem-sync-probe URL TOKEN expect TITLE   succeeds if the user's notes hold that title
// Exit 0 on success; 1 (with the reason on stderr) otherwise, within 30 seconds.
#include "clientstore.h"
#include "syncclient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>

namespace {

bool waitFor(const std::function<bool()> &done, QDeadlineTimer deadline)
{
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

int fail(const QString &why)
{
    std::fprintf(stderr, "tandem-sync-probe: %s\n", qPrintable(why));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5 ||
        (args.at(3) != QLatin1String("create") && args.at(3) != QLatin1String("expect"))) {
        std::fputs("usage: tandem-sync-probe URL TOKEN create|expect TITLE\n", stderr);
        return 2;
    }
    const QUrl url(args.at(1));
    const QString title = args.at(4);
    QTemporaryDir dir;
    ClientStore store;
    QString error;
    if (!dir.isValid() || !store.open(dir.filePath(QStringLiteral("cache.sqlite")), &error))
        return fail(QStringLiteral("cannot open a cache: %1").arg(error));
    SyncClient client(url, &store);
    client.setCredentials(args.at(2));
    client.connectToHub();
    const QDeadlineTimer deadline(30'000);
    if (!waitFor([&]() { return client.isSynced(); }, deadline))
        return fail(QStringLiteral("not synced with %1 (state %2, last error: %3)")
                            .arg(url.toString())
                            .arg(int(client.state()))
                            .arg(client.lastError()));
    if (args.at(3) == QLatin1String("create")) {
        const QString id = client.createNote(
                title, QStringLiteral("Written through the installed hub by the package test."));
        if (!waitFor([&]() { return client.isSynced() && !client.summary(id).unsynced; }, deadline))
            return fail(QStringLiteral("the hub never acknowledged the note"));
        std::printf("created %s\n", qPrintable(id));
        return 0;
    }
    const QList<NoteSummary> notes = client.summaries();
    for (const NoteSummary &note : notes) {
        if (note.title == title) {
            std::printf("found %s\n", qPrintable(note.id));
            return 0;
        }
    }
    return fail(QStringLiteral("no note titled '%1' among %2").arg(title).arg(notes.size()));
}
