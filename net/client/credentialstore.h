// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QUrl>

/**
 * Login tokens in the operating system's keychain (Secret Service, macOS Keychain, Windows
 * Credential Manager) through Qt Keychain, keyed by hub and user. Every operation is an
 * asynchronous job: nothing here blocks the UI; results come as signals. A job runs to its end
 * even when the store is destroyed first (its signal is then not emitted).
 *
 * When there is no keychain (no session bus, no Secret Service, a locked keyring refusing
 * writes), available() turns false with a reason a person can read, and the token can be kept
 * for this session only (setSessionToken), in memory. A token is never written in plain text:
 * Qt Keychain's insecure fallback stays off.
 */
class CredentialStore : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool available READ available NOTIFY availabilityChanged)
public:
    explicit CredentialStore(QString service = QStringLiteral("Tandem"), QObject *parent = nullptr);

    /** The keychain key of a login: the hub's address (no path or query) and the user. */
    static QString keyFor(const QUrl &hub, const QString &user);

    /** Starts a read; tokenRead() reports it (an empty token: nothing stored). */
    void readToken(const QUrl &hub, const QString &user);
    /** Starts a write; tokenWritten() reports it. */
    void writeToken(const QUrl &hub, const QString &user, const QString &token);
    /** Starts a delete; tokenDeleted() reports it. */
    void deleteToken(const QUrl &hub, const QString &user);

    /** False once a job found no usable keychain; unavailableReason() says why. */
    bool available() const { return m_available; }
    QString unavailableReason() const { return m_reason; }

    /** Jobs of any store in this process started and not yet finished. */
    static int pendingJobs();
    /** Runs an event loop until every job started has finished, for at most timeoutMs; true if
     *  none is left. For the end of main(): once the application's event loop has returned,
     *  Qt Keychain starts no queued job, and a login written just before quitting would be
     *  lost. */
    static bool finishPendingJobs(int timeoutMs);

    /** The session-only login: kept in memory until the app quits, never on disk. */
    void setSessionToken(const QUrl &hub, const QString &user, const QString &token);
    QString sessionToken(const QUrl &hub, const QString &user) const;

Q_SIGNALS:
    void tokenRead(const QUrl &hub, const QString &user, const QString &token,
                   const QString &error);
    void tokenWritten(const QUrl &hub, const QString &user, bool ok, const QString &error);
    void tokenDeleted(const QUrl &hub, const QString &user, bool ok, const QString &error);
    void availabilityChanged(bool available, const QString &reason);

private:
    /** True for the errors meaning "there is no keychain to use" rather than "no entry". */
    void noteFailure(int error, const QString &message);

    QString m_service;
    bool m_available = true;
    QString m_reason;
    QHash<QString, QString> m_session;
};
