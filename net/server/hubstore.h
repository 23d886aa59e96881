// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <map>
#include <optional>
#include <vector>

/**
 * The hub's durable state in one SQLite file (WAL, synchronous=FULL): users, notes, the op
 * log, snapshots, sharing and chat. Reads are direct; writes are collected by the hub into
 * a Batch and committed in one transaction per event-loop pass, and nothing is acknowledged
 * to a client before its batch has committed. The schema version is PRAGMA user_version.
 *
 * One HubStore per thread: it owns a named QSqlDatabase connection.
 */
class HubStore
{
public:
    static constexpr int SchemaVersion = 6;
    /** The most a connection's page cache holds (SQLite's default is 2,000 KiB). The hub has
     *  two (the event loop's reads and the committer's writes); pages past the cap are read
     *  again from the OS's file cache, which costs the workloads of make bench nothing
     *  measurable, and the hub's memory stops growing with its database sooner. */
    static constexpr int PageCacheKiB = 512;

    /** A note's row. The text is not in it: it is the latest snapshot's with the ops after it
     *  (up to version) replayed. */
    struct Note
    {
        QString id;
        QString owner;
        QString title;
        qint64 version = 0;
        qint64 createdAt = 0; ///< ms since the epoch
        qint64 updatedAt = 0;
        qint64 deletedAt = 0; ///< 0 while the note is live
        QString role; ///< notesVisibleTo() only: "owner", "editor" or "viewer" for that user
    };

    struct Op
    {
        qint64 version = 0;
        QByteArray op; ///< ot.js JSON text
        QString userId;
        QString clientId;
        qint64 seq = 0;
        qint64 createdAt = 0;
        qint64 deleted = 0; ///< UTF-16 units the op removes (for history listings)
    };

    struct ChatMessage
    {
        QString id;
        QString noteId;
        QString userId;
        QString userName;
        QString content;
        qint64 timestamp = 0;
    };

    /** One SQL statement with its bound values, run as part of a Batch. */
    struct Statement
    {
        QString sql;
        QVariantList values;
    };
    using Batch = QList<Statement>;

    HubStore();
    ~HubStore();
    HubStore(const HubStore &) = delete;
    HubStore &operator=(const HubStore &) = delete;

    /** Opens (creating or migrating) the database at path. */
    bool open(const QString &path, QString *error);
    void close();
    /** Makes this connection refuse to grow the database past maxBytes (0: no cap), the way a
     *  full disk would. */
    bool limitSize(qint64 maxBytes, QString *error);

    /** Runs every statement in one transaction; on failure nothing of it is kept. */
    bool commit(const Batch &batch, QString *error);

    std::optional<Note> note(const QString &id) const;
    /** Live notes the user owns or is a collaborator of, newest first, with the user's role. */
    QList<Note> notesVisibleTo(const QString &userId) const;
    /** userId -> role ("editor" or "viewer") of the note's collaborators (the owner excluded). */
    QHash<QString, QString> collaborators(const QString &noteId) const;
    /** Ops with version > after, in order. */
    std::vector<Op> opsSince(const QString &noteId, qint64 after) const;
    /** Ops with version in (after, upTo], in order. */
    std::vector<Op> opsBetween(const QString &noteId, qint64 after, qint64 upTo) const;
    /** The same without their text (op left empty): who, when and how much they deleted, for
     *  a history listing, without reading a large paste's pages. */
    std::vector<Op> authorsBetween(const QString &noteId, qint64 after, qint64 upTo) const;
    /** The version at which (clientId, seq) was committed, if it was. */
    std::optional<qint64> committedVersion(const QString &noteId, const QString &clientId,
                                           qint64 seq) const;
    /** The latest snapshot at or before version: (snapshot version, content). */
    std::optional<std::pair<qint64, QString>> snapshotAtOrBefore(const QString &noteId,
                                                                 qint64 version) const;
    /** The highest seq committed for clientId in the note (-1 if none), for duplicate
     *  detection after a restart; nullopt, and why in error, if the store cannot be read. */
    std::optional<qint64> lastSeq(const QString &noteId, const QString &clientId,
                                  QString *error = nullptr) const;
    QList<ChatMessage> chatHistory(const QString &noteId, int limit) const;
    qint64 chatCount(const QString &noteId) const;
    /** Display name of a known user, or an empty string. */
    QString userName(const QString &userId) const;
    /** Every user the hub knows (signed in, or named by an invite): id -> display name. */
    QHash<QString, QString> users() const;
    /** userId -> the time (ms since the epoch) up to which that user's tokens are revoked. */
    QHash<QString, qint64> revocations() const;
    /** Whom each owner shares the notes they make with, as they make them:
     *  owner -> (user id -> role). */
    QHash<QString, QHash<QString, QString>> standingShares() const;

    // Statement builders for a Batch.
    static Statement upsertUser(const QString &id, const QString &name, qint64 now);
    /** Refuses every token of userId issued up to beforeMs (a later revocation only widens). */
    static Statement revokeTokens(const QString &userId, qint64 beforeMs);
    /** The row only: its text goes in with insertSnapshot at version 0. */
    static Statement insertNote(const Note &note);
    /** Records that ops up to version are in the log. */
    static Statement updateNoteVersion(const QString &id, qint64 version, qint64 updatedAt);
    static Statement updateNoteTitle(const QString &id, const QString &title, qint64 updatedAt);
    static Statement setNoteDeleted(const QString &id, qint64 deletedAt);
    static Statement insertOp(const QString &noteId, const Op &op);
    /** Stores the whole text as of version (at the create, then every so often: see Hub). */
    static Statement insertSnapshot(const QString &noteId, qint64 version, const QString &content);
    static Statement setCollaborator(const QString &noteId, const QString &userId,
                                     const QString &role);
    static Statement removeCollaborator(const QString &noteId, const QString &userId);
    /** Every note owner makes from now on is shared with userId as role. */
    static Statement setStandingShare(const QString &owner, const QString &userId,
                                      const QString &role);
    /** No owner's new notes are shared with userId any more (their notes so far stay). */
    static Statement removeStandingShares(const QString &userId);
    static Statement insertChat(const ChatMessage &message);
    /** Once a room holds more than above messages, keeps its newest keep (else does nothing):
     *  queued after each insert, it runs in the same transaction, off the hub's thread. */
    static Statement trimChat(const QString &noteId, int above, int keep);

private:
    bool migrate(QString *error);
    QSqlDatabase database() const;
    /** The ops with version in (after, upTo], in order, reading these columns. */
    std::vector<Op> opsIn(QLatin1String columns, const QString &noteId, qint64 after,
                          qint64 upTo) const;

    QString m_connection;
    /** Write statements by SQL, prepared once per connection. */
    std::map<QString, QSqlQuery> m_prepared;
};
