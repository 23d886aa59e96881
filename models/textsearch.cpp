// SPDX-License-Identifier: GPL-3.0-or-later
#include "textsearch.h"

#include <algorithm>

namespace {

/**
 * A folded text and, for each of its units, the unit of the original it came from. Most text
 * folds unit for unit (ASCII, precomposed accents, emoji): the origins are then the units'
 * own places and are not stored, which spares a list as long as the note on every search.
 */
class Folded
{
public:
    QString text;

    void append(QChar c, qsizetype from)
    {
        if (m_identity && from != text.size()) {
            m_identity = false;
            m_origin.reserve(text.capacity());
            for (qsizetype i = 0; i < text.size(); ++i)
                m_origin.append(i);
        }
        text.append(c);
        if (!m_identity)
            m_origin.append(from);
    }
    /** Where folded unit i came from; i == text.size() is the original's end. */
    qsizetype originOf(qsizetype i, qsizetype originalSize) const
    {
        if (i >= text.size())
            return originalSize;
        return m_identity ? i : m_origin.at(i);
    }

private:
    bool m_identity = true;
    QList<qsizetype> m_origin;
};

bool isCombiningMark(QChar c)
{
    return c.category() == QChar::Mark_NonSpacing;
}

/**
 * Folds text one code point at a time onto out (anything with append(QChar, qsizetype from)).
 * Never the whole text at once: Qt decomposes a string in place, moving the rest of it for each
 * accented letter, which took 76 s for a 10 MB note with accents. Only a letter with a
 * canonical decomposition is normalized on its own; ASCII and letters without one (most CJK,
 * emoji) are folded as they are.
 */
template<typename Out>
void foldInto(const QString &text, Out &out, qsizetype from = 0, qsizetype to = -1)
{
    if (to < 0)
        to = text.size();
    for (qsizetype i = from; i < to;) {
        const QChar c = text.at(i);
        if (c.unicode() < 0x80) { // the common case
            out.append(c.toCaseFolded(), i);
            ++i;
            continue;
        }
        const qsizetype width =
                c.isHighSurrogate() && i + 1 < to && text.at(i + 1).isLowSurrogate() ? 2 : 1;
        const char32_t ucs4 = width == 2 ? QChar::surrogateToUcs4(c, text.at(i + 1)) : c.unicode();
        if (QChar::decompositionTag(ucs4) != QChar::Canonical) {
            if (QChar::category(ucs4) != QChar::Mark_NonSpacing) {
                out.append(c.toCaseFolded(), i);
                if (width == 2)
                    out.append(text.at(i + 1), i + 1);
            }
        } else {
            const QString decomposed =
                    text.sliced(i, width).normalized(QString::NormalizationForm_D);
            qsizetype k = 0;
            for (const QChar d : decomposed) {
                if (isCombiningMark(d))
                    continue;
                // A pair's second unit comes from the pair's second unit; a letter decomposed
                // into several (Hangul) all come from the letter.
                out.append(d.toCaseFolded(), i + qMin(k++, width - 1));
            }
        }
        i += width;
    }
}

/** Where a piece of text starting at at ends: piece units on, never between a pair's halves. */
qsizetype pieceEnd(const QString &text, qsizetype at, qsizetype piece)
{
    qsizetype end = qMin(text.size(), at + piece);
    if (end < text.size() && text.at(end).isLowSurrogate())
        ++end;
    return end;
}

/** Only the folded text, for fold(). */
struct FoldedText
{
    QString text;
    void append(QChar c, qsizetype) { text.append(c); }
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
