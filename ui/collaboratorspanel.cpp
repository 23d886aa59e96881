// SPDX-License-Identifier: GPL-3.0-or-later
#include "collaboratorspanel.h"

#include "delegates.h"
#include "presencemodel.h"

#include <QLabel>
#include <QListView>
#include <QResizeEvent>
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
    layout->addStretch(0); // the room left while the list is hidden (the list's otherwise)

    connect(presence, &QAbstractItemModel::rowsInserted, this, &CollaboratorsPanel::refresh);
    connect(presence, &QAbstractItemModel::rowsRemoved, this, &CollaboratorsPanel::refresh);
    connect(presence, &QAbstractItemModel::modelReset, this, &CollaboratorsPanel::refresh);
    connect(presence, &PresenceModel::typingTextChanged, m_typing, &QLabel::setText);
    refresh();
}

static QString aloneText(CollaboratorsPanel::Situation situation)
{
    using S = CollaboratorsPanel::Situation;
    switch (situation) {
    case S::NoNote:
        return CollaboratorsPanel::tr("Open a note to see who is on it.");
    case S::Offline:
        return CollaboratorsPanel::tr("Not connected: who else is on this note shows again "
                                      "once Tandem reconnects.");
    case S::CanHost:
        return CollaboratorsPanel::tr("Only you are here. To write with others, host a sync "
                                      "server (Server → Host Local Sync Server…).");
    case S::CanInviteAndShare:
        return CollaboratorsPanel::tr("Only you are here. Invite someone (Server → Invite "
                                      "Collaborator…), or share the note (Note → Share…).");
    case S::CanInvite:
        return CollaboratorsPanel::tr("Only you are here. Invite someone (Server → Invite "
                                      "Collaborator…).");
    case S::CanShare:
        return CollaboratorsPanel::tr("Only you are here. Share the note (Note → Share…) to "
                                      "write it with others.");
    case S::Guest:
        break;
    }
    return CollaboratorsPanel::tr("Only you are here.");
}

void CollaboratorsPanel::refresh()
{
    const int others = m_presence->rowCount();
    m_header->setText(others ? tr("On this note (%1)").arg(others) : tr("On this note"));
    m_empty->setText(aloneText(m_situation));
    // Alone, the sentence says it all: an empty white box would only take its room (in a
    // small window the sentence was cut off under it).
    m_list->setVisible(others > 0);
    m_empty->setVisible(others == 0);
    m_typing->setText(m_presence->typingText());
    updateGeometry(); // the sentence's height may have changed
}

QSize CollaboratorsPanel::minimumSizeHint() const
{
    QSize size = QWidget::minimumSizeHint();
    if (m_empty->isVisibleTo(this))
        size.setHeight(qMax(size.height(), layout()->totalHeightForWidth(width())));
    return size;
}

void CollaboratorsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        updateGeometry(); // narrower: the sentence wraps onto more lines
}

void CollaboratorsPanel::setSituation(Situation situation)
{
    if (situation == m_situation)
        return;
    m_situation = situation;
    refresh();
}
