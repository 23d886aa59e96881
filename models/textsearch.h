// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "textoperation.h"

#include <QList>
#include <QString>
#include <QStringList>

/**
 * The notes search, shared by the notes list (which notes match) and the editor (where in the
 * open note): a search text is words, and a word matches whatever equals it once both are
 * folded, i.e. lower case without accents, so "cafe" finds "Café" and "CAFÉ". Korean is
 * matched by whole syllables, whether written as syllables or as their letters (jamo).
 */
class TextSearch
{
public:
    /** The search text's words, folded; empty when it has none. */
    explicit TextSearch(const QString &searchText = {});

    QStringList words() const { return m_words; }
    bool isEmpty() const { return m_words.isEmpty(); }

    /** Every word occurs somewhere in text (always true with no words). */
    bool matchesAll(const QString &text) const;

    /**
     * Where the words occur in text, in UTF-16 units of text itself (not of its folded form),
     * in order and not overlapping; an accent after a match belongs to it. At most limit.
     */
    QList<TextRange> find(const QString &text, qsizetype limit = 10000) const;

    /**
     * Lower case without accents (canonical decomposition, non-spacing marks dropped); Korean
     * syllables stay whole and letters that make one are composed.
     */
    static QString fold(const QString &text);

private:
    QStringList m_words;
    /** The longest word's length: a match cut by a piece's end is at most this long. */
    qsizetype m_longest = 0;
};
