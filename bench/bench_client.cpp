// SPDX-License-Identifier: GPL-3.0-or-later
// The client sync layer end to end against a real tandem-hub process (core 0; this process
// on the last core): what a local edit costs on the UI thread (saved to the offline cache
// first), 1,000 edits queued offline replayed and acknowledged after reconnecting (one note,
// and spread over 100 notes), a client catching up with a note 10,000 versions ahead, and a
// 10 MB paste made offline (typing while it waits), the app started again with it waiting,
// then uploaded in parts. Prints Markdown rows.
#include "benchsupport.h"
#include "clientstore.h"
#include "notesession.h"
#include "syncclient.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTextStream>

#include <memory>

namespace {

QTextStream out(stdout);

/** A client with its own cache file, as the desktop app has per hub. */
struct Client
{
    Client(const QUrl &url, const QString &user, const QString &cacheDir)
        : m_url(url)
        , m_user(user)
        , m_path(cacheDir + QStringLiteral("/") + user + QStringLiteral(".sqlite"))
    {
        start();
    }
    /** The app quitting and starting again on the same cache, offline. */
    void restart()
    {
        client.reset();
        store.close();
        start();
    }
    bool connectAndSync(int timeoutMs = 60'000)
    {
        client->connectToHub();
        waitUntil([&]() { return client->isSynced(); }, timeoutMs);
        return client->isSynced();
    }
    ClientStore store;
    std::unique_ptr<SyncClient> client;

private:
    void start()
    {
        QString error;
        if (!store.open(m_path, &error))
            qFatal("cache: %s", qPrintable(error));
        client = std::make_unique<SyncClient>(m_url, &store);
        client->setCredentials(m_user); // the hub runs with --auth none
    }
    QUrl m_url;
    QString m_user;
    QString m_path;
};

/** A keystroke at the end, made as the editor makes it: holding no copy of the session's text. */
TextOperation typeAtEnd(const NoteSession &session, QChar c)
{
    return TextOperation().retain(session.text().size()).insert(QString(c));
}

void row(const QString &workload, const QString &result, const QString &detail)
{
    out << "| " << workload << " | " << result << " | " << detail << " |\n";
    out.flush();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (app.arguments().size() > 1 && app.arguments().at(1) == QLatin1String("--header")) {
        out << "| workload | result | detail |\n|---|---|---|\n";
        return 0;
    }
    if (app.arguments().size() < 2) {
        qWarning("usage: bench_client TANDEM_HUB | --header");
        return 2;
    }
    QTemporaryDir data, caches;
    QProcess hub;
    const QUrl url = startHubProcess(hub, app.arguments().at(1), data.path(),
                                     {QStringLiteral("--auth"), QStringLiteral("none"),
                                      // the catch-up set-up types 10,000 ops as fast as acks come
                                      QStringLiteral("--max-messages-per-second"),
                                      QStringLiteral("100000")});
    if (!url.isValid())
        qFatal("tandem-hub did not start");
    QElapsedTimer clock;
    clock.start();

    // 1. A local edit while offline: applied, composed into the outbox, saved (synchronous=FULL).
    {
        Client writer(url, QStringLiteral("typist"), caches.path());
        const QString noteId = writer.client->createNote(QStringLiteral("Typing"));
        NoteSession *session = writer.client->openNote(noteId);
        std::vector<qint64> costs;
        for (int i = 0; i < 1000; ++i) {
            const qint64 start = clock.nsecsElapsed();
            session->applyLocal(typeAtEnd(*session, QLatin1Char('a' + i % 26)));
            costs.push_back((clock.nsecsElapsed() - start) / 1000);
        }
        row(QStringLiteral("local edit, offline (saved to the cache before returning)"),
            QStringLiteral("p50 %1 ms, p99 %2 ms")
                    .arg(percentile(costs, 0.5), 0, 'f', 2)
                    .arg(percentile(costs, 0.99), 0, 'f', 2),
            QStringLiteral("1,000 one-character edits into one note"));
    }

    // 2. 1,000 edits queued offline, replayed and acknowledged after reconnecting.
    for (int notes : {1, 100}) {
        Client alice(url, QStringLiteral("alice%1").arg(notes), caches.path());
        if (!alice.connectAndSync())
            qFatal("alice did not sync");
        QStringList ids;
        for (int n = 0; n < notes; ++n)
            ids.append(alice.client->createNote(QStringLiteral("Note %1").arg(n)));
        waitUntil([&]() { return alice.client->isSynced(); }, 60'000);
        alice.client->disconnectFromHub();
        for (int i = 0; i < 1000; ++i) {
            NoteSession *session = alice.client->openNote(ids.at(i % notes));
            session->applyLocal(typeAtEnd(*session, QLatin1Char('a' + i % 26)));
        }
        for (const QString &id : std::as_const(ids))
            alice.client->closeNote(id); // background sessions still drain the outbox
        const qint64 start = clock.nsecsElapsed();
        if (!alice.connectAndSync())
            qFatal("replay did not finish");
        const double ms = double(clock.nsecsElapsed() - start) / 1e6;
        row(QStringLiteral("1,000 queued offline edits replayed and acknowledged, %1 note%2")
                    .arg(notes)
                    .arg(notes == 1 ? QString() : QStringLiteral("s")),
            QStringLiteral("%1 ms").arg(ms, 0, 'f', 1),
            QStringLiteral("from connectToHub() to every edit acknowledged (target < 1,000 ms)"));
    }

    // 3. Catch-up: a client 10,000 versions behind rejoins and takes the missing ops.
    {
        Client writer(url, QStringLiteral("writer"), caches.path());
        if (!writer.connectAndSync())
            qFatal("writer did not sync");
        const QString noteId = writer.client->createNote(QStringLiteral("Long history"));
        NoteSession *ws = writer.client->openNote(noteId);
        waitUntil([&]() { return writer.client->isSynced(); }, 60'000);
        writer.client->share(noteId, QStringLiteral("reader"), QStringLiteral("viewer"));

        Client reader(url, QStringLiteral("reader"), caches.path());
        if (!reader.connectAndSync())
            qFatal("reader did not sync");
        waitUntil([&]() { return reader.store.note(noteId).has_value(); }, 10'000);
        NoteSession *rs = reader.client->openNote(noteId);
        waitUntil([&]() { return reader.client->isSynced(); }, 60'000);
        reader.client->disconnectFromHub();

        // One acknowledged op per version: the next edit goes when the last one is in.
        const qint64 versions = qEnvironmentVariableIsSet("TANDEM_BENCH_VERSIONS")
                ? qEnvironmentVariableIntValue("TANDEM_BENCH_VERSIONS")
                : 10'000;
        const qint64 target = ws->version() + versions;
        int typed = 0;
        QObject::connect(ws, &NoteSession::pendingEditsChanged, ws, [&](int pending) {
            if (pending == 0 && ws->version() < target) {
                ++typed;
                ws->applyLocal(typeAtEnd(*ws, QLatin1Char('a' + typed % 26)));
            }
        });
        ws->applyLocal(typeAtEnd(*ws, QLatin1Char('a')));
        waitUntil([&]() { return ws->version() >= target && ws->pendingEdits() == 0; }, 600'000);

        const qint64 behind = ws->version() - rs->version();
        const qint64 start = clock.nsecsElapsed();
        reader.client->connectToHub();
        waitUntil([&]() { return rs->version() == ws->version() && rs->isJoined(); }, 120'000);
        const double ms = double(clock.nsecsElapsed() - start) / 1e6;
        row(QStringLiteral("catch-up of a note %1 versions behind").arg(behind),
            QStringLiteral("%1 ms").arg(ms, 0, 'f', 1),
            QStringLiteral("reconnect, rejoin with its version, apply every missing op (%1 ops/s); "
                           "text identical: %2")
                    .arg(double(behind) / (ms / 1000.0), 0, 'f', 0)
                    .arg(rs->text() == ws->text() ? QStringLiteral("yes") : QStringLiteral("NO")));
    }
    // 4. A 10 MB paste made offline, typing while it waits, then uploaded in parts: what the
    // UI thread pays for saving what waits of it (written once, then step by step).
    {
        Client paster(url, QStringLiteral("paster"), caches.path());
        if (!paster.connectAndSync())
            qFatal("paster did not sync");
        const QString noteId = paster.client->createNote(QStringLiteral("Pasted"));
        NoteSession *session = paster.client->openNote(noteId);
        waitUntil([&]() { return paster.client->isSynced() && session->isJoined(); }, 60'000);
        paster.client->disconnectFromHub();
        QString paste(10'000'000, QChar());
        for (qsizetype i = 0; i < paste.size(); ++i)
            paste[i] = QChar(char16_t(u'a' + (i / 1000) % 26));
        qint64 start = clock.nsecsElapsed();
        if (!session->applyLocal(TextOperation().insert(paste)))
            qFatal("the paste was refused");
        const double pasteMs = double(clock.nsecsElapsed() - start) / 1e6;
        std::vector<qint64> costs;
        for (int i = 0; i < 200; ++i) {
            start = clock.nsecsElapsed();
            session->applyLocal(typeAtEnd(*session, QLatin1Char('a' + i % 26)));
            costs.push_back((clock.nsecsElapsed() - start) / 1000);
        }
        row(QStringLiteral("a 10 MB paste offline, then typing while it waits"),
            QStringLiteral("paste %1 ms; keystroke p50 %2 ms, p99 %3 ms")
                    .arg(pasteMs, 0, 'f', 1)
                    .arg(percentile(costs, 0.5), 0, 'f', 2)
                    .arg(percentile(costs, 0.99), 0, 'f', 2),
            QStringLiteral("the paste saved whole once; each of 200 keystrokes composed onto the "
                           "waiting rest, saved as a step"));
        // The app quits and starts again with all of it still waiting: the note's text and the
        // unsent rest are read back from the cache before the window can show.
        std::vector<qint64> starts;
        for (int i = 0; i < 5; ++i) {
            start = clock.nsecsElapsed();
            paster.restart();
            starts.push_back((clock.nsecsElapsed() - start) / 1000);
        }
        session = paster.client->session(noteId);
        if (!session || session->pendingEdits() == 0)
            qFatal("the paste was not read back");
        row(QStringLiteral("a start with the 10 MB paste waiting"),
            QStringLiteral("median %1 ms").arg(percentile(starts, 0.5), 0, 'f', 0),
            QStringLiteral("cache opened, the note's text and the unsent paste read back, "
                           "%1 starts")
                    .arg(starts.size()));
        const qint64 versionBefore = session->version();
        start = clock.nsecsElapsed();
        paster.client->connectToHub();
        QElapsedTimer pass;
        qint64 longest = 0;
        while (!paster.client->isSynced() && clock.nsecsElapsed() - start < 300'000'000'000) {
            pass.start();
            QCoreApplication::processEvents();
            longest = std::max(longest, pass.nsecsElapsed() / 1000);
        }
        if (!paster.client->isSynced())
            qFatal("the paste did not arrive");
        row(QStringLiteral("the 10 MB paste uploaded in parts"),
            QStringLiteral("%1 ms; longest event-loop pass %2 ms")
                    .arg(double(clock.nsecsElapsed() - start) / 1e6, 0, 'f', 0)
                    .arg(double(longest) / 1000.0, 0, 'f', 1),
            QStringLiteral("from connectToHub() to synced, %1 parts (each acknowledged part saves "
                           "the next and a step, not the rest again)")
                    .arg(session->version() - versionBefore));
    }
    hub.terminate();
    hub.waitForFinished(5000);
    return 0;
}
