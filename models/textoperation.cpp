// SPDX-License-Identifier: GPL-3.0-or-later
#include "textoperation.h"

#include <QVarLengthArray>

#include <algorithm>

using Kind = TextOperation::Kind;
using Code = OtError::Code;

QString OtError::codeName() const
{
    switch (m_code) {
    case Code::MalformedJson:
        return QStringLiteral("malformed_json");
    case Code::NotAnArray:
        return QStringLiteral("not_an_array");
    case Code::BadComponent:
        return QStringLiteral("bad_component");
    case Code::ZeroCount:
        return QStringLiteral("zero_count");
    case Code::NonInteger:
        return QStringLiteral("non_integer");
    case Code::CountOutOfRange:
        return QStringLiteral("count_out_of_range");
    case Code::TooManyComponents:
        return QStringLiteral("too_many_components");
    case Code::TooLarge:
        return QStringLiteral("too_large");
    case Code::LoneSurrogate:
        return QStringLiteral("lone_surrogate");
    case Code::SplitsSurrogatePair:
        return QStringLiteral("splits_surrogate_pair");
    case Code::BaseLengthMismatch:
        return QStringLiteral("base_length_mismatch");
    case Code::ComposeLengthMismatch:
        return QStringLiteral("compose_length_mismatch");
    case Code::TransformLengthMismatch:
        return QStringLiteral("transform_length_mismatch");
    }
    return QStringLiteral("unknown");
}

namespace OtDetail {
OtError splitPairError(qsizetype position)
{
    return {Code::SplitsSurrogatePair,
            QStringLiteral("the operation would split the surrogate pair at UTF-16 offset %1")
                    .arg(position)};
}

OtError baseLengthError(qsizetype opLength, qsizetype documentLength)
{
    return {Code::BaseLengthMismatch,
            QStringLiteral(
                    "the operation's base length (%1) differs from the document's length (%2)")
                    .arg(opLength)
                    .arg(documentLength)};
}
} // namespace OtDetail

namespace {

bool splitsPair(QStringView text, qsizetype at)
{
    return at > 0 && at < text.size() && text[at - 1].isHighSurrogate() &&
            text[at].isLowSurrogate();
}

/**
 * Walks the components of one operation, handing out pieces of them: the two-pointer
 * loops of compose() and transform() consume a component partially, so the cursor keeps
 * what is left of the current one.
 */
class ComponentCursor
{
public:
    explicit ComponentCursor(const TextOperation &op)
        : m_components(op.components())
    {
        load();
    }

    bool atEnd() const { return m_index >= m_components.size(); }
    Kind kind() const { return m_components[m_index].kind; }
    qsizetype remaining() const { return m_remaining; }
    /** The rest of the current insert's text. */
    QStringView text() const { return QStringView(m_components[m_index].text).mid(m_offset); }
    /** The current component's index, and whether n units from here are all of it. */
    qsizetype index() const { return m_index; }
    bool isWhole(qsizetype n) const { return m_offset == 0 && n == m_components[m_index].length; }

    void advance(qsizetype n)
    {
        m_remaining -= n;
        m_offset += n;
        if (m_remaining == 0) {
            ++m_index;
            load();
        }
    }

private:
    void load()
    {
        m_offset = 0;
        m_remaining = atEnd() ? 0 : m_components[m_index].length;
    }

    const QList<TextOperation::Component> &m_components;
    qsizetype m_index = 0;
    qsizetype m_offset = 0;
    qsizetype m_remaining = 0;
};

} // namespace

TextOperation &TextOperation::retain(qsizetype n)
{
    Q_ASSERT_X(n >= 0, "TextOperation::retain", "negative count");
    if (n <= 0)
        return *this;
    m_baseLength += n;
    m_targetLength += n;
    if (!m_components.isEmpty() && m_components.last().kind == Kind::Retain)
        m_components.last().length += n;
    else
        m_components.append({Kind::Retain, n, {}});
    return *this;
}

TextOperation &TextOperation::insert(const QString &text)
{
    if (text.isEmpty())
        return *this;
    m_targetLength += text.size();
    const qsizetype count = m_components.size();
    if (count > 0 && m_components[count - 1].kind == Kind::Insert) {
        Component &last = m_components[count - 1];
        last.text += text;
        last.length = last.text.size();
    } else if (count > 0 && m_components[count - 1].kind == Kind::Delete) {
        // Insert-then-delete and delete-then-insert have the same effect; ot.js always
        // keeps the insert first so that equal effects give equal operations.
        if (count > 1 && m_components[count - 2].kind == Kind::Insert) {
            Component &before = m_components[count - 2];
            before.text += text;
            before.length = before.text.size();
        } else {
            m_components.insert(count - 1, {Kind::Insert, text.size(), text});
        }
    } else {
        m_components.append({Kind::Insert, text.size(), text});
    }
    return *this;
}

TextOperation &TextOperation::remove(qsizetype n)
{
    Q_ASSERT_X(n >= 0, "TextOperation::remove", "negative count");
    if (n <= 0)
        return *this;
    m_baseLength += n;
    if (!m_components.isEmpty() && m_components.last().kind == Kind::Delete)
        m_components.last().length += n;
    else
        m_components.append({Kind::Delete, n, {}});
    return *this;
}

bool TextOperation::isNoop() const
{
    return m_components.isEmpty() ||
            (m_components.size() == 1 && m_components.first().kind == Kind::Retain);
}

qsizetype TextOperation::insertedLength() const
{
    return lengthOf(Kind::Insert);
}

qsizetype TextOperation::deletedLength() const
{
    return lengthOf(Kind::Delete);
}

qsizetype TextOperation::lengthOf(Kind kind) const
{
    qsizetype units = 0;
    for (const Component &c : m_components)
        if (c.kind == kind)
            units += c.length;
    return units;
}

std::pair<TextOperation, std::optional<TextOperation>> TextOperation::splitInserts(
        qsizetype maxInserted) const &
{
    return TextOperation(*this).split(maxInserted, false); // a copy shares the texts
}

std::pair<TextOperation, std::optional<TextOperation>> TextOperation::splitInserts(
        qsizetype maxInserted) &&
{
    return split(maxInserted, true);
}

std::pair<TextOperation, std::optional<TextOperation>> TextOperation::split(qsizetype maxInserted,
                                                                            bool mayTake)
{
    maxInserted = qMax<qsizetype>(maxInserted, 2); // room for one character, pair or not
    if (insertedLength() <= maxInserted)
        return {std::move(*this), std::nullopt};
    // The first part does the components up to the cut and keeps the rest of the document;
    // the second keeps what the first produced up to the cut and does the remaining ones.
    TextOperation first;
    TextOperation second;
    qsizetype inserted = 0;
    qsizetype baseDone = 0; // units of the base document the first part has walked
    qsizetype i = 0;
    for (; i < m_components.size(); ++i) {
        const Component &c = m_components.at(i);
        if (c.kind != Kind::Insert) {
            c.kind == Kind::Retain ? first.retain(c.length) : first.remove(c.length);
            baseDone += c.length;
            continue;
        }
        if (inserted + c.length <= maxInserted) {
            first.insert(c.text);
            inserted += c.length;
            continue;
        }
        qsizetype cut = maxInserted - inserted;
        if (cut > 0 && c.text.at(cut - 1).isHighSurrogate())
            --cut; // never half a pair (maxInserted >= 2 leaves room for a whole one)
        if (cut == 0 && inserted == 0)
            cut = c.text.at(0).isHighSurrogate() && c.text.size() > 1 ? 2 : 1;
        first.insert(c.text.first(cut));
        second.retain(first.targetLength());
        if (mayTake && m_components.isDetached() && c.text.isDetached()) {
            // The rest of a paste, megabytes: taken and cut at its front, which Qt does in
            // place (the start moves), not copied once per part sent.
            QString rest = std::move(m_components[i].text);
            rest.remove(0, cut);
            second.insert(rest);
        } else {
            second.insert(c.text.sliced(cut));
        }
        ++i;
        break;
    }
    first.retain(m_baseLength - baseDone);
    for (; i < m_components.size(); ++i) {
        const Component &c = m_components.at(i);
        switch (c.kind) {
        case Kind::Retain:
            second.retain(c.length);
            break;
        case Kind::Insert:
            second.insert(c.text);
            break;
        case Kind::Delete:
            second.remove(c.length);
            break;
        }
    }
    return {std::move(first), std::move(second)};
}

OtStatus TextOperation::checkBoundaries(const QString &document) const
{
    return checkBoundaries([&document](qsizetype i) { return document[i].unicode(); },
                           document.size());
}

OtResult<QString> TextOperation::apply(const QString &document) const
{
    const OtStatus ok = checkBoundaries(document);
    if (!ok)
        return ok.error();
    QString result;
    result.reserve(m_targetLength);
    qsizetype position = 0;
    for (const Component &c : m_components) {
        switch (c.kind) {
        case Kind::Retain:
            result += QStringView(document).mid(position, c.length);
            position += c.length;
            break;
        case Kind::Insert:
            result += c.text;
            break;
        case Kind::Delete:
            position += c.length;
            break;
        }
    }
    return result;
}

namespace {

/**
 * A QString edited in place by replayOn(). Qt 6.4's QString::insert() grows a full string by
 * copying it into a new block, even at its end: 56-60 ms for a 10 MB text on this VM, most
 * of it faulting the new pages in. append() and reserve() let realloc() grow the block where
 * it is (1-2 ms): a keystroke at the end of a long note, or a journal of typing after a
 * paste read back at a start, no longer copies the whole text when it runs out of room.
 */
struct GrowingText
{
    QString &text;
    void insert(qsizetype position, const QString &inserted)
    {
        if (position == text.size()) {
            text.append(inserted);
            return;
        }
        const qsizetype needed = text.size() + inserted.size();
        if (needed > text.capacity())
            text.reserve(needed + needed / 2);
        text.insert(position, inserted);
    }
    void remove(qsizetype position, qsizetype n) { text.remove(position, n); }
};

} // namespace

OtStatus TextOperation::applyInPlace(QString &document) const
{
    const OtStatus ok = checkBoundaries(document);
    if (!ok)
        return ok;
    // Each insert or delete moves the rest of the document along: fine for the one or two
    // of a typed or pasted edit, not for an op touching many places (a replacement). A shared
    // document is copied either way, and apply() copies it into a string of the right size.
    if (changesOneStretch() && document.isDetached()) {
        GrowingText growing{document};
        replayOn(growing);
    } else {
        document = std::move(apply(document)).value();
    }
    return {};
}

bool TextOperation::changesOneStretch() const
{
    return std::count_if(m_components.cbegin(), m_components.cend(),
                         [](const Component &c) { return c.kind != Kind::Retain; }) <= 2;
}

qsizetype TextOperation::unitsMovedInPlace(qsizetype documentLength) const
{
    if (!changesOneStretch())
        return documentLength;
    const bool skips = !m_components.isEmpty() && m_components.front().kind == Kind::Retain;
    return documentLength - (skips ? m_components.front().length : 0);
}

OtResult<TextOperation> TextOperation::invert(const QString &document) const
{
    const OtStatus ok = checkBoundaries(document);
    if (!ok)
        return ok.error();
    TextOperation inverse;
    qsizetype position = 0;
    for (const Component &c : m_components) {
        switch (c.kind) {
        case Kind::Retain:
            inverse.retain(c.length);
            position += c.length;
            break;
        case Kind::Insert:
            inverse.remove(c.length);
            break;
        case Kind::Delete:
            inverse.insert(document.mid(position, c.length));
            position += c.length;
            break;
        }
    }
    return inverse;
}

OtResult<TextOperation> TextOperation::compose(const TextOperation &a, const TextOperation &b)
{
    return compose(a, b, nullptr);
}

OtResult<TextOperation> TextOperation::compose(TextOperation &&a, const TextOperation &b)
{
    // a's inserts are taken only once nothing can fail any more: only a cut through a
    // surrogate pair can, after the length check, so the cuts are checked first.
    if (a.targetLength() == b.baseLength()) {
        const OtStatus cuts = a.checkCuts(b);
        if (!cuts)
            return cuts.error();
    }
    a.m_components.detach(); // once, before any view into it is taken
    return compose(a, b, &a.m_components);
}

OtStatus TextOperation::checkCuts(const TextOperation &b) const
{
    // Where b's retains and deletes end, in this op's result, must not fall inside a
    // surrogate pair of one of this op's inserts.
    qsizetype start = 0; // of component i, in this op's result
    qsizetype i = 0;
    qsizetype cut = 0;
    for (const Component &c : b.m_components) {
        if (c.kind == Kind::Insert)
            continue;
        cut += c.length;
        for (; i < m_components.size(); ++i) {
            const Component &mine = m_components[i];
            if (mine.kind == Kind::Delete)
                continue;
            if (start + mine.length > cut)
                break;
            start += mine.length;
        }
        if (i < m_components.size() && m_components[i].kind == Kind::Insert &&
            splitsPair(m_components[i].text, cut - start))
            return OtDetail::splitPairError(cut - start);
    }
    return {};
}

OtResult<TextOperation> TextOperation::compose(const TextOperation &a, const TextOperation &b,
                                               QList<Component> *owned)
{
    if (a.targetLength() != b.baseLength())
        return OtError(Code::ComposeLengthMismatch,
                       QStringLiteral("cannot compose: the first operation's target length (%1) "
                                      "differs from the second's base length (%2)")
                               .arg(a.targetLength())
                               .arg(b.baseLength()));
    TextOperation result;
    // Inserts in a row are gathered (views into a and b) and written as one string: appended
    // piece by piece, a keystroke after a 10 MB paste still waiting copied the paste once for
    // the piece and again to grow it by the keystroke. A run that is one whole insert is
    // shared, not copied; one that starts with a whole insert of an a handed over (owned)
    // grows that string in place, so typing after a waiting paste copies none of it.
    QVarLengthArray<QStringView, 4> pieces;
    qsizetype pieceUnits = 0;
    const QString *firstWhole = nullptr;
    QString *firstOwned = nullptr;
    const auto insert = [&](QStringView piece, const QString *whole, QString *ownedText) {
        if (pieces.isEmpty()) {
            firstWhole = whole;
            firstOwned = ownedText;
        }
        pieces.append(piece);
        pieceUnits += piece.size();
    };
    const auto flush = [&]() {
        if (pieces.isEmpty())
            return;
        QString text;
        qsizetype next = 0;
        if (firstOwned && firstOwned->isDetached()) {
            text = std::move(*firstOwned);
            next = 1;
        } else if (firstWhole && pieces.size() == 1) {
            text = *firstWhole;
            next = 1;
        } else {
            text.reserve(pieceUnits);
        }
        for (; next < pieces.size(); ++next)
            text.append(pieces[next]);
        result.insert(text);
        pieces.clear();
        pieceUnits = 0;
    };
    ComponentCursor x(a);
    ComponentCursor y(b);
    while (!x.atEnd() || !y.atEnd()) {
        if (!x.atEnd() && x.kind() == Kind::Delete) {
            flush();
            result.remove(x.remaining());
            x.advance(x.remaining());
            continue;
        }
        if (!y.atEnd() && y.kind() == Kind::Insert) {
            insert(y.text(), y.isWhole(y.remaining()) ? &b.m_components[y.index()].text : nullptr,
                   nullptr);
            y.advance(y.remaining());
            continue;
        }
        // Equal lengths were checked above, so both still have components here.
        Q_ASSERT(!x.atEnd() && !y.atEnd());
        const qsizetype n = qMin(x.remaining(), y.remaining());
        if (x.kind() == Kind::Insert) {
            const QStringView text = x.text();
            if (splitsPair(text, n))
                return OtDetail::splitPairError(n);
            if (y.kind() == Kind::Retain) {
                const bool whole = x.isWhole(n);
                insert(text.first(n), whole ? &a.m_components[x.index()].text : nullptr,
                       whole && owned ? &(*owned)[x.index()].text : nullptr);
            }
            // else: b deletes what a inserted; neither survives.
        } else if (y.kind() == Kind::Retain) {
            flush();
            result.retain(n);
        } else {
            flush();
            result.remove(n);
        }
        x.advance(n);
        y.advance(n);
    }
    flush();
    return result;
}

OtResult<std::pair<TextOperation, TextOperation>> TextOperation::transform(const TextOperation &a,
                                                                           const TextOperation &b)
{
    if (a.baseLength() != b.baseLength())
        return OtError(Code::TransformLengthMismatch,
                       QStringLiteral("cannot transform: the operations' base lengths differ "
                                      "(%1 and %2)")
                               .arg(a.baseLength())
                               .arg(b.baseLength()));
    TextOperation aPrime;
    TextOperation bPrime;
    ComponentCursor x(a);
    ComponentCursor y(b);
    while (!x.atEnd() || !y.atEnd()) {
        // Inserts go through first; when both insert here, a's text goes first (ot.js).
        if (!x.atEnd() && x.kind() == Kind::Insert) {
            aPrime.insert(x.text().toString());
            bPrime.retain(x.remaining());
            x.advance(x.remaining());
            continue;
        }
        if (!y.atEnd() && y.kind() == Kind::Insert) {
            aPrime.retain(y.remaining());
            bPrime.insert(y.text().toString());
            y.advance(y.remaining());
            continue;
        }
        Q_ASSERT(!x.atEnd() && !y.atEnd());
        const qsizetype n = qMin(x.remaining(), y.remaining());
        const bool xDeletes = x.kind() == Kind::Delete;
        const bool yDeletes = y.kind() == Kind::Delete;
        if (!xDeletes && !yDeletes) {
            aPrime.retain(n);
            bPrime.retain(n);
        } else if (xDeletes && !yDeletes) {
            aPrime.remove(n);
        } else if (!xDeletes && yDeletes) {
            bPrime.remove(n);
        }
        // Both delete the same text: it is gone for both, nothing to do.
        x.advance(n);
        y.advance(n);
    }
    return std::pair{std::move(aPrime), std::move(bPrime)};
}

qsizetype TextOperation::transformPosition(qsizetype index) const
{
    // ot.js Selection.Range.transform's transformIndex, component for component.
    qsizetype newIndex = index;
    for (const Component &c : m_components) {
        switch (c.kind) {
        case Kind::Retain:
            index -= c.length;
            break;
        case Kind::Insert:
            newIndex += c.length;
            break;
        case Kind::Delete:
            newIndex -= qMin(index, c.length);
            index -= c.length;
            break;
        }
        if (index < 0)
            break;
    }
    return newIndex;
}

TextRange TextOperation::transformRange(const TextRange &range) const
{
    const qsizetype anchor = transformPosition(range.anchor);
    if (range.anchor == range.head)
        return {anchor, anchor};
    return {anchor, transformPosition(range.head)};
}

TextOperation TextOperation::replacing(const QString &from, const QString &to)
{
    qsizetype prefix = 0;
    const qsizetype shorter = qMin(from.size(), to.size());
    while (prefix < shorter && from[prefix] == to[prefix])
        ++prefix;
    if (prefix > 0 && from[prefix - 1].isHighSurrogate())
        --prefix; // never split a pair
    qsizetype suffix = 0;
    while (suffix < shorter - prefix &&
           from[from.size() - 1 - suffix] == to[to.size() - 1 - suffix])
        ++suffix;
    if (suffix > 0 && from[from.size() - suffix].isLowSurrogate())
        --suffix;
    TextOperation op;
    op.retain(prefix)
            .remove(from.size() - prefix - suffix)
            .insert(to.mid(prefix, to.size() - prefix - suffix))
            .retain(suffix);
    return op;
}
