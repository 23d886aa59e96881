// SPDX-License-Identifier: GPL-3.0-or-later
// TextOperation: builders, normalisation, the JSON wire form, apply/invert/compose/
// transform on hand-picked cases, and every bad input with its documented error.
#include "textoperation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using Code = OtError::Code;

namespace {
TextOperation parse(const char *json)
{
    OtResult<TextOperation> op = TextOperation::fromJsonText(QByteArrayView(json));
    if (!op)
        qFatal("test input %s does not parse: %s", json, qPrintable(op.error().message()));
    return op.value();
}
QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}
/** text in a string of its own with room to grow, as a long note or a paste is. */
QString roomy(QStringView text)
{
    QString s;
    s.reserve(64);
    s.append(text);
    return s;
}
/** The text of op's last insert. */
const QString &insertOf(const TextOperation &op)
{
    for (auto c = op.components().crbegin(); c != op.components().crend(); ++c)
        if (c->kind == TextOperation::Kind::Insert)
            return c->text;
    qFatal("the op inserts nothing");
}
} // namespace

class TestTextOperation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void replacingKeepsPrefixAndSuffixWithoutSplittingPairs();
    void buildersTrackLengths();
    void buildersMergeAndSkipEmpty();
    void insertGoesBeforeDelete();
    void isNoop();
    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void fromJsonNormalisesLikeOtJs();
    void applyEdits();
    void applyRejectsLengthMismatch();
    void applyRejectsSplitSurrogatePair();
    void applyAcceptsWholeSurrogatePairs();
    void invertUndoes();
    void composeExample();
    void splitInsertsKeepsPairsWholeAndTheRestInOrder();
    void composeRejectsLengthMismatch();
    void composeRejectsSplittingAnInsertedPair();
    void applyInPlaceEditsTheDocumentItself();
    void applyInPlaceGrowsAFullDocumentAtItsEndAndInside();
    void composeTakingItsFirstOpGrowsTheInsertInPlace();
    void composeSharesAnInsertItKeepsWhole();
    void splitInsertsTakingTheOpCutsTheRestInPlace();
    void transformExample();
    void transformTieBreakPutsFirstArgumentFirst();
    void transformRejectsLengthMismatch();
    void transformPosition_data();
    void transformPosition();
    void transformRangeKeepsCollapsedRangesCollapsed();
    void badInput_data();
    void badInput();
    void nonFiniteNumbersAreRejected();
    void limitsAreConfigurable();
    void errorCodeNamesAreStable();
};

void TestTextOperation::buildersTrackLengths()
{
    TextOperation op;
    QCOMPARE(op.baseLength(), 0);
    QCOMPARE(op.targetLength(), 0);
    op.retain(5);
    QCOMPARE(op.baseLength(), 5);
    QCOMPARE(op.targetLength(), 5);
    op.insert(QStringLiteral("abc"));
    QCOMPARE(op.baseLength(), 5);
    QCOMPARE(op.targetLength(), 8);
    op.retain(2);
    QCOMPARE(op.baseLength(), 7);
    QCOMPARE(op.targetLength(), 10);
    op.remove(2);
    QCOMPARE(op.baseLength(), 9);
    QCOMPARE(op.targetLength(), 10);
}

void TestTextOperation::buildersMergeAndSkipEmpty()
{
    TextOperation op;
    op.retain(0).insert(QString()).remove(0);
    QCOMPARE(op.components().size(), 0);
    op.retain(2).retain(3);
    QCOMPARE(op.components().size(), 1);
    op.insert(QStringLiteral("a")).insert(QStringLiteral("b"));
    QCOMPARE(op.components().size(), 2);
    QCOMPARE(op.components().last().text, QStringLiteral("ab"));
    op.remove(1).remove(2);
    QCOMPARE(op.components().size(), 3);
    QCOMPARE(op.components().last().length, 3);
    QCOMPARE(op.toJsonText(), QByteArray(R"([5,"ab",-3])"));
}

void TestTextOperation::insertGoesBeforeDelete()
{
    TextOperation a;
    a.remove(3).insert(QStringLiteral("xyz"));
    TextOperation b;
    b.insert(QStringLiteral("xyz")).remove(3);
    QCOMPARE(a, b);
    QCOMPARE(a.toJsonText(), QByteArray(R"(["xyz",-3])"));
    // A later insert after insert+delete joins the earlier insert.
    a.insert(QStringLiteral("!"));
    QCOMPARE(a.toJsonText(), QByteArray(R"(["xyz!",-3])"));
}

void TestTextOperation::isNoop()
{
    QVERIFY(TextOperation().isNoop());
    QVERIFY(TextOperation().retain(5).isNoop());
    QVERIFY(!TextOperation().retain(5).insert(QStringLiteral("x")).isNoop());
    QVERIFY(!TextOperation().remove(1).isNoop());
}

void TestTextOperation::jsonRoundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty") << QByteArray("[]");
    QTest::newRow("retain") << QByteArray("[7]");
    QTest::newRow("mixed") << QByteArray(R"([5,"abc",-3,10])");
    QTest::newRow("unicode") << QByteArray(R"(["h\u00e9llo \ud83d\ude00",-2])");
    QTest::newRow("escapes") << QByteArray(R"([1,"a\"b\\c\n",1])");
}

void TestTextOperation::jsonRoundTrip()
{
    QFETCH(QByteArray, json);
    const OtResult<TextOperation> op = TextOperation::fromJsonText(json);
    QVERIFY2(op, qPrintable(op ? QString() : op.errorMessage()));
    const OtResult<TextOperation> again = TextOperation::fromJsonText(op->toJsonText());
    QVERIFY(again);
    QCOMPARE(again.value(), op.value());
    QCOMPARE(QJsonDocument::fromJson(op->toJsonText()).array(),
             QJsonDocument::fromJson(json).array());
}

void TestTextOperation::fromJsonNormalisesLikeOtJs()
{
    QCOMPARE(parse("[2,3]").toJsonText(), QByteArray("[5]"));
    QCOMPARE(parse(R"([-3,"abc"])").toJsonText(), QByteArray(R"(["abc",-3])"));
    QCOMPARE(parse(R"(["a","b",-1,-1])").toJsonText(), QByteArray(R"(["ab",-2])"));
    // ot.js treats "" as a no-op insert; so do we.
    QCOMPARE(parse(R"([1,"",1])").toJsonText(), QByteArray("[2]"));
    // Two halves of one pair in adjacent inserts merge into a well-formed insert.
    QCOMPARE(parse(R"(["\ud83d","\ude00"])").components().first().text, u("😀"));
}

void TestTextOperation::applyEdits()
{
    QCOMPARE(parse(R"([5," brave new",6])").apply(QStringLiteral("hello world")).value(),
             QStringLiteral("hello brave new world"));
    QCOMPARE(parse(R"([-6,5])").apply(QStringLiteral("hello world")).value(),
             QStringLiteral("world"));
    QCOMPARE(parse(R"(["x"])").apply(QString()).value(), QStringLiteral("x"));
    QCOMPARE(parse("[]").apply(QString()).value(), QString());
    QCOMPARE(parse(R"([1,"é",-1])").apply(QStringLiteral("ab")).value(), u("aé"));
}

void TestTextOperation::applyRejectsLengthMismatch()
{
    const OtResult<QString> tooShort = parse("[3]").apply(QStringLiteral("abcd"));
    QVERIFY(!tooShort);
    QCOMPARE(tooShort.error().code(), Code::BaseLengthMismatch);
    QVERIFY(tooShort.error().message().contains(QLatin1String("(3)")));
    QVERIFY(tooShort.error().message().contains(QLatin1String("(4)")));
    QCOMPARE(parse("[5]").apply(QStringLiteral("abcd")).error().code(), Code::BaseLengthMismatch);
}

void TestTextOperation::applyRejectsSplitSurrogatePair()
{
    const QString doc = u("a😀b"); // a, high, low, b: 4 units
    QCOMPARE(doc.size(), 4);
    const char *splitting[] = {
            R"([2,"x",2])", // insert between high and low
            R"([2,-1,1])",  // delete the low half
            R"([1,-1,2])",  // delete the high half
            R"([2,-2])",    // delete from the middle
    };
    for (const char *json : splitting) {
        const TextOperation op = parse(json);
        const OtResult<QString> result = op.apply(doc);
        QVERIFY2(!result, json);
        QCOMPARE(result.error().code(), Code::SplitsSurrogatePair);
        QCOMPARE(op.invert(doc).error().code(), Code::SplitsSurrogatePair);
    }
}

void TestTextOperation::applyAcceptsWholeSurrogatePairs()
{
    const QString doc = u("a😀b");
    QCOMPARE(parse(R"([1,-2,1])").apply(doc).value(), QStringLiteral("ab"));
    QCOMPARE(parse(R"([3,"🎉",1])").apply(doc).value(), u("a😀🎉b"));
    QCOMPARE(parse(R"([1,"x",3])").apply(doc).value(), u("ax😀b"));
}

void TestTextOperation::invertUndoes()
{
    const QString doc = QStringLiteral("hello world");
    const TextOperation op = parse(R"([-5,"bye",6])");
    const TextOperation inverse = op.invert(doc).value();
    QCOMPARE(inverse.toJsonText(), QByteArray(R"(["hello",-3,6])"));
    QCOMPARE(inverse.apply(op.apply(doc).value()).value(), doc);
    QCOMPARE(parse("[3]").invert(QStringLiteral("abcd")).error().code(), Code::BaseLengthMismatch);
}

void TestTextOperation::splitInsertsKeepsPairsWholeAndTheRestInOrder()
{
    // "ab😀cd" pasted into "xy" after "x", deleting the "y": parts of at most 3 units.
    const TextOperation op = TextOperation().retain(1).insert(QStringLiteral("ab😀cd")).remove(1);
    QCOMPARE(op.insertedLength(), 6);
    QCOMPARE(op.deletedLength(), 1);
    auto [first, rest] = op.splitInserts(3);
    // "ab" and the high surrogate would be 3 units: the cut goes before the pair.
    QCOMPARE(first, TextOperation().retain(1).insert(QStringLiteral("ab")).retain(1));
    QVERIFY(rest);
    QCOMPARE(*rest, TextOperation().retain(3).insert(QStringLiteral("😀cd")).remove(1));
    QCOMPARE(TextOperation::compose(first, *rest).value(), op);
    // An op that fits is itself, with nothing after it.
    auto [whole, none] = op.splitInserts(6);
    QCOMPARE(whole, op);
    QVERIFY(!none);
    // Even a limit under one character lets a whole pair through.
    auto [pair, after] = TextOperation().insert(QStringLiteral("😀z")).splitInserts(1);
    QCOMPARE(pair, TextOperation().insert(QStringLiteral("😀")));
    QCOMPARE(*after, TextOperation().retain(2).insert(QStringLiteral("z")));
}

void TestTextOperation::composeExample()
{
    const TextOperation a = parse(R"([3,"XY",-2,1])"); // abcdef -> abcXYf
    const TextOperation b = parse(R"([-1,4,"!",1])");  // abcXYf -> bcXY!f
    const TextOperation ab = TextOperation::compose(a, b).value();
    QCOMPARE(ab.apply(QStringLiteral("abcdef")).value(), QStringLiteral("bcXY!f"));
    QCOMPARE(ab.toJsonText(), QByteArray(R"([-1,2,"XY!",-2,1])"));
}

void TestTextOperation::composeRejectsLengthMismatch()
{
    const OtResult<TextOperation> r = TextOperation::compose(parse("[3]"), parse("[4]"));
    QVERIFY(!r);
    QCOMPARE(r.error().code(), Code::ComposeLengthMismatch);
}

void TestTextOperation::composeRejectsSplittingAnInsertedPair()
{
    const TextOperation a = parse(R"(["😀"])");
    const TextOperation b = parse(R"([1,-1])");
    const OtResult<TextOperation> r = TextOperation::compose(a, b);
    QVERIFY(!r);
    QCOMPARE(r.error().code(), Code::SplitsSurrogatePair);
    // Taking a, it fails the same and leaves a as it was.
    TextOperation taken = parse(R"(["x😀y"])");
    const OtResult<TextOperation> t = TextOperation::compose(std::move(taken), parse(R"([2,-2])"));
    QVERIFY(!t);
    QCOMPARE(t.error().code(), Code::SplitsSurrogatePair);
    QCOMPARE(taken, parse(R"(["x😀y"])"));
}

void TestTextOperation::applyInPlaceEditsTheDocumentItself()
{
    QString doc = roomy(u"hello world");
    const QChar *storage = doc.constData();
    QVERIFY(TextOperation().retain(5).insert(QStringLiteral(",")).retain(6).applyInPlace(doc));
    QCOMPARE(doc, QStringLiteral("hello, world"));
    QCOMPARE(doc.constData(), storage); // no copy
    QVERIFY(TextOperation()
                    .retain(7)
                    .insert(QStringLiteral("W"))
                    .remove(1)
                    .retain(4)
                    .applyInPlace(doc));
    QCOMPARE(doc, QStringLiteral("hello, World"));
    QCOMPARE(doc.constData(), storage);
    // A document shared with another string: that one keeps its text.
    const QString before = doc;
    QVERIFY(TextOperation().remove(7).retain(5).applyInPlace(doc));
    QCOMPARE(doc, QStringLiteral("World"));
    QCOMPARE(before, QStringLiteral("hello, World"));
    // Many changes at once (a replacement) give the same as apply().
    const TextOperation many = parse(R"([1,"a",-1,1,"b",-1,"c",1])");
    QString letters = roomy(u"xyzwv");
    QVERIFY(many.applyInPlace(letters));
    QCOMPARE(letters, many.apply(QStringLiteral("xyzwv")).value());
    // A refused op leaves the document alone.
    QString pair = roomy(u"a😀b");
    QCOMPARE(TextOperation().retain(2).remove(2).applyInPlace(pair).error().code(),
             Code::SplitsSurrogatePair);
    QCOMPARE(TextOperation().retain(3).applyInPlace(pair).error().code(), Code::BaseLengthMismatch);
    QCOMPARE(pair, QStringLiteral("a😀b"));
    // What applying in place moves: the text after the changed stretch, or all of it.
    QCOMPARE(TextOperation().retain(3).insert(QStringLiteral("x")).retain(7).unitsMovedInPlace(10),
             7);
    QCOMPARE(TextOperation().retain(10).insert(QStringLiteral("x")).unitsMovedInPlace(10), 0);
    QCOMPARE(TextOperation().remove(2).retain(8).unitsMovedInPlace(10), 10);
    QCOMPARE(many.unitsMovedInPlace(5), 5);
}

void TestTextOperation::applyInPlaceGrowsAFullDocumentAtItsEndAndInside()
{
    // Documents with no room left (as read from the cache: exactly their size), grown by
    // typing at the end, inside, at the start, and by an insert with a deletion after it.
    const auto full = [](qsizetype units) {
        QString text(units, QChar(u'n'));
        text.squeeze();
        return text;
    };
    struct Case
    {
        const char *name;
        TextOperation (*edit)(qsizetype length, int i);
    };
    const Case cases[] = {
            {"at the end",
             [](qsizetype length, int i) {
                 return TextOperation().retain(length).insert(QString(QChar(u'a' + i % 26)));
             }},
            {"inside",
             [](qsizetype length, int) {
                 return TextOperation()
                         .retain(length / 3)
                         .insert(QStringLiteral("in"))
                         .retain(length - length / 3);
             }},
            {"at the start",
             [](qsizetype length, int) {
                 return TextOperation().insert(QStringLiteral("s")).retain(length);
             }},
            {"replacing",
             [](qsizetype length, int) {
                 return TextOperation()
                         .retain(2)
                         .insert(QStringLiteral("xyz"))
                         .remove(1)
                         .retain(length - 3);
             }},
    };
    for (const Case &c : cases) {
        QString inPlace = full(5000);
        QString expected = full(5000); // not sharing inPlace's text, which is edited in place
        for (int i = 0; i < 300; ++i) {
            const TextOperation op = c.edit(inPlace.size(), i);
            QVERIFY2(op.applyInPlace(inPlace), c.name);
            expected = op.apply(expected).value();
            if (inPlace != expected)
                QFAIL(qPrintable(QStringLiteral("%1: differs after edit %2")
                                         .arg(QLatin1String(c.name))
                                         .arg(i + 1)));
            if (i % 50 == 0)
                inPlace.squeeze(); // full again
        }
    }
}

void TestTextOperation::composeTakingItsFirstOpGrowsTheInsertInPlace()
{
    // A paste waiting to be sent, then a keystroke after it: the paste's text grows.
    TextOperation paste = TextOperation().retain(2).insert(roomy(u"pasted")).retain(1);
    const QChar *storage = insertOf(paste).constData();
    const TextOperation keystroke = TextOperation().retain(8).insert(QStringLiteral("!")).retain(1);
    const TextOperation copied = TextOperation::compose(paste, keystroke).value();
    QVERIFY(insertOf(copied).constData() != storage); // the copying form writes a new string
    const TextOperation taken = TextOperation::compose(std::move(paste), keystroke).value();
    QCOMPARE(taken, copied);
    QCOMPARE(taken, TextOperation().retain(2).insert(QStringLiteral("pasted!")).retain(1));
    QCOMPARE(insertOf(taken).constData(), storage);
}

void TestTextOperation::composeSharesAnInsertItKeepsWhole()
{
    // Typing before a waiting paste leaves the paste as it is: shared, not copied.
    const TextOperation paste = TextOperation().retain(2).insert(roomy(u"pasted"));
    const TextOperation keystroke = TextOperation().retain(1).insert(QStringLiteral("k")).retain(7);
    const TextOperation composed = TextOperation::compose(paste, keystroke).value();
    QCOMPARE(composed, parse(R"([1,"k",1,"pasted"])"));
    QCOMPARE(insertOf(composed).constData(), insertOf(paste).constData());
}

void TestTextOperation::splitInsertsTakingTheOpCutsTheRestInPlace()
{
    TextOperation paste = TextOperation().insert(roomy(u"a long paste"));
    const QChar *storage = insertOf(paste).constData();
    auto [part, rest] = std::move(paste).splitInserts(3);
    QCOMPARE(part, TextOperation().insert(QStringLiteral("a l")));
    QCOMPARE(*rest, TextOperation().retain(3).insert(QStringLiteral("ong paste")));
    QCOMPARE(insertOf(*rest).constData(), storage + 3); // the same string, its start moved
}

void TestTextOperation::transformExample()
{
    const QString doc = QStringLiteral("go home");
    const TextOperation a = parse(R"([3,"back ",4])"); // go back home
    const TextOperation b = parse(R"([-3,4,"!"])");    // home!
    const auto [aPrime, bPrime] = TextOperation::transform(a, b).value();
    const QString viaA = bPrime.apply(a.apply(doc).value()).value();
    const QString viaB = aPrime.apply(b.apply(doc).value()).value();
    QCOMPARE(viaA, QStringLiteral("back home!"));
    QCOMPARE(viaB, viaA);
}

void TestTextOperation::transformTieBreakPutsFirstArgumentFirst()
{
    const TextOperation a = parse(R"([1,"A",1])");
    const TextOperation b = parse(R"([1,"B",1])");
    const auto [aPrime, bPrime] = TextOperation::transform(a, b).value();
    QCOMPARE(aPrime.toJsonText(), QByteArray(R"([1,"A",2])"));
    QCOMPARE(bPrime.toJsonText(), QByteArray(R"([2,"B",1])"));
    QCOMPARE(bPrime.apply(a.apply(QStringLiteral("xy")).value()).value(), QStringLiteral("xABy"));
}

void TestTextOperation::transformRejectsLengthMismatch()
{
    const auto r = TextOperation::transform(parse("[3]"), parse("[4]"));
    QVERIFY(!r);
    QCOMPARE(r.error().code(), Code::TransformLengthMismatch);
}

void TestTextOperation::transformPosition_data()
{
    QTest::addColumn<QByteArray>("op");
    QTest::addColumn<qsizetype>("before");
    QTest::addColumn<qsizetype>("after");
    QTest::newRow("insert before cursor shifts it")
            << QByteArray(R"([1,"ab",4])") << qsizetype(3) << qsizetype(5);
    QTest::newRow("insert at cursor pushes it")
            << QByteArray(R"([3,"ab",2])") << qsizetype(3) << qsizetype(5);
    QTest::newRow("insert after cursor leaves it")
            << QByteArray(R"([4,"ab",1])") << qsizetype(3) << qsizetype(3);
    QTest::newRow("delete before cursor pulls it")
            << QByteArray(R"([-2,3])") << qsizetype(3) << qsizetype(1);
    QTest::newRow("delete around cursor collapses it")
            << QByteArray(R"([1,-3,1])") << qsizetype(3) << qsizetype(1);
    QTest::newRow("delete after cursor leaves it")
            << QByteArray(R"([3,-2])") << qsizetype(3) << qsizetype(3);
    QTest::newRow("cursor at end, insert at end")
            << QByteArray(R"([5,"x"])") << qsizetype(5) << qsizetype(6);
    QTest::newRow("cursor at 0, delete all") << QByteArray("[-5]") << qsizetype(0) << qsizetype(0);
}

void TestTextOperation::transformPosition()
{
    QFETCH(QByteArray, op);
    QFETCH(qsizetype, before);
    QFETCH(qsizetype, after);
    QCOMPARE(parse(op.constData()).transformPosition(before), after);
}

void TestTextOperation::transformRangeKeepsCollapsedRangesCollapsed()
{
    const TextOperation op = parse(R"([1,"ab",-1,3])");
    QCOMPARE(op.transformRange({2, 2}), (TextRange{3, 3}));
    QCOMPARE(op.transformRange({0, 4}), (TextRange{0, 5}));
    QCOMPARE(op.transformRange({4, 0}), (TextRange{5, 0}));
}

void TestTextOperation::badInput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("code");
    const auto row = [](const char *name, const char *json, Code code) {
        QTest::newRow(name) << QByteArray(json) << int(code);
    };
    row("not JSON", "[1, 2", Code::MalformedJson);
    row("garbage", "\x01\x02", Code::MalformedJson);
    row("empty text", "", Code::MalformedJson);
    row("object", R"({"ops":[1]})", Code::NotAnArray);
    row("bare number", "5", Code::NotAnArray);
    row("bare string", R"("abc")", Code::NotAnArray);
    row("null component", "[1,null]", Code::BadComponent);
    row("bool component", "[true]", Code::BadComponent);
    row("object component", R"([{"retain":1}])", Code::BadComponent);
    row("nested array", "[[1]]", Code::BadComponent);
    row("zero retain", "[0]", Code::ZeroCount);
    row("negative zero", "[-0]", Code::ZeroCount);
    row("zero between", R"([1,0,"a"])", Code::ZeroCount);
    row("fraction", "[1.5]", Code::NonInteger);
    row("negative fraction", "[-0.25]", Code::NonInteger);
    row("tiny fraction", "[1e-300]", Code::NonInteger);
    row("huge", "[1e300]", Code::CountOutOfRange);
    row("huge delete", "[-1e300]", Code::CountOutOfRange);
    row("beyond 2^31", "[2147483648]", Code::CountOutOfRange);
    row("beyond 2^53", "[9007199254740993]", Code::CountOutOfRange);
    row("lone high surrogate", R"(["a\ud83d"])", Code::LoneSurrogate);
    row("lone low surrogate", R"(["\ude00b"])", Code::LoneSurrogate);
    row("pair halves split by retain", R"(["\ud83d",1,"\ude00"])", Code::LoneSurrogate);
}

void TestTextOperation::badInput()
{
    QFETCH(QByteArray, json);
    QFETCH(int, code);
    const OtResult<TextOperation> op = TextOperation::fromJsonText(json);
    QVERIFY2(!op, json.constData());
    QCOMPARE(int(op.error().code()), code);
    QVERIFY(!op.error().message().isEmpty());
}

void TestTextOperation::nonFiniteNumbersAreRejected()
{
    // JSON text cannot spell NaN or Infinity, but a QJsonValue built in code can hold them.
    for (const double bad : {qQNaN(), qInf(), -qInf()}) {
        const OtResult<TextOperation> op = TextOperation::fromJson(QJsonArray{1, bad});
        QVERIFY(!op);
        QCOMPARE(op.error().code(), Code::NonInteger);
    }
}

void TestTextOperation::limitsAreConfigurable()
{
    OtLimits limits;
    limits.maxComponents = 3;
    limits.maxInsertedUnits = 4;
    limits.maxCount = 100;
    QVERIFY(TextOperation::fromJsonText(R"([1,"ab",-1])", limits));
    QCOMPARE(TextOperation::fromJsonText(R"([1,"ab",-1,1])", limits).error().code(),
             Code::TooManyComponents);
    QCOMPARE(TextOperation::fromJsonText(R"(["abc",1,"de"])", limits).error().code(),
             Code::TooLarge);
    QCOMPARE(TextOperation::fromJsonText("[101]", limits).error().code(), Code::CountOutOfRange);
    QVERIFY(TextOperation::fromJsonText("[100]", limits));
    // The limit counts components after merging too: [1,1,1] becomes one retain.
    QVERIFY(TextOperation::fromJsonText("[1,1,1]", limits));
}

void TestTextOperation::errorCodeNamesAreStable()
{
    QCOMPARE(OtError(Code::BaseLengthMismatch, {}).codeName(),
             QStringLiteral("base_length_mismatch"));
    QCOMPARE(OtError(Code::SplitsSurrogatePair, {}).codeName(),
             QStringLiteral("splits_surrogate_pair"));
    QCOMPARE(OtError(Code::MalformedJson, {}).codeName(), QStringLiteral("malformed_json"));
}

void TestTextOperation::replacingKeepsPrefixAndSuffixWithoutSplittingPairs()
{
    const TextOperation op = TextOperation::replacing(QStringLiteral("milk, eggs"),
                                                      QStringLiteral("milk, bread, eggs"));
    QCOMPARE(op, TextOperation().retain(6).insert(QStringLiteral("bread, ")).retain(4));
    QVERIFY(TextOperation::replacing(QStringLiteral("same"), QStringLiteral("same")).isNoop());
    // 😀 and 😁 share their high surrogate: the op replaces the whole character.
    const QString grin = QString::fromUtf8("a\xF0\x9F\x98\x80"
                                           "b");
    const QString beam = QString::fromUtf8("a\xF0\x9F\x98\x81"
                                           "b");
    const TextOperation pair = TextOperation::replacing(grin, beam);
    QCOMPARE(pair, TextOperation().retain(1).insert(beam.mid(1, 2)).remove(2).retain(1));
    QCOMPARE(pair.apply(grin).value(), beam);
    for (const auto &[from, to] : std::initializer_list<std::pair<QString, QString>>{
                 {QString(), QStringLiteral("new")},
                 {QStringLiteral("old"), QString()},
                 {QStringLiteral("abcabc"), QStringLiteral("abc")},
                 {grin, grin + grin}})
        QCOMPARE(TextOperation::replacing(from, to).apply(from).value(), to);
}

QTEST_GUILESS_MAIN(TestTextOperation)
#include "tst_textoperation.moc"
