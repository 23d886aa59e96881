// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oterror.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

#include <utility>

/** Upper bounds applied when an operation arrives from outside (JSON). */
struct OtLimits
{
    /** Components in one operation after normalisation. */
    qsizetype maxComponents = 100'000;
    /** UTF-16 units inserted by one operation. */
    qsizetype maxInsertedUnits = 16 * 1024 * 1024;
    /** Largest single retain or delete count, and so the largest document an op can address. */
    qsizetype maxCount = 0x7fffffff;
};

/** A cursor or selection in UTF-16 units; anchor == head for a plain cursor (ot.js Range). */
struct TextRange
{
    qsizetype anchor = 0;
    qsizetype head = 0;
    friend bool operator==(const TextRange &, const TextRange &) = default;
};

/**
 * An edit of a plain-text document: a sequence of retain(n), insert(text) and delete(n)
 * components that walks the whole document from start to end. Lengths count UTF-16
 * code units (QString's units), exactly as ot.js counts JavaScript string lengths.
 *
 * The type is a value; every builder call keeps it normalised exactly as ot.js does:
 * no empty components, adjacent components of one kind merged, and an insert always
 * placed before a delete at the same spot. Two ops with the same effect compare equal.
 *
 * compose(), transform(), apply() and invert() follow ot.js's TextOperation to the letter
 * (including the tie-break: on concurrent inserts at one position, the first argument of
 * transform() goes first), so a browser client built on ot.js converges with Tandem.
 * Errors never throw: they come back as OtError.
 */
class TextOperation
{
public:
    enum class Kind : quint8 { Retain, Insert, Delete };

    struct Component
    {
        Kind kind;
        /** Units retained, deleted or inserted (for an insert, text.size()). */
        qsizetype length;
        /** The inserted text; empty for retain and delete. */
        QString text;
        friend bool operator==(const Component &, const Component &) = default;
    };

    TextOperation() = default;

    /** Skips n units. n == 0 does nothing; n must not be negative. */
    TextOperation &retain(qsizetype n);
    /** Inserts text at the current position. An empty string does nothing. */
    TextOperation &insert(const QString &text);
    /** Deletes n units (ot.js's delete). n == 0 does nothing; n must not be negative. */
    TextOperation &remove(qsizetype n);

    const QList<Component> &components() const { return m_components; }
    /** Length of the document this op applies to. */
    qsizetype baseLength() const { return m_baseLength; }
    /** Length of the document after applying this op. */
    qsizetype targetLength() const { return m_targetLength; }
    /** True when applying the op changes nothing (no components or only a retain). */
    bool isNoop() const;

    friend bool operator==(const TextOperation &, const TextOperation &) = default;

    /** The ot.js wire form: [5, "abc", -3, 10]. */
    QJsonArray toJson() const;
    /** toJson() as compact JSON text. */
    QByteArray toJsonText() const;
    /**
     * Reads the ot.js wire form and normalises it as ot.js's fromJSON does. Rejects
     * anything that is not an array of non-zero integers and strings, counts that are
     * not exact integers or exceed the limits, and inserts holding half a surrogate pair.
     */
    static OtResult<TextOperation> fromJson(const QJsonValue &json, const OtLimits &limits = {});
    /**
     * Parses JSON text, then as fromJson(QJsonValue): the same ops and the same errors. An
     * array of strings and integers is read without QJsonDocument, each string written once.
     */
    static OtResult<TextOperation> fromJsonText(QByteArrayView json, const OtLimits &limits = {});

    /** The document after this op. Fails on a length mismatch or a split surrogate pair. */
    OtResult<QString> apply(const QString &document) const;
    /**
     * apply() into document itself: an op changing one stretch of it (a keystroke, a paste,
     * a deletion) edits it in place, with no copy of the rest when document is not shared.
     * document is left as it was when this fails.
     */
    OtStatus applyInPlace(QString &document) const;
    /**
     * UTF-16 units applyInPlace() moves or copies in a document of documentLength units that
     * it does not share: the text after the one stretch the op changes, or all of it when
     * the op changes several places (applied by copying).
     */
    qsizetype unitsMovedInPlace(qsizetype documentLength) const;
    /** The op that undoes this one when applied to apply(document). */
    OtResult<TextOperation> invert(const QString &document) const;

    /**
     * The single op turning from into to: keeps the common prefix and suffix and replaces the
     * middle, never splitting a surrogate pair. For whole-text setters (seed 001's
     * note_update) and for editors that only know the text before and after a change.
     */
    static TextOperation replacing(const QString &from, const QString &to);

    /** UTF-16 units this op inserts. */
    qsizetype insertedLength() const;
    /** UTF-16 units this op deletes. */
    qsizetype deletedLength() const;
    /**
     * This op as two with the same effect in turn, the first inserting at most maxInserted
     * units (at least one character, and never half a surrogate pair), the second the rest:
     * compose(first, second) equals this op. Nothing for the second when this op already
     * fits. For sending an edit too large for one message (a big paste) in parts.
     */
    std::pair<TextOperation, std::optional<TextOperation>> splitInserts(
            qsizetype maxInserted) const &;
    /** The same, taking this op: the rest of a long insert is cut from its front in place. */
    std::pair<TextOperation, std::optional<TextOperation>> splitInserts(qsizetype maxInserted) &&;

    /** One op with the effect of a followed by b. Requires a.targetLength() == b.baseLength(). */
    static OtResult<TextOperation> compose(const TextOperation &a, const TextOperation &b);
    /**
     * The same, taking a: an insert of a that the result keeps whole at the start of one of
     * its inserts is grown in place, not copied (typing after a waiting paste). a is left
     * as it was when this fails.
     */
    static OtResult<TextOperation> compose(TextOperation &&a, const TextOperation &b);
    /**
     * For concurrent a and b on the same document, returns (a', b') such that
     * apply(apply(doc, a), b') == apply(apply(doc, b), a'). Concurrent inserts at the same
     * position put a's text first.
     */
    static OtResult<std::pair<TextOperation, TextOperation>> transform(const TextOperation &a,
                                                                       const TextOperation &b);

    /**
     * Where a cursor at index in the base document ends up after this op (ot.js's
     * Selection.Range.transform): an insert at the cursor pushes it right, a delete
     * around it pulls it to the deletion's start.
     */
    qsizetype transformPosition(qsizetype index) const;
    TextRange transformRange(const TextRange &range) const;

    /**
     * Checks that no component boundary of this op falls inside a surrogate pair of
     * document, whose length must be baseLength(). apply() calls it; documents other
     * than QString (TextBuffer) call it with their own character access.
     */
    template<typename CharAt>
    OtStatus checkBoundaries(CharAt charAt, qsizetype documentLength) const;
    OtStatus checkBoundaries(const QString &document) const;

    /**
     * Replays this op as document.insert(position, text) and document.remove(position, n)
     * calls, for documents edited in place (TextBuffer). Call checkBoundaries() first: this
     * does no checking of its own.
     */
    template<typename Editable> void replayOn(Editable &document) const;

private:
    /** UTF-16 units of the components of kind. */
    qsizetype lengthOf(Kind kind) const;
    static OtResult<TextOperation> compose(const TextOperation &a, const TextOperation &b,
                                           QList<Component> *owned);
    std::pair<TextOperation, std::optional<TextOperation>> split(qsizetype maxInserted,
                                                                 bool mayTake);
    /** True when the op changes one stretch of its document (at most an insert and a
     *  delete), which applyInPlace() edits where it is. */
    bool changesOneStretch() const;
    /** Fails when one of b's cuts would split a surrogate pair inside one of this op's inserts. */
    OtStatus checkCuts(const TextOperation &b) const;

    QList<Component> m_components;
    qsizetype m_baseLength = 0;
    qsizetype m_targetLength = 0;
};

namespace OtDetail {
OtError splitPairError(qsizetype position);
OtError baseLengthError(qsizetype opLength, qsizetype documentLength);
} // namespace OtDetail

template<typename CharAt>
OtStatus TextOperation::checkBoundaries(CharAt charAt, qsizetype documentLength) const
{
    if (documentLength != m_baseLength)
        return OtDetail::baseLengthError(m_baseLength, documentLength);
    qsizetype position = 0;
    for (const Component &c : m_components) {
        // Each boundary in the base document lies before and after a retain or delete.
        if (position > 0 && position < documentLength &&
            QChar::isHighSurrogate(charAt(position - 1)) && QChar::isLowSurrogate(charAt(position)))
            return OtDetail::splitPairError(position);
        if (c.kind != Kind::Insert)
            position += c.length;
    }
    return {};
}

template<typename Editable> void TextOperation::replayOn(Editable &document) const
{
    qsizetype position = 0;
    for (const Component &c : m_components) {
        switch (c.kind) {
        case Kind::Retain:
            position += c.length;
            break;
        case Kind::Insert:
            document.insert(position, c.text);
            position += c.length;
            break;
        case Kind::Delete:
            document.remove(position, c.length);
            break;
        }
    }
}
