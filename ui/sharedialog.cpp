// SPDX-License-Identifier: GPL-3.0-or-later
#include "sharedialog.h"

#include "syncclient.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

/** Calls f(userId, name or empty, role) for each entry of a note's collaborator list. */
template<typename F> void forEachCollaborator(const QJsonArray &collaborators, F f)
{
    for (const QJsonValue &value : collaborators) {
        const QJsonObject c = value.toObject();
        f(c.value(QLatin1String("userId")).toString(),
          c.value(QLatin1String("userName")).toString().trimmed(),
          c.value(QLatin1String("role")).toString());
    }
}

} // namespace

ShareDialog::ShareDialog(SyncClient *client, const QString &noteId, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_noteId(noteId)
{
    setWindowTitle(tr("Share “%1”").arg(client->summary(noteId).title));
    readCollaborators();
    readKnownPeople();
    auto *layout = new QVBoxLayout(this);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("collaboratorList"));
    m_list->setAccessibleName(tr("People this note is shared with"));
    m_list->setHeaderLabels({tr("Person"), tr("Access")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_remove = new QPushButton(tr("&Remove"), this);
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("shareUser"));
    m_user->setPlaceholderText(tr("User id, e.g. ann-lee"));
    m_user->setAccessibleName(tr("User to share with"));
    m_role = new QComboBox(this);
    m_role->setAccessibleName(tr("Role"));
    m_role->addItem(tr("Can edit"), QStringLiteral("editor"));
    m_role->addItem(tr("Can only read"), QStringLiteral("viewer"));
    m_people = new QStandardItemModel(this);
    m_completer = new QCompleter(m_people, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains); // "bo" finds "Rob Bowen (rbowen)"
    m_user->setCompleter(m_completer);
    m_add = new QPushButton(tr("&Share"), this);
    m_add->setObjectName(QStringLiteral("shareButton"));
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_user, 1);
    addRow->addWidget(m_role);
    addRow->addWidget(m_add);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_remove, 0, Qt::AlignRight);
    layout->addLayout(addRow);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &ShareDialog::addCollaborator);
    connect(m_user, &QLineEdit::returnPressed, this, &ShareDialog::addCollaborator);
    connect(m_remove, &QPushButton::clicked, this, &ShareDialog::removeSelected);
    connect(m_user, &QLineEdit::textChanged, this, &ShareDialog::updateEnabled);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ShareDialog::updateEnabled);
    connect(client, &SyncClient::shareChanged, this, &ShareDialog::shareChanged);
    connect(client, &SyncClient::stateChanged, this, &ShareDialog::updateEnabled);
    connect(client, &SyncClient::hubError, this,
            [this](const QString &, const QString &message) { m_status->setText(message); });
    rebuild();
    resize(460, 360);
    m_user->setFocus(); // adding someone is what the dialog is opened for
}

void ShareDialog::readCollaborators()
{
    m_collaborators.clear();
    m_names.clear();
    const std::optional<LocalNote> note =
            m_client ? m_client->store()->note(m_noteId) : std::nullopt;
    if (!note)
        return;
    forEachCollaborator(note->collaborators,
                        [this](const QString &id, const QString &name, const QString &role) {
                            m_collaborators.insert(id, role);
                            if (!name.isEmpty())
                                m_names.insert(id, name);
                        });
}

void ShareDialog::readKnownPeople()
{
    m_known.clear();
    if (!m_client)
        return;
    const auto meet = [this](const QString &id, const QString &name) {
        if (id.isEmpty())
            return;
        QString &known = m_known[id];
        if (known.isEmpty())
            known = name;
    };
    // Read once: the cache's every note, not again at each change of this note's sharing.
    const QList<LocalNote> notes = m_client->store()->notes(false, ClientStore::Text::Without);
    for (const LocalNote &note : notes) {
        meet(note.owner, QString());
        forEachCollaborator(note.collaborators,
                            [&meet](const QString &id, const QString &name, const QString &) {
                                meet(id, name);
                            });
    }
    m_known.remove(m_client->userId());
}

void ShareDialog::suggestPeople()
{
    m_people->clear();
    m_suggested.clear();
    QStringList shown;
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it) {
        if (m_collaborators.contains(it.key()))
            continue;
        const QString text = nameAndId(it.value(), it.key());
        m_suggested.insert(text, it.key());
        shown.append(text);
    }
    shown.sort(Qt::CaseInsensitive);
    for (const QString &text : std::as_const(shown))
        m_people->appendRow(new QStandardItem(text));
}

QString ShareDialog::userIdInField() const
{
    const QString text = m_user->text().trimmed();
    return m_suggested.value(text, text);
}

QString ShareDialog::nameAndId(const QString &name, const QString &userId)
{
    return name.isEmpty() || name == userId ? userId : tr("%1 (%2)").arg(name, userId);
}

QString ShareDialog::shownAs(const QString &userId) const
{
    return nameAndId(m_names.value(userId), userId);
}

QString ShareDialog::neverSignedIn(const QString &userId) const
{
    return tr("No one has signed in to this hub as “%1” yet.").arg(userId);
}

void ShareDialog::rebuild()
{
    m_list->clear();
    QStringList users = m_collaborators.keys();
    users.sort();
    for (const QString &user : std::as_const(users)) {
        auto *item = new QTreeWidgetItem(m_list, {shownAs(user), QString()});
        item->setData(0, Qt::UserRole, user);
        if (!m_names.contains(user)) {
            item->setText(0, tr("%1 — not signed in yet").arg(user));
            item->setToolTip(0, neverSignedIn(user));
        }
        auto *role = new QComboBox(m_list);
        role->addItem(tr("Can edit"), QStringLiteral("editor"));
        role->addItem(tr("Can only read"), QStringLiteral("viewer"));
        role->setCurrentIndex(m_collaborators.value(user) == QLatin1String("viewer") ? 1 : 0);
        connect(role, &QComboBox::activated, this, [this, user, role]() {
            if (m_client)
                m_client->share(m_noteId, user, role->currentData().toString());
        });
        m_list->setItemWidget(item, 1, role);
    }
    suggestPeople();
    updateEnabled();
}

void ShareDialog::updateEnabled()
{
    const bool online = m_client && m_client->state() == SyncClient::State::Online;
    m_add->setEnabled(online && !m_user->text().trimmed().isEmpty());
    m_remove->setEnabled(online && m_list->currentItem());
    if (!online)
        m_status->setText(tr("Sharing needs a connection to the hub."));
    else if (m_status->text() == tr("Sharing needs a connection to the hub."))
        m_status->clear();
}

void ShareDialog::addCollaborator()
{
    const QString user = userIdInField();
    if (user.isEmpty() || !m_client)
        return;
    if (m_client->share(m_noteId, user, m_role->currentData().toString()))
        m_status->setText(tr("Sharing with %1…").arg(user));
}

void ShareDialog::removeSelected()
{
    QTreeWidgetItem *item = m_list->currentItem();
    if (item && m_client)
        m_client->unshare(m_noteId, item->data(0, Qt::UserRole).toString());
}

void ShareDialog::shareChanged(const QString &noteId, const QString &userId, const QString &role)
{
    if (noteId != m_noteId)
        return;
    const QString shownBefore = shownAs(userId); // their name, while it is still listed
    readCollaborators(); // the cache holds the hub's confirmation, with their name
    if (role.isEmpty()) {
        m_status->setText(tr("%1 no longer has access.").arg(shownBefore));
    } else {
        QString status = role == QLatin1String("viewer")
                ? tr("%1 may read it.").arg(shownAs(userId))
                : tr("%1 may edit it.").arg(shownAs(userId));
        if (!m_names.contains(userId))
            status += QLatin1Char(' ') + neverSignedIn(userId) + QLatin1Char(' ') +
                    tr("They will find the note when they do; if the id is misspelled, "
                       "remove it.");
        m_status->setText(status);
        if (userIdInField() == userId)
            m_user->clear();
    }
    rebuild();
}
