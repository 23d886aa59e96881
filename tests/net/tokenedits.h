// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "notesession.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

/**
 * Edits that can be checked after any amount of merging: each inserts a unique token such
 * as "[a17]" at a token boundary, or deletes one whole token this writer inserted. Concurrent
 * inserts never split a token, so the merged text must hold exactly the tokens inserted and
 * not deleted, each once, whatever the interleaving.
 */
class TokenWriter
{
public:
    TokenWriter(QString name, quint32 seed)
        : m_name(std::move(name))
        , m_rng(seed)
    { }

    /** One random edit through the session; false if it refused the edit. */
    bool edit(NoteSession &session, int deletePercent = 20)
    {
        const QString text = session.text();
        if (!m_live.isEmpty() && int(m_rng.bounded(100)) < deletePercent) {
            const QStringList live(m_live.cbegin(), m_live.cend());
            const QString token = live.at(int(m_rng.bounded(int(live.size()))));
            const qsizetype at = text.indexOf(token);
            if (at >= 0) {
                TextOperation op;
                op.retain(at).remove(token.size()).retain(text.size() - at - token.size());
                if (!session.applyLocal(op))
                    return false;
                m_live.remove(token);
                return true;
            }
        }
        QList<qsizetype> boundaries{0};
        for (qsizetype i = 0; i < text.size(); ++i)
            if (text.at(i) == QLatin1Char(']'))
                boundaries.append(i + 1);
        const qsizetype at = boundaries.at(int(m_rng.bounded(int(boundaries.size()))));
        const QString token = QStringLiteral("[%1%2]").arg(m_name).arg(m_next++);
        TextOperation op;
        op.retain(at).insert(token).retain(text.size() - at);
        if (!session.applyLocal(op))
            return false;
        m_live.insert(token);
        return true;
    }
    const QSet<QString> &live() const { return m_live; }

private:
    QString m_name;
    QRandomGenerator m_rng;
    int m_next = 0;
    QSet<QString> m_live;
};

/** The tokens of a merged text, with how often each occurs. */
inline QHash<QString, int> tokenCounts(const QString &text)
{
    static const QRegularExpression token(QStringLiteral("\\[[a-z]+\\d+\\]"));
    QHash<QString, int> counts;
    for (auto it = token.globalMatch(text); it.hasNext();)
        ++counts[it.next().captured()];
    return counts;
}

/** Empty when text holds exactly the expected tokens once each; otherwise what is wrong. */
inline QString checkTokens(const QString &text, const QSet<QString> &expected)
{
    const QHash<QString, int> counts = tokenCounts(text);
    QStringList problems;
    for (const QString &token : expected)
        if (counts.value(token) != 1)
            problems.append(QStringLiteral("%1 ×%2").arg(token).arg(counts.value(token)));
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (!expected.contains(it.key()))
            problems.append(QStringLiteral("%1 unexpected").arg(it.key()));
    return problems.join(QStringLiteral(", "));
}
