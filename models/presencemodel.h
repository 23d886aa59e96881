// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

/** One collaborator session on the current note (protocol: presence_list/update). */
struct Collaborator
{
    QString sessionId;
    QString userId;
    QString userName;
    QString colour;
    /** "online", "away" or "busy". */
    QString status;
    bool typing = false;
    bool hasCursor = false;
    qint64 anchor = 0;
    qint64 position = 0;
    /** The hub version the cursor is at. */
    qint64 cursorVersion = 0;
    /** When "typing" stops showing (ms since the epoch). */
    qint64 typingUntil = 0;

    static Collaborator fromJson(const QJsonObject &user);
};

/**
 * Who else is on the current note: name, colour, status, "is typing" and cursor, one row per
 * session (a user on two devices is two rows), sorted by name. Fed from the protocol's
 * presence messages; the typing flag clears itself a few seconds after the last `typing`.
 */
class PresenceModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        SessionIdRole = Qt::UserRole + 1,
        UserIdRole,
        UserNameRole,
        ColourRole,
        StatusRole,
        TypingRole,
        CursorRole, ///< QVariantMap {anchor, position, version}, or invalid
    };

    explicit PresenceModel(QObject *parent = nullptr);
    /** A presence status (online, away, busy) as the user reads it; another client's own word
     *  as it is. */
    static QString statusText(const QString &status);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** presence_list: everyone at once. ownSessionId is left out (you are not a collaborator). */
    void setUsers(const QJsonArray &users, const QString &ownSessionId = {});
    /** presence_update: one session joined or changed. */
    void update(const QJsonObject &user);
    /** presence_remove. */
    void remove(const QString &sessionId);
    /** typing from a user: all their sessions show it for typingTimeoutMs. */
    void setTyping(const QString &userId);
    void clear();

    /** "Ann is typing…", "Ann and Bo are typing…", "3 people are typing…" or "". */
    QString typingText() const;
    const Collaborator &at(int row) const { return m_rows.at(row); }
    int rowOfSession(const QString &sessionId) const;
    /** The name userId is here under ("" when none of their sessions is). */
    QString nameOf(const QString &userId) const;

    void setTypingTimeoutMs(int ms) { m_typingTimeoutMs = ms; }
    /** Milliseconds since the epoch; tests inject their own. */
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

Q_SIGNALS:
    void typingTextChanged(const QString &text);

private:
    void expireTyping();
    void insertSorted(const Collaborator &collaborator);
    void announceTyping();

    QList<Collaborator> m_rows;
    QString m_ownSessionId;
    QTimer m_typingTimer;
    int m_typingTimeoutMs = 3000;
    std::function<qint64()> m_clock;
    QString m_typingText;
};
