// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

QT_FORWARD_DECLARE_CLASS(QLineEdit)
QT_FORWARD_DECLARE_CLASS(QPushButton)

class ChatModel;
class PlaceholderListView;
class SyncClient;

/** The current note's discussion: messages oldest first, and a line to write a new one
 *  (sent with Return; only while connected, as the hub keeps the discussion). With no
 *  messages, the list says why (no note open, none yet, not connected). */
class DiscussionPanel : public QWidget
{
    Q_OBJECT
public:
    DiscussionPanel(ChatModel *chat, QWidget *parent = nullptr);

    /** The client and note messages go to (nullptr / empty: none). */
    void setNote(SyncClient *client, const QString &noteId);
    QLineEdit *input() const { return m_input; }
    PlaceholderListView *list() const { return m_list; }

public Q_SLOTS:
    void send();

private:
    void updateEnabled();

    ChatModel *m_chat;
    QPointer<SyncClient> m_client;
    QString m_noteId;
    QMetaObject::Connection m_stateConnection;
    PlaceholderListView *m_list = nullptr;
    QLineEdit *m_input = nullptr;
    QPushButton *m_send = nullptr;
};
