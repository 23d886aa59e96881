// SPDX-License-Identifier: GPL-3.0-or-later
// An op's JSON text (TextOperation::toJsonText and fromJsonText) is read and written without
// QJsonDocument; it must be exactly what QJsonDocument writes and reads (through
// JsonText::parse, which keeps a U+FEFF starting a string): the same bytes out, the same ops
// and the same errors in. Edge cases by hand, then seeded random ops and random damage to
// their text. The seed is printed; rerun one with TANDEM_TEST_SEED=<seed>.
#include "jsontext.h"
#include "testseed.h"
#include "textoperation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRandomGenerator>
#include <QTest>

namespace {

using Code = OtError::Code;

/** What fromJsonText gave when it read every op with QJsonDocument. */
OtResult<TextOperation> viaQJsonDocument(const QByteArray &json, const OtLimits &limits)
{
    QJsonParseError error;
    const QJsonDocument doc = JsonText::parse(json, &error);
    if (error.error != QJsonParseError::NoError)
        return OtError(Code::MalformedJson, error.errorString());
    if (!doc.isArray())
        return OtError(Code::NotAnArray, QStringLiteral("not an array"));
    return TextOperation::fromJson(doc.array(), limits);
}

/** Empty when fromJsonText(json) gives what QJsonDocument's reading gives, else how not. */
QString difference(const QByteArray &json, const OtLimits &limits = {})
{
    const OtResult<TextOperation> read = TextOperation::fromJsonText(json, limits);
    const OtResult<TextOperation> expected = viaQJsonDocument(json, limits);
    const auto show = [](const OtResult<TextOperation> &r) {
        return r ? QStringLiteral("op %1").arg(QString::fromUtf8(r.value().toJsonText()))
                 : QStringLiteral("error %1 (%2)").arg(r.error().codeName(), r.error().message());
    };
    bool same = bool(read) == bool(expected);
    if (same && read) {
        same = read.value() == expected.value();
    } else if (same && expected.error().code() == Code::MalformedJson) {
        // A text QJsonDocument cannot parse: fromJsonText's message is its own wording of it.
        same = read.error().code() == Code::MalformedJson ||
                read.error().code() == Code::NotAnArray;
    } else if (same && expected.error().code() != Code::NotAnArray) {
        same = read.error().code() == expected.error().code() &&
                read.error().message() == expected.error().message();
    } else if (same) {
        same = read.error().code() == Code::NotAnArray;
    }
    if (same)
        return {};
    return QStringLiteral("%1: read as %2, QJsonDocument reads %3")
            .arg(QString::fromLatin1(json.toPercentEncoding(" []\",-:{}")), show(read),
                 show(expected));
}

/** Units that JSON text escapes, encodes in 1 to 4 UTF-8 bytes, or cannot encode. */
constexpr char16_t TrickyUnits[] = {
        0x0000, 0x0001, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x001F, u' ',
        u'"',   u'\\',  u'/',   u'a',   u'Z',   u'0',   0x007F, 0x0080, 0x00E9, 0x00FF,
        0x07FF, 0x0800, 0x20AC, 0xD7FF, 0xE000, 0xFDD0, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF,
};

class Generator
{
public:
    explicit Generator(quint32 seed)
        : m_rng(seed)
    { }

    int below(int n) { return int(m_rng.bounded(n)); }

    /** Mostly tricky units, surrogate pairs, and (when unpaired) now and then half of one. */
    QString text(int units, bool unpaired = true)
    {
        QString s;
        while (s.size() < units) {
            const int kind = below(20);
            if (kind < 3) {
                s += QString::fromUtf8("\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF").mid(2 * below(2), 2);
            } else if (kind == 3 && unpaired) {
                s += QChar(char16_t(below(2) ? 0xD83D : 0xDE00)); // unpaired
            } else {
                s += QChar(TrickyUnits[below(int(std::size(TrickyUnits)))]);
            }
        }
        return s;
    }

    TextOperation operation()
    {
        TextOperation op;
        for (int n = below(6); n > 0; --n) {
            const int kind = below(3);
            const qsizetype count = below(4) == 0 ? 0x7fffffff - below(3) : 1 + below(300);
            if (kind == 0)
                op.retain(count);
            else if (kind == 1)
                op.remove(count);
            else
                op.insert(text(1 + below(12)));
        }
        return op;
    }

    /** json with a few bytes replaced, inserted or removed, from bytes that matter to JSON. */
    QByteArray damaged(QByteArray json)
    {
        static const QByteArray bytes(
                "\"\\,[]{}u0159-.eE \t\nxtn/\x01\x7f\x80\xbf\xc3\xed\xef\xf0\xf4\xff");
        for (int n = 1 + below(3); n > 0; --n) {
            const qsizetype at = below(int(json.size() + 1));
            const char byte = bytes.at(below(int(bytes.size())));
            const int how = below(3);
            if (how == 0 && at < json.size())
                json[at] = byte;
            else if (how == 1 && at < json.size())
                json.remove(at, 1);
            else
                json.insert(at, byte);
        }
        return json;
    }

private:
    QRandomGenerator m_rng;
};

} // namespace

class TestTextOperationJsonText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void writesWhatQJsonDocumentWrites();
    void readsWhatQJsonDocumentReads_data();
    void readsWhatQJsonDocumentReads();
    void limitsGiveQJsonDocumentsErrors();
    void aLongPasteReadsBackWhole();
    void randomOpsReadAndWriteAsWithQJsonDocument();
    void damagedTextReadsAsWithQJsonDocument();

private:
    quint32 m_seed = 0;
};

void TestTextOperationJsonText::initTestCase()
{
    m_seed = testSeed();
}

void TestTextOperationJsonText::writesWhatQJsonDocumentWrites()
{
    for (const char16_t unit : TrickyUnits) {
        const TextOperation op = TextOperation().retain(3).insert(QString(QChar(unit))).remove(2);
        QCOMPARE(op.toJsonText(), QJsonDocument(op.toJson()).toJson(QJsonDocument::Compact));
    }
    const QString pair = QString::fromUtf8("\xF0\x9F\x98\x80");
    for (const QString &text :
         {pair, pair.left(1), pair.right(1), QString(pair.right(1) + pair.left(1)),
          QString(u'a' + pair.left(1)), QString(pair.left(1) + u'a')}) {
        const TextOperation op = TextOperation().insert(text).retain(0x7fffffff);
        QCOMPARE(op.toJsonText(), QJsonDocument(op.toJson()).toJson(QJsonDocument::Compact));
    }
    QCOMPARE(TextOperation().toJsonText(), QByteArray("[]"));
    QCOMPARE(TextOperation().remove(12).toJsonText(), QByteArray("[-12]"));
}

void TestTextOperationJsonText::readsWhatQJsonDocumentReads_data()
{
    QTest::addColumn<QByteArray>("json");
    const auto row = [](const char *name, const QByteArray &json) { QTest::newRow(name) << json; };
    row("empty array", "[]");
    row("spaces everywhere", " \t\r\n[ 1 ,\n\"a\"\t, -2 ]\r\n ");
    row("every escape", R"(["\"\\\/\b\f\n\r\t\u0000\u001f\u00e9\u20AC\uFFFF"])");
    row("escaped pair", R"(["\ud83d\ude00"])");
    row("escaped lone high", R"(["\ud83d"])");
    row("escaped lone low", R"(["x\ude00y"])");
    row("pair split over two strings", R"(["\ud83d","\ude00"])");
    row("raw UTF-8 of 2, 3 and 4 bytes", "[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"]");
    row("raw U+10FFFF", "[\"\xF4\x8F\xBF\xBF\"]");
    row("raw byte order mark in a string",
        "[\"\xEF\xBB\xBF"
        "a\"]");
    row("raw noncharacter U+FFFE", "[\"\xEF\xBF\xBE\"]");
    row("raw noncharacter U+FDD0", "[\"\xEF\xB7\x90\"]");
    row("overlong slash", "[\"\xC0\xAF\"]");
    row("overlong of three bytes", "[\"\xE0\x80\xAF\"]");
    row("encoded surrogate", "[\"\xED\xA0\x80\"]");
    row("past U+10FFFF", "[\"\xF4\x90\x80\x80\"]");
    row("cut short", "[\"\xE2\x82\"]");
    row("lone continuation byte", "[\"\x80\"]");
    row("byte FF", "[\"\xFF\"]");
    row("raw control character", "[\"a\x01\"]");
    row("raw tab", "[\"a\tb\"]");
    row("DEL", "[\"\x7F\"]");
    row("byte order mark before the array", "\xEF\xBB\xBF[1]");
    row("NUL after the array", QByteArray("[1]\0", 4));
    row("bad escape", R"(["\x"])");
    row("short \\u", R"(["\u12"])");
    row("bad hex", R"(["\u12G4"])");
    row("no closing quote", R"(["abc)");
    row("no closing bracket", "[1, 2");
    row("trailing comma", "[1,]");
    row("leading comma", "[,1]");
    row("no comma", "[1 2]");
    row("garbage after", "[1]x");
    row("two arrays", "[1][2]");
    row("leading zero", "[01]");
    row("minus zero", "[-0]");
    row("zero", "[\"a\",0]");
    row("plus sign", "[+1]");
    row("lone minus", "[-]");
    row("fraction", "[1.0]");
    row("fraction, not whole", "[1.5]");
    row("exponent", "[1e3]");
    row("upper-case exponent", "[2E2,\"a\"]");
    row("15 digits", "[123456789012345]");
    row("16 digits", "[1234567890123456]");
    row("largest count", "[2147483647]");
    row("largest delete", "[\"a\",-2147483647]");
    row("count past the largest", "[2147483648]");
    row("null", "[1,null]");
    row("true", "[true]");
    row("nested array", "[[1]]");
    row("object", R"({"a":1})");
    row("bare number", "5");
    row("bare string", R"("a")");
    row("nothing", "");
    row("only spaces", "  ");
    row("merged like ot.js", R"([2,3,"a","b",-1,-1,"",4])");
    row("delete then insert", R"([-3,"abc"])");
    row("malformed after a bad component", "[0,");
}

void TestTextOperationJsonText::readsWhatQJsonDocumentReads()
{
    QFETCH(QByteArray, json);
    const QString difference = ::difference(json);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestTextOperationJsonText::limitsGiveQJsonDocumentsErrors()
{
    OtLimits limits;
    limits.maxComponents = 3;
    limits.maxInsertedUnits = 4;
    limits.maxCount = 100;
    for (const QByteArray &json :
         {QByteArray("[1,\"a\",-1]"), QByteArray("[1,\"a\",-1,2]"), QByteArray("[1,2,3,4]"),
          QByteArray("[0,2,3,4]"), QByteArray("[\"ab\",\"cd\"]"), QByteArray("[\"abc\",\"de\"]"),
          QByteArray("[100]"), QByteArray("[101]"), QByteArray("[-101]"),
          QByteArray("[\"\xF0\x9F\x98\x80\xF0\x9F\x98\x80\"]"),
          QByteArray("[\"\xF0\x9F\x98\x80\xF0\x9F\x98\x80x\"]")}) {
        const QString difference = ::difference(json, limits);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
    // Components are counted after merging: four elements that merge into three are refused
    // up front, as QJsonDocument's reading refuses them, for the array's length.
    const OtResult<TextOperation> long4 = TextOperation::fromJsonText("[1,1,\"a\",-1]", limits);
    QVERIFY(!long4);
    QCOMPARE(long4.error().code(), Code::TooManyComponents);
}

void TestTextOperationJsonText::aLongPasteReadsBackWhole()
{
    // A paste of 1,000,000 units of every kind, and the text it is stored as.
    Generator gen(m_seed);
    QString paste;
    while (paste.size() < 1'000'000)
        paste += gen.text(1000, false);
    paste += QString(500'000, u'x'); // and a long plain stretch
    const QString pair = QString::fromUtf8("\xF0\x9F\x98\x80");
    const TextOperation op = TextOperation().retain(7).insert(paste + pair).remove(3);
    const QByteArray json = op.toJsonText();
    QCOMPARE(json, QJsonDocument(op.toJson()).toJson(QJsonDocument::Compact));
    const OtResult<TextOperation> back = TextOperation::fromJsonText(json);
    const OtResult<TextOperation> expected = viaQJsonDocument(json, {});
    QVERIFY(back && expected);
    QVERIFY(back.value() == expected.value());
}

void TestTextOperationJsonText::randomOpsReadAndWriteAsWithQJsonDocument()
{
    Generator gen(m_seed ^ 0x1111);
    for (int i = 0; i < 20'000; ++i) {
        const TextOperation op = gen.operation();
        const QByteArray json = op.toJsonText();
        QVERIFY2(json == QJsonDocument(op.toJson()).toJson(QJsonDocument::Compact),
                 qPrintable(QStringLiteral("seed %1, op %2: %3")
                                    .arg(m_seed)
                                    .arg(i)
                                    .arg(QString::fromLatin1(json.toPercentEncoding(" []\",-")))));
        const QString difference = ::difference(json);
        QVERIFY2(difference.isEmpty(),
                 qPrintable(
                         QStringLiteral("seed %1, op %2: %3").arg(m_seed).arg(i).arg(difference)));
    }
}

void TestTextOperationJsonText::damagedTextReadsAsWithQJsonDocument()
{
    Generator gen(m_seed ^ 0x2222);
    for (int i = 0; i < 100'000; ++i) {
        const QByteArray json = gen.damaged(gen.operation().toJsonText());
        const QString difference = ::difference(json);
        QVERIFY2(
                difference.isEmpty(),
                qPrintable(
                        QStringLiteral("seed %1, text %2: %3").arg(m_seed).arg(i).arg(difference)));
    }
}

QTEST_GUILESS_MAIN(TestTextOperationJsonText)
#include "tst_textoperation_jsontext.moc"
