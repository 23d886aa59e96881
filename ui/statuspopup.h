// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QPointer>
#include <QTimer>

QT_FORWARD_DECLARE_CLASS(QFormLayout)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QPushButton)

class SyncClient;

/**
 * The detailed connection status (opened by clicking the compact one): server, user, state,
 * latency, attempts, joined notes, unsynced changes, the notes the hub cannot sync (when
 * there are), how the local copy is saved and the last error, with Reconnect (Sign In… when
 * the hub refused the login) and Clear error. Kept current while open.
 */
class StatusPopup : public QFrame
{
    Q_OBJECT
public:
    explicit StatusPopup(SyncClient *client, QWidget *parent = nullptr);

    /** The value shown for a row ("Server", "User", "State", …). */
    QString value(const QString &row) const;
    /** Shows the popup with its bottom-right corner at bottomRight (global), and keeps it
     *  there as its rows grow or shrink (a long error appearing while it is open). */
    void showAt(const QPoint &bottomRight);

Q_SIGNALS:
    /** The hub refused the login and the user pressed Sign In…: a new login is needed, which
     *  reconnecting with the refused one would not give. The popup has closed. */
    void signInRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void refresh();
    void placeAtAnchor();
    static QString attemptsText(const SyncClient &client);

    QPointer<SyncClient> m_client;
    QHash<QString, QLabel *> m_values;
    QFormLayout *m_form = nullptr;
    QPushButton *m_reconnect = nullptr;
    QPushButton *m_clear = nullptr;
    QTimer m_tick;
    QPoint m_anchor; ///< bottom-right corner, global; null until showAt()
};
