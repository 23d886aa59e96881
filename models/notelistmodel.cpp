// SPDX-License-Identifier: GPL-3.0-or-later
#include "notelistmodel.h"

#include <algorithm>

NoteListModel::NoteListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int NoteListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

QVariant NoteListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NoteSummary &note = m_visible.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return note.title.isEmpty() ? tr("Untitled") : note.title;
    case Qt::ToolTipRole:
        return note.unsynced ? tr("%1 — changes not yet synced").arg(note.title) : note.title;
    case IdRole:
        return note.id;
    case PreviewRole:
        return previewOf(note.text);
    case UpdatedAtRole:
        return note.updatedAt;
    case UnsyncedRole:
        return note.unsynced;
    case OwnerRole:
        return note.owner;
    case AccessRole:
        return note.role;
    default:
        return {};
    }
}

QHash<int, QByteArray> NoteListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "noteId"},
                  {TitleRole, "title"},
                  {PreviewRole, "preview"},
                  {UpdatedAtRole, "updatedAt"},
                  {UnsyncedRole, "unsynced"},
                  {OwnerRole, "owner"},
                  {AccessRole, "access"}});
    return names;
}

QString NoteListModel::previewOf(const QString &text)
{
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        const QStringView trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            return trimmed.left(120).toString();
    }
    return {};
}

bool NoteListModel::before(const NoteSummary &a, const NoteSummary &b)
{
    return a.updatedAt != b.updatedAt ? a.updatedAt > b.updatedAt : a.id < b.id;
}

bool NoteListModel::matches(const NoteSummary &note) const
{
    return m_search.matchesAll(note.title + QLatin1Char('\n') + note.text);
}

int NoteListModel::visibleInsertRow(const NoteSummary &note) const
{
    return int(std::lower_bound(m_visible.cbegin(), m_visible.cend(), note, before) -
               m_visible.cbegin());
}

void NoteListModel::setNotes(QList<NoteSummary> notes)
{
    beginResetModel();
    std::sort(notes.begin(), notes.end(), before);
    m_all = std::move(notes);
    m_visible.clear();
    for (const NoteSummary &note : std::as_const(m_all))
        if (matches(note))
            m_visible.append(note);
    endResetModel();
}

void NoteListModel::upsert(const NoteSummary &note)
{
    auto it = std::find_if(m_all.begin(), m_all.end(),
                           [&](const NoteSummary &n) { return n.id == note.id; });
    if (it != m_all.end() && *it == note)
        return;
    const int row = rowOf(note.id);
    if (it != m_all.end())
        m_all.erase(it);
    m_all.insert(std::lower_bound(m_all.begin(), m_all.end(), note, before), note);

    if (!matches(note)) {
        if (row >= 0) {
            beginRemoveRows({}, row, row);
            m_visible.removeAt(row);
            endRemoveRows();
        }
        return;
    }
    if (row >= 0) {
        // Where it goes among the other rows: the same place is a change in place, another
        // place one move, so views keep their selection.
        QList<NoteSummary> others = m_visible;
        others.removeAt(row);
        const int target = int(std::lower_bound(others.cbegin(), others.cend(), note, before) -
                               others.cbegin());
        if (target != row) {
            beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
            m_visible.removeAt(row);
            m_visible.insert(target, note);
            endMoveRows();
        } else {
            m_visible[row] = note;
        }
        Q_EMIT dataChanged(index(target), index(target));
        return;
    }
    const int target = visibleInsertRow(note);
    beginInsertRows({}, target, target);
    m_visible.insert(target, note);
    endInsertRows();
}

void NoteListModel::remove(const QString &id)
{
    m_all.removeIf([&](const NoteSummary &n) { return n.id == id; });
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_visible.removeAt(row);
    endRemoveRows();
}

void NoteListModel::setFilter(const QString &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    m_search = TextSearch(filter);
    beginResetModel();
    m_visible.clear();
    for (const NoteSummary &note : std::as_const(m_all))
        if (matches(note))
            m_visible.append(note);
    endResetModel();
    Q_EMIT filterChanged(filter);
}

int NoteListModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_visible.size(); ++row)
        if (m_visible.at(row).id == id)
            return row;
    return -1;
}
