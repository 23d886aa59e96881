// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QLineEdit)

class QUrl;
class Workspaces;

/**
 * Server → Connect to hub…: a hub's address (ws://HOST:PORT/v1, or an invite link pasted
 * whole) and the login (a token from `tandem-hub token create`, or a name on a hub without
 * sign-in). The hub is remembered for this profile; the login goes to the keychain.
 */
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectDialog(Workspaces *workspaces, QWidget *parent = nullptr);

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *tokenEdit() const { return m_token; }
    QLabel *errorLabel() const { return m_error; }
    /** Asks again for the login to a listed hub whose hub refused it (why): its address and
     *  name filled in, the login field to fill. */
    void signInAgain(const QString &name, const QUrl &hubUrl, const QString &why);

public Q_SLOTS:
    void accept() override;

private:
    Workspaces *m_workspaces;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_token = nullptr;
    QLabel *m_error = nullptr;
};
