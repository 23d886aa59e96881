// SPDX-License-Identifier: GPL-3.0-or-later
#include "collaboratorspanel.h"

#include "delegates.h"
#include "presencemodel.h"

#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

CollaboratorsPanel::CollaboratorsPanel(PresenceModel *presence, QWidget *parent)
    : QWidget(parent)
    , m_presence(presence)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_header = new QLabel(this);
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("collaboratorsList"));
    m_list->setAccessibleName(tr("People on this note"));
    m_list->setModel(presence);
    m_list->setItemDelegate(new CollaboratorDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // rows elide instead
    m_empty = new QLabel(this);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_typing = new QLabel(this);
    m_typing->setObjectName(QStringLiteral("typingLabel"));
    QFont italic = m_typing->font();
    italic.setItalic(true);
    m_typing->setFont(italic);
    m_typing->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_header);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_typing);

    connect(presence, &QAbstractItemModel::rowsInserted, this, &CollaboratorsPanel::refresh);
    connect(presence, &QAbstractItemModel::rowsRemoved, this, &CollaboratorsPanel::refresh);
    connect(presence, &QAbstractItemModel::modelReset, this, &CollaboratorsPanel::refresh);
    connect(presence, &PresenceModel::typingTextChanged, m_typing, &QLabel::setText);
    refresh();
}

void CollaboratorsPanel::refresh()
{
    const int others = m_presence->rowCount();
    m_header->setText(others ? tr("On this note (%1)").arg(others) : tr("On this note"));
    m_empty->setText(m_noteOpen ? tr("Only you are here. Invite someone from the Server menu, "
                                     "or share the note.")
                                : tr("Open a note to see who is on it."));
    m_empty->setVisible(others == 0);
    m_typing->setText(m_presence->typingText());
}

void CollaboratorsPanel::setNoteOpen(bool open)
{
    m_noteOpen = open;
    refresh();
}
