// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "textoperation.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

QT_FORWARD_DECLARE_CLASS(QSqlQuery)

/** A note as this client knows it (see ClientStore). */
struct LocalNote
{
    QString id;
    QString title;
    /** The local text: the hub's text at `version` with the pending ops applied. */
    QString content;
    /** False for a note only listed so far (its text was never fetched). */
    bool contentKnown = false;
    /** The hub's text version the content is based on. */
    qint64 version = 0;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    QString owner;
    /** "owner", "editor" or "viewer". */
    QString role = QStringLiteral("owner");
    QJsonArray collaborators;
    /** Created here; the hub has not confirmed it yet. */
    bool createPending = false;
    /** The title was changed here and not yet confirmed. */
    bool titlePending = false;
    /** The title as the hub last had it: a different one arriving while titlePending means
     *  someone else renamed the note meanwhile. */
    QString baseTitle;
    /** Deleted here; the hub has not confirmed it yet (the note is hidden meanwhile). */
    bool deletePending = false;
};

/**
 * A note's unacknowledged text edits, as OtClient holds them: at most one op sent (with the
 * clientId and seq it was sent with, so a resend after a crash or reconnect, even from a
 * later run of the app, is recognised by the hub) and the edits made since, composed into
 * one. Each side counts the user's edits in it.
 */
struct Outbox
{
    /** One change of the buffer: an edit composed into it, or its first part (the
     *  TextOperation::splitInserts of partUnits) taken out to be sent as the outstanding op. */
    struct BufferStep
    {
        std::optional<TextOperation> composed; ///< unset: a part taken
        qsizetype partUnits = 0;
    };

    std::optional<TextOperation> outstanding;
    QString outstandingClientId;
    qint64 outstandingSeq = 0;
    int outstandingEdits = 0;
    std::optional<TextOperation> buffer;
    int bufferEdits = 0;
    /**
     * Set when this outbox is the one last saved (or read) for its note with only these steps
     * made to its buffer since, and its outstanding op changed only by taking parts: the store
     * then writes the steps (a few bytes each) instead of the whole buffer, which after a big
     * paste holds megabytes. Unset: everything is written whole.
     */
    std::optional<QList<BufferStep>> bufferSteps;
    /** Read back from a cache whose buffer steps could not be replayed: the buffer is lost
     *  here (the note's text still has every edit). */
    bool damaged = false;

    bool isEmpty() const { return !outstanding; }
    int edits() const { return outstandingEdits + bufferEdits; }
    /** Notes a step made to the buffer (nothing when it is to be written whole anyway). */
    void recordStep(BufferStep step)
    {
        if (bufferSteps)
            bufferSteps->append(std::move(step));
    }
};

/**
 * The client's offline cache for one server profile, in SQLite: the notes (title, text,
 * version) and each note's outbox of unacknowledged ops. Every local edit is written in one
 * transaction (text + outbox) before anything is sent, with synchronous=FULL, so an edit the
 * UI shows as saved survives a crash, a SIGKILL or a power cut, and is sent exactly once.
 *
 * Ops go out as (clientId, seq): the id is new each time the cache is opened and the seqs of
 * a run are counted in memory, so no pair is ever given twice, not even after saves failed
 * (a full disk) and the app ended before they could be made. An op in an outbox keeps the
 * pair it was first given, in its row.
 *
 * Every write reports failure (a full disk, a read-only folder) instead of hiding it.
 */
class ClientStore
{
public:
    ClientStore();
    ~ClientStore();
    ClientStore(const ClientStore &) = delete;
    ClientStore &operator=(const ClientStore &) = delete;

    /** Where a profile's cache lives: the app data folder, one file per server URL. */
    static QString defaultPath(const QString &serverUrl);

    bool open(const QString &path, QString *error);
    /**
     * open(), but a cache file SQLite finds damaged ("file is not a database", "database disk
     * image is malformed", checked through the whole file) is first set aside, renamed
     * PATH.damaged-DATE with its log, and a new one made: a cache holds a copy of what the hub has,
     * and the damaged file is kept for whatever of it can still be recovered. *setAside: where it
     * went (empty if nothing was). A cache refused for another reason (a newer Tandem's, an
     * unwritable folder) stays.
     */
    bool openSettingAsideDamage(const QString &path, QString *error, QString *setAside);
    /** SQLite finds the file at path damaged (not a database, or failing its quick check). */
    static bool isDamaged(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    QString lastError() const { return m_lastError; }
    /** The reason of the last failure alone, as SQLite gave it ("database or disk is full"). */
    QString lastReason() const { return m_lastReason; }

    /** This run's id on the wire (new each time the cache is opened). */
    QString clientId() const { return m_clientId; }
    /** The seq for an op about to be sent under clientId(): each is given once. */
    qint64 takeSeq() { return m_nextSeq++; }
    /** The user the cached notes belong to ("" before the first login). */
    QString userId() const;
    bool setUserId(const QString &userId);
    /** The SHA-256 fingerprint of the hub's TLS certificate trusted for this cache's hub
     *  (trust on first use), or empty. */
    QString pinnedCertificate() const;
    bool setPinnedCertificate(const QString &fingerprint);
    /** When this cache was last in sync with its hub (ms since the epoch; 0: never), kept so
     *  a restart while offline still says it. */
    qint64 lastSync() const;
    bool setLastSync(qint64 msSinceEpoch);

    /** Whether a read includes the notes' text: a listing that does not show it reads no
     *  megabytes (Text::Without leaves content empty; contentKnown is as saved). */
    enum class Text { With, Without };
    /** Every note not deleted locally (or every note), newest change first. */
    QList<LocalNote> notes(bool includeDeleted = false, Text text = Text::With) const;
    std::optional<LocalNote> note(const QString &id, Text text = Text::With) const;
    /** Inserts or replaces a note's fields (not its outbox). */
    bool saveNote(const LocalNote &note);
    /** saveNote() of all but the text, its version and contentKnown, which stay as saved (with
     *  their journal). Fails for a note not in the cache. */
    bool saveNoteFields(const LocalNote &note);
    /** Forgets a note and its outbox. */
    bool removeNote(const QString &id);
    /** Forgets a note's unacknowledged text ops, its text left as saved. A text that held some
     *  is no version the hub has: it is marked stale, and the next join asks for the hub's. */
    bool discardOutbox(const QString &id);
    /** Forgets every note and outbox (a different user logged in). */
    bool clearNotes();

    /** The note's outbox, its buffer rebuilt from the steps saved since it was written whole. */
    Outbox outbox(const QString &id) const;
    /** Ids of notes with unacknowledged text ops. */
    QStringList notesWithOutbox() const;
    /** The note has unacknowledged text ops (without reading them). */
    bool hasOutbox(const QString &id) const;
    /**
     * One step of a note's live state, atomically: the local text and version, and its
     * outbox. Used for local edits (which pass the time of the change as updatedAt), acks and
     * remote ops.
     */
    bool saveLiveState(const QString &id, const QString &content, qint64 version,
                       const Outbox &outbox, qint64 updatedAt = 0);
    /**
     * saveLiveState when the text saved last, with ops applied in order, makes content (ops
     * may be empty: an ack): the same guarantees (on disk, atomically, before returning), but
     * the ops are journaled instead of the whole text being written again, so a keystroke in
     * a long note writes a few bytes. The text is written whole every few hundred ops and by
     * every saveLiveState/saveNote; note() and notes() return it with the journal applied.
     */
    bool saveEdits(const QString &id, const QString &content, const QList<TextOperation> &ops,
                   qint64 version, const Outbox &outbox, qint64 updatedAt = 0);
    /** The cached text is stale: the next join asks for the whole note. */
    bool markContentUnknown(const QString &id);
    /** Unacknowledged changes: text edits (unless excluded), unconfirmed creates, titles and
     *  deletes. */
    int pendingChanges(bool includeTextEdits = true) const;

    /**
     * Groups the writes until the matching endBatch() into one transaction (one fsync instead
     * of one per write, e.g. for a listing of a thousand notes). Batches nest; a failed write
     * inside undoes the whole batch at its end (endBatch() returns false).
     */
    void beginBatch();
    bool endBatch();

private:
    bool openDatabase(QString *error);
    QString metaValue(const QString &key) const;
    bool setMetaValue(const QString &key, const QString &value, const QString &what);
    bool begin();
    bool commit();
    void rollback();
    /** The end of a write begun with begin(): commits if ok, else rolls back and reports
     *  q's error as what failed. */
    bool endWrite(bool ok, const QSqlQuery &q, const QString &what);
    bool exec(const QString &sql);
    bool fail(const QString &what, const QString &why);
    QSqlDatabase database() const;
    bool saveState(const QString &id, const QString &content, const QList<TextOperation> *edits,
                   qint64 version, const Outbox &outbox, qint64 updatedAt);
    void applyJournal(LocalNote &note, QList<TextOperation> ops) const;
    bool dropJournal(const QString &id);

    QString m_connection;
    QString m_path;
    QString m_clientId;
    qint64 m_nextSeq = 1;
    int m_batchDepth = 0;
    bool m_batchFailed = false;
    mutable QString m_lastError;
    QString m_lastReason;
    /** Journal rows per note (a hint for when to write the text whole again). */
    QHash<QString, int> m_journaled;
    /** What is on disk of an outbox last saved or read, for the notes where that is known. */
    struct SavedOutbox
    {
        QString outstandingClientId;
        qint64 outstandingSeq = 0;
        int bufferSteps = 0;
    };
    void rememberOutbox(const QString &id, const SavedOutbox &saved) const;
    mutable QHash<QString, SavedOutbox> m_savedOutboxes;
    /** Saved inside the batch under way: known on disk once it commits. */
    mutable QHash<QString, SavedOutbox> m_batchOutboxes;
};
