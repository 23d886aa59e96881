// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oterror.h"

#include <QString>

#include <vector>

class TextOperation;

/**
 * The hub-side document: plain text in UTF-16 units, stored as a sequence of chunks
 * of at most MaxChunk units with a Fenwick tree over their lengths. Finding a position
 * costs O(log chunks) and an insert or delete touches one chunk (a few KiB of memmove),
 * so the cost of an edit does not grow with the document: typing into a 10 MB note is
 * as cheap as into a short one. toString() is O(length) and meant for snapshots.
 *
 * Chosen over a gap buffer (which moves the gap across the document for every edit far
 * from the last one) and a piece table (whose piece list grows with every edit);
 * see docs/BENCHMARKS.md for the measurements.
 */
class TextBuffer
{
public:
    /** Largest chunk; a chunk that would grow beyond it is split. */
    static constexpr qsizetype MaxChunk = 1024;

    TextBuffer();
    explicit TextBuffer(QStringView text);

    qsizetype length() const { return m_length; }
    bool isEmpty() const { return m_length == 0; }
    /** The UTF-16 unit at position; requires 0 <= position < length(). */
    char16_t at(qsizetype position) const;
    /** n units from position, clamped to the end. */
    QString mid(qsizetype position, qsizetype n) const;
    QString toString() const;

    /** Inserts text at position (0 <= position <= length(); asserted, clamped in release builds).
     */
    void insert(qsizetype position, QStringView text);
    /** Removes n units from position (position + n <= length(); asserted, clamped in release
     * builds). */
    void remove(qsizetype position, qsizetype n);

    /**
     * Applies op, or changes nothing and returns the reason when op does not fit this
     * document (base length mismatch, a boundary inside a surrogate pair).
     */
    OtStatus apply(const TextOperation &op);

    /** Number of chunks, for tests and benchmarks. */
    qsizetype chunkCount() const { return qsizetype(m_chunks.size()); }

private:
    struct Location
    {
        qsizetype chunk;
        qsizetype offset;
    };
    /** The chunk holding position; a position on a chunk boundary maps to the end of the earlier
     * chunk. */
    Location locate(qsizetype position) const;
    void fenwickAdd(qsizetype chunk, qsizetype delta);
    void rebuildIndex();
    void setChunksFrom(QStringView text, qsizetype at, qsizetype replacedCount);

    std::vector<QString> m_chunks;
    /** Fenwick (binary indexed) tree over the chunk lengths, 1-based. */
    std::vector<qsizetype> m_tree;
    qsizetype m_length = 0;
};
