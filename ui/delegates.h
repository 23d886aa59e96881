// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

/** A note in the list: bold title, one line of preview, when it changed, and an amber dot
 *  when it has changes the hub has not acknowledged. */
class NoteListDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /** "14:05" today, "Mon" this week, else the date. */
    static QString shortTime(const QDateTime &when, const QDateTime &now);
};

/** A collaborator: their colour, name, and status (or "typing…"). */
class CollaboratorDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

/** A discussion message: author and time on one line, the text wrapped below. */
class ChatDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    QRect textRect(const QStyleOptionViewItem &option, const QString &text) const;
};

/** The colour the status dots use: green online, amber away, red busy, grey otherwise. */
QColor statusColour(const QString &status);
