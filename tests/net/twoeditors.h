// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The setting of the fault runs: two desktop clients of one user typing into one note, and
// the Jepsen-style judgement at the end.

#include "clientfixture.h"
#include "hubfixture.h"
#include "tokenedits.h"

/** Two real SyncClients (each with its own cache), online with one new note open in both. */
class TwoEditors
{
public:
    TwoEditors(const QUrl &urlOne, const QUrl &urlTwo, const QString &token,
               const SyncClientSettings &settings)
        : one(urlOne, token, settings)
        , two(urlTwo, token, settings)
        , m_hubUrl(urlOne)
        , m_token(token)
    { }

    /** Connects both, creates the note through the first and opens it in both. */
    bool start(const QString &title)
    {
        if (!one.connectAndWait() || !two.connectAndWait())
            return false;
        noteId = one.client->createNote(title);
        if (!one.waitSynced() ||
            !QTest::qWaitFor([&]() { return two.store.note(noteId).has_value(); }))
            return false;
        a = one.client->openNote(noteId);
        b = two.client->openNote(noteId);
        return a && b && one.waitSynced() && two.waitSynced();
    }

    /** Both synced and at the same version. */
    bool waitInStep(int timeoutMs = 60'000)
    {
        return one.waitSynced(timeoutMs) && two.waitSynced(timeoutMs) &&
                QTest::qWaitFor([&]() { return a->version() == b->version(); }, 10'000);
    }

    /**
     * Empty when the hub's copy (read by a fresh protocol client) holds exactly the tokens
     * expected, once each, and both clients hold the hub's text; otherwise what is wrong, and
     * history gets the three texts.
     */
    QString judge(const QSet<QString> &expected, QStringList &history)
    {
        HubTestClient check;
        if (!check.connectAndAuth(m_hubUrl, m_token))
            return QStringLiteral("could not read the hub's copy");
        const QString stored = joinNote(check, noteId)
                                       .value(QLatin1String("note"))
                                       .toObject()
                                       .value(QLatin1String("content"))
                                       .toString();
        QString problems = checkTokens(stored, expected);
        if (a->text() != stored)
            problems += QStringLiteral(" client one differs from the hub");
        if (b->text() != stored)
            problems += QStringLiteral(" client two differs from the hub");
        if (!problems.isEmpty())
            history << QStringLiteral("one: %1").arg(a->text())
                    << QStringLiteral("two: %1").arg(b->text())
                    << QStringLiteral("hub: %1").arg(stored) << problems;
        return problems;
    }

    ClientHarness one;
    ClientHarness two;
    QString noteId;
    NoteSession *a = nullptr;
    NoteSession *b = nullptr;

private:
    QUrl m_hubUrl;
    QString m_token;
};
