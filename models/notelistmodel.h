// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "textsearch.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>

/** One row of the notes list. */
struct NoteSummary
{
    QString id;
    QString title;
    /** The whole text: the preview is cut from it and the filter searches it. */
    QString text;
    QString owner;
    /** "owner", "editor" or "viewer". */
    QString role;
    qint64 updatedAt = 0;
    /** Changes made here that the hub has not acknowledged yet. */
    bool unsynced = false;
    friend bool operator==(const NoteSummary &, const NoteSummary &) = default;
};

/**
 * The notes list: newest change first, filtered by a search text (title or body, case- and
 * accent-insensitive words), each row with an unsynced marker. Fed row by row (upsert/remove)
 * so views keep their selection and scroll position while notes change underneath.
 */
class NoteListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        PreviewRole,
        UpdatedAtRole,
        UnsyncedRole,
        OwnerRole,
        AccessRole,
    };

    explicit NoteListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Replaces every note. */
    void setNotes(QList<NoteSummary> notes);
    /** Adds a note or updates it in place (moving it when its time changed). */
    void upsert(const NoteSummary &note);
    void remove(const QString &id);

    QString filter() const { return m_filter; }
    void setFilter(const QString &filter);

    /** The row showing id, or -1 (not there, or filtered out). */
    int rowOf(const QString &id) const;
    /** The note at a visible row. */
    const NoteSummary &at(int row) const { return m_visible.at(row); }
    /** Notes in total, filtered out or not. */
    int totalCount() const { return int(m_all.size()); }

    /** The first non-empty line of text, at most 120 characters. */
    static QString previewOf(const QString &text);

Q_SIGNALS:
    void filterChanged(const QString &filter);

private:
    bool matches(const NoteSummary &note) const;
    /** Where a note goes among the visible rows (newest first, then by id for stability). */
    int visibleInsertRow(const NoteSummary &note) const;
    static bool before(const NoteSummary &a, const NoteSummary &b);

    QList<NoteSummary> m_all;
    QList<NoteSummary> m_visible;
    QString m_filter;
    TextSearch m_search;
};
