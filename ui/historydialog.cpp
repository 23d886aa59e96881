// SPDX-License-Identifier: GPL-3.0-or-later
#include "historydialog.h"

#include "notesession.h"
#include "syncclient.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTextEdit>
#include <QVBoxLayout>

#include <iterator>
#include <limits>

namespace {

constexpr int VersionRole = Qt::UserRole + 1; ///< the version a burst left; 0: "older"
/** Above this many cells the middle of a diff is shown as replaced rather than aligned. */
constexpr qint64 MaxDiffCells = 4'000'000;

} // namespace

QList<DiffLine> HistoryDialog::diff(const QString &before, const QString &after)
{
    const QStringList a = before.split(u'\n');
    const QStringList b = after.split(u'\n');
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    QList<DiffLine> lines;
    for (qsizetype i = 0; i < prefix; ++i)
        lines.append({DiffLine::Kind::Same, a[i]});
    const qsizetype n = a.size() - prefix - suffix;
    const qsizetype m = b.size() - prefix - suffix;
    if (n * m > MaxDiffCells) {
        for (qsizetype i = 0; i < n; ++i)
            lines.append({DiffLine::Kind::Removed, a[prefix + i]});
        for (qsizetype j = 0; j < m; ++j)
            lines.append({DiffLine::Kind::Added, b[prefix + j]});
    } else {
        // Longest common subsequence of the middle lines, walked from the front.
        std::vector<int> lcs(size_t((n + 1) * (m + 1)), 0);
        const auto at = [&](qsizetype i, qsizetype j) -> int & {
            return lcs[size_t(i * (m + 1) + j)];
        };
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                          : std::max(at(i + 1, j), at(i, j + 1));
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                lines.append({DiffLine::Kind::Same, a[prefix + i]});
                ++i;
                ++j;
            } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
                // What went comes before what replaced it, as in every diff people know.
                lines.append({DiffLine::Kind::Removed, a[prefix + i++]});
            } else {
                lines.append({DiffLine::Kind::Added, b[prefix + j++]});
            }
        }
    }
    for (qsizetype i = a.size() - suffix; i < a.size(); ++i)
        lines.append({DiffLine::Kind::Same, a[i]});
    return lines;
}

HistoryDialog::HistoryDialog(SyncClient *client, const QString &noteId, QWidget *parent,
                             Paging paging)
    : QDialog(parent)
    , m_client(client)
    , m_noteId(noteId)
    , m_paging(paging)
{
    setWindowTitle(tr("Version History — %1").arg(client->summary(noteId).title));
    auto *layout = new QVBoxLayout(this);
    m_versions = new QListWidget(this);
    m_versions->setObjectName(QStringLiteral("versionList"));
    m_versions->setAccessibleName(tr("Versions"));
    m_versions->setSpacing(2); // two-line entries, apart
    m_text = new QTextEdit(this);
    m_text->setObjectName(QStringLiteral("versionText"));
    m_text->setAccessibleName(tr("Text at this version"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QTextEdit::WidgetWidth);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_versions);
    splitter->addWidget(m_text);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 480});
    m_status = new QLabel(tr("Loading versions…"), this);
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_restore = buttons->addButton(tr("&Restore This Version"), QDialogButtonBox::ActionRole);
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_restore, &QPushButton::clicked, this, &HistoryDialog::restoreSelected);
    connect(m_versions, &QListWidget::currentRowChanged, this, &HistoryDialog::selectionChanged);
    connect(client, &SyncClient::historyReceived, this, &HistoryDialog::versionsReceived);
    connect(client, &SyncClient::versionReceived, this, &HistoryDialog::versionReceived);
    connect(client, &SyncClient::stateChanged, this, [this](SyncClient::State state) {
        // A request lost with a connection is asked again once the client is back.
        if (state == SyncClient::State::Online && m_client) {
            if (m_versions->count() == 0)
                m_client->requestHistory(m_noteId, m_paging.pageSize);
            else if (m_olderThan > 0)
                m_client->requestHistory(m_noteId, m_paging.pageSize, m_olderThan);
            else if (m_versions->currentItem() &&
                     m_versions->currentItem() != olderVersionsItem() &&
                     m_versions->currentItem()->data(VersionRole).toLongLong() != m_shown)
                m_client->requestVersion(m_noteId,
                                         m_versions->currentItem()->data(VersionRole).toLongLong());
        }
        updateButtons();
    });
    connect(client, &SyncClient::hubError, this,
            [this](const QString &, const QString &message) { m_status->setText(message); });
    resize(760, 480);
    if (!client->requestHistory(noteId, m_paging.pageSize))
        m_status->setText(tr("The history is kept by the hub: connect to see it."));
    updateButtons();
}

void HistoryDialog::versionsReceived(const QString &noteId, const QJsonArray &versions)
{
    if (noteId != m_noteId)
        return;
    const bool first = m_loaded.isEmpty();
    qint64 oldest = std::numeric_limits<qint64>::max();
    for (const QJsonValue &value : versions) {
        const QJsonObject v = value.toObject();
        const qint64 version = v.value(QLatin1String("version")).toInteger();
        if (version <= 0)
            continue;
        QString who = v.value(QLatin1String("userName")).toString();
        const QString userId = v.value(QLatin1String("userId")).toString();
        m_loaded.insert(version,
                        {userId, who.isEmpty() ? userId : who,
                         v.value(QLatin1String("timestamp")).toInteger(),
                         v.value(QLatin1String("deleted")).toInteger()});
        m_current = std::max(m_current, version);
        oldest = std::min(oldest, version);
    }
    // A whole page may have more behind it; the page that reached version 1 has not.
    const bool older = m_olderThan > 0;
    if (first || older)
        m_more = versions.size() >= m_paging.pageSize && oldest > 1;
    // Asked for by "Show older versions…": the burst just before the ones listed is chosen.
    const qint64 select = older ? m_olderThan - 1 : 0;
    m_olderThan = 0;
    listBursts(select);
    if (first || older)
        m_status->setText(m_loaded.isEmpty()
                                  ? tr("No versions yet.")
                                  : tr("Pick a version to see how the note looked then."));
}

QListWidgetItem *HistoryDialog::olderVersionsItem() const
{
    QListWidgetItem *last = m_versions->item(m_versions->count() - 1);
    return last && last->data(VersionRole).toLongLong() == 0 ? last : nullptr;
}

void HistoryDialog::listBursts(qint64 select)
{
    const QListWidgetItem *current = m_versions->currentItem();
    if (select == 0 && current)
        select = current->data(VersionRole).toLongLong();
    const QSignalBlocker quiet(m_versions); // the selection is set once, below
    m_versions->clear();
    const QLocale locale;
    int selectRow = 0;
    // Newest first: a burst ends where the author changes, a pause is longer than the gap,
    // the burst would span more than two gaps, or after a large deletion (which begins it).
    for (auto it = m_loaded.cend(); it != m_loaded.cbegin();) {
        --it;
        const qint64 last = it.key();
        const Version &newest = it.value();
        qint64 firstVersion = last;
        qint64 previousTime = newest.timestamp;
        int edits = 1;
        while (it != m_loaded.cbegin()) {
            const auto older = std::prev(it);
            if (it->deleted >= m_paging.largeDeletion || older->userId != newest.userId ||
                previousTime - older->timestamp > m_paging.burstGapMs ||
                newest.timestamp - older->timestamp > 2 * m_paging.burstGapMs)
                break;
            it = older;
            previousTime = it->timestamp;
            firstVersion = it.key();
            ++edits;
        }
        QString when =
                locale.toString(QDateTime::fromMSecsSinceEpoch(newest.timestamp).toLocalTime(),
                                QLocale::ShortFormat);
        const qint64 deleted = it->deleted; // the burst's first version
        if (edits > 1)
            when += tr(" · %n edits", nullptr, edits);
        if (deleted >= m_paging.largeDeletion) // a line of its own: the list is narrow
            when += u'\n' +
                    (edits > 1 ? tr("began by deleting %n characters", nullptr, int(deleted))
                               : tr("deleted %n characters", nullptr, int(deleted)));
        auto *item = new QListWidgetItem(tr("Version %1 — %2\n%3").arg(last).arg(newest.who, when),
                                         m_versions);
        item->setData(VersionRole, last);
        if (select >= firstVersion && select <= last)
            selectRow = m_versions->count() - 1;
    }
    if (m_more) {
        auto *older = new QListWidgetItem(tr("Show older versions…"), m_versions);
        older->setData(VersionRole, 0);
        older->setToolTip(tr("Asks the hub for the versions before these."));
    }
    if (m_versions->count() == 0)
        return;
    m_versions->setCurrentRow(selectRow);
    if (m_versions->currentItem()->data(VersionRole).toLongLong() != m_shown)
        selectionChanged();
    updateButtons();
}

void HistoryDialog::loadOlder()
{
    if (m_loaded.isEmpty() || !m_client)
        return;
    m_olderThan = m_loaded.firstKey();
    m_status->setText(m_client->requestHistory(m_noteId, m_paging.pageSize, m_olderThan)
                              ? tr("Loading older versions…")
                              : tr("The history is kept by the hub: connect to see it."));
}

void HistoryDialog::selectionChanged()
{
    QListWidgetItem *item = m_versions->currentItem();
    if (!item || !m_client)
        return;
    const qint64 version = item->data(VersionRole).toLongLong();
    if (version == 0)
        loadOlder();
    else
        m_client->requestVersion(m_noteId, version);
    updateButtons();
}

void HistoryDialog::versionReceived(const QString &noteId, qint64 version, const QString &content)
{
    QListWidgetItem *item = m_versions->currentItem();
    if (noteId != m_noteId || !item || item->data(VersionRole).toLongLong() != version || !m_client)
        return;
    m_shown = version;
    NoteSession *session = m_client->session(m_noteId);
    const QString now = session ? session->text() : m_client->summary(m_noteId).text;
    // The version's text, with what happened after it marked.
    m_text->clear();
    QTextCursor cursor(m_text->document());
    // Whole lines are marked, across the view's width.
    QTextBlockFormat same;
    QTextBlockFormat removed;
    removed.setBackground(QColor(209, 54, 59, 60));
    QTextBlockFormat added;
    added.setBackground(QColor(46, 158, 79, 60));
    const QList<DiffLine> lines = diff(content, now);
    int changes = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const DiffLine &line = lines.at(i);
        const bool isRemoved = line.kind == DiffLine::Kind::Removed;
        const bool isAdded = line.kind == DiffLine::Kind::Added;
        changes += isRemoved || isAdded;
        if (i > 0)
            cursor.insertBlock();
        cursor.setBlockFormat(isRemoved ? removed : isAdded ? added : same);
        cursor.insertText((isRemoved         ? QStringLiteral("− ")
                                   : isAdded ? QStringLiteral("+ ")
                                             : QStringLiteral("  ")) +
                          line.text);
    }
    m_text->moveCursor(QTextCursor::Start);
    m_status->setText(changes == 0 ? tr("Version %1 is the same as the note now.").arg(version)
                                   : tr("Version %1. Red lines are gone since, green ones were "
                                        "added since.")
                                             .arg(version));
    updateButtons();
}

void HistoryDialog::updateButtons()
{
    QListWidgetItem *item = m_versions->currentItem();
    const bool online = m_client && m_client->state() == SyncClient::State::Online;
    NoteSession *session = m_client ? m_client->session(m_noteId) : nullptr;
    const bool canEdit = !session || !session->isReadOnly();
    const qint64 version = item ? item->data(VersionRole).toLongLong() : 0;
    const bool latest = version == m_current;
    m_restore->setEnabled(version > 0 && version == m_shown && online && canEdit && !latest);
    m_restore->setToolTip(!online            ? tr("Restoring needs a connection to the hub.")
                                  : !canEdit ? tr("You can only read this note.")
                                  : latest   ? tr("This is the current version.")
                                             : QString());
}

void HistoryDialog::restoreSelected()
{
    QListWidgetItem *item = m_versions->currentItem();
    if (!item || !m_client)
        return;
    const qint64 version = item->data(VersionRole).toLongLong();
    if (m_client->revert(m_noteId, version))
        accept();
}
