// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "syncclient.h"

#include <QColor>
#include <QPointer>
#include <QTimer>
#include <QWidget>

QT_FORWARD_DECLARE_CLASS(QLabel)

/** What the compact status shows for a client's state (seed 001's WebSocketStatus). */
struct ConnectionSummary
{
    QString text;
    QColor colour;
    QString toolTip;

    /** Live / Live — 1 note not syncing / Connecting… / Reconnecting in 4 s (attempt 3 of
     *  10) / Offline — 3 changes waiting / Sync failed — 3 changes waiting — Reconnect, with
     *  the last sync time when not live. */
    static ConnectionSummary of(const SyncClient &client, const QDateTime &now);
    /** When a last sync was, as the status says it: a time today, "yesterday" and a time,
     *  else a date and time (kept from an earlier run, it can be days old). */
    static QString lastSyncText(const QDateTime &when);
    /** "“Plans” is not syncing: <the hub's reason>", for a note of notesNotSyncing(). */
    static QString notSyncingText(const SyncClient &client, const QString &noteId,
                                  const QString &problem);
    /** Milliseconds from now until the reconnect countdown's text changes next (just past
     *  the end of the second it shows), or -1 when there is no countdown. Everything that
     *  shows it refreshes then, so the status bar and the popup never show different
     *  seconds. */
    static int msUntilCountdownChanges(const SyncClient &client, const QDateTime &now);
};

/**
 * The compact connection status for the status bar: a coloured dot and a short text, kept
 * current (the reconnect countdown ticks as each of its seconds ends). Clicking it emits clicked(),
 * for the detailed popup.
 */
class ConnectionIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionIndicator(QWidget *parent = nullptr);

    void setClient(SyncClient *client);
    QString text() const;
    QColor colour() const { return m_colour; }

Q_SIGNALS:
    void clicked();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void refresh();

    QPointer<SyncClient> m_client;
    QWidget *m_dot = nullptr;
    QLabel *m_label = nullptr;
    QColor m_colour;
    QTimer m_tick;
};
