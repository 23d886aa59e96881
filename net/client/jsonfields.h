// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

#include <cmath>

/** Reading the hub's messages: a missing or mistyped field reads as empty / the fallback. */
namespace JsonFields {
inline QString string(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

/** A whole number within ±(2^53 − 1), the integers a double holds exactly; anything else
 *  (1e24, 2.5, "3") reads as the fallback. (Converting a double beyond qint64 is undefined
 *  behaviour: fuzz_syncclient found a notes_list whose updatedAt did it.) */
inline qint64 integer(const QJsonObject &object, const char *key, qint64 fallback = -1)
{
    constexpr double Exact = 9007199254740991.0;
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isDouble())
        return fallback;
    const double d = value.toDouble();
    return d >= -Exact && d <= Exact && d == std::trunc(d) ? qint64(d) : fallback;
}
} // namespace JsonFields
