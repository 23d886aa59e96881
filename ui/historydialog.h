// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QPointer>

QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QListWidget)
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

/**
 * Note → Version history…: the note's versions (who, when), newest first; the text at the
 * chosen version, with what changed since then highlighted (lines gone since in red, lines
 * added since in green); "Restore this version" commits a new version with that text
 * (protocol `revert`; history is never rewritten).
 */
class HistoryDialog : public QDialog
{
    Q_OBJECT
public:
    HistoryDialog(SyncClient *client, const QString &noteId, QWidget *parent = nullptr);

    QListWidget *versionList() const { return m_versions; }
    QTextEdit *textView() const { return m_text; }
    QPushButton *restoreButton() const { return m_restore; }
    /** The version whose text is shown (0: none yet). */
    qint64 shownVersion() const { return m_shown; }

    /** The lines of before and after, in order: kept, removed from before, added in after. */
    static QList<DiffLine> diff(const QString &before, const QString &after);

public Q_SLOTS:
    void restoreSelected();

private:
    void versionsReceived(const QString &noteId, const QJsonArray &versions);
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
};
