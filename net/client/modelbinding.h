// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaObject>
#include <QString>

class ChatModel;
class NoteListModel;
class PresenceModel;
class SyncClient;

/**
 * The glue between a SyncClient and the Qt-Core models the UI shows, so widgets only bind
 * views. Each call returns its connections; disconnect them to unbind.
 */
namespace ModelBinding {
/** The notes list follows the client's cache: loaded now, then row by row. */
QList<QMetaObject::Connection> bindNoteList(SyncClient *client, NoteListModel *model);
/** Presence and discussion of one note (the one shown); asks for the discussion's history. */
QList<QMetaObject::Connection> bindNote(SyncClient *client, const QString &noteId,
                                        PresenceModel *presence, ChatModel *chat);
void unbind(const QList<QMetaObject::Connection> &connections);
} // namespace ModelBinding
