// SPDX-License-Identifier: GPL-3.0-or-later
#include "textbuffer.h"

#include "textoperation.h"

#include <bit>

namespace {
/** Chunks are cut to this size when split, so a split chunk can take MaxChunk/2 more units. */
constexpr qsizetype SplitChunk = TextBuffer::MaxChunk / 2;
/** A chunk shrunk below this is merged with a neighbour when the two fit in SplitChunk. */
constexpr qsizetype MinChunk = TextBuffer::MaxChunk / 8;
} // namespace

TextBuffer::TextBuffer()
    : TextBuffer(QStringView())
{ }

TextBuffer::TextBuffer(QStringView text)
{
    setChunksFrom(text, 0, 0);
}

void TextBuffer::setChunksFrom(QStringView text, qsizetype at, qsizetype replacedCount)
{
    std::vector<QString> pieces;
    for (qsizetype offset = 0; offset < text.size(); offset += SplitChunk) {
        QString piece = text.mid(offset, SplitChunk).toString();
        pieces.push_back(std::move(piece));
    }
    const auto first = m_chunks.begin() + at;
    m_chunks.erase(first, first + replacedCount);
    m_chunks.insert(m_chunks.begin() + at, std::make_move_iterator(pieces.begin()),
                    std::make_move_iterator(pieces.end()));
    if (m_chunks.empty())
        m_chunks.emplace_back();
    rebuildIndex();
}

void TextBuffer::rebuildIndex()
{
    const qsizetype n = chunkCount();
    m_tree.assign(size_t(n + 1), 0);
    m_length = 0;
    for (qsizetype i = 1; i <= n; ++i) {
        m_tree[size_t(i)] += m_chunks[size_t(i - 1)].size();
        m_length += m_chunks[size_t(i - 1)].size();
        const qsizetype parent = i + (i & -i);
        if (parent <= n)
            m_tree[size_t(parent)] += m_tree[size_t(i)];
    }
}

void TextBuffer::fenwickAdd(qsizetype chunk, qsizetype delta)
{
    const qsizetype n = chunkCount();
    for (qsizetype i = chunk + 1; i <= n; i += i & -i)
        m_tree[size_t(i)] += delta;
    m_length += delta;
}

TextBuffer::Location TextBuffer::locate(qsizetype position) const
{
    if (position <= 0)
        return {0, 0};
    // Fenwick descent: the last chunk whose prefix sum is < position holds it at its end
    // or inside the next chunk.
    const qsizetype n = chunkCount();
    qsizetype index = 0;
    qsizetype remaining = position;
    for (qsizetype step = std::bit_floor(size_t(n)); step > 0; step >>= 1) {
        const qsizetype next = index + step;
        if (next <= n && m_tree[size_t(next)] < remaining) {
            index = next;
            remaining -= m_tree[size_t(next)];
        }
    }
    // index chunks lie wholly before position; it falls in chunk `index` at `remaining`.
    if (index >= n)
        return {n - 1, m_chunks[size_t(n - 1)].size()};
    return {index, remaining};
}

char16_t TextBuffer::at(qsizetype position) const
{
    Q_ASSERT(position >= 0 && position < m_length);
    // position + 1 maps to the chunk that holds the unit at position.
    const Location loc = locate(position + 1);
    return m_chunks[size_t(loc.chunk)][loc.offset - 1].unicode();
}

QString TextBuffer::mid(qsizetype position, qsizetype n) const
{
    position = qBound(qsizetype(0), position, m_length);
    n = qBound(qsizetype(0), n, m_length - position);
    QString result;
    result.reserve(n);
    Location loc = locate(position);
    while (n > 0) {
        const QString &chunk = m_chunks[size_t(loc.chunk)];
        const qsizetype take = qMin(n, chunk.size() - loc.offset);
        result += QStringView(chunk).mid(loc.offset, take);
        n -= take;
        loc = {loc.chunk + 1, 0};
    }
    return result;
}

QString TextBuffer::toString() const
{
    QString result;
    result.reserve(m_length);
    for (const QString &chunk : m_chunks)
        result += chunk;
    return result;
}

void TextBuffer::insert(qsizetype position, QStringView text)
{
    Q_ASSERT(position >= 0 && position <= m_length);
    position = qBound(qsizetype(0), position, m_length);
    if (text.isEmpty())
        return;
    const Location loc = locate(position);
    QString &chunk = m_chunks[size_t(loc.chunk)];
    if (chunk.size() + text.size() <= MaxChunk) {
        chunk.insert(loc.offset, text);
        fenwickAdd(loc.chunk, text.size());
        return;
    }
    // Too big for one chunk: re-cut this chunk with the new text into SplitChunk pieces.
    QString joined;
    joined.reserve(chunk.size() + text.size());
    joined += QStringView(chunk).first(loc.offset);
    joined += text;
    joined += QStringView(chunk).mid(loc.offset);
    setChunksFrom(joined, loc.chunk, 1);
}

void TextBuffer::remove(qsizetype position, qsizetype n)
{
    Q_ASSERT(position >= 0 && n >= 0 && position + n <= m_length);
    position = qBound(qsizetype(0), position, m_length);
    n = qMin(n, m_length - position);
    if (n <= 0)
        return;
    Location loc = locate(position);
    // A position on a boundary maps to the end of the earlier chunk; start in the next one.
    if (loc.offset == m_chunks[size_t(loc.chunk)].size() && loc.chunk + 1 < chunkCount())
        loc = {loc.chunk + 1, 0};
    qsizetype first = loc.chunk;
    qsizetype last = loc.chunk;
    for (qsizetype offset = loc.offset; n > 0; ++last, offset = 0) {
        QString &chunk = m_chunks[size_t(last)];
        const qsizetype take = qMin(n, chunk.size() - offset);
        chunk.remove(offset, take);
        fenwickAdd(last, -take);
        n -= take;
    }
    // Only the touched chunks [first, last) and their neighbours can need tidying:
    // drop the emptied ones and fold a small survivor into a neighbour it fits with.
    bool changed = false;
    for (qsizetype i = last - 1; i >= first; --i) {
        if (m_chunks[size_t(i)].isEmpty() && chunkCount() > 1) {
            m_chunks.erase(m_chunks.begin() + i);
            --last;
            changed = true;
        }
    }
    const auto mergeIntoPrevious = [this](qsizetype i) {
        if (i <= 0 || i >= chunkCount())
            return false;
        QString &previous = m_chunks[size_t(i - 1)];
        const QString &current = m_chunks[size_t(i)];
        if ((previous.size() >= MinChunk && current.size() >= MinChunk) ||
            previous.size() + current.size() > SplitChunk)
            return false;
        previous += current;
        m_chunks.erase(m_chunks.begin() + i);
        return true;
    };
    // The survivor at `first` (if any) with its left neighbour, and the chunk after the
    // touched range with its left neighbour.
    if (mergeIntoPrevious(last)) {
        changed = true;
    }
    if (first < chunkCount() && mergeIntoPrevious(first))
        changed = true;
    if (changed)
        rebuildIndex();
}

OtStatus TextBuffer::apply(const TextOperation &op)
{
    const OtStatus ok = op.checkBoundaries([this](qsizetype i) { return at(i); }, m_length);
    if (!ok)
        return ok;
    op.replayOn(*this);
    return {};
}
