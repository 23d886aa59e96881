// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectdialog.h"

#include "workspaces.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

ConnectDialog::ConnectDialog(Workspaces *workspaces, QWidget *parent)
    : QDialog(parent)
    , m_workspaces(workspaces)
{
    setWindowTitle(tr("Connect to Hub"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("hubUrl"));
    m_url->setPlaceholderText(QStringLiteral("notes.example.org:8787"));
    m_url->setAccessibleName(tr("Hub address"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("hubToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Token (or your name on a hub without sign-in)"));
    m_token->setAccessibleName(tr("Login token"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("hubName"));
    m_name->setPlaceholderText(tr("Optional, e.g. Team notes"));
    m_name->setAccessibleName(tr("Workspace name"));
    form->addRow(tr("&Address or invite link:"), m_url);
    form->addRow(tr("&Login:"), m_token);
    form->addRow(tr("&Name:"), m_name);
    layout->addLayout(form);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #d1363b; }"));
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole)->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(480, sizeHint().height());
}

void ConnectDialog::signInAgain(const QString &name, const QUrl &hubUrl, const QString &why)
{
    setWindowTitle(tr("Sign In to %1").arg(name));
    m_url->setText(hubUrl.toString());
    m_name->setText(name);
    m_error->setText(tr("%1\nPaste a new login token, or the new invite link you were sent in "
                        "place of the address.")
                             .arg(why));
    m_error->show();
    m_token->setFocus();
}

void ConnectDialog::accept()
{
    const QString address = m_url->text().trimmed();
    QString error;
    const bool link = address.startsWith(QLatin1String("tandem://"), Qt::CaseInsensitive) ||
            address.startsWith(QLatin1String("tandems://"), Qt::CaseInsensitive);
    const bool ok = link
            ? m_workspaces->openLink(address, &error) != nullptr
            : m_workspaces->connectTo(m_name->text(), Workspaces::hubUrlFromText(address),
                                      m_token->text().trimmed(), &error) != nullptr;
    if (!ok) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    QDialog::accept();
}
