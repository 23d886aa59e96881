// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QLocalServer>
#include <QObject>
#include <QStringList>

/**
 * One Tandem per profile. The first instance listens on a local socket named after its
 * profile's data folder; a second one started on the same profile hands its arguments (invite
 * links) to the first and exits, so two windows never share one offline cache. Different
 * profiles have different names and run side by side.
 *
 * On macOS a clicked tandem:// link reaches the running app as a QFileOpenEvent instead of
 * an argument; once installed as the application's event filter (watchOpenEvents) those come
 * out of argumentsReceived too.
 */
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    /** profileKey: what makes a profile itself (its data folder). */
    explicit SingleInstance(const QString &profileKey, QObject *parent = nullptr);

    /** The socket name of a profile (short: some systems limit socket paths). */
    static QString serverName(const QString &profileKey);

    /** True if another instance runs on this profile and took arguments (then exit). */
    bool forwardToRunning(const QStringList &arguments, int timeoutMs = 2000);
    /** Becomes the profile's instance; false (with why) if the socket could not be made. */
    bool listen(QString *why);
    /** Also report links the system opens with this app (QFileOpenEvent, macOS). */
    void watchOpenEvents(QCoreApplication *app);

Q_SIGNALS:
    /** Another start on this profile handed these arguments over (empty: just show up). */
    void argumentsReceived(const QStringList &arguments);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QString m_name;
    QLocalServer m_server;
};
