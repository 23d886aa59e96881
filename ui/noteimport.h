// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

/**
 * A text or Markdown file read for import as a note: its title is the file's name without
 * the extension, its text the file's, as UTF-8 (a byte-order mark dropped, Windows and old
 * Mac line ends made "\n"). A file that is not UTF-8 text, or longer than a note can hold, is
 * not imported, and error says why in words for the user.
 */
struct NoteImport
{
    Q_DECLARE_TR_FUNCTIONS(NoteImport)

public:
    QString title;
    QString text;
    QString error;

    static NoteImport read(const QString &path);
};
