// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelbinding.h"
#include "chatmodel.h"
#include "notelistmodel.h"
#include "presencemodel.h"
#include "syncclient.h"

namespace ModelBinding {

QList<QMetaObject::Connection> bindNoteList(SyncClient *client, NoteListModel *model)
{
    model->setNotes(client->summaries());
    return {
            QObject::connect(client, &SyncClient::noteChanged, model,
                             [client, model](const QString &noteId) {
                                 const NoteSummary summary = client->summary(noteId);
                                 if (summary.id.isEmpty())
                                     model->remove(noteId);
                                 else
                                     model->upsert(summary);
                             }),
            QObject::connect(client, &SyncClient::noteRemoved, model,
                             [model](const QString &noteId) { model->remove(noteId); }),
    };
}

QList<QMetaObject::Connection> bindNote(SyncClient *client, const QString &noteId,
                                        PresenceModel *presence, ChatModel *chat)
{
    presence->clear();
    chat->clear();
    const auto forThisNote = [noteId](const QString &id) { return id == noteId; };
    QList<QMetaObject::Connection> connections{
            QObject::connect(client, &SyncClient::presenceList, presence,
                             [=](const QString &id, const QJsonArray &users) {
                                 if (forThisNote(id))
                                     presence->setUsers(users, client->sessionId());
                             }),
            QObject::connect(client, &SyncClient::presenceUpdated, presence,
                             [=](const QString &id, const QJsonObject &user) {
                                 if (forThisNote(id))
                                     presence->update(user);
                             }),
            QObject::connect(client, &SyncClient::presenceRemoved, presence,
                             [=](const QString &id, const QString &, const QString &sessionId) {
                                 if (forThisNote(id))
                                     presence->remove(sessionId);
                             }),
            QObject::connect(client, &SyncClient::typing, presence,
                             [=](const QString &id, const QString &userId) {
                                 if (forThisNote(id))
                                     presence->setTyping(userId);
                             }),
            QObject::connect(client, &SyncClient::chatMessage, chat,
                             [=](const QString &id, const QJsonObject &message) {
                                 if (forThisNote(id))
                                     chat->append(message);
                             }),
            QObject::connect(client, &SyncClient::chatHistory, chat,
                             [=](const QString &id, const QJsonArray &messages) {
                                 if (forThisNote(id))
                                     chat->setHistory(messages);
                             }),
            // Offline, the others are unknown: nobody is shown rather than a stale list.
            QObject::connect(client, &SyncClient::stateChanged, presence,
                             [=](SyncClient::State state) {
                                 if (state != SyncClient::State::Online)
                                     presence->clear();
                                 else
                                     client->requestChatHistory(noteId);
                             }),
    };
    client->requestChatHistory(noteId);
    return connections;
}

void unbind(const QList<QMetaObject::Connection> &connections)
{
    for (const QMetaObject::Connection &connection : connections)
        QObject::disconnect(connection);
}

} // namespace ModelBinding
