// SPDX-License-Identifier: GPL-3.0-or-later
#include "statuspopup.h"

#include "connectionindicator.h"
#include "syncclient.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaEnum>
#include <QPushButton>
#include <QVBoxLayout>

StatusPopup::StatusPopup(SyncClient *client, QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_client(client)
{
    setObjectName(QStringLiteral("statusPopup"));
    setFrameShape(QFrame::StyledPanel);
    setMinimumWidth(340);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    layout->addLayout(form);
    const QStringList rows{tr("Server"),           tr("User"),        tr("State"),
                           tr("Latency"),          tr("Attempts"),    tr("Joined notes"),
                           tr("Unsynced changes"), tr("Not syncing"), tr("On this computer"),
                           tr("Last sync"),        tr("Last error")};
    for (const QString &row : rows) {
        auto *value = new QLabel(this);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // The long, free-form values.
        value->setWordWrap(row == tr("Last error") || row == tr("On this computer") ||
                           row == tr("Not syncing"));
        value->setMaximumWidth(480);
        form->addRow(row + QLatin1Char(':'), value);
        m_values.insert(row, value);
    }
    m_form = form;
    auto *buttons = new QHBoxLayout;
    m_reconnect = new QPushButton(tr("&Reconnect"), this);
    m_clear = new QPushButton(tr("&Clear Error"), this);
    buttons->addStretch(1);
    buttons->addWidget(m_clear);
    buttons->addWidget(m_reconnect);
    layout->addLayout(buttons);
    connect(m_reconnect, &QPushButton::clicked, this, [this]() {
        if (m_client && m_client->needsCredentials()) {
            close();
            Q_EMIT signInRequested();
        } else if (m_client) {
            m_client->clearError();
            m_client->reconnectNow();
        }
    });
    connect(m_clear, &QPushButton::clicked, this, [this]() {
        if (m_client)
            m_client->clearError();
    });
    connect(client, &SyncClient::lastErrorChanged, this, &StatusPopup::refresh);
    connect(client, &SyncClient::stateChanged, this, &StatusPopup::refresh);
    connect(client, &SyncClient::latencyChanged, this, &StatusPopup::refresh);
    connect(client, &SyncClient::joinedNotesChanged, this, &StatusPopup::refresh);
    connect(client, &SyncClient::pendingChangesChanged, this, &StatusPopup::refresh);
    connect(client, &SyncClient::lastSyncChanged, this, &StatusPopup::refresh);
    connect(client, &SyncClient::userChanged, this, &StatusPopup::refresh);
    connect(client, &SyncClient::saveStateChanged, this, &StatusPopup::refresh);
    connect(client, &SyncClient::notesNotSyncingChanged, this, &StatusPopup::refresh);
    m_tick.setSingleShot(true); // refresh() sets when it comes next
    m_tick.setTimerType(Qt::PreciseTimer);
    connect(&m_tick, &QTimer::timeout, this, &StatusPopup::refresh);
    refresh();
}

QString StatusPopup::value(const QString &row) const
{
    QLabel *label = m_values.value(row);
    return label ? label->text() : QString();
}

QString StatusPopup::attemptsText(const SyncClient &c)
{
    // The failed attempts in a row: while retrying, out of how many; once live, how many it
    // took (the count restarts after a healthy minute).
    if (c.attempt() == 0)
        return tr("none");
    // Failed at once (a refused login, the wrong address): no retry is coming, so no count
    // out of the maximum either.
    if (c.state() == SyncClient::State::Failed && !c.isOutOfAttempts())
        return tr("not retried: see the last error");
    if (c.state() != SyncClient::State::Online)
        return c.maxAttempts() == 0 ? tr("%1, tried until the hub is back").arg(c.attempt())
                                    : tr("%1 of %2").arg(c.attempt()).arg(c.maxAttempts());
    return c.attempt() == 1 ? tr("connected after 1 failed attempt")
                            : tr("connected after %1 failed attempts").arg(c.attempt());
}

void StatusPopup::refresh()
{
    if (!m_client)
        return;
    const SyncClient &c = *m_client;
    const QDateTime now = QDateTime::currentDateTime();
    // Again when the countdown's second ends, as the status bar does; else in a second.
    const int next = ConnectionSummary::msUntilCountdownChanges(c, now);
    m_tick.start(next >= 0 ? next : 1000);
    m_reconnect->setText(c.needsCredentials() ? tr("&Sign In…") : tr("&Reconnect"));
    m_values.value(tr("Server"))->setText(c.serverUrl().toString());
    m_values.value(tr("User"))
            ->setText(c.userId().isEmpty() ? tr("not signed in")
                                           : tr("%1 (%2)").arg(c.userName(), c.userId()));
    // The compact text without its last sync time (a row of its own here).
    m_values.value(tr("State"))
            ->setText(ConnectionSummary::of(c, now).text.section(QStringLiteral(" · "), 0, 0));
    // Measured on a connection that is gone: said to be the last one, not today's.
    m_values.value(tr("Latency"))
            ->setText(c.latencyMs() < 0 ? tr("not measured yet")
                              : c.state() == SyncClient::State::Online
                              ? tr("%1 ms").arg(c.latencyMs())
                              : tr("%1 ms when last connected").arg(c.latencyMs()));
    m_values.value(tr("Attempts"))->setText(attemptsText(c));
    m_values.value(tr("Joined notes"))->setText(QString::number(c.joinedNotes().size()));
    m_values.value(tr("Unsynced changes"))->setText(QString::number(c.pendingChanges()));
    // Shown only when some note's copy on the hub is damaged: which, and why.
    const QMap<QString, QString> notSyncing = c.notesNotSyncing();
    QStringList lines;
    for (auto it = notSyncing.cbegin(); it != notSyncing.cend(); ++it)
        lines << ConnectionSummary::notSyncingText(c, it.key(), it.value());
    m_values.value(tr("Not syncing"))->setText(lines.join(u'\n'));
    m_form->setRowVisible(m_values.value(tr("Not syncing")), !lines.isEmpty());
    m_values.value(tr("On this computer"))
            ->setText(c.saveError().isEmpty() ? tr("saved")
                              : c.unsavedEdits() == 0
                              ? tr("not saved (%1), tried again every few seconds; the hub has "
                                   "every change")
                                        .arg(c.saveError())
                              : tr("not saved (%1), tried again every few seconds: %2 only in "
                                   "memory until the disk has room or the hub has them")
                                        .arg(c.saveError(),
                                             c.unsavedEdits() == 1
                                                     ? tr("1 change")
                                                     : tr("%1 changes").arg(c.unsavedEdits())));
    m_values.value(tr("Last sync"))
            ->setText(c.lastSync().isValid() ? ConnectionSummary::lastSyncText(c.lastSync())
                                             : tr("never"));
    m_values.value(tr("Last error"))->setText(c.lastError().isEmpty() ? tr("none") : c.lastError());
    m_clear->setEnabled(!c.lastError().isEmpty());
    adjustSize();
}

void StatusPopup::showAt(const QPoint &bottomRight)
{
    m_anchor = bottomRight;
    adjustSize();
    placeAtAnchor();
    show();
}

void StatusPopup::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    placeAtAnchor();
}

void StatusPopup::placeAtAnchor()
{
    if (!m_anchor.isNull())
        move(m_anchor.x() - width() + 1, m_anchor.y() - height() + 1);
}
