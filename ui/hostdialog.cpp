// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostdialog.h"

#include "protocol/fingerprint.h"
#include "protocol/protocol.h"
#include "workspace.h"
#include "workspaces.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace {

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

HostDialog::HostDialog(Workspaces *workspaces, QWidget *parent)
    : QDialog(parent)
    , m_workspace(workspaces->local())
{
    setWindowTitle(tr("Host Local Sync Server"));
    Workspace *workspace = m_workspace;
    const HostingOptions current = workspaces->lastHosting();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note(tr("Share the notes of “This computer” with people on your network. "
                              "The server runs inside Tandem while it is open."),
                           this));

    auto *form = new QFormLayout;
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("portBox"));
    m_port->setRange(1024, 65535);
    m_port->setValue(current.port ? current.port : Protocol::DefaultPort);
    m_port->setAccessibleName(tr("Port"));
    form->addRow(tr("&Port:"), m_port);
    layout->addLayout(form);

    auto *who = new QGroupBox(tr("Who may connect"), this);
    auto *whoLayout = new QVBoxLayout(who);
    m_thisComputer = new QRadioButton(tr("This &computer only"), who);
    m_network = new QRadioButton(tr("Anyone on the &local network"), who);
    m_network->setObjectName(QStringLiteral("localNetworkButton"));
    (current.localNetwork ? m_network : m_thisComputer)->setChecked(true);
    whoLayout->addWidget(m_thisComputer);
    whoLayout->addWidget(m_network);
    m_encrypt = new QCheckBox(tr("&Encrypt connections (wss://, a certificate made by this "
                                 "computer)"),
                              who);
    m_encrypt->setObjectName(QStringLiteral("encryptBox"));
    m_encrypt->setChecked(current.encrypt);
    whoLayout->addWidget(m_encrypt);
    layout->addWidget(who);

    auto *access = new QGroupBox(tr("Access"), this);
    auto *accessLayout = new QVBoxLayout(access);
    m_invite = new QRadioButton(tr("With an &invite (Server → Invite Collaborator…)"), access);
    m_open = new QRadioButton(tr("&No sign-in: anyone who can reach the port, by the name they "
                                 "give"),
                              access);
    m_open->setObjectName(QStringLiteral("noAuthButton"));
    (current.requireInvite ? m_invite : m_open)->setChecked(true);
    accessLayout->addWidget(m_invite);
    accessLayout->addWidget(m_open);
    layout->addWidget(access);

    m_resume = new QCheckBox(tr("Host &again whenever Tandem starts"), this);
    m_resume->setObjectName(QStringLiteral("resumeBox"));
    m_resume->setChecked(current.resumeOnStart);
    layout->addWidget(m_resume);

    m_warning = new QLabel(this);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral(
            "QLabel { background: rgba(209,54,59,0.14); border-radius: 4px; padding: 6px; }"));
    layout->addWidget(m_warning);
    // While hosting with TLS: what collaborators compare (their Tandem checks it for them
    // when they join with an invite link, which carries it).
    const QString fingerprint = workspace->certificateFingerprint();
    m_fingerprint = new QLabel(this);
    m_fingerprint->setObjectName(QStringLiteral("certificateFingerprint"));
    m_fingerprint->setWordWrap(true);
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fingerprint->setText(
            tr("Certificate fingerprint (SHA-256), in every invite link:<br><tt>%1</tt>")
                    .arg(displayFingerprint(fingerprint)));
    m_fingerprint->setVisible(!fingerprint.isEmpty());
    layout->addWidget(m_fingerprint);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("hostError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #d1363b; }"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *start = buttons->addButton(workspace->isHosting() ? tr("&Restart Hosting")
                                                                   : tr("&Start Hosting"),
                                            QDialogButtonBox::AcceptRole);
    start->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &HostDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &HostDialog::reject);
    connect(m_network, &QRadioButton::toggled, this, &HostDialog::updateWarning);
    // Traffic beyond this computer is encrypted unless the user says otherwise.
    connect(m_network, &QRadioButton::toggled, m_encrypt, &QCheckBox::setChecked);
    connect(m_open, &QRadioButton::toggled, this, &HostDialog::updateWarning);
    updateWarning();
}

void HostDialog::updateWarning()
{
    const bool open = m_open->isChecked();
    const bool network = m_network->isChecked();
    m_warning->setVisible(open);
    m_warning->setText(network ? tr("Without sign-in, anyone on your network can read and change "
                                    "every note here by typing a name. Only use this on a "
                                    "network you trust.")
                               : tr("Without sign-in, any program on this computer can read and "
                                    "change every note here."));
}

void HostDialog::accept()
{
    HostingOptions options;
    options.port = quint16(m_port->value());
    options.localNetwork = m_network->isChecked();
    options.requireInvite = m_invite->isChecked();
    options.encrypt = m_encrypt->isChecked();
    options.resumeOnStart = m_resume->isChecked();
    QString error;
    if (!m_workspace->startHosting(options, &error)) {
        m_error->setText(tr("Could not start hosting: %1").arg(error));
        m_error->show();
        return;
    }
    QDialog::accept();
}

InviteDialog::InviteDialog(Workspace *workspace, QWidget *parent)
    : QDialog(parent)
    , m_workspace(workspace)
{
    setWindowTitle(tr("Invite Collaborator"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("inviteName"));
    m_name->setPlaceholderText(tr("Their name, e.g. Ann Lee"));
    m_name->setAccessibleName(tr("Collaborator's name"));
    auto *create = new QPushButton(tr("&Create Link"), this);
    auto *nameRow = new QHBoxLayout;
    nameRow->addWidget(m_name, 1);
    nameRow->addWidget(create);
    // A layout cannot be a label's buddy: name the line edit, or the "&" shows as it is.
    auto *nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_name);
    form->addRow(nameLabel, nameRow);
    m_shareNotes =
            new QCheckBox(tr("&Share my notes with them, new ones too (they may edit)"), this);
    m_shareNotes->setObjectName(QStringLiteral("shareNotesBox"));
    m_shareNotes->setChecked(true);
    form->addRow(QString(), m_shareNotes);
    m_link = new QLineEdit(this);
    m_link->setObjectName(QStringLiteral("inviteLink"));
    m_link->setReadOnly(true);
    m_link->setAccessibleName(tr("Join link"));
    auto *copy = new QPushButton(tr("C&opy"), this);
    auto *linkRow = new QHBoxLayout;
    linkRow->addWidget(m_link, 1);
    linkRow->addWidget(copy);
    auto *linkLabel = new QLabel(tr("Join &link:"), this);
    linkLabel->setBuddy(m_link);
    form->addRow(linkLabel, linkRow);
    layout->addLayout(form);
    m_hint = note(tr("Send the link to them. Opening it (or “tandem LINK”) connects their Tandem "
                     "to this computer as them."),
                  this);
    layout->addWidget(m_hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(create, &QPushButton::clicked, this, &InviteDialog::createLink);
    connect(m_name, &QLineEdit::returnPressed, this, &InviteDialog::createLink);
    connect(copy, &QPushButton::clicked, this, [this]() {
        if (!m_link->text().isEmpty())
            QApplication::clipboard()->setText(m_link->text());
    });
    if (!workspace->hostingOptions().requireInvite)
        m_hint->setText(tr("This hub takes anyone by name: the link has no token."));
    if (!workspace->certificateFingerprint().isEmpty())
        m_hint->setText(m_hint->text() + QLatin1Char(' ') +
                        tr("The link carries this computer's certificate fingerprint, so their "
                           "Tandem connects only to this computer."));
    resize(520, sizeHint().height());
}

void InviteDialog::createLink()
{
    QString error;
    const QString link = m_workspace->invite(m_name->text(), &error, m_shareNotes->isChecked());
    if (link.isEmpty()) {
        m_hint->setText(error);
        return;
    }
    m_link->setText(link);
    m_link->selectAll();
    m_link->setFocus();
}

RevokeDialog::RevokeDialog(Workspace *workspace, QWidget *parent)
    : QDialog(parent)
    , m_workspace(workspace)
{
    setWindowTitle(tr("Revoke Invitations"));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(tr("&People invited to this hub:"), this);
    m_people = new QListWidget(this);
    m_people->setObjectName(QStringLiteral("invitedPeople"));
    label->setBuddy(m_people);
    layout->addWidget(label);
    layout->addWidget(m_people, 1);
    const QHash<QString, QString> people = workspace->invitedPeople();
    const QStringList connected = workspace->otherUsers();
    QList<std::pair<QString, QString>> sorted; // name, id
    for (const auto &[id, name] : people.asKeyValueRange())
        sorted.append({name, id});
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
        return QString::localeAwareCompare(a.first, b.first) < 0;
    });
    for (const auto &[name, id] : std::as_const(sorted)) {
        const QString who = name == id ? name : tr("%1 (%2)").arg(name, id);
        auto *item = new QListWidgetItem(
                connected.contains(id) ? tr("%1 — connected").arg(who) : who, m_people);
        item->setData(Qt::UserRole, id);
        item->setData(Qt::UserRole + 1, who);
    }
    m_hint = note(people.isEmpty()
                          ? tr("Nobody has been invited yet (Server → Invite Collaborator…).")
                          : tr("Revoking disconnects them now, their invite link stops "
                               "working and your new notes are no longer shared with them. "
                               "What they wrote stays; a new invite lets them in again."),
                  this);
    layout->addWidget(m_hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_revoke = buttons->addButton(tr("&Revoke Access"), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_revoke, &QPushButton::clicked, this, &RevokeDialog::revokeSelected);
    connect(m_people, &QListWidget::itemSelectionChanged, this, &RevokeDialog::updateButton);
    updateButton();
    resize(440, 320);
}

void RevokeDialog::updateButton()
{
    const QListWidgetItem *item = m_people->currentItem();
    m_revoke->setEnabled(item && item->isSelected() && (item->flags() & Qt::ItemIsEnabled));
}

void RevokeDialog::revokeSelected()
{
    QListWidgetItem *item = m_people->currentItem();
    if (!item || !(item->flags() & Qt::ItemIsEnabled))
        return;
    QString error;
    if (!m_workspace->revokeInvites(item->data(Qt::UserRole).toString(), &error)) {
        m_hint->setText(error);
        return;
    }
    const QString name = item->data(Qt::UserRole + 1).toString();
    item->setText(tr("%1 — access revoked").arg(name));
    item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
    m_hint->setText(tr("%1 can no longer connect. A new invite lets them in again.").arg(name));
    updateButton();
}
