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

/** Folds one code point (width 1 or 2 units, at from) onto out. */
void foldCodePoint(QStringView unit, qsizetype from, Folded &out)
{
    const QString decomposed = unit.toString().normalized(QString::NormalizationForm_D);
    qsizetype k = 0;
    for (const QChar c : decomposed) {
        if (isCombiningMark(c))
            continue;
        // A pair's second unit comes from the pair's second unit; a letter decomposed into
        // several (Hangul) all come from the letter.
        out.append(c.toCaseFolded(), from + qMin(k++, unit.size() - 1));
    }
}

Folded foldWithOrigins(const QString &text)
{
    Folded out;
    out.text.reserve(text.size());
    for (qsizetype i = 0; i < text.size();) {
        const qsizetype width = text.at(i).isHighSurrogate() && i + 1 < text.size() &&
                        text.at(i + 1).isLowSurrogate()
                ? 2
                : 1;
        const QChar c = text.at(i);
        if (width == 1 && c.unicode() < 0x80) // the common case, without a QString per unit
            out.append(c.toCaseFolded(), i);
        else
            foldCodePoint(QStringView(text).mid(i, width), i, out);
        i += width;
    }
    return out;
}

} // namespace

TextSearch::TextSearch(const QString &searchText)
    : m_words(fold(searchText).split(QLatin1Char(' '), Qt::SkipEmptyParts))
{ }

QString TextSearch::fold(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString result;
    result.reserve(decomposed.size());
    for (const QChar c : decomposed)
        if (!isCombiningMark(c))
            result.append(c.toCaseFolded());
    return result;
}

bool TextSearch::matchesAll(const QString &text) const
{
    if (m_words.isEmpty())
        return true;
    const QString haystack = fold(text);
    return std::all_of(m_words.cbegin(), m_words.cend(),
                       [&](const QString &word) { return haystack.contains(word); });
}

QList<TextRange> TextSearch::find(const QString &text, qsizetype limit) const
{
    QList<TextRange> found;
    if (m_words.isEmpty() || limit <= 0)
        return found;
    const Folded folded = foldWithOrigins(text);
    // The end of a match in text: up to where the next folded unit starts, so marks dropped
    // by the folding (the accent of a final "é") are part of it.
    const auto endOf = [&](qsizetype foldedEnd) { return folded.originOf(foldedEnd, text.size()); };
    // Each word's next occurrence at or after the current place, looked up again only once
    // passed, so a word found far away is not searched for again after every nearer match.
    QList<qsizetype> next(m_words.size(), -2);
    for (qsizetype at = 0; at < folded.text.size() && found.size() < limit;) {
        qsizetype best = -1;
        qsizetype bestLength = 0;
        for (qsizetype w = 0; w < m_words.size(); ++w) {
            if (next[w] != -1 && next[w] < at)
                next[w] = folded.text.indexOf(m_words.at(w), at);
            const qsizetype index = next[w];
            const qsizetype length = m_words.at(w).size();
            if (index >= 0 &&
                (best < 0 || index < best || (index == best && length > bestLength))) {
                best = index;
                bestLength = length;
            }
        }
        if (best < 0)
            break;
        found.append({folded.originOf(best, text.size()), endOf(best + bestLength)});
        at = best + bestLength;
    }
    return found;
}
