// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

/** Reading the hub's messages: a missing or mistyped field reads as empty / the fallback. */
namespace JsonFields {
inline QString string(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

inline qint64 integer(const QJsonObject &object, const char *key, qint64 fallback = -1)
{
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isDouble() ? qint64(value.toDouble()) : fallback;
}
} // namespace JsonFields
