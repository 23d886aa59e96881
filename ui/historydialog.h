// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QMap>
#include <QPointer>

QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QListWidget)
QT_FORWARD_DECLARE_CLASS(QListWidgetItem)
QT_FORWARD_DECLARE_CLASS(QPushButton)
QT_FORWARD_DECLARE_CLASS(QTextEdit)

class SyncClient;

/** One line of a line diff. */
struct DiffLine
{
    enum class Kind { Same, Removed, Added };
    Kind kind;
    QString text;
    friend bool operator==(const DiffLine &, const DiffLine &) = default;
};

/** How HistoryDialog groups and fetches versions (see there). */
struct HistoryPaging
{
    qint64 burstGapMs = 5 * 60 * 1000; ///< negative: every version on its own
    int pageSize = 1000;               ///< the hub's most per request
    /** A version deleting this many units or more begins a burst of its own. */
    qint64 largeDeletion = 20;
};

/**
 * Note → Version history…: the note's versions (who, when), newest first; the text at the
 * chosen version, with what changed since then highlighted (lines gone since in red, lines
 * added since in green); "Restore this version" commits a new version with that text
 * (protocol `revert`; history is never rewritten).
 *
 * Every keystroke that reaches the hub is a version, so versions are listed by burst: one
 * entry for one person's edits with no pause longer than burstGapMs and spanning at most
 * twice that, showing the note as the burst left it ("Version 33 — Bob", "17:42 · 31 edits").
 * A large deletion (select and delete, cut, typing over a selection, a restore) begins a burst
 * of its own, so the text just before it is an entry to restore even when the same person
 * went on typing right after (a third line: "began by deleting 36 characters").
 * The hub gives pageSize versions at a time; "Show older versions…" at the end of the list
 * asks for the next page, so the history of a long-typed note is reachable to its start.
 */
class HistoryDialog : public QDialog
{
    Q_OBJECT
public:
    using Paging = HistoryPaging;
    HistoryDialog(SyncClient *client, const QString &noteId, QWidget *parent = nullptr,
                  Paging paging = {});

    QListWidget *versionList() const { return m_versions; }
    QTextEdit *textView() const { return m_text; }
    QPushButton *restoreButton() const { return m_restore; }
    /** The version whose text is shown (0: none yet). */
    qint64 shownVersion() const { return m_shown; }
    /** The last entry while the hub has older versions than those listed, else null. */
    QListWidgetItem *olderVersionsItem() const;

    /** The lines of before and after, in order: kept, removed from before, added in after. */
    static QList<DiffLine> diff(const QString &before, const QString &after);

public Q_SLOTS:
    void restoreSelected();

private:
    struct Version
    {
        QString userId;
        QString who;
        qint64 timestamp = 0;
        qint64 deleted = 0; ///< units the version deleted
    };
    void versionsReceived(const QString &noteId, const QJsonArray &versions);
    /** Lists m_loaded by burst, keeping the selection (or selecting `select`'s burst). */
    void listBursts(qint64 select = 0);
    void loadOlder();
    void versionReceived(const QString &noteId, qint64 version, const QString &content);
    void selectionChanged();
    void updateButtons();

    QPointer<SyncClient> m_client;
    QString m_noteId;
    QListWidget *m_versions = nullptr;
    QTextEdit *m_text = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_restore = nullptr;
    qint64 m_shown = 0;
    qint64 m_current = 0;
    Paging m_paging;
    QMap<qint64, Version> m_loaded; ///< by version: every version the hub has sent so far
    bool m_more = false;            ///< the hub has versions older than m_loaded's first
    qint64 m_olderThan = 0;         ///< the page asked for by "Show older versions…", if any
};
