// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionindicator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>

namespace {

const QColor Green(QStringLiteral("#2e9e4f"));
const QColor Amber(QStringLiteral("#d98e04"));
const QColor Grey(QStringLiteral("#8a8f98"));
const QColor Red(QStringLiteral("#d1363b"));

/** "1 change" / "3 changes" (English plurals even without a translation loaded). */
QString changes(int count)
{
    return count == 1 ? ConnectionIndicator::tr("1 change")
                      : ConnectionIndicator::tr("%1 changes").arg(count);
}

/** "1 note" / "3 notes". */
QString notes(qsizetype count)
{
    return count == 1 ? ConnectionIndicator::tr("1 note")
                      : ConnectionIndicator::tr("%1 notes").arg(count);
}

/** " — 3 changes waiting", saying how many of them are not saved on this computer either
 *  (unsaved: SyncClient::unsavedEdits()). */
QString waiting(int pending, int unsaved)
{
    if (pending == 0)
        return {};
    if (unsaved == 0)
        return ConnectionIndicator::tr(" — %1 waiting").arg(changes(pending));
    if (unsaved >= pending)
        return ConnectionIndicator::tr(" — %1 not saved on this computer").arg(changes(pending));
    return ConnectionIndicator::tr(" — %1 waiting, %2 not saved on this computer")
            .arg(changes(pending))
            .arg(unsaved);
}

} // namespace

QString ConnectionSummary::lastSyncText(const QDateTime &when)
{
    const QDateTime local = when.toLocalTime();
    const QDate today = QDate::currentDate();
    const QString time = QLocale().toString(local.time(), QLocale::ShortFormat);
    if (local.date() == today)
        return time;
    if (local.date() == today.addDays(-1))
        return ConnectionIndicator::tr("yesterday %1").arg(time);
    return QLocale().toString(local, QLocale::ShortFormat);
}

QString ConnectionSummary::notSyncingText(const SyncClient &client, const QString &noteId,
                                          const QString &problem)
{
    return ConnectionIndicator::tr("“%1” is not syncing: %2")
            .arg(client.summary(noteId).title, problem);
}

int ConnectionSummary::msUntilCountdownChanges(const SyncClient &client, const QDateTime &now)
{
    if (client.state() != SyncClient::State::Reconnecting)
        return -1;
    // "in N s" is N = ceil(left / 1 s): it drops when left reaches the next whole second.
    const qint64 left = now.msecsTo(client.nextRetry());
    if (left <= 0)
        return 1000; // due: the attempt changes the state (and refreshes) before this
    const qint64 toWholeSecond = left % 1000 == 0 ? 1000 : left % 1000;
    return int(toWholeSecond + 1);
}

ConnectionSummary ConnectionSummary::of(const SyncClient &client, const QDateTime &now)
{
    ConnectionSummary s;
    const int pending = client.pendingChanges();
    const bool notSaved = !client.saveError().isEmpty();
    const int unsaved = notSaved ? client.unsavedEdits() : 0;
    const bool hubCannotSave = !client.hubSaveError().isEmpty();
    const QMap<QString, QString> notSyncing = client.notesNotSyncing();
    // " — 3 changes waiting" where the state has room for it; it also counts the unsaved.
    bool counted = false;
    const auto waitingHere = [&]() {
        counted = pending > 0 && unsaved > 0;
        return waiting(pending, unsaved);
    };
    using State = SyncClient::State;
    switch (client.state()) {
    case State::Online:
        if (hubCannotSave)
            s.text = ConnectionIndicator::tr("Live — hub cannot save") + waitingHere();
        else if (!notSyncing.isEmpty())
            // Their changes wait here, not being sent: counted as waiting.
            s.text =
                    ConnectionIndicator::tr("Live — %1 not syncing").arg(notes(notSyncing.size())) +
                    waitingHere();
        else if (client.syncTotal() > 1)
            s.text = ConnectionIndicator::tr("Live — syncing notes, %1 of %2")
                             .arg(QLocale().toString(client.syncDone()),
                                  QLocale().toString(client.syncTotal()));
        else
            s.text = pending == 0
                    ? ConnectionIndicator::tr("Live")
                    : ConnectionIndicator::tr("Live — sending %1").arg(changes(pending));
        s.colour = hubCannotSave || !notSyncing.isEmpty() ? Red : Green;
        break;
    case State::Connecting:
    case State::Authenticating:
        s.text = ConnectionIndicator::tr("Connecting…") + waitingHere();
        s.colour = Amber;
        break;
    case State::Reconnecting: {
        const qint64 seconds = qMax<qint64>(0, (now.msecsTo(client.nextRetry()) + 999) / 1000);
        // A hub that cannot save is up, and tried without end: no attempts to count. One on
        // the local network is tried without end too: its attempts have no maximum.
        if (hubCannotSave)
            s.text = ConnectionIndicator::tr("Hub cannot save — retrying in %1 s").arg(seconds);
        else if (client.maxAttempts() == 0)
            s.text = ConnectionIndicator::tr("Reconnecting in %1 s (attempt %2)")
                             .arg(seconds)
                             .arg(client.attempt());
        else
            s.text = ConnectionIndicator::tr("Reconnecting in %1 s (attempt %2 of %3)")
                             .arg(seconds)
                             .arg(client.attempt())
                             .arg(client.maxAttempts());
        s.text += waitingHere();
        s.colour = hubCannotSave ? Red : Amber;
        break;
    }
    case State::Offline:
        s.text = ConnectionIndicator::tr("Offline") + waitingHere();
        s.colour = Grey;
        break;
    case State::Failed:
        // Given up on, the changes still wait here: said before what to do about it.
        s.text = client.needsCredentials() ? ConnectionIndicator::tr("Sign-in needed") +
                        waitingHere() + ConnectionIndicator::tr(" — Sign In")
                                           : ConnectionIndicator::tr("Sync failed") +
                        waitingHere() + ConnectionIndicator::tr(" — Reconnect");
        s.colour = Red;
        break;
    }
    if (notSaved) {
        // Above any state: what is not on this disk is lost if Tandem ends now.
        if (!counted)
            s.text += ConnectionIndicator::tr(" — not saved on this computer");
        s.colour = Red;
    }
    if (client.state() != State::Online && client.lastSync().isValid())
        s.text += ConnectionIndicator::tr(" · last sync %1").arg(lastSyncText(client.lastSync()));
    s.toolTip = client.lastError().isEmpty()
            ? client.serverUrl().toString()
            : QStringLiteral("%1\n%2").arg(client.serverUrl().toString(), client.lastError());
    if (!client.saveError().isEmpty())
        s.toolTip += u'\n' +
                ConnectionIndicator::tr("Not saved on this computer: %1").arg(client.saveError());
    if (hubCannotSave)
        s.toolTip += u'\n' + client.hubSaveError();
    for (auto it = notSyncing.cbegin(); it != notSyncing.cend(); ++it)
        s.toolTip += u'\n' + notSyncingText(client, it.key(), it.value());
    return s;
}

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    m_dot = new QWidget(this);
    m_dot->setFixedSize(10, 10);
    m_label = new QLabel(this);
    layout->addWidget(m_dot, 0, Qt::AlignVCenter);
    layout->addWidget(m_label, 0, Qt::AlignVCenter);
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred); // as wide as its text
    setCursor(Qt::PointingHandCursor);
    m_tick.setSingleShot(true);
    m_tick.setTimerType(Qt::PreciseTimer); // not early: the countdown's second has ended
    connect(&m_tick, &QTimer::timeout, this, &ConnectionIndicator::refresh);
    refresh();
}

void ConnectionIndicator::setClient(SyncClient *client)
{
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    if (client) {
        connect(client, &SyncClient::pendingChangesChanged, this, &ConnectionIndicator::refresh);
        connect(client, &SyncClient::notesNotSyncingChanged, this, &ConnectionIndicator::refresh);
        connect(client, &SyncClient::stateChanged, this, &ConnectionIndicator::refresh);
        connect(client, &SyncClient::lastErrorChanged, this, &ConnectionIndicator::refresh);
        connect(client, &SyncClient::lastSyncChanged, this, &ConnectionIndicator::refresh);
        connect(client, &SyncClient::syncProgressChanged, this, &ConnectionIndicator::refresh);
        connect(client, &SyncClient::saveStateChanged, this, &ConnectionIndicator::refresh);
    }
    refresh();
}

QString ConnectionIndicator::text() const
{
    return m_label->text();
}

void ConnectionIndicator::refresh()
{
    ConnectionSummary summary;
    const QDateTime now = QDateTime::currentDateTime();
    if (m_client) {
        summary = ConnectionSummary::of(*m_client, now);
    } else {
        summary.text = tr("Not connected");
        summary.colour = Grey;
    }
    m_colour = summary.colour;
    m_label->setText(summary.text);
    setToolTip(summary.toolTip);
    m_dot->setStyleSheet(
            QStringLiteral("background: %1; border-radius: 5px;").arg(m_colour.name()));
    // The countdown only moves while a retry is scheduled.
    const int next = m_client ? ConnectionSummary::msUntilCountdownChanges(*m_client, now) : -1;
    if (next >= 0)
        m_tick.start(next);
    else
        m_tick.stop();
}

void ConnectionIndicator::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT clicked();
    QWidget::mouseReleaseEvent(event);
}
