// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QPointer>

QT_FORWARD_DECLARE_CLASS(QComboBox)
QT_FORWARD_DECLARE_CLASS(QCompleter)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QLineEdit)
QT_FORWARD_DECLARE_CLASS(QPushButton)
QT_FORWARD_DECLARE_CLASS(QStandardItemModel)
QT_FORWARD_DECLARE_CLASS(QTreeWidget)

class SyncClient;

/**
 * Note → Share… (the owner only): who the note is shared with and as what (editor or viewer);
 * add someone by user id, change a role, remove. Each change goes to the hub at once and the
 * list shows what the hub confirmed, each person by name (and id) once the hub knows it.
 * The user id field suggests the people this account already shares notes with; someone the
 * hub has never seen sign in is shared with all the same (an invite may be on its way) but
 * marked so, since a misspelled id would otherwise look like a share that worked.
 */
class ShareDialog : public QDialog
{
    Q_OBJECT
public:
    ShareDialog(SyncClient *client, const QString &noteId, QWidget *parent = nullptr);

    QTreeWidget *collaboratorList() const { return m_list; }
    QLineEdit *userEdit() const { return m_user; }
    QComboBox *roleChoice() const { return m_role; }
    QPushButton *addButton() const { return m_add; }
    QCompleter *peopleCompleter() const { return m_completer; }
    QLabel *statusLabel() const { return m_status; }
    /** userId -> role, as the hub confirmed it. */
    QHash<QString, QString> collaborators() const { return m_collaborators; }
    /** How a collaborator is listed: "Name (id)", or the id while the name is unknown. */
    QString shownAs(const QString &userId) const;
    /** The user id the field names: its text, or the id of the suggestion it shows. */
    QString userIdInField() const;

public Q_SLOTS:
    void addCollaborator();
    void removeSelected();

private:
    void rebuild();
    /** Takes who the note is shared with, as what and by which name, from the cache. */
    void readCollaborators();
    /** Everyone on this account's cached notes (collaborators and owners) but this user. */
    void readKnownPeople();
    /** Suggests those of them not already on this note. */
    void suggestPeople();
    /** "Name (id)", or the id while the name is unknown or the same. */
    static QString nameAndId(const QString &name, const QString &userId);
    void shareChanged(const QString &noteId, const QString &userId, const QString &role);
    void updateEnabled();
    QString neverSignedIn(const QString &userId) const;

    QPointer<SyncClient> m_client;
    QString m_noteId;
    QHash<QString, QString> m_collaborators;
    QHash<QString, QString> m_names;     ///< userId -> name, from the note's collaborators
    QHash<QString, QString> m_known;     ///< userId -> name (empty if unknown), by readKnownPeople
    QHash<QString, QString> m_suggested; ///< a suggestion's text -> its user id
    QTreeWidget *m_list = nullptr;
    QLineEdit *m_user = nullptr;
    QComboBox *m_role = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_status = nullptr;
    QCompleter *m_completer = nullptr;
    QStandardItemModel *m_people = nullptr;
};
