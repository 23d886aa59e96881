// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol.h"

QString Protocol::canonicalPath()
{
    return QStringLiteral("/v1");
}

QString Protocol::describe()
{
    return QStringLiteral("Tandem protocol %1 (ot.js text operations)").arg(Version);
}
