// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsontext.h"

#include <QJsonParseError>

QJsonDocument JsonText::parse(QByteArray json, QJsonParseError *error)
{
    static constexpr char Bom[] = "\xEF\xBB\xBF";
    // At the very start it is the text's own byte order mark, which Qt skips, as it should.
    qsizetype at = json.indexOf(Bom, 1);
    if (at >= 0) {
        QByteArray escaped;
        escaped.reserve(json.size() + json.size() / 8);
        qsizetype from = 0;
        for (; at >= 0; at = json.indexOf(Bom, at + 3)) {
            escaped.append(json.constData() + from, at - from);
            // After an odd run of backslashes it would complete an escape: left as it is, it
            // makes a bad escape, which the parser refuses as it should.
            qsizetype backslashes = 0;
            while (at - backslashes > 0 && json.at(at - backslashes - 1) == '\\')
                ++backslashes;
            escaped.append(backslashes % 2 ? QByteArrayView(Bom) : QByteArrayView("\\ufeff"));
            from = at + 3;
        }
        escaped.append(json.constData() + from, json.size() - from);
        json = std::move(escaped);
    }
    return QJsonDocument::fromJson(json, error);
}
