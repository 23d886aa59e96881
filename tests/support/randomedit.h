// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "textoperation.h"

#include <QRandomGenerator>
#include <QString>

/** A random single edit of doc: one character of alphabet inserted, or 1–3 units deleted. */
inline TextOperation randomTextEdit(QRandomGenerator &rng, const QString &doc,
                                    const QString &alphabet)
{
    const qsizetype at = rng.bounded(int(doc.size() + 1));
    TextOperation op;
    op.retain(at);
    if (at < doc.size() && rng.bounded(3) == 0) {
        const qsizetype n = 1 + rng.bounded(int(qMin<qsizetype>(3, doc.size() - at)));
        op.remove(n).retain(doc.size() - at - n);
    } else {
        op.insert(QString(alphabet[rng.bounded(int(alphabet.size()))])).retain(doc.size() - at);
    }
    return op;
}
