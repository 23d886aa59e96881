// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QJsonArray>
#include <QJsonObject>

/** One message of a note's discussion. */
struct ChatMessage
{
    QString id;
    QString userId;
    QString userName;
    QString content;
    qint64 timestamp = 0;

    static ChatMessage fromJson(const QJsonObject &message);
};

/**
 * A note's discussion, oldest first: the history (chat_history) plus messages as they come
 * (chat_message). A message is shown once even if it comes both ways.
 */
class ChatModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, UserIdRole, UserNameRole, ContentRole, TimestampRole };

    explicit ChatModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** chat_history: merged with what is already shown. */
    void setHistory(const QJsonArray &messages);
    /** chat_message: added in time order, unless already there. */
    void append(const QJsonObject &message);
    void clear();
    const ChatMessage &at(int row) const { return m_messages.at(row); }

private:
    void insert(const ChatMessage &message);

    QList<ChatMessage> m_messages;
    QSet<QString> m_ids;
};
