// SPDX-License-Identifier: GPL-3.0-or-later
#include "edittrace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <zlib.h>

std::optional<QByteArray> gunzip(const QByteArray &compressed)
{
    z_stream stream{};
    // 32 + MAX_WBITS: accept both gzip and zlib headers.
    if (inflateInit2(&stream, 32 + MAX_WBITS) != Z_OK)
        return std::nullopt;
    QByteArray out;
    out.resize(qMax<qsizetype>(compressed.size() * 4, 1 << 16));
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    int status = Z_OK;
    while (status != Z_STREAM_END) {
        if (stream.total_out >= uLong(out.size()))
            out.resize(out.size() * 2);
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + stream.total_out);
        stream.avail_out = uInt(out.size() - qsizetype(stream.total_out));
        status = inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END) {
            inflateEnd(&stream);
            return std::nullopt;
        }
    }
    out.resize(qsizetype(stream.total_out));
    inflateEnd(&stream);
    return out;
}

namespace {

/**
 * Converts code-point positions to UTF-16 offsets while the trace is replayed. It keeps
 * the code-point positions of the astral characters (two UTF-16 units each) currently in
 * the document, sorted; a position's UTF-16 offset is itself plus the astral characters
 * before it. Real traces hold few or none, so each step is cheap.
 */
class CodePointMapper
{
public:
    explicit CodePointMapper(const QString &start) { insertAt(0, start); }

    qsizetype toUtf16(qsizetype codePoint) const
    {
        return codePoint +
                qsizetype(std::lower_bound(m_astral.begin(), m_astral.end(), codePoint) -
                          m_astral.begin());
    }

    void remove(qsizetype codePoint, qsizetype count)
    {
        auto first = std::lower_bound(m_astral.begin(), m_astral.end(), codePoint);
        auto last = std::lower_bound(first, m_astral.end(), codePoint + count);
        for (auto it = m_astral.erase(first, last); it != m_astral.end(); ++it)
            *it -= count;
    }

    /** Records text inserted at codePoint; returns its length in code points. */
    qsizetype insertAt(qsizetype codePoint, QStringView text)
    {
        std::vector<qsizetype> added;
        qsizetype points = 0;
        for (qsizetype i = 0; i < text.size(); ++i, ++points) {
            if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
                added.push_back(codePoint + points);
                ++i;
            }
        }
        auto at = std::lower_bound(m_astral.begin(), m_astral.end(), codePoint);
        for (auto it = at; it != m_astral.end(); ++it)
            *it += points;
        m_astral.insert(at, added.begin(), added.end());
        return points;
    }

private:
    std::vector<qsizetype> m_astral;
};

bool readInteger(const QJsonValue &value, qsizetype *out)
{
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    if (d < 0 || d != double(qint64(d)))
        return false;
    *out = qsizetype(d);
    return true;
}

} // namespace

std::optional<EditTrace> EditTrace::parse(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("not a JSON object: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    EditTrace trace;
    trace.startContent = root.value(QLatin1String("startContent")).toString();
    trace.endContent = root.value(QLatin1String("endContent")).toString();
    const QJsonArray txns = root.value(QLatin1String("txns")).toArray();
    trace.transactions.reserve(size_t(txns.size()));

    CodePointMapper mapper(trace.startContent);
    for (qsizetype t = 0; t < txns.size(); ++t) {
        const QJsonArray patches = txns.at(t).toObject().value(QLatin1String("patches")).toArray();
        std::vector<TracePatch> converted;
        converted.reserve(size_t(patches.size()));
        for (const QJsonValue &p : patches) {
            const QJsonArray patch = p.toArray();
            qsizetype position = 0;
            qsizetype deleted = 0;
            if (patch.size() != 3 || !readInteger(patch.at(0), &position) ||
                !readInteger(patch.at(1), &deleted) || !patch.at(2).isString()) {
                *error = QStringLiteral("transaction %1 has a malformed patch").arg(t);
                return std::nullopt;
            }
            const QString inserted = patch.at(2).toString();
            TracePatch out;
            out.position = mapper.toUtf16(position);
            out.deleted = mapper.toUtf16(position + deleted) - out.position;
            out.inserted = inserted;
            mapper.remove(position, deleted);
            mapper.insertAt(position, inserted);
            converted.push_back(std::move(out));
        }
        trace.patchCount += qsizetype(converted.size());
        trace.transactions.push_back(std::move(converted));
    }
    return trace;
}

std::optional<EditTrace> EditTrace::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray data = file.readAll();
    if (path.endsWith(QLatin1String(".gz"))) {
        std::optional<QByteArray> inflated = gunzip(data);
        if (!inflated) {
            *error = QStringLiteral("%1 is not valid gzip data").arg(path);
            return std::nullopt;
        }
        data = std::move(*inflated);
    }
    std::optional<EditTrace> trace = parse(data, error);
    if (trace)
        trace->name = QFileInfo(path).fileName().section(QLatin1Char('.'), 0, 0);
    return trace;
}

QString EditTrace::directory()
{
    const QString fromEnv = qEnvironmentVariable("TANDEM_TRACES_DIR");
    return fromEnv.isEmpty() ? QStringLiteral(TANDEM_DEFAULT_TRACES_DIR) : fromEnv;
}

QStringList EditTrace::files()
{
    const QDir dir(directory());
    QStringList result;
    const QStringList names = dir.entryList({QStringLiteral("*.json.gz")}, QDir::Files, QDir::Name);
    for (const QString &name : names)
        result << dir.absoluteFilePath(name);
    return result;
}

TextOperation EditTrace::toOperation(const TracePatch &patch, qsizetype documentLength)
{
    TextOperation op;
    op.retain(patch.position)
            .remove(patch.deleted)
            .insert(patch.inserted)
            .retain(documentLength - patch.position - patch.deleted);
    return op;
}
