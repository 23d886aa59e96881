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

Q_SIGNALS:
    /** The hub refused the login and the user pressed Sign In…: a new login is needed, which
     *  reconnecting with the refused one would not give. The popup has closed. */
    void signInRequested();

private:
    void refresh();
    static QString attemptsText(const SyncClient &client);

    QPointer<SyncClient> m_client;
    QHash<QString, QLabel *> m_values;
    QFormLayout *m_form = nullptr;
    QPushButton *m_reconnect = nullptr;
    QPushButton *m_clear = nullptr;
    QTimer m_tick;
};
