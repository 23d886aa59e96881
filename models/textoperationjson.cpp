// SPDX-License-Identifier: GPL-3.0-or-later
// TextOperation's ot.js wire form: a QJsonArray inside messages, and JSON text where ops are
// stored (the hub's op log, the client's journal and outbox).
#include "textoperation.h"

#include "jsontext.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QVarLengthArray>

#include <charconv>
#include <cmath>

using Kind = TextOperation::Kind;
using Code = OtError::Code;

namespace {

/** Index of the first unpaired surrogate in text, or -1. */
qsizetype loneSurrogateAt(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate()) {
            if (i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
                ++i;
                continue;
            }
            return i;
        }
        if (c.isLowSurrogate())
            return i;
    }
    return -1;
}

/**
 * Makes an op of the elements of its wire form, one at a time, as ot.js's fromJSON does,
 * checking each against the limits: for the elements of a QJsonArray (fromJson) and for
 * those fromJsonText read itself.
 */
class OpReader
{
public:
    explicit OpReader(const OtLimits &limits)
        : m_limits(limits)
    { }

    OtStatus string(const QString &text)
    {
        ++m_index;
        m_inserted += text.size();
        if (m_inserted > m_limits.maxInsertedUnits)
            return OtError(Code::TooLarge,
                           QStringLiteral("the operation inserts more than %1 UTF-16 units")
                                   .arg(m_limits.maxInsertedUnits));
        m_op.insert(text);
        return {};
    }

    OtStatus number(double number)
    {
        const qsizetype i = m_index++;
        if (!std::isfinite(number) || std::trunc(number) != number)
            return OtError(
                    Code::NonInteger,
                    QStringLiteral("component %1 (%2) is not an integer").arg(i).arg(number));
        if (number == 0)
            return OtError(Code::ZeroCount,
                           QStringLiteral("component %1 is 0; counts must be non-zero").arg(i));
        if (std::fabs(number) > double(m_limits.maxCount))
            return OtError(Code::CountOutOfRange,
                           QStringLiteral("component %1 (%2) exceeds the largest count %3")
                                   .arg(i)
                                   .arg(number)
                                   .arg(m_limits.maxCount));
        const auto count = static_cast<qsizetype>(number);
        if (count > 0)
            m_op.retain(count);
        else
            m_op.remove(-count);
        return {};
    }

    OtStatus other()
    {
        return OtError(
                Code::BadComponent,
                QStringLiteral("component %1 is neither an integer nor a string").arg(m_index++));
    }

    OtResult<TextOperation> finish() &&
    {
        if (m_op.components().size() > m_limits.maxComponents)
            return OtError(Code::TooManyComponents,
                           QStringLiteral("the operation has more than %1 components")
                                   .arg(m_limits.maxComponents));
        // Checked after merging: ["\ud83d", "\ude00"] is one well-formed insert, as in ot.js.
        for (const TextOperation::Component &c : m_op.components()) {
            if (c.kind != Kind::Insert)
                continue;
            const qsizetype at = loneSurrogateAt(c.text);
            if (at >= 0)
                return OtError(
                        Code::LoneSurrogate,
                        QStringLiteral("an inserted string holds an unpaired surrogate (U+%1)")
                                .arg(c.text[at].unicode(), 4, 16, QLatin1Char('0')));
        }
        return std::move(m_op);
    }

private:
    const OtLimits &m_limits;
    TextOperation m_op;
    qsizetype m_index = 0;
    qsizetype m_inserted = 0;
};

// The JSON text of an op, read and written without QJsonDocument. Through it, each string
// was copied several times each way (on the way in: the text into a QByteArray, into
// QJsonDocument's container, then into the QString), each copy into fresh memory: 200 ms to
// read a 10 MB paste saved offline, at every start of the app until it is sent, and 46 ms to
// write it. The text below is read and written once, into a string or array of its exact size.

using Byte = unsigned char;

bool isJsonSpace(Byte c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(Byte c)
{
    return c >= '0' && c <= '9';
}

void skipSpace(const Byte *&p, const Byte *end)
{
    while (p < end && isJsonSpace(*p))
        ++p;
}

int hexDigit(Byte c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/** The four hex digits at p as a unit, or -1. */
int hexUnit(const Byte *p, const Byte *end)
{
    if (end - p < 4)
        return -1;
    int unit = 0;
    for (int i = 0; i < 4; ++i) {
        const int digit = hexDigit(p[i]);
        if (digit < 0)
            return -1;
        unit = unit * 16 + digit;
    }
    return unit;
}

/**
 * The code point of the UTF-8 sequence at p and its length in bytes, or 0 bytes when it is
 * not well-formed UTF-8 (overlong, a surrogate, past U+10FFFF, cut short), which is left to
 * QJsonDocument to judge. Noncharacters (U+FFFE, U+FDD0) are characters to it too.
 */
int utf8Sequence(const Byte *p, const Byte *end, char32_t *codePoint)
{
    const Byte lead = p[0];
    const auto continues = [&](int i) { return end - p > i && (p[i] & 0xC0) == 0x80; };
    int length = 0;
    char32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF && continues(1)) {
        length = 2;
        cp = char32_t(lead & 0x1F) << 6 | (p[1] & 0x3F);
    } else if (lead >= 0xE0 && lead <= 0xEF && continues(1) && continues(2)) {
        if ((lead == 0xE0 && p[1] < 0xA0) || (lead == 0xED && p[1] >= 0xA0))
            return 0;
        length = 3;
        cp = char32_t(lead & 0x0F) << 12 | char32_t(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    } else if (lead >= 0xF0 && lead <= 0xF4 && continues(1) && continues(2) && continues(3)) {
        if ((lead == 0xF0 && p[1] < 0x90) || (lead == 0xF4 && p[1] >= 0x90))
            return 0;
        length = 4;
        cp = char32_t(lead & 0x07) << 18 | char32_t(p[1] & 0x3F) << 12 |
                char32_t(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
    } else {
        return 0;
    }
    *codePoint = cp;
    return length;
}

char16_t escaped(Byte c)
{
    switch (c) {
    case 'b':
        return u'\b';
    case 'f':
        return u'\f';
    case 'n':
        return u'\n';
    case 'r':
        return u'\r';
    case 't':
        return u'\t';
    default: // '"', '\\', '/'
        return c;
    }
}

/**
 * Reads the string whose opening quote is just before p and leaves p after its closing
 * quote. False for anything this reader does not take: an escaped surrogate, bytes that are
 * not well-formed UTF-8, a control character, a bad escape, no closing quote.
 */
bool readString(const Byte *&p, const Byte *end, QString *text)
{
    // First the units it holds and whether it is plain ASCII; then the string, written once.
    const Byte *const start = p;
    qsizetype units = 0;
    bool ascii = true;
    for (;;) {
        if (p == end || *p < 0x20)
            return false;
        const Byte c = *p;
        if (c == '"')
            break;
        ascii = ascii && c < 0x80 && c != '\\';
        if (c == '\\') {
            if (end - p < 2)
                return false;
            if (p[1] == 'u') {
                const int unit = hexUnit(p + 2, end);
                if (unit < 0 || QChar::isSurrogate(char16_t(unit)))
                    return false;
                p += 6;
            } else if (QByteArrayView("\"\\/bfnrt").contains(char(p[1]))) {
                p += 2;
            } else {
                return false;
            }
            ++units;
        } else if (c < 0x80) {
            ++p;
            ++units;
        } else {
            char32_t cp;
            const int length = utf8Sequence(p, end, &cp);
            if (length == 0)
                return false;
            p += length;
            units += QChar::requiresSurrogates(cp) ? 2 : 1;
        }
    }
    const Byte *const close = p++;
    if (ascii) {
        *text = QString::fromLatin1(reinterpret_cast<const char *>(start), close - start);
        return true;
    }
    QString out(units, Qt::Uninitialized);
    char16_t *to = reinterpret_cast<char16_t *>(out.data());
    for (const Byte *q = start; q < close;) {
        if (*q == '\\') {
            *to++ = q[1] == 'u' ? char16_t(hexUnit(q + 2, close)) : escaped(q[1]);
            q += q[1] == 'u' ? 6 : 2;
        } else if (*q < 0x80) {
            *to++ = *q++;
        } else {
            char32_t cp;
            q += utf8Sequence(q, close, &cp);
            if (QChar::requiresSurrogates(cp)) {
                *to++ = QChar::highSurrogate(cp);
                *to++ = QChar::lowSurrogate(cp);
            } else {
                *to++ = char16_t(cp);
            }
        }
    }
    Q_ASSERT(to == reinterpret_cast<char16_t *>(out.data()) + units);
    *text = std::move(out);
    return true;
}

/** Reads an integer of at most 15 digits (exact as a double); false for any other number. */
bool readInteger(const Byte *&p, const Byte *end, qint64 *value)
{
    const bool negative = *p == '-';
    if (negative)
        ++p;
    if (p == end || !isDigit(*p) || (*p == '0' && end - p > 1 && isDigit(p[1])))
        return false;
    qint64 magnitude = 0;
    for (int digits = 1; p < end && isDigit(*p); ++digits, ++p) {
        if (digits > 15)
            return false;
        magnitude = magnitude * 10 + (*p - '0');
    }
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
        return false;
    *value = negative ? -magnitude : magnitude;
    return true;
}

/**
 * Reads an op's JSON text when it is an array of strings and plain integers (what every
 * ot.js client and Tandem write), checking its elements only once all of it is read, as
 * fromJson does. nullopt for anything else, including an array longer than the limit:
 * QJsonDocument judges it then (through JsonText::parse), so what is taken and every error
 * stay its own.
 */
std::optional<OtResult<TextOperation>> readPlain(QByteArrayView json, const OtLimits &limits)
{
    struct Element
    {
        QString text;
        qint64 number = 0;
        bool isString = false;
    };
    QVarLengthArray<Element, 8> elements; // a keystroke's op has 2 or 3
    const Byte *p = reinterpret_cast<const Byte *>(json.data());
    const Byte *const end = p + json.size();
    skipSpace(p, end);
    if (p == end || *p++ != '[')
        return std::nullopt;
    skipSpace(p, end);
    if (p < end && *p == ']') {
        ++p;
    } else {
        for (;;) {
            if (p == end || elements.size() == limits.maxComponents)
                return std::nullopt;
            Element element;
            if (*p == '"') {
                element.isString = true;
                ++p;
                if (!readString(p, end, &element.text))
                    return std::nullopt;
            } else if (!readInteger(p, end, &element.number)) {
                return std::nullopt;
            }
            elements.append(std::move(element));
            skipSpace(p, end);
            if (p == end)
                return std::nullopt;
            const Byte separator = *p++;
            if (separator == ']')
                break;
            if (separator != ',')
                return std::nullopt;
            skipSpace(p, end);
        }
    }
    skipSpace(p, end);
    if (p != end)
        return std::nullopt;
    OpReader reader(limits);
    for (const Element &element : std::as_const(elements)) {
        const OtStatus read =
                element.isString ? reader.string(element.text) : reader.number(element.number);
        if (!read)
            return read.error();
    }
    return std::move(reader).finish();
}

/** UTF-8 bytes of text as a JSON string's inside, escaped as QJsonDocument escapes it. */
qsizetype escapedSize(QStringView text)
{
    qsizetype size = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text[i].unicode();
        if (u < 0x80) {
            if (u == '"' || u == '\\' || u == '\b' || u == '\f' || u == '\n' || u == '\r' ||
                u == '\t')
                size += 2;
            else
                size += u < 0x20 ? 6 : 1;
        } else if (u < 0x800) {
            size += 2;
        } else if (QChar::isHighSurrogate(u) && i + 1 < text.size() &&
                   text[i + 1].isLowSurrogate()) {
            size += 4;
            ++i;
        } else {
            size += QChar::isSurrogate(u) ? 6 : 3; // an unpaired one as \uXXXX
        }
    }
    return size;
}

char *writeUnitEscape(char *to, char16_t u)
{
    static constexpr char hex[] = "0123456789abcdef";
    *to++ = '\\';
    *to++ = 'u';
    for (int shift = 12; shift >= 0; shift -= 4)
        *to++ = hex[(u >> shift) & 0xF];
    return to;
}

char *writeEscaped(char *to, QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text[i].unicode();
        if (u >= 0x20 && u < 0x80 && u != '"' && u != '\\') {
            *to++ = char(u);
        } else if (u < 0x80) {
            const char *const named = u == '"' ? "\""
                    : u == '\\'                ? "\\"
                    : u == '\b'                ? "b"
                    : u == '\f'                ? "f"
                    : u == '\n'                ? "n"
                    : u == '\r'                ? "r"
                    : u == '\t'                ? "t"
                                               : nullptr;
            if (named) {
                *to++ = '\\';
                *to++ = *named;
            } else {
                to = writeUnitEscape(to, u);
            }
        } else if (u < 0x800) {
            *to++ = char(0xC0 | u >> 6);
            *to++ = char(0x80 | (u & 0x3F));
        } else if (QChar::isHighSurrogate(u) && i + 1 < text.size() &&
                   text[i + 1].isLowSurrogate()) {
            const char32_t cp = QChar::surrogateToUcs4(u, text[++i].unicode());
            *to++ = char(0xF0 | cp >> 18);
            *to++ = char(0x80 | (cp >> 12 & 0x3F));
            *to++ = char(0x80 | (cp >> 6 & 0x3F));
            *to++ = char(0x80 | (cp & 0x3F));
        } else if (QChar::isSurrogate(u)) {
            to = writeUnitEscape(to, u);
        } else {
            *to++ = char(0xE0 | u >> 12);
            *to++ = char(0x80 | (u >> 6 & 0x3F));
            *to++ = char(0x80 | (u & 0x3F));
        }
    }
    return to;
}

/** A retain's or delete's count as written: 5 or -3. */
struct Count
{
    explicit Count(const TextOperation::Component &c)
    {
        end = std::to_chars(digits, digits + sizeof digits,
                            qint64(c.kind == Kind::Delete ? -c.length : c.length))
                      .ptr;
    }
    const char *begin() const { return digits; }
    qsizetype size() const { return end - digits; }
    char digits[24];
    const char *end;
};

} // namespace

QJsonArray TextOperation::toJson() const
{
    QJsonArray array;
    for (const Component &c : m_components) {
        switch (c.kind) {
        case Kind::Retain:
            array.append(c.length);
            break;
        case Kind::Insert:
            array.append(c.text);
            break;
        case Kind::Delete:
            array.append(-c.length);
            break;
        }
    }
    return array;
}

QByteArray TextOperation::toJsonText() const
{
    // The same text as QJsonDocument(toJson()).toJson(QJsonDocument::Compact), sized first.
    qsizetype size = 2 + qMax<qsizetype>(0, m_components.size() - 1);
    for (const Component &c : m_components) {
        if (c.kind == Kind::Insert)
            size += 2 + escapedSize(c.text);
        else
            size += Count(c).size();
    }
    QByteArray json(size, Qt::Uninitialized);
    char *to = json.data();
    *to++ = '[';
    for (const Component &c : m_components) {
        if (to != json.data() + 1)
            *to++ = ',';
        if (c.kind == Kind::Insert) {
            *to++ = '"';
            to = writeEscaped(to, c.text);
            *to++ = '"';
        } else {
            const Count count(c);
            to = std::copy(count.begin(), count.end, to);
        }
    }
    *to++ = ']';
    Q_ASSERT(to == json.data() + json.size());
    return json;
}

OtResult<TextOperation> TextOperation::fromJsonText(QByteArrayView json, const OtLimits &limits)
{
    if (std::optional<OtResult<TextOperation>> plain = readPlain(json, limits))
        return std::move(*plain);
    QJsonParseError parseError;
    const QJsonDocument doc = JsonText::parse(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonDocument refuses bare scalars ("5") as a parse error; tell them apart.
        QJsonParseError wrappedError;
        JsonText::parse("[" + json.toByteArray() + "]", &wrappedError);
        if (!json.toByteArray().trimmed().isEmpty() &&
            wrappedError.error == QJsonParseError::NoError)
            return OtError(Code::NotAnArray, QStringLiteral("an operation must be a JSON array"));
        return OtError(Code::MalformedJson,
                       QStringLiteral("the operation is not valid JSON: %1 at offset %2")
                               .arg(parseError.errorString())
                               .arg(parseError.offset));
    }
    if (!doc.isArray())
        return OtError(Code::NotAnArray, QStringLiteral("an operation must be a JSON array"));
    return fromJson(doc.array(), limits);
}

OtResult<TextOperation> TextOperation::fromJson(const QJsonValue &json, const OtLimits &limits)
{
    if (!json.isArray())
        return OtError(Code::NotAnArray, QStringLiteral("an operation must be a JSON array"));
    const QJsonArray array = json.toArray();
    if (array.size() > limits.maxComponents)
        return OtError(Code::TooManyComponents,
                       QStringLiteral("the operation has %1 components; the limit is %2")
                               .arg(array.size())
                               .arg(limits.maxComponents));
    OpReader reader(limits);
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue value = array.at(i);
        const OtStatus read = value.isString() ? reader.string(value.toString())
                : value.isDouble()             ? reader.number(value.toDouble())
                                               : reader.other();
        if (!read)
            return read.error();
    }
    return std::move(reader).finish();
}
