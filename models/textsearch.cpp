// SPDX-License-Identifier: GPL-3.0-or-later
#include "textsearch.h"

#include <algorithm>
#include <atomic>

namespace {

/**
 * A folded text and, for each of its units, the unit of the original it came from. Most text
 * folds unit for unit (ASCII, precomposed accents, emoji), so only the places where that
 * stops (a mark dropped, a letter folded into two, letters composed into one) are kept: from
 * a break on, each unit comes from the one after the last one's origin. A list of every unit's
 * origin took 8 bytes per unit (200 MB for a 10 MB note with a mark in every word).
 */
class Folded
{
public:
    QString text;

    void append(QChar c, qsizetype from)
    {
        mapped(text.size(), from, 1);
        text.append(c);
    }
    /** The count units from from on were written at folded unit at, one for one. */
    void mapped(qsizetype at, qsizetype from, qsizetype count)
    {
        // Units are written in order: what the last break says holds at the end.
        const qsizetype expected =
                m_breaks.isEmpty() ? at : m_breaks.last().from + (at - m_breaks.last().at);
        if (count > 0 && from != expected)
            m_breaks.append({at, from});
    }
    /** Where folded unit i came from; i == text.size() is the original's end. */
    qsizetype originOf(qsizetype i, qsizetype originalSize) const
    {
        return i >= text.size() ? originalSize : originOf(i);
    }

private:
    struct Break
    {
        qsizetype at;   // the folded unit
        qsizetype from; // its origin
    };
    /** The origin of folded unit i as the breaks up to it say. */
    qsizetype originOf(qsizetype i) const
    {
        const auto after = std::upper_bound(m_breaks.cbegin(), m_breaks.cend(), i,
                                            [](qsizetype at, const Break &b) { return at < b.at; });
        if (after == m_breaks.cbegin())
            return i;
        const Break &last = *(after - 1);
        return last.from + (i - last.at);
    }

    QList<Break> m_breaks;
};

/**
 * Korean is searched by syllables: a syllable is not decomposed into its letters (jamo), and
 * letters in a row that make one (text in NFD, e.g. a file name from macOS) are composed into
 * it, so both forms find each other and "하" does not find "한". Decomposing took a string of
 * its own per syllable: 1 s for a 10 MB Korean note, on every key typed in the search box.
 */
constexpr char32_t SyllableFirst = 0xac00, SyllableLast = 0xd7a3;
constexpr char16_t LeadFirst = 0x1100, VowelFirst = 0x1161, TrailBefore = 0x11a7;
constexpr int Leads = 19, Vowels = 21, Trails = 28;

bool isLead(char16_t u)
{
    return u >= LeadFirst && u < LeadFirst + Leads;
}
bool isVowel(char16_t u)
{
    return u >= VowelFirst && u < VowelFirst + Vowels;
}
bool isTrail(char16_t u)
{
    return u > TrailBefore && u < TrailBefore + Trails;
}

/**
 * The syllable the letters at i compose (a lead and a vowel, and a trail if one follows),
 * and how many units they are; 0 when they make none.
 */
std::pair<char16_t, qsizetype> composeSyllable(const QChar *units, qsizetype i, qsizetype to)
{
    if (i + 1 >= to || !isLead(units[i].unicode()) || !isVowel(units[i + 1].unicode()))
        return {0, 0};
    const int lead = units[i].unicode() - LeadFirst;
    const int vowel = units[i + 1].unicode() - VowelFirst;
    const char16_t syllable = char16_t(SyllableFirst + (lead * Vowels + vowel) * Trails);
    if (i + 2 < to && isTrail(units[i + 2].unicode()))
        return {char16_t(syllable + (units[i + 2].unicode() - TrailBefore)), 3};
    return {syllable, 2};
}

/** Folds one code point, width units of text at i, onto out: the general case. */
template<typename Out>
void foldCodePoint(const QString &text, qsizetype i, qsizetype width, Out &out)
{
    const QChar c = text.at(i);
    const char32_t ucs4 = width == 2 ? QChar::surrogateToUcs4(c, text.at(i + 1)) : c.unicode();
    qsizetype k = 0;
    // Each unit out comes from the unit of the code point at the same place, the last one for
    // any further: a pair's second unit from the pair's second, a letter decomposed into
    // several (the Bengali vowel sign "ো") all from the letter.
    const auto put = [&](char32_t code) {
        if (QChar::category(code) == QChar::Mark_NonSpacing)
            return;
        const char32_t folded = QChar::toCaseFolded(code); // "𐐀" (Deseret) folds to "𐐨"
        if (QChar::requiresSurrogates(folded)) {
            out.append(QChar(QChar::highSurrogate(folded)), i + qMin(k++, width - 1));
            out.append(QChar(QChar::lowSurrogate(folded)), i + qMin(k++, width - 1));
        } else {
            out.append(QChar(folded), i + qMin(k++, width - 1));
        }
    };
    if (QChar::decompositionTag(ucs4) != QChar::Canonical ||
        (ucs4 >= SyllableFirst && ucs4 <= SyllableLast)) {
        put(ucs4);
        return;
    }
    const QString decomposed = text.sliced(i, width).normalized(QString::NormalizationForm_D);
    for (const char32_t code : decomposed.toUcs4())
        put(code);
}

/**
 * What each unit of the Basic Multilingual Plane folds to, learnt on first sight: a unit of
 * its own, or Dropped (a mark), or Several (the general case, e.g. Hangul). Looking it up
 * spares the Unicode tables and, for accented letters, normalizing a string of their own on
 * every search; a note is mostly a few hundred distinct letters. Racing threads learn the same
 * value.
 */
enum : char16_t { Unknown = 0, Dropped = 0xffff, Several = 0xfffe };
std::atomic<char16_t> bmpFold[0x10000];

/** One unit to count what a code point folds to: the first one, and how many. */
struct FoldProbe
{
    QChar first;
    int count = 0;
    void append(QChar c, qsizetype)
    {
        if (count++ == 0)
            first = c;
    }
};

/** Room for count more units in text, growing it by half at least (it grows piece by piece). */
void makeRoom(QString &text, qsizetype count)
{
    const qsizetype needed = text.size() + count;
    if (text.capacity() < needed)
        text.reserve(qMax(needed, text.capacity() + text.capacity() / 2));
}

char16_t learnFold(QChar c)
{
    FoldProbe probe;
    foldCodePoint(QString(c), 0, 1, probe);
    // A lead letter may begin a syllable: the general case looks at what follows.
    const char16_t folded = probe.count == 0 ? char16_t(Dropped)
            : probe.count == 1 && probe.first.unicode() < Several && !isLead(c.unicode())
            ? probe.first.unicode()
            : char16_t(Several);
    bmpFold[c.unicode()].store(folded, std::memory_order_relaxed);
    return folded;
}

/**
 * Folds text one code point at a time onto out (a QString text, append(QChar, qsizetype from)
 * for one unit and mapped(at, from, count) for a run written one for one). Never the whole
 * text at once: Qt decomposes a string in place, moving the rest of it for each accented
 * letter, which took 76 s for a 10 MB note with accents. Runs of units that fold to one unit
 * each (ASCII inline, others through bmpFold) are written straight into the text; pairs, marks
 * and what folds to several units take the general case.
 */
template<typename Out>
void foldInto(const QString &text, Out &out, qsizetype from = 0, qsizetype to = -1)
{
    if (to < 0)
        to = text.size();
    const QChar *units = text.constData();
    for (qsizetype i = from; i < to;) {
        // A run of units folding to one unit each, written in place: at most what is left.
        const qsizetype at = out.text.size();
        const qsizetype start = i;
        makeRoom(out.text, to - i);
        out.text.resize(at + (to - i));
        QChar *write = out.text.data() + at;
        char16_t folded = 0;
        for (; i < to; ++i) {
            const char16_t u = units[i].unicode();
            if (u < 0x80) {
                folded = u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u;
            } else if (QChar::isSurrogate(u) || u >= Several) {
                folded = Several;
            } else {
                folded = bmpFold[u].load(std::memory_order_relaxed);
                if (folded == Unknown)
                    folded = learnFold(units[i]);
            }
            if (folded >= Several)
                break;
            *write++ = QChar(folded);
        }
        out.text.resize(at + (i - start));
        out.mapped(at, start, i - start);
        if (i == to)
            break;
        if (folded == Dropped) {
            ++i;
            continue;
        }
        if (const auto [syllable, length] = composeSyllable(units, i, to); length > 0) {
            out.append(QChar(syllable), i);
            i += length;
            continue;
        }
        const char16_t u = units[i].unicode();
        const qsizetype width =
                QChar::isHighSurrogate(u) && i + 1 < to && units[i + 1].isLowSurrogate() ? 2 : 1;
        foldCodePoint(text, i, width, out);
        i += width;
    }
}

/**
 * Where a piece of text starting at at ends: piece units on, never between a pair's halves nor
 * inside letters that compose a syllable.
 */
qsizetype pieceEnd(const QString &text, qsizetype at, qsizetype piece)
{
    qsizetype end = qMin(text.size(), at + piece);
    while (end < text.size() &&
           (text.at(end).isLowSurrogate() || isVowel(text.at(end).unicode()) ||
            isTrail(text.at(end).unicode())))
        ++end;
    return end;
}

/** Only the folded text, for fold(). */
struct FoldedText
{
    QString text;
    void append(QChar c, qsizetype) { text.append(c); }
    void mapped(qsizetype, qsizetype, qsizetype) { }
};

} // namespace

TextSearch::TextSearch(const QString &searchText)
    : m_words(fold(searchText).split(QLatin1Char(' '), Qt::SkipEmptyParts))
{
    for (const QString &word : std::as_const(m_words))
        m_longest = qMax(m_longest, word.size());
}

QString TextSearch::fold(const QString &text)
{
    FoldedText out;
    out.text.reserve(text.size());
    foldInto(text, out);
    return out.text;
}

bool TextSearch::matchesAll(const QString &text) const
{
    if (m_words.isEmpty())
        return true;
    // A piece at a time, stopping once every word was seen: the note being edited is checked
    // again on every change while the list is filtered, and it usually matches early on. Each
    // piece is searched with the end of the one before, so a word across the cut is found.
    constexpr qsizetype Piece = 64 * 1024;
    QList<bool> seen(m_words.size(), false);
    qsizetype missing = m_words.size();
    FoldedText window;
    for (qsizetype at = 0; at < text.size();) {
        const qsizetype end = pieceEnd(text, at, Piece);
        foldInto(text, window, at, end);
        for (qsizetype w = 0; w < m_words.size(); ++w) {
            if (!seen[w] && window.text.contains(m_words.at(w))) {
                seen[w] = true;
                --missing;
            }
        }
        if (missing == 0)
            return true;
        window.text = window.text.right(m_longest - 1);
        at = end;
    }
    return false;
}

QList<TextRange> TextSearch::find(const QString &text, qsizetype limit) const
{
    QList<TextRange> found;
    if (m_words.isEmpty() || limit <= 0)
        return found;
    // Folded a piece at a time, only as far as the matches asked for need: the first places
    // of a common word in a long note are found without folding all of it.
    constexpr qsizetype Piece = 256 * 1024;
    Folded folded;
    qsizetype foldedTo = 0; // units of text folded so far
    const auto foldMore = [&]() {
        const qsizetype end = pieceEnd(text, foldedTo, Piece);
        foldInto(text, folded, foldedTo, end);
        foldedTo = end;
    };
    foldMore();
    // The end of a match in text: up to where the next folded unit starts, so marks dropped
    // by the folding (the accent of a final "é") are part of it.
    const auto endOf = [&](qsizetype foldedEnd) { return folded.originOf(foldedEnd, text.size()); };
    // Each word's next occurrence at or after the current place, looked up again only once
    // passed, so a word found far away is not searched for again after every nearer match;
    // a word not found is looked for again only in what was folded since.
    QList<qsizetype> next(m_words.size(), -1);
    QList<qsizetype> from(m_words.size(), 0);
    for (qsizetype at = 0; found.size() < limit;) {
        qsizetype best = -1;
        qsizetype bestLength = 0;
        for (qsizetype w = 0; w < m_words.size(); ++w) {
            const QString &word = m_words.at(w);
            if (next[w] < at) {
                const qsizetype start = qMax(at, from[w]);
                next[w] = folded.text.indexOf(word, start);
                if (next[w] < 0)
                    from[w] = qMax(start, folded.text.size() - word.size() + 1);
            }
            const qsizetype index = next[w];
            if (index >= 0 &&
                (best < 0 || index < best || (index == best && word.size() > bestLength))) {
                best = index;
                bestLength = word.size();
            }
        }
        const bool complete = foldedTo >= text.size();
        // Certain once no word could start there, or before, in what is not folded yet.
        if (best >= 0 && (complete || best + m_longest < folded.text.size())) {
            found.append({folded.originOf(best, text.size()), endOf(best + bestLength)});
            at = best + bestLength;
        } else if (complete) {
            break;
        } else {
            foldMore();
        }
    }
    return found;
}
