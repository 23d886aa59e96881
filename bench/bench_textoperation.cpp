// SPDX-License-Identifier: GPL-3.0-or-later
// Applies edits through TextOperation into the hub-side TextBuffer and prints a Markdown
// table: the automerge-paper trace (259,778 edits) and 100,000 random single-character
// edits into a 10 MB document, each the median of 5 runs, with peak RSS. For the record of
// why TextBuffer is chunked, the same workloads run into a flat QString and a gap buffer.
// `search` times the notes search (TextSearch) over 10 MB notes: English, German (accents on
// one word in three), Chinese and Korean (syllables that decompose into letters): whether a note
// matches, as the notes list asks of every note, with the word in it and without, and the places of
// the matches, as the editor's highlights. `json` times the ops' JSON text, which the hub
// writes for every op it commits and reads to catch a client up, and the offline cache writes
// and reads for every journaled edit and every unsent op: the trace's ops, and one paste of
// 10 MB.
#include "edittrace.h"
#include "textbuffer.h"
#include "textoperation.h"
#include "textsearch.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>
#include <cstdlib>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <vector>

namespace {

QTextStream out(stdout);

constexpr int Runs = 5;

/** Peak and current resident set size in KiB, from /proc/self/status (Linux). */
qint64 procStatusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArrayList lines = status.readAll().split('\n');
    for (const QByteArray &line : lines)
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    return -1;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/** A classic gap buffer, only to compare against TextBuffer. */
class GapBuffer
{
public:
    explicit GapBuffer(QStringView text)
        : m_data(size_t(text.size()) + 4096)
    {
        std::copy(text.utf16(), text.utf16() + text.size(), m_data.begin());
        m_gapStart = size_t(text.size());
        m_gapEnd = m_data.size();
    }
    qsizetype length() const { return qsizetype(m_data.size() - (m_gapEnd - m_gapStart)); }
    void insert(qsizetype position, QStringView text)
    {
        moveGap(size_t(position));
        if (m_gapEnd - m_gapStart < size_t(text.size())) {
            const size_t grow = std::max(m_data.size(), size_t(text.size()) + 4096);
            m_data.insert(m_data.begin() + std::ptrdiff_t(m_gapEnd), grow, u'\0');
            m_gapEnd += grow;
        }
        std::copy(text.utf16(), text.utf16() + text.size(),
                  m_data.begin() + std::ptrdiff_t(m_gapStart));
        m_gapStart += size_t(text.size());
    }
    void remove(qsizetype position, qsizetype n)
    {
        moveGap(size_t(position));
        m_gapEnd += size_t(n);
    }
    void apply(const TextOperation &op) { op.replayOn(*this); }

private:
    void moveGap(size_t position)
    {
        if (position < m_gapStart) {
            const size_t n = m_gapStart - position;
            std::copy_backward(m_data.begin() + std::ptrdiff_t(position),
                               m_data.begin() + std::ptrdiff_t(m_gapStart),
                               m_data.begin() + std::ptrdiff_t(m_gapEnd));
            m_gapStart -= n;
            m_gapEnd -= n;
        } else if (position > m_gapStart) {
            const size_t n = position - m_gapStart;
            std::copy(m_data.begin() + std::ptrdiff_t(m_gapEnd),
                      m_data.begin() + std::ptrdiff_t(m_gapEnd + n),
                      m_data.begin() + std::ptrdiff_t(m_gapStart));
            m_gapStart += n;
            m_gapEnd += n;
        }
    }
    std::vector<char16_t> m_data;
    size_t m_gapStart = 0;
    size_t m_gapEnd = 0;
};

/** A flat QString edited in place, only to compare against TextBuffer. */
struct FlatString
{
    QString text;
    void insert(qsizetype position, const QString &inserted) { text.insert(position, inserted); }
    void remove(qsizetype position, qsizetype n) { text.remove(position, n); }
    void apply(const TextOperation &op) { op.replayOn(*this); }
    qsizetype length() const { return text.size(); }
};

struct Edit
{
    qsizetype position;
    qsizetype deleted;
    QString inserted;
};

/** Builds each edit's op against the running length and applies it: the hub's per-edit path. */
template<typename Document>
double replay(Document &doc, const std::vector<Edit> &edits, size_t count)
{
    QElapsedTimer timer;
    timer.start();
    for (size_t i = 0; i < count; ++i) {
        const Edit &e = edits[i];
        TextOperation op;
        op.retain(e.position)
                .remove(e.deleted)
                .insert(e.inserted)
                .retain(doc.length() - e.position - e.deleted);
        if constexpr (std::is_same_v<Document, TextBuffer>) {
            if (!doc.apply(op))
                qFatal("edit %zu does not apply", i);
        } else {
            doc.apply(op);
        }
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

void row(const QString &workload, const QString &engine, qsizetype edits, double seconds,
         const QString &note = {})
{
    out << "| " << workload << " | " << engine << " | " << edits << " | "
        << QString::number(seconds * 1000, 'f', 1) << " ms | "
        << QString::number(qint64(double(edits) / seconds)) << " | "
        << QString::number(seconds / double(edits) * 1e9, 'f', 0) << " ns | "
        << procStatusKiB("VmHWM:") / 1024 << " MiB | " << note << " |\n";
    out.flush();
}

void traceWorkload()
{
    const QString tracePath = EditTrace::directory() + QStringLiteral("/automerge-paper.json.gz");
    QString error;
    const std::optional<EditTrace> trace = EditTrace::load(tracePath, &error);
    if (!trace) {
        QTextStream(stderr) << "cannot load " << tracePath << ": " << error << "\n";
        std::exit(1);
    }
    std::vector<Edit> traceEdits;
    for (const auto &txn : trace->transactions)
        for (const TracePatch &p : txn)
            traceEdits.push_back({p.position, p.deleted, p.inserted});
#ifdef __GLIBC__
    malloc_trim(0); // hand the parsed JSON back, so RSS shows what the replay itself holds
#endif

    // 1. automerge-paper through TextBuffer, as the hub applies it.
    std::vector<double> times;
    for (int run = 0; run < Runs; ++run) {
        TextBuffer buffer(trace->startContent);
        times.push_back(replay(buffer, traceEdits, traceEdits.size()));
        if (buffer.toString() != trace->endContent)
            qFatal("automerge-paper replay does not give endContent");
    }
    row(QStringLiteral("automerge-paper"), QStringLiteral("TextBuffer"),
        qsizetype(traceEdits.size()), median(times), QStringLiteral("result == endContent"));

    // 1b. The same, with every op going through its JSON wire form (parse + apply).
    std::vector<QByteArray> wire;
    {
        TextBuffer buffer(trace->startContent);
        for (const Edit &e : traceEdits) {
            TextOperation op;
            op.retain(e.position)
                    .remove(e.deleted)
                    .insert(e.inserted)
                    .retain(buffer.length() - e.position - e.deleted);
            wire.push_back(op.toJsonText());
            (void)buffer.apply(op);
        }
    }
    times.clear();
    for (int run = 0; run < Runs; ++run) {
        TextBuffer buffer(trace->startContent);
        QElapsedTimer timer;
        timer.start();
        for (const QByteArray &json : wire) {
            const OtResult<TextOperation> op = TextOperation::fromJsonText(json);
            if (!op || !buffer.apply(op.value()))
                qFatal("wire replay failed");
        }
        times.push_back(double(timer.nsecsElapsed()) / 1e9);
    }
    row(QStringLiteral("automerge-paper, JSON parse + apply"), QStringLiteral("TextBuffer"),
        qsizetype(wire.size()), median(times), QStringLiteral("the hub's path for a received op"));
    wire.clear();

    times.clear();
    for (int run = 0; run < Runs; ++run) {
        GapBuffer gap(trace->startContent);
        times.push_back(replay(gap, traceEdits, traceEdits.size()));
    }
    row(QStringLiteral("automerge-paper"), QStringLiteral("gap buffer"),
        qsizetype(traceEdits.size()), median(times), QStringLiteral("comparison only"));
}

/** Median seconds of Runs runs of work. */
template<typename Work> double medianOf(Work work)
{
    std::vector<double> times;
    for (int run = 0; run < Runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        work();
        times.push_back(double(timer.nsecsElapsed()) / 1e9);
    }
    return median(times);
}

void jsonWorkload()
{
    // 4. The ops' JSON text, both ways: every op of automerge-paper, then a 10 MB paste.
    const QString tracePath = EditTrace::directory() + QStringLiteral("/automerge-paper.json.gz");
    QString error;
    const std::optional<EditTrace> trace = EditTrace::load(tracePath, &error);
    if (!trace)
        qFatal("cannot load %s: %s", qPrintable(tracePath), qPrintable(error));
    std::vector<TextOperation> ops;
    qsizetype length = trace->startContent.size();
    for (const auto &txn : trace->transactions) {
        for (const TracePatch &p : txn) {
            TextOperation op;
            op.retain(p.position).remove(p.deleted).insert(p.inserted);
            op.retain(length - p.position - p.deleted);
            length = op.targetLength();
            ops.push_back(std::move(op));
        }
    }
    std::vector<QByteArray> wire(ops.size());
    const double encode = medianOf([&]() {
        for (size_t i = 0; i < ops.size(); ++i)
            wire[i] = ops[i].toJsonText();
    });
    row(QStringLiteral("automerge-paper, JSON text written"), QStringLiteral("TextOperation"),
        qsizetype(ops.size()), encode, QStringLiteral("the hub stores each op it commits so"));
    const double decode = medianOf([&]() {
        for (size_t i = 0; i < wire.size(); ++i)
            if (TextOperation::fromJsonText(wire[i]).value() != ops[i])
                qFatal("op %zu does not read back", i);
    });
    row(QStringLiteral("automerge-paper, JSON text read"), QStringLiteral("TextOperation"),
        qsizetype(wire.size()), decode, QStringLiteral("a catch-up; the cache's journal"));

    // The paste: the trace's final text over and over, 10,000,000 UTF-16 units (some of them
    // not ASCII), inserted in one op.
    QString paste;
    paste.reserve(10'000'000);
    while (paste.size() < 10'000'000)
        paste += trace->endContent;
    paste.truncate(10'000'000);
    const TextOperation big = TextOperation().insert(paste);
    paste.clear();
    QByteArray json;
    const double bigEncode = medianOf([&]() { json = big.toJsonText(); });
    row(QStringLiteral("a 10 MB paste, JSON text written"), QStringLiteral("TextOperation"), 1,
        bigEncode, QStringLiteral("%1 bytes").arg(json.size()));
    const double bigDecode = medianOf([&]() {
        if (TextOperation::fromJsonText(json).value() != big)
            qFatal("the paste does not read back");
    });
    row(QStringLiteral("a 10 MB paste, JSON text read"), QStringLiteral("TextOperation"), 1,
        bigDecode, QStringLiteral("saved offline, read at each start until sent"));
}

void randomEditsWorkload()
{
    // 2. 10 MB document, 100,000 random single-character inserts and deletes.
    std::vector<double> times;
    constexpr qsizetype DocUnits = 10 * 1000 * 1000;
    constexpr int RandomEdits = 100'000;
    QRandomGenerator rng(20261122);
    QString big(DocUnits, Qt::Uninitialized);
    for (qsizetype i = 0; i < DocUnits; ++i)
        big[i] = QChar(u'a' + int(rng.bounded(26)));
    std::vector<Edit> randomEdits;
    qsizetype length = DocUnits;
    for (int i = 0; i < RandomEdits; ++i) {
        if (rng.bounded(2) == 0) {
            randomEdits.push_back({qsizetype(rng.bounded(quint64(length + 1))), 0,
                                   QString(QChar(u'a' + int(rng.bounded(26))))});
            ++length;
        } else {
            randomEdits.push_back({qsizetype(rng.bounded(quint64(length))), 1, QString()});
            --length;
        }
    }
    times.clear();
    for (int run = 0; run < Runs; ++run) {
        TextBuffer buffer(big);
        times.push_back(replay(buffer, randomEdits, randomEdits.size()));
        if (buffer.length() != length)
            qFatal("10 MB replay has the wrong length");
    }
    row(QStringLiteral("10 MB doc, random 1-char edits"), QStringLiteral("TextBuffer"), RandomEdits,
        median(times));

    // The flat layouts move megabytes per edit; 2,000 edits show their per-edit cost.
    constexpr size_t FlatEdits = 2'000;
    {
        GapBuffer gap(big);
        row(QStringLiteral("10 MB doc, random 1-char edits"), QStringLiteral("gap buffer"),
            FlatEdits, replay(gap, randomEdits, FlatEdits),
            QStringLiteral("comparison only, first 2,000 edits"));
        FlatString flat{big};
        row(QStringLiteral("10 MB doc, random 1-char edits"), QStringLiteral("flat QString"),
            FlatEdits, replay(flat, randomEdits, FlatEdits),
            QStringLiteral("comparison only, first 2,000 edits"));
    }
}

} // namespace

namespace {

/** About 10 MB of words drawn from vocabulary, one line in eight ending the line. */
QString noteOf(const QStringList &vocabulary)
{
    QRandomGenerator rng(7);
    QString text;
    text.reserve(10'000'100);
    while (text.size() < 10'000'000) {
        text += vocabulary.at(rng.bounded(int(vocabulary.size())));
        text += rng.bounded(8) == 0 ? QLatin1Char('\n') : QLatin1Char(' ');
    }
    return text;
}

void searchWorkload()
{
    const std::pair<const char *, QStringList> notes[] = {
            {"English",
             {QStringLiteral("the"), QStringLiteral("plan"), QStringLiteral("release"),
              QStringLiteral("notes"), QStringLiteral("zebra"), QStringLiteral("and")}},
            {"German",
             {QStringLiteral("für"), QStringLiteral("Straße"), QStringLiteral("Änderung"),
              QStringLiteral("und"), QStringLiteral("Notizen"), QStringLiteral("Zebra")}},
            {"German, accents as marks (NFD)",
             {QStringLiteral("fu\u0308r"), QStringLiteral("Straße"),
              QStringLiteral("A\u0308nderung"), QStringLiteral("und"), QStringLiteral("Notizen"),
              QStringLiteral("Zebra")}},
            {"Chinese",
             {QStringLiteral("笔记"), QStringLiteral("计划"), QStringLiteral("发布"),
              QStringLiteral("斑马"), QStringLiteral("和")}},
            {"Korean",
             {QStringLiteral("메모"), QStringLiteral("계획"), QStringLiteral("출시"),
              QStringLiteral("그리고"), QStringLiteral("얼룩말"), QStringLiteral("의")}}};
    out << "| search | note | median of " << Runs << " | peak RSS | what |\n";
    out << "|---|---|---:|---:|---|\n";
    const auto searchRow = [](const char *what, const QString &note, double seconds,
                              const char *how) {
        out << "| " << what << " | " << note << " | " << QString::number(seconds * 1000, 'f', 1)
            << " ms | " << procStatusKiB("VmHWM:") / 1024 << " MiB | " << how << " |\n";
        out.flush();
    };
    for (const auto &[language, vocabulary] : notes) {
        QFile clearRefs(QStringLiteral("/proc/self/clear_refs")); // peak RSS per note
        if (clearRefs.open(QIODevice::WriteOnly))
            clearRefs.write("5");
        const QString text = noteOf(vocabulary);
        const QString note =
                QStringLiteral("%1, %2 units").arg(QLatin1String(language)).arg(text.size());
        const TextSearch search(vocabulary.at(vocabulary.size() - 2)); // zebra, 斑马, 얼룩말
        const TextSearch absent(QStringLiteral("quagga"));
        std::vector<double> matchTimes, missTimes, findTimes, findMissTimes;
        qsizetype found = 0;
        for (int run = 0; run < Runs; ++run) {
            QElapsedTimer timer;
            timer.start();
            found += search.matchesAll(text);
            matchTimes.push_back(timer.nsecsElapsed() / 1e9);
            timer.restart();
            found -= absent.matchesAll(text);
            missTimes.push_back(timer.nsecsElapsed() / 1e9);
            timer.restart();
            found += search.find(text, 2000).size();
            findTimes.push_back(timer.nsecsElapsed() / 1e9);
            timer.restart();
            found += absent.find(text, 2000).size();
            findMissTimes.push_back(timer.nsecsElapsed() / 1e9);
        }
        if (found != Runs * 2001)
            qFatal("the search found what it should not, or not what it should");
        searchRow("notes list: a note with the word", note, median(matchTimes),
                  "`TextSearch::matchesAll`: folds the note until every word was seen");
        searchRow("notes list: a note without it", note, median(missTimes),
                  "`TextSearch::matchesAll`: folds the whole note");
        searchRow("editor: the first 2,000 places", note, median(findTimes),
                  "`TextSearch::find`: folds the note until it has them");
        searchRow("editor: a word not in the note", note, median(findMissTimes),
                  "`TextSearch::find`: folds the whole note");
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    const QString which = args.value(0);
    if (which == QLatin1String("--header")) {
        out << "| workload | document | edits | median of " << Runs
            << " | edits/s | per edit | peak RSS | notes |\n";
        out << "|---|---|---:|---:|---:|---:|---:|---|\n";
    } else if (which == QLatin1String("trace")) {
        traceWorkload();
    } else if (which == QLatin1String("json")) {
        jsonWorkload();
    } else if (which == QLatin1String("random")) {
        randomEditsWorkload();
    } else if (which == QLatin1String("search")) {
        searchWorkload();
    } else {
        QTextStream(stderr)
                << "usage: bench_textoperation --header | trace | json | random | search\n"
                << "Each workload runs in its own process so its peak RSS is its own.\n";
        return 2;
    }
    return 0;
}
