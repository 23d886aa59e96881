// SPDX-License-Identifier: GPL-3.0-or-later
#include "noteimport.h"

#include "protocol/protocol.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

NoteImport NoteImport::read(const QString &path)
{
    NoteImport note;
    const QFileInfo info(path);
    note.title = info.completeBaseName().isEmpty() ? info.fileName() : info.completeBaseName();
    if (info.isDir()) {
        note.error = tr("it is a folder");
        return note;
    }
    // UTF-8 takes at least one byte per UTF-16 unit: a larger file cannot fit in a note.
    if (info.size() > 4 * Protocol::MaxNoteUnits) {
        note.error = tr("it is larger than a note can hold");
        return note;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        note.error = file.errorString();
        return note;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        note.error = file.errorString();
        return note;
    }
    if (bytes.contains('\0')) {
        note.error = tr("it is not a text file");
        return note;
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(bytes);
    if (utf8.hasError()) {
        note.error = tr("it is not UTF-8 text (save it as UTF-8 and import it again)");
        return note;
    }
    if (text.startsWith(QChar::ByteOrderMark))
        text.remove(0, 1);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    if (text.size() > Protocol::MaxNoteUnits) {
        note.error = tr("it is longer than a note can hold");
        return note;
    }
    note.text = std::move(text);
    return note;
}
