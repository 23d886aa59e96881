// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

QT_FORWARD_DECLARE_CLASS(QCheckBox)
QT_FORWARD_DECLARE_CLASS(QDialogButtonBox)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QLineEdit)
QT_FORWARD_DECLARE_CLASS(QListWidget)
QT_FORWARD_DECLARE_CLASS(QPushButton)
QT_FORWARD_DECLARE_CLASS(QRadioButton)
QT_FORWARD_DECLARE_CLASS(QSpinBox)

class Workspace;
class Workspaces;

/**
 * Server → Host local sync server…: share this computer's notes with a team. Port, who may
 * connect (this computer only, the default, or the local network) and access (invite tokens,
 * the default, or anyone by name on a trusted network, with a warning), and whether to host
 * again whenever Tandem starts (on by default, until Stop Hosting). Start restarts the
 * built-in hub that way (on its own thread); an error (port in use) shows here.
 */
class HostDialog : public QDialog
{
    Q_OBJECT
public:
    /** Starts from the hosting in use, else from the one last chosen (Workspaces::lastHosting). */
    HostDialog(Workspaces *workspaces, QWidget *parent = nullptr);

    QSpinBox *portBox() const { return m_port; }
    QRadioButton *thisComputerButton() const { return m_thisComputer; }
    QRadioButton *localNetworkButton() const { return m_network; }
    QRadioButton *noAuthButton() const { return m_open; }
    QCheckBox *encryptBox() const { return m_encrypt; }
    QCheckBox *resumeBox() const { return m_resume; }
    QLabel *fingerprintLabel() const { return m_fingerprint; }
    QLabel *errorLabel() const { return m_error; }

public Q_SLOTS:
    void accept() override;

private:
    void updateWarning();

    Workspace *m_workspace;
    QSpinBox *m_port = nullptr;
    QRadioButton *m_thisComputer = nullptr;
    QRadioButton *m_network = nullptr;
    QRadioButton *m_invite = nullptr;
    QRadioButton *m_open = nullptr;
    QCheckBox *m_encrypt = nullptr;
    QCheckBox *m_resume = nullptr;
    QLabel *m_fingerprint = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_error = nullptr;
};

/** Server → Invite Collaborator…: mints a token for a name and shows the join link. */
class InviteDialog : public QDialog
{
    Q_OBJECT
public:
    InviteDialog(Workspace *workspace, QWidget *parent = nullptr);

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *linkEdit() const { return m_link; }
    QCheckBox *shareNotesBox() const { return m_shareNotes; }

public Q_SLOTS:
    void createLink();

private:
    Workspace *m_workspace;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_link = nullptr;
    QCheckBox *m_shareNotes = nullptr;
    QLabel *m_hint = nullptr;
};

/**
 * Server → Revoke Invitations…: the people invited to the hosted hub (or signed in to it
 * once), and Revoke Access for one: their links and sign-ins stop working at once and their
 * Tandem is disconnected (Workspace::revokeInvites). A new invite lets them in again.
 */
class RevokeDialog : public QDialog
{
    Q_OBJECT
public:
    RevokeDialog(Workspace *workspace, QWidget *parent = nullptr);

    QListWidget *peopleList() const { return m_people; }
    QPushButton *revokeButton() const { return m_revoke; }
    QLabel *hintLabel() const { return m_hint; }

public Q_SLOTS:
    void revokeSelected();

private:
    void updateButton();

    Workspace *m_workspace;
    QListWidget *m_people = nullptr;
    QPushButton *m_revoke = nullptr;
    QLabel *m_hint = nullptr;
};
