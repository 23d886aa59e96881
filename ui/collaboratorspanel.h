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
    /**
     * Where the user is, for what the panel says while no one else is on the note: nothing
     * about a note that is not open, nothing about others while the hub is out of reach, and
     * otherwise the one way to bring someone in that the user has.
     */
    enum class Situation {
        NoNote,
        Offline,
        CanHost,           ///< on "This computer", not hosting
        CanInviteAndShare, ///< hosting, and the note is theirs
        CanInvite,         ///< hosting, the note is someone else's
        CanShare,          ///< on a hub, the note is theirs
        Guest,             ///< on a hub, the note is someone else's
    };
    void setSituation(Situation situation);
    Situation situation() const { return m_situation; }

    /** Tall enough for the whole sentence at the panel's width while it shows: a splitter
     *  asks only this, never how tall a wrapped label is at a width. */
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void refresh();

    PresenceModel *m_presence;
    QLabel *m_header = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_typing = nullptr;
    Situation m_situation = Situation::NoNote;
};
