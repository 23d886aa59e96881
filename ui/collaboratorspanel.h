// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QListView)

class PresenceModel;

/** Who else is on the current note: colour, name, status, and "X is typing…" below. */
class CollaboratorsPanel : public QWidget
{
    Q_OBJECT
public:
    CollaboratorsPanel(PresenceModel *presence, QWidget *parent = nullptr);

    QListView *list() const { return m_list; }
    QLabel *typingLabel() const { return m_typing; }
    QLabel *emptyLabel() const { return m_empty; }
    /** With no note open the panel says so instead of inviting people to it. */
    void setNoteOpen(bool open);

private:
    void refresh();

    PresenceModel *m_presence;
    QLabel *m_header = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_typing = nullptr;
    bool m_noteOpen = false;
};
