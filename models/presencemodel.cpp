// SPDX-License-Identifier: GPL-3.0-or-later
#include "presencemodel.h"

#include <QDateTime>

#include <algorithm>

Collaborator Collaborator::fromJson(const QJsonObject &user)
{
    Collaborator c;
    c.sessionId = user.value(QLatin1String("sessionId")).toString();
    c.userId = user.value(QLatin1String("userId")).toString();
    c.userName = user.value(QLatin1String("userName")).toString(c.userId);
    c.colour = user.value(QLatin1String("colour")).toString();
    c.status = user.value(QLatin1String("status")).toString(QStringLiteral("online"));
    const QJsonObject cursor = user.value(QLatin1String("cursor")).toObject();
    c.hasCursor = !cursor.isEmpty();
    c.anchor = cursor.value(QLatin1String("anchor")).toInteger();
    c.position = cursor.value(QLatin1String("position")).toInteger();
    c.cursorVersion = cursor.value(QLatin1String("version")).toInteger();
    return c;
}

namespace {

bool byName(const Collaborator &a, const Collaborator &b)
{
    const int names = QString::localeAwareCompare(a.userName, b.userName);
    return names != 0 ? names < 0 : a.sessionId < b.sessionId;
}

} // namespace

PresenceModel::PresenceModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_clock([]() { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_typingTimer.setSingleShot(true);
    connect(&m_typingTimer, &QTimer::timeout, this, &PresenceModel::expireTyping);
}

int PresenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString PresenceModel::statusText(const QString &status)
{
    if (status == QLatin1String("online"))
        return tr("online");
    if (status == QLatin1String("away"))
        return tr("away");
    if (status == QLatin1String("busy"))
        return tr("busy");
    return status;
}

QVariant PresenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Collaborator &c = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case UserNameRole:
        return c.userName;
    case Qt::ToolTipRole:
        return tr("%1 (%2)").arg(c.userName, statusText(c.status));
    case SessionIdRole:
        return c.sessionId;
    case UserIdRole:
        return c.userId;
    case ColourRole:
        return c.colour;
    case StatusRole:
        return c.status;
    case TypingRole:
        return c.typing;
    case CursorRole:
        if (!c.hasCursor)
            return {};
        return QVariantMap{{QStringLiteral("anchor"), c.anchor},
                           {QStringLiteral("position"), c.position},
                           {QStringLiteral("version"), c.cursorVersion}};
    default:
        return {};
    }
}

QHash<int, QByteArray> PresenceModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{SessionIdRole, "sessionId"},
                  {UserIdRole, "userId"},
                  {UserNameRole, "userName"},
                  {ColourRole, "colour"},
                  {StatusRole, "status"},
                  {TypingRole, "typing"},
                  {CursorRole, "cursor"}});
    return names;
}

void PresenceModel::setUsers(const QJsonArray &users, const QString &ownSessionId)
{
    beginResetModel();
    m_ownSessionId = ownSessionId;
    m_rows.clear();
    for (const QJsonValue &value : users) {
        const Collaborator c = Collaborator::fromJson(value.toObject());
        if (c.sessionId != m_ownSessionId && !c.sessionId.isEmpty())
            m_rows.append(c);
    }
    std::sort(m_rows.begin(), m_rows.end(), byName);
    endResetModel();
    announceTyping();
}

void PresenceModel::insertSorted(const Collaborator &c)
{
    const int row =
            int(std::lower_bound(m_rows.cbegin(), m_rows.cend(), c, byName) - m_rows.cbegin());
    beginInsertRows({}, row, row);
    m_rows.insert(row, c);
    endInsertRows();
}

void PresenceModel::update(const QJsonObject &user)
{
    Collaborator c = Collaborator::fromJson(user);
    if (c.sessionId.isEmpty() || c.sessionId == m_ownSessionId)
        return;
    const int row = rowOfSession(c.sessionId);
    if (row < 0) {
        insertSorted(c);
        return;
    }
    c.typing = m_rows.at(row).typing;
    c.typingUntil = m_rows.at(row).typingUntil;
    if (m_rows.at(row).userName == c.userName) {
        m_rows[row] = c;
        Q_EMIT dataChanged(index(row), index(row));
        return;
    }
    // A new name may sort elsewhere.
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    insertSorted(c);
}

void PresenceModel::remove(const QString &sessionId)
{
    const int row = rowOfSession(sessionId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    announceTyping();
}

void PresenceModel::setTyping(const QString &userId)
{
    const qint64 until = m_clock() + m_typingTimeoutMs;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).userId != userId)
            continue;
        m_rows[row].typingUntil = until;
        if (!m_rows.at(row).typing) {
            m_rows[row].typing = true;
            Q_EMIT dataChanged(index(row), index(row), {TypingRole});
        }
    }
    if (!m_typingTimer.isActive())
        m_typingTimer.start(m_typingTimeoutMs);
    announceTyping();
}

void PresenceModel::expireTyping()
{
    const qint64 now = m_clock();
    qint64 next = 0;
    for (int row = 0; row < m_rows.size(); ++row) {
        Collaborator &c = m_rows[row];
        if (!c.typing)
            continue;
        if (c.typingUntil <= now) {
            c.typing = false;
            Q_EMIT dataChanged(index(row), index(row), {TypingRole});
        } else {
            next = next == 0 ? c.typingUntil : qMin(next, c.typingUntil);
        }
    }
    if (next != 0)
        m_typingTimer.start(int(qMax<qint64>(1, next - now)));
    announceTyping();
}

void PresenceModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
    announceTyping();
}

QString PresenceModel::typingText() const
{
    QStringList names;
    for (const Collaborator &c : m_rows)
        if (c.typing && !names.contains(c.userName))
            names.append(c.userName);
    switch (names.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(names.first());
    case 2:
        return tr("%1 and %2 are typing…").arg(names.at(0), names.at(1));
    default:
        return tr("%n people are typing…", nullptr, int(names.size()));
    }
}

void PresenceModel::announceTyping()
{
    const QString text = typingText();
    if (text == m_typingText)
        return;
    m_typingText = text;
    Q_EMIT typingTextChanged(text);
}

QString PresenceModel::nameOf(const QString &userId) const
{
    for (const Collaborator &row : m_rows)
        if (row.userId == userId && !row.userName.isEmpty())
            return row.userName;
    return {};
}

int PresenceModel::rowOfSession(const QString &sessionId) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).sessionId == sessionId)
            return row;
    return -1;
}
