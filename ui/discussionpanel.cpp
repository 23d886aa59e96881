// SPDX-License-Identifier: GPL-3.0-or-later
#include "discussionpanel.h"

#include "chatmodel.h"
#include "delegates.h"
#include "placeholderlistview.h"
#include "syncclient.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

DiscussionPanel::DiscussionPanel(ChatModel *chat, QWidget *parent)
    : QWidget(parent)
    , m_chat(chat)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *header = new QLabel(tr("Discussion"), this);
    QFont bold = header->font();
    bold.setBold(true);
    header->setFont(bold);
    m_list = new PlaceholderListView(this);
    m_list->setObjectName(QStringLiteral("discussionList"));
    m_list->setAccessibleName(tr("Discussion of this note"));
    m_list->setModel(chat);
    m_list->setItemDelegate(new ChatDelegate(m_list));
    m_list->setWordWrap(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setUniformItemSizes(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // messages wrap instead
    m_input = new QLineEdit(this);
    m_input->setObjectName(QStringLiteral("discussionInput"));
    m_input->setAccessibleName(tr("Message"));
    m_input->setMaxLength(4000);
    m_send = new QPushButton(tr("Send"), this);
    m_send->setAccessibleName(tr("Send message"));
    // In a narrow panel the style's 80-px text button left the box a few letters wide: the
    // button is as wide as its text, the box keeps room for a dozen letters and gets the rest.
    m_input->setMinimumWidth(m_input->fontMetrics().averageCharWidth() * 12);
    m_send->setFixedWidth(m_send->fontMetrics().horizontalAdvance(m_send->text()) + 24);
    auto *row = new QHBoxLayout;
    row->setSpacing(4);
    row->addWidget(m_input, 1);
    row->addWidget(m_send);
    layout->addWidget(header);
    layout->addWidget(m_list, 1);
    layout->addLayout(row);
    connect(m_input, &QLineEdit::returnPressed, this, &DiscussionPanel::send);
    connect(m_send, &QPushButton::clicked, this, &DiscussionPanel::send);
    connect(m_input, &QLineEdit::textChanged, this, &DiscussionPanel::updateEnabled);
    connect(chat, &QAbstractItemModel::rowsInserted, m_list, &QListView::scrollToBottom);
    updateEnabled();
}

void DiscussionPanel::setNote(SyncClient *client, const QString &noteId)
{
    disconnect(m_stateConnection);
    m_client = client;
    m_noteId = noteId;
    if (client)
        m_stateConnection =
                connect(client, &SyncClient::stateChanged, this, &DiscussionPanel::updateEnabled);
    updateEnabled();
}

void DiscussionPanel::updateEnabled()
{
    const bool online =
            m_client && !m_noteId.isEmpty() && m_client->state() == SyncClient::State::Online;
    m_input->setEnabled(online);
    m_input->setPlaceholderText(m_noteId.isEmpty() ? tr("No note open")
                                        : online   ? tr("Write a message…")
                                                   : tr("Connect to discuss"));
    m_send->setEnabled(online && !m_input->text().trimmed().isEmpty());
    // Said in the list itself while it has no messages, rather than a blank box.
    m_list->setPlaceholderText(
            m_noteId.isEmpty() ? tr("Open a note to see its discussion.")
                    : online
                    ? tr("No messages yet. What you write here, everyone on this note sees.")
                    : tr("The discussion is kept by the hub: connect to see it."));
}

void DiscussionPanel::send()
{
    const QString text = m_input->text().trimmed();
    if (text.isEmpty() || !m_client || m_noteId.isEmpty())
        return;
    if (m_client->sendChat(m_noteId, text))
        m_input->clear();
}
