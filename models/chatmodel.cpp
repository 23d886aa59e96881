// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatmodel.h"

#include <algorithm>

ChatMessage ChatMessage::fromJson(const QJsonObject &message)
{
    ChatMessage m;
    m.id = message.value(QLatin1String("id")).toString();
    m.userId = message.value(QLatin1String("userId")).toString();
    m.userName = message.value(QLatin1String("userName")).toString(m.userId);
    m.content = message.value(QLatin1String("content")).toString();
    m.timestamp = message.value(QLatin1String("timestamp")).toInteger();
    return m;
}

ChatModel::ChatModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int ChatModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant ChatModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChatMessage &m = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1: %2").arg(m.userName, m.content);
    case IdRole:
        return m.id;
    case UserIdRole:
        return m.userId;
    case UserNameRole:
        return m.userName;
    case ContentRole:
        return m.content;
    case TimestampRole:
        return m.timestamp;
    default:
        return {};
    }
}

QHash<int, QByteArray> ChatModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "messageId"},
                  {UserIdRole, "userId"},
                  {UserNameRole, "userName"},
                  {ContentRole, "content"},
                  {TimestampRole, "timestamp"}});
    return names;
}

void ChatModel::insert(const ChatMessage &message)
{
    if (message.id.isEmpty() || m_ids.contains(message.id))
        return;
    // After every message with the same or an earlier time: arrival order breaks ties.
    const auto it =
            std::upper_bound(m_messages.cbegin(), m_messages.cend(), message.timestamp,
                             [](qint64 t, const ChatMessage &m) { return t < m.timestamp; });
    const int row = int(it - m_messages.cbegin());
    beginInsertRows({}, row, row);
    m_messages.insert(row, message);
    m_ids.insert(message.id);
    endInsertRows();
}

void ChatModel::setHistory(const QJsonArray &messages)
{
    for (const QJsonValue &value : messages)
        insert(ChatMessage::fromJson(value.toObject()));
}

void ChatModel::append(const QJsonObject &message)
{
    insert(ChatMessage::fromJson(message));
}

void ChatModel::clear()
{
    beginResetModel();
    m_messages.clear();
    m_ids.clear();
    endResetModel();
}
