// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: TextOperation against a reference model. The input picks one of two modes:
//  - raw: the bytes are ot.js JSON; fromJsonText must never crash, must read them as
//    QJsonDocument does (the same op or the same error; it reads most ops without it), and
//    what it accepts must survive toJson/fromJson unchanged;
//  - model: a document and two concurrent ops are built from the bytes (any lengths, any
//    place, surrogate pairs included), then apply() is checked against a plain
//    character-by-character model (including refusing to split a surrogate pair), and
//    transform() must converge, compose() must equal applying in turn, invert() must undo,
//    splitInserts()'s parts must end where the op does, and the JSON form must round-trip;
//    the forms working in place (applyInPlace(), compose() and splitInserts() taking their
//    op) must give what the copying ones give, failures included.
#include "fuzzcheck.h"
#include "jsontext.h"
#include "textoperation.h"

#include <QJsonArray>
#include <QJsonParseError>

#include <fuzzer/FuzzedDataProvider.h>

#include <optional>

namespace {

/** Builds a document of mixed letters, line breaks and surrogate pairs. */
QString makeDocument(FuzzedDataProvider &data)
{
    QString document;
    const int length = data.ConsumeIntegralInRange(0, 64);
    while (document.size() < length) {
        switch (data.ConsumeIntegralInRange(0, 3)) {
        case 0:
            document += QChar(u'a' + data.ConsumeIntegralInRange(0, 25));
            break;
        case 1:
            document += u'\n';
            break;
        default:
            document += QString::fromUtf8("\xF0\x9F\x98\x80"); // one emoji: two UTF-16 units
        }
    }
    return document;
}

/** An op on a document of baseLength units: random retains, inserts and deletes. */
TextOperation makeOp(FuzzedDataProvider &data, qsizetype baseLength)
{
    TextOperation op;
    qsizetype left = baseLength;
    while (left > 0 || data.ConsumeBool()) {
        if (data.remaining_bytes() == 0) {
            op.retain(left);
            break;
        }
        const int kind = data.ConsumeIntegralInRange(0, 2);
        if (kind == 2 || left == 0) {
            QString text;
            const int n = data.ConsumeIntegralInRange(1, 4);
            for (int i = 0; i < n; ++i)
                text += data.ConsumeBool() ? QStringLiteral("X")
                                           : QString::fromUtf8("\xF0\x9F\x92\xA1");
            op.insert(text);
            if (left == 0 && data.ConsumeBool())
                break;
            continue;
        }
        const qsizetype n = data.ConsumeIntegralInRange<qsizetype>(1, left);
        if (kind == 0)
            op.retain(n);
        else
            op.remove(n);
        left -= n;
    }
    return op;
}

/** The model: walks the components over a copy, refusing any boundary inside a pair. */
std::optional<QString> modelApply(const TextOperation &op, const QString &document)
{
    if (op.baseLength() != document.size())
        return std::nullopt;
    const auto splitsPair = [&](qsizetype at) {
        return at > 0 && at < document.size() && document.at(at - 1).isHighSurrogate() &&
                document.at(at).isLowSurrogate();
    };
    QString out;
    qsizetype at = 0;
    for (const TextOperation::Component &c : op.components()) {
        if (splitsPair(at))
            return std::nullopt;
        switch (c.kind) {
        case TextOperation::Kind::Retain:
            out += document.mid(at, c.length);
            at += c.length;
            break;
        case TextOperation::Kind::Insert:
            out += c.text;
            break;
        case TextOperation::Kind::Delete:
            at += c.length;
            break;
        }
    }
    if (splitsPair(at))
        return std::nullopt;
    return out;
}

void roundTrip(const TextOperation &op)
{
    const OtResult<TextOperation> back = TextOperation::fromJsonText(op.toJsonText());
    fuzzCheck("fuzz_textoperation", back && back.value() == op, "toJson/fromJson changed an op");
}

/** True when read is what QJsonDocument's reading of json gives: the same op or error. */
bool readAsQJsonDocumentReads(const QByteArray &json, const OtResult<TextOperation> &read)
{
    QJsonParseError error;
    const QJsonDocument doc = JsonText::parse(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return !read &&
                (read.error().code() == OtError::Code::MalformedJson ||
                 read.error().code() == OtError::Code::NotAnArray);
    const OtResult<TextOperation> expected = TextOperation::fromJson(doc.array());
    if (bool(read) != bool(expected))
        return false;
    return read ? read.value() == expected.value()
                : read.error().code() == expected.error().code() &&
                    read.error().message() == expected.error().message();
}

void raw(FuzzedDataProvider &data)
{
    const std::string bytes = data.ConsumeRemainingBytesAsString();
    const QByteArray json(bytes.data(), qsizetype(bytes.size()));
    const OtResult<TextOperation> op = TextOperation::fromJsonText(json);
    fuzzCheck("fuzz_textoperation", readAsQJsonDocumentReads(json, op),
              "fromJsonText() reads the text otherwise than QJsonDocument");
    if (op)
        roundTrip(op.value());
}

/** An independent copy of op: its inserts in strings of their own, which the taking forms take. */
TextOperation unshared(const TextOperation &op)
{
    return TextOperation::fromJsonText(op.toJsonText()).value();
}

void inPlaceForms(FuzzedDataProvider &data, const TextOperation &a, const QString &applied)
{
    // After a, an op of any lengths and places: it may cut a pair that a inserted.
    const TextOperation c = makeOp(data, applied.size());
    const OtResult<TextOperation> copied = TextOperation::compose(a, c);
    TextOperation taken = unshared(a);
    const OtResult<TextOperation> took = TextOperation::compose(std::move(taken), c);
    fuzzCheck("fuzz_textoperation",
              bool(copied) == bool(took) && (copied ? took.value() == copied.value() : taken == a),
              "compose() taking its first op differs from compose()");
    QString inPlace(applied.constData(), applied.size());
    const OtStatus status = c.applyInPlace(inPlace);
    const OtResult<QString> expected = c.apply(applied);
    fuzzCheck("fuzz_textoperation",
              bool(status) == bool(expected) && inPlace == (expected ? expected.value() : applied),
              "applyInPlace() differs from apply()");
}

void model(FuzzedDataProvider &data)
{
    const QString document = makeDocument(data);
    const TextOperation a = makeOp(data, document.size());
    const TextOperation b = makeOp(data, document.size());
    roundTrip(a);

    const std::optional<QString> expected = modelApply(a, document);
    const OtResult<QString> applied = a.apply(document);
    fuzzCheck("fuzz_textoperation", bool(expected) == bool(applied),
              "apply() and the model disagree on validity");
    if (!applied)
        return;
    fuzzCheck("fuzz_textoperation", applied.value() == *expected,
              "apply() and the model disagree on the text");
    fuzzCheck("fuzz_textoperation", applied.value().size() == a.targetLength(),
              "targetLength is wrong");

    const OtResult<TextOperation> inverse = a.invert(document);
    fuzzCheck("fuzz_textoperation", bool(inverse), "invert() failed on an op that applies");
    const OtResult<QString> undone = inverse.value().apply(applied.value());
    fuzzCheck("fuzz_textoperation", undone && undone.value() == document, "invert() does not undo");

    // Sent in parts (as a client sends a large paste): the parts apply in turn, each within
    // its size, never splitting a pair, and end where the whole op does.
    const qsizetype maxPart = data.ConsumeIntegralInRange<qsizetype>(0, 8);
    QString inParts = document;
    std::optional<TextOperation> rest = a;
    for (int parts = 0; rest; ++parts) {
        fuzzCheck("fuzz_textoperation", parts <= a.insertedLength(), "splitInserts() loops");
        auto [part, next] = rest->splitInserts(maxPart);
        const auto [takenPart, takenNext] = unshared(*rest).splitInserts(maxPart);
        fuzzCheck("fuzz_textoperation", takenPart == part && takenNext == next,
                  "splitInserts() taking its op differs from splitInserts()");
        fuzzCheck("fuzz_textoperation", part.insertedLength() <= qMax<qsizetype>(maxPart, 2),
                  "a part of splitInserts() inserts too much");
        const OtResult<QString> step = part.apply(inParts);
        fuzzCheck("fuzz_textoperation", bool(step), "a part of splitInserts() does not apply");
        inParts = step.value();
        rest = std::move(next);
    }
    fuzzCheck("fuzz_textoperation", inParts == applied.value(),
              "the parts of splitInserts() differ from the op");
    inPlaceForms(data, a, applied.value());

    const OtResult<QString> afterB = b.apply(document);
    if (!afterB)
        return; // b splits a pair: nothing concurrent to check
    const OtResult<std::pair<TextOperation, TextOperation>> pair = TextOperation::transform(a, b);
    fuzzCheck("fuzz_textoperation", bool(pair), "transform() failed on two ops of one document");
    const OtResult<QString> ab = pair.value().second.apply(applied.value());
    const OtResult<QString> ba = pair.value().first.apply(afterB.value());
    fuzzCheck("fuzz_textoperation", ab && ba, "a transformed op does not apply");
    fuzzCheck("fuzz_textoperation", ab.value() == ba.value(), "transform() does not converge");

    const OtResult<TextOperation> composed = TextOperation::compose(a, pair.value().second);
    fuzzCheck("fuzz_textoperation", bool(composed), "compose() failed on consecutive ops");
    const OtResult<QString> once = composed.value().apply(document);
    fuzzCheck("fuzz_textoperation", once && once.value() == ab.value(),
              "compose() differs from applying in turn");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    FuzzedDataProvider data(bytes, size);
    if (data.ConsumeBool())
        raw(data);
    else
        model(data);
    return 0;
}
