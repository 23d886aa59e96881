// SPDX-License-Identifier: GPL-3.0-or-later
// The client sync layer end to end against a real tandem-hub process (core 0; this process
// on the last core): what a local edit costs on the UI thread (saved to the offline cache
// first), 1,000 edits queued offline replayed and acknowledged after reconnecting (one note,
// and spread over 100 notes), a client catching up with a note 10,000 versions ahead, and a
// 10 MB paste made offline (typing while it waits), the app started again with it waiting
// (in a new process, as a user's start, and in this one), then uploaded in parts, and a start
// with 450 edits made offline across a 10 MB note. Prints Markdown rows.
#include "benchsupport.h"
#include "clientstore.h"
#include "notesession.h"
#include "syncclient.h"

#include <QCoreApplication>
#include <QRandomGenerator>
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
        stop();
        start();
    }
    /** The app quitting: the cache closed, for another process to open. */
    void stop()
    {
        client.reset();
        store.close();
    }
    QString path() const { return m_path; }
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

/**
 * The app quitting and starting again on client's cache, offline: the median time to open
 * the cache and make the client in a new process (what a user's start pays), then in this
 * process (which reuses the memory of the start before).
 */
QString timeStarts(Client &client)
{
    client.stop();
    std::vector<qint64> fresh;
    for (int i = 0; i < 5; ++i) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--start"), client.path()});
        if (!child.waitForFinished(60'000) || child.exitCode() != 0)
            qFatal("the start in a new process failed: %s",
                   child.readAllStandardError().constData());
        fresh.push_back(child.readAllStandardOutput().trimmed().toLongLong());
    }
    std::vector<qint64> warm;
    QElapsedTimer clock;
    for (int i = 0; i < 5; ++i) {
        clock.start();
        client.restart();
        warm.push_back(clock.nsecsElapsed() / 1000);
    }
    return QStringLiteral("median %1 ms in a new process (%2 ms in the same one)")
            .arg(percentile(fresh, 0.5), 0, 'f', 0)
            .arg(percentile(warm, 0.5), 0, 'f', 0);
}

/**
 * `bench_client --start CACHE`, run as a child: what the app's start pays for this cache in a
 * process of its own (no memory left over from an earlier start to reuse, as a user's start
 * has none): the cache opened and the client made, offline. Prints the µs it took.
 */
int startOnce(const QString &cachePath)
{
    QElapsedTimer clock;
    clock.start();
    ClientStore store;
    QString error;
    if (!store.open(cachePath, &error))
        qFatal("cache: %s", qPrintable(error));
    SyncClient client(QUrl(QStringLiteral("ws://127.0.0.1:9")), &store);
    out << clock.nsecsElapsed() / 1000 << '\n';
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (app.arguments().size() > 1 && app.arguments().at(1) == QLatin1String("--header")) {
        out << "| workload | result | detail |\n|---|---|---|\n";
        return 0;
    }
    if (app.arguments().size() > 2 && app.arguments().at(1) == QLatin1String("--start"))
        return startOnce(app.arguments().at(2));
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
        // unsent rest are read back from the cache before the window can show. Each start in
        // a process of its own; the same in this one (memory of the start before reused).
        const QString starts = timeStarts(paster);
        session = paster.client->session(noteId);
        if (!session || session->pendingEdits() == 0)
            qFatal("the paste was not read back");
        row(QStringLiteral("a start with the 10 MB paste waiting"), starts,
            QStringLiteral("cache opened, the note's text and the unsent paste read back, "
                           "5 starts each"));
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
    // 5. A 10 MB note (synced) edited here and there offline: each edit journaled, read back
    // at the next start as the note's text with 450 edits applied.
    {
        Client editor(url, QStringLiteral("editor"), caches.path());
        if (!editor.connectAndSync())
            qFatal("editor did not sync");
        const QString noteId = editor.client->createNote(QStringLiteral("Long"));
        NoteSession *session = editor.client->openNote(noteId);
        session->applyLocal(TextOperation().insert(QString(10'000'000, QChar(u'n'))));
        waitUntil([&]() { return editor.client->isSynced() && session->pendingEdits() == 0; },
                  300'000);
        if (session->pendingEdits() != 0)
            qFatal("the long note did not sync");
        editor.client->disconnectFromHub();
        QRandomGenerator rng(42);
        for (int i = 0; i < 450; ++i) {
            const qsizetype size = session->text().size();
            const qsizetype at = rng.bounded(int(size + 1));
            session->applyLocal(
                    TextOperation().retain(at).insert(QStringLiteral("e")).retain(size - at));
        }
        const QString expected = session->text();
        const QString starts = timeStarts(editor);
        session = editor.client->session(noteId);
        if (!session || session->text() != expected)
            qFatal("the edits were not read back");
        row(QStringLiteral("a start with 450 edits made offline across a 10 MB note"), starts,
            QStringLiteral("cache opened, the note's text read back with its journal applied "
                           "(and the edits waiting), 5 starts each"));
    }
    hub.terminate();
    hub.waitForFinished(5000);
    return 0;
}
