// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>

class QJsonParseError;

namespace JsonText {
/**
 * QJsonDocument::fromJson(json, error), except that a U+FEFF that starts a string is kept.
 * Qt 6.4 decodes a string's UTF-8 as QString::fromUtf8 does, which drops a U+FEFF at the
 * start as if it were a byte order mark: an insert beginning with one (a zero-width no-break
 * space, or the mark at the head of a pasted file) lost it on the hub and on every other
 * client, which then differed silently from the writer. Escaped (\ufeff), Qt keeps it; so
 * each raw one inside the text is escaped first. Every JSON message and body of Tandem's is
 * read through this.
 */
QJsonDocument parse(QByteArray json, QJsonParseError *error = nullptr);
} // namespace JsonText
