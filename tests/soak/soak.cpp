// SPDX-License-Identifier: GPL-3.0-or-later
// tandem-soak: a long run of many real desktop clients (SyncClient with its offline cache)
// against a tandem-hub process that is restarted on a schedule, alternately with SIGTERM
// and SIGKILL. Each client types unique tokens into one of the notes at a steady rate and
// sometimes deletes one of its own. At the end, once everyone is synced, it judges like
// Jepsen: on every note the tokens its writers typed and did not delete are there exactly
// once and nothing else is (0 lost, 0 duplicated), every client's copy equals the hub's
// (of the note it types into, and in its cache of every note, the ones it never opened too),
// and the hub's memory grew by less than 20 % over each of its lifetimes, judged from when
// its bounded caches are full (see LifetimeMemory) to the lifetime's end.
//
//   tandem-soak [--minutes 30] [--restart-minutes 5] [--restarts-until M] [--clients 50]
//               [--notes 10] [--rate 2] [--seed N]
// Exit status 0 when every check holds; the summary goes to stdout.
#include "../net/tokenedits.h"
#include "clientstore.h"
#include "httpexchange.h"
#include "hubtestclient.h"
#include "notesession.h"
#include "processmemory.h"
#include "syncclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

namespace {

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

/** The hub process: started on a fixed port so clients find it again after a restart. */
class Hub
{
public:
    explicit Hub(QString dataDir)
        : m_dataDir(std::move(dataDir))
    { }
    ~Hub() { kill(); }

    bool start()
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start(QStringLiteral(TANDEM_HUB_PATH),
                         {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_port),
                          QStringLiteral("--data"), m_dataDir, QStringLiteral("--auth"),
                          QStringLiteral("none")});
        static const QRegularExpression line(QStringLiteral("listening on (ws://\\S+)"));
        QByteArray out;
        const bool ok = QTest::qWaitFor(
                [&]() {
                    out += m_process->readAllStandardOutput();
                    const QRegularExpressionMatch m = line.match(QString::fromUtf8(out));
                    if (m.hasMatch())
                        url = QUrl(m.captured(1));
                    return m.hasMatch() || m_process->state() == QProcess::NotRunning;
                },
                20'000);
        if (ok && url.isValid())
            m_port = quint16(url.port());
        return ok && url.isValid();
    }
    void terminate()
    {
        m_process->terminate();
        if (!QTest::qWaitFor([&]() { return m_process->state() == QProcess::NotRunning; }, 20'000))
            kill(); // it did not stop in time
    }
    void kill()
    {
        if (!m_process)
            return;
        m_process->kill();
        m_process->waitForFinished(10'000);
    }
    qint64 rssKiB() const { return ::rssKiB(m_process->processId()); }
    /** GET /v1/stats; empty if the hub did not answer. */
    QJsonObject stats() const { return hubStats(m_port); }

    QUrl url;

private:
    QString m_dataDir;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_process;
};

/** A writer name of letters only (tokens look like "[cbc17]"; see tokenedits.h). */
QString letters(int index)
{
    QString name = QStringLiteral("w");
    for (const QChar digit : QString::number(index))
        name += QChar(u'a' + (digit.unicode() - u'0'));
    return name;
}

/** One desktop client typing into one note. */
struct Client
{
    Client(int index, const QUrl &url, quint32 seed)
        : name(QStringLiteral("u%1").arg(index))
        , writer(letters(index), seed)
    {
        QString error;
        if (!store.open(dir.filePath(QStringLiteral("cache.sqlite")), &error))
            qFatal("cache: %s", qPrintable(error));
        SyncClientSettings settings;
        settings.reconnect.baseMs = 100;
        settings.reconnect.capMs = 2000;
        settings.reconnect.maxAttempts = 1'000'000; // a soak outlives any backoff budget
        settings.seed = seed;
        client = std::make_unique<SyncClient>(url, &store, settings);
        client->setCredentials(name);
    }

    QString name;
    QTemporaryDir dir;
    ClientStore store;
    std::unique_ptr<SyncClient> client;
    QString noteId;
    NoteSession *session = nullptr;
    TokenWriter writer;
    int edits = 0;
};

/**
 * The hub's memory over one lifetime, sampled every 2 s. A fresh hub's memory rises while its
 * bounded caches fill: each loaded note keeps its last recentOpsPerNote ops (about 0.3 MB a
 * note at this rate, a minute to fill), and SQLite its page caches. So growth is judged from
 * the first sample at least 30 s in at which the hub says every loaded note's ops are full
 * (/v1/stats), to the end; each end is the median of 5 samples (10 s), so that one
 * transient frame being sent is not taken for growth. A lifetime that ends less than 20 s
 * after it is warm is reported, not judged.
 */
class LifetimeMemory
{
public:
    void sample(qint64 ageMs, qint64 rssKiB, const QJsonObject &stats)
    {
        const qint64 held = stats.value(QLatin1String("recentOpsHeld")).toInteger(-1);
        const qint64 full = qint64(stats.value(QLatin1String("notesLoaded")).toInt()) *
                stats.value(QLatin1String("recentOpsPerNote")).toInt();
        m_held = held;
        m_full = full;
        if (m_warmAt < 0 && ageMs >= 30'000 && held >= 0 && full > 0 && held >= full)
            m_warmAt = m_rss.size();
        m_rss << rssKiB;
    }
    /** The growth after warm-up as a fraction, or nothing if this lifetime was too short. */
    std::optional<double> growth(QString *summary) const
    {
        const qsizetype judged = m_warmAt < 0 ? 0 : m_rss.size() - m_warmAt;
        if (m_warmAt < 0) {
            *summary = QStringLiteral("not judged: its caches were still filling at its end "
                                      "(%1 of %2 recent ops held)")
                               .arg(m_held)
                               .arg(m_full);
            return std::nullopt;
        }
        if (judged < 10) {
            *summary = QStringLiteral("not judged: it ended %1 s after its caches were full")
                               .arg(judged * 2);
            return std::nullopt;
        }
        const qint64 from = median(m_warmAt);
        const qint64 to = median(m_rss.size() - 5);
        const double grown = double(to - from) / double(from);
        *summary = QStringLiteral("RSS %1 KiB when warm, %2 KiB at the end, %3 s later (%4 %)")
                           .arg(from)
                           .arg(to)
                           .arg((judged - 5) * 2)
                           .arg(grown * 100, 0, 'f', 1);
        return grown;
    }

private:
    qint64 median(qsizetype first) const
    {
        QList<qint64> five = m_rss.mid(first, 5);
        std::sort(five.begin(), five.end());
        return five[five.size() / 2];
    }

    QList<qint64> m_rss;
    qsizetype m_warmAt = -1;
    qint64 m_held = -1;
    qint64 m_full = 0;
};

bool waitAll(const std::vector<std::unique_ptr<Client>> &clients,
             const std::function<bool(Client &)> &done, int timeoutMs)
{
    return QTest::qWaitFor(
            [&]() {
                for (const auto &c : clients)
                    if (!done(*c))
                        return false;
                return true;
            },
            timeoutMs);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tandem soak run (see the file's comment)."));
    parser.addHelpOption();
    const QCommandLineOption minutes(QStringLiteral("minutes"), QStringLiteral("Typing time."),
                                     QStringLiteral("m"), QStringLiteral("30"));
    const QCommandLineOption restart(QStringLiteral("restart-minutes"),
                                     QStringLiteral("Hub restart interval."), QStringLiteral("m"),
                                     QStringLiteral("5"));
    const QCommandLineOption restartsUntil(
            QStringLiteral("restarts-until"),
            QStringLiteral(
                    "No restart due after this many minutes (default: 30 s before the end)."),
            QStringLiteral("m"));
    const QCommandLineOption clientsOption(QStringLiteral("clients"), QStringLiteral("Clients."),
                                           QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption notesOption(QStringLiteral("notes"), QStringLiteral("Notes."),
                                         QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Edits per second per client."),
                                  QStringLiteral("r"), QStringLiteral("2"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Random seed."),
                                        QStringLiteral("n"));
    parser.addOptions(
            {minutes, restart, restartsUntil, clientsOption, notesOption, rate, seedOption});
    parser.process(app);
    const double runMinutes = parser.value(minutes).toDouble();
    const double restartMinutes = parser.value(restart).toDouble();
    const double lastRestartMinutes =
            parser.isSet(restartsUntil) ? parser.value(restartsUntil).toDouble() : runMinutes - 0.5;
    const int clientCount = parser.value(clientsOption).toInt();
    const int noteCount = parser.value(notesOption).toInt();
    const double perSecond = parser.value(rate).toDouble();
    const quint32 seed = parser.isSet(seedOption) ? parser.value(seedOption).toUInt()
                                                  : QRandomGenerator::system()->generate();
    say(QStringLiteral("soak: %1 clients, %2 notes, %3 edits/s each, %4 min, hub restarted every "
                       "%5 min up to %6 min, seed %7")
                .arg(clientCount)
                .arg(noteCount)
                .arg(perSecond)
                .arg(runMinutes)
                .arg(restartMinutes)
                .arg(lastRestartMinutes)
                .arg(seed));
    QRandomGenerator rng(seed);

    QTemporaryDir data;
    Hub hub(data.path());
    if (!hub.start())
        qFatal("the hub did not start");

    // Everyone connects; the first client owns the notes and shares them with all.
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<Client>(i, hub.url, seed + 1 + quint32(i)));
        clients.back()->client->connectToHub();
    }
    if (!waitAll(
                clients, [](Client &c) { return c.client->state() == SyncClient::State::Online; },
                60'000))
        qFatal("not every client came online");
    Client &owner = *clients.front();
    QStringList noteIds;
    for (int n = 0; n < noteCount; ++n) {
        noteIds << owner.client->createNote(QStringLiteral("Soak %1").arg(n));
        for (int i = 1; i < clientCount; ++i)
            owner.client->share(noteIds.last(), clients[size_t(i)]->name, QStringLiteral("editor"));
    }
    if (!QTest::qWaitFor([&]() { return owner.client->isSynced(); }, 60'000))
        qFatal("the owner's notes did not sync");
    for (int i = 0; i < clientCount; ++i) {
        Client &c = *clients[size_t(i)];
        c.noteId = noteIds[i % noteCount];
        if (!QTest::qWaitFor([&]() { return c.store.note(c.noteId).has_value(); }, 60'000))
            qFatal("%s never saw its note", qPrintable(c.name));
        c.session = c.client->openNote(c.noteId);
    }
    if (!waitAll(
                clients, [](Client &c) { return c.client->isSynced(); }, 60'000))
        qFatal("the clients did not join their notes");

    // Type: each client on its own timer, jittered so edits do not come in lockstep.
    const int intervalMs = int(1000.0 / perSecond);
    std::vector<std::unique_ptr<QTimer>> timers;
    for (auto &c : clients) {
        auto timer = std::make_unique<QTimer>();
        Client *client = c.get();
        QObject::connect(timer.get(), &QTimer::timeout, [client]() {
            if (client->writer.edit(*client->session))
                ++client->edits;
        });
        QTimer::singleShot(int(rng.bounded(intervalMs)), timer.get(),
                           [t = timer.get(), intervalMs]() { t->start(intervalMs); });
        timers.push_back(std::move(timer));
    }

    QElapsedTimer clock;
    clock.start();
    const qint64 runMs = qint64(runMinutes * 60'000);
    const qint64 restartMs = qint64(restartMinutes * 60'000);
    qint64 nextRestart = restartMs;
    int restarts = 0;
    double worstGrowth = 0;
    int lifetimesJudged = 0;
    QElapsedTimer age; // of the hub's current lifetime
    age.start();
    LifetimeMemory memory;
    auto judgeLifetime = [&]() {
        QString summary;
        if (const std::optional<double> growth = memory.growth(&summary)) {
            worstGrowth = qMax(worstGrowth, *growth);
            ++lifetimesJudged;
        }
        say(QStringLiteral("  hub lifetime %1: %2").arg(restarts).arg(summary));
        memory = {};
    };
    while (clock.elapsed() < runMs) {
        QTest::qWait(2'000);
        memory.sample(age.elapsed(), hub.rssKiB(), hub.stats());
        if (clock.elapsed() >= nextRestart && nextRestart <= qint64(lastRestartMinutes * 60'000)) {
            judgeLifetime();
            const bool kill = restarts % 2 == 1;
            say(QStringLiteral("  %1 s: %2 the hub")
                        .arg(clock.elapsed() / 1000)
                        .arg(kill ? QStringLiteral("SIGKILL") : QStringLiteral("SIGTERM")));
            if (kill)
                hub.kill();
            else
                hub.terminate();
            QTest::qWait(int(rng.bounded(2000))); // down for a moment; edits queue offline
            if (!hub.start())
                qFatal("the hub did not restart");
            age.restart();
            ++restarts;
            nextRestart += restartMs;
        }
    }
    judgeLifetime();
    timers.clear(); // stop typing

    const bool synced = waitAll(
            clients, [](Client &c) { return c.client->isSynced(); }, 180'000);
    int edits = 0;
    for (const auto &c : clients)
        edits += c->edits;
    QStringList problems;
    if (!synced)
        problems << QStringLiteral("not every client synced within 3 minutes");
    qsizetype liveTokens = 0;
    QHash<QString, QString> hubTexts; // noteId -> the hub's text
    for (const QString &noteId : std::as_const(noteIds)) {
        HubTestClient reader;
        if (!reader.connectAndAuth(hub.url, owner.name)) {
            problems << QStringLiteral("could not read %1 from the hub").arg(noteId);
            continue;
        }
        reader.send({{QStringLiteral("type"), QStringLiteral("join_note")},
                     {QStringLiteral("noteId"), noteId}});
        const QString stored = reader.next(QStringLiteral("note_joined"), 30'000)
                                       .value(QLatin1String("note"))
                                       .toObject()
                                       .value(QLatin1String("content"))
                                       .toString();
        hubTexts.insert(noteId, stored);
        QSet<QString> expected;
        for (const auto &c : clients) {
            if (c->noteId != noteId)
                continue;
            expected += c->writer.live();
            if (c->session->text() != stored)
                problems << QStringLiteral("%1's copy of %2 differs from the hub's")
                                    .arg(c->name, noteId);
        }
        liveTokens += expected.size();
        const QString wrong = checkTokens(stored, expected);
        if (!wrong.isEmpty())
            problems << QStringLiteral("%1: %2").arg(noteId, wrong.left(2000));
    }
    // Every client's cache holds every note as the hub has it, the notes it did not have open
    // too (moved by note_sync's ops, or fetched whole), once the last note_syncs are in.
    const auto cacheDiffers = [&](Client &c, const QString &noteId) {
        const std::optional<LocalNote> cached = c.store.note(noteId);
        return !cached || cached->content != hubTexts.value(noteId);
    };
    const bool cachesAgree = waitAll(
            clients,
            [&](Client &c) {
                for (auto it = hubTexts.cbegin(); it != hubTexts.cend(); ++it)
                    if (cacheDiffers(c, it.key()))
                        return false;
                return true;
            },
            30'000);
    if (!cachesAgree) {
        QStringList differing;
        for (const auto &c : clients)
            for (auto it = hubTexts.cbegin(); it != hubTexts.cend(); ++it)
                if (cacheDiffers(*c, it.key()))
                    differing << QStringLiteral("%1's of %2").arg(c->name, it.key());
        problems << QStringLiteral("%1 of %2 cached copies differ from the hub's (%3)")
                            .arg(differing.size())
                            .arg(clients.size() * size_t(hubTexts.size()))
                            .arg(differing.mid(0, 5).join(QStringLiteral(", ")));
    }
    if (lifetimesJudged == 0)
        problems << QStringLiteral("the hub's memory was not judged: no lifetime lasted 20 s "
                                   "past its caches filling (a longer run, or --restarts-until)");
    if (worstGrowth >= 0.20)
        problems << QStringLiteral("hub memory grew by %1 % in one lifetime")
                            .arg(worstGrowth * 100, 0, 'f', 1);
    say(QStringLiteral("soak: %1 edits, %2 live tokens checked, %3 hub restarts, worst memory "
                       "growth %4 % (%5 of %6 lifetimes judged); %7")
                .arg(edits)
                .arg(liveTokens)
                .arg(restarts)
                .arg(worstGrowth * 100, 0, 'f', 1)
                .arg(lifetimesJudged)
                .arg(restarts + 1)
                .arg(problems.isEmpty() ? QStringLiteral("0 lost, 0 duplicated, all converged")
                                        : problems.join(QStringLiteral("; "))));
    return problems.isEmpty() ? 0 : 1;
}
