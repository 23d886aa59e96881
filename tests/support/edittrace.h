// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "textoperation.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

/** One patch of an editing trace, already converted to UTF-16 units. */
struct TracePatch
{
    qsizetype position = 0;
    qsizetype deleted = 0;
    QString inserted;
};

/**
 * A keystroke-level editing trace from ../shared/data/editing-traces (josephg's format),
 * with positions converted from Unicode code points to UTF-16 units so they apply to a
 * QString. Patches within a transaction apply in order.
 */
struct EditTrace
{
    QString name;
    QString startContent;
    QString endContent;
    std::vector<std::vector<TracePatch>> transactions;
    qsizetype patchCount = 0;

    /**
     * Reads a gzipped or plain JSON trace. On failure returns nothing and sets *error.
     */
    static std::optional<EditTrace> load(const QString &path, QString *error);
    /** Parses trace JSON (already decompressed). */
    static std::optional<EditTrace> parse(const QByteArray &json, QString *error);

    /** The traces folder: $TANDEM_TRACES_DIR, else ../shared/data/editing-traces. */
    static QString directory();
    /** Every *.json.gz in directory(), sorted. */
    static QStringList files();

    /** The patch as an operation on a document of documentLength units. */
    static TextOperation toOperation(const TracePatch &patch, qsizetype documentLength);
};

/** Inflates gzip (or zlib) data; returns nothing on corrupt input. */
std::optional<QByteArray> gunzip(const QByteArray &compressed);
