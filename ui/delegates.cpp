// SPDX-License-Identifier: GPL-3.0-or-later
#include "delegates.h"

#include "chatmodel.h"
#include "notelistmodel.h"
#include "presencemodel.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>

namespace {

constexpr int Margin = 8;

void paintBackground(QPainter *painter, const QStyleOptionViewItem &option)
{
    QStyleOptionViewItem background = option;
    background.text.clear();
    background.icon = {};
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
}

QColor textColour(const QStyleOptionViewItem &option, bool muted)
{
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const QPalette::ColorRole role = selected ? QPalette::HighlightedText : QPalette::Text;
    QColor colour = option.palette.color(role);
    if (muted)
        colour.setAlphaF(selected ? 0.8f : 0.6f);
    return colour;
}

QFont scaled(QFont font, qreal factor, bool bold)
{
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

} // namespace

QColor statusColour(const QString &status)
{
    if (status == QLatin1String("online"))
        return QColor(0x2e, 0x9e, 0x4f);
    if (status == QLatin1String("away"))
        return QColor(0xd9, 0x8e, 0x04);
    if (status == QLatin1String("busy"))
        return QColor(0xd1, 0x36, 0x3b);
    return QColor(0x8a, 0x8f, 0x98);
}

QString NoteListDelegate::shortTime(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return {};
    const QDate day = when.toLocalTime().date();
    const QDate today = now.toLocalTime().date();
    const QLocale locale;
    if (day == today) {
        // Hours and minutes in the locale's style (its short format may carry seconds).
        QString format = locale.timeFormat(QLocale::ShortFormat);
        format.remove(QStringLiteral(":ss"));
        return locale.toString(when.toLocalTime().time(), format);
    }
    if (day.daysTo(today) < 7 && day < today)
        return locale.dayName(day.dayOfWeek(), QLocale::ShortFormat);
    return locale.toString(day, QLocale::ShortFormat);
}

void NoteListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    painter->save();
    paintBackground(painter, opt);
    const QRect area = opt.rect.adjusted(Margin, 6, -Margin, -6);
    const QFont titleFont = scaled(opt.font, 1.0, true);
    const QFont smallFont = scaled(opt.font, 0.9, false);
    const QFontMetrics titleMetrics(titleFont);
    const QFontMetrics smallMetrics(smallFont);

    const QDateTime updated =
            QDateTime::fromMSecsSinceEpoch(index.data(NoteListModel::UpdatedAtRole).toLongLong());
    const QString time = shortTime(updated, QDateTime::currentDateTime());
    const int timeWidth = smallMetrics.horizontalAdvance(time);
    const bool unsynced = index.data(NoteListModel::UnsyncedRole).toBool();
    const int dot = unsynced ? 10 : 0;

    QRect titleRect(area.left(), area.top(), area.width() - timeWidth - dot - 8,
                    titleMetrics.height());
    painter->setFont(titleFont);
    painter->setPen(textColour(opt, false));
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      titleMetrics.elidedText(index.data(Qt::DisplayRole).toString(),
                                              Qt::ElideRight, titleRect.width()));
    painter->setFont(smallFont);
    painter->setPen(textColour(opt, true));
    const QRect timeRect(area.right() - timeWidth - dot, area.top(), timeWidth,
                         titleMetrics.height());
    painter->drawText(timeRect, Qt::AlignRight | Qt::AlignVCenter, time);
    if (unsynced) {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xd9, 0x8e, 0x04));
        painter->drawEllipse(QPointF(area.right() - 3, timeRect.center().y() + 1), 3.5, 3.5);
    }
    QString preview = index.data(NoteListModel::PreviewRole).toString();
    if (preview.isEmpty())
        preview = tr("No text");
    const QRect previewRect(area.left(), titleRect.bottom() + 3, area.width(),
                            smallMetrics.height());
    painter->setPen(textColour(opt, true));
    painter->drawText(previewRect, Qt::AlignLeft | Qt::AlignVCenter,
                      smallMetrics.elidedText(preview, Qt::ElideRight, previewRect.width()));
    painter->restore();
}

QSize NoteListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics titleMetrics(scaled(option.font, 1.0, true));
    const QFontMetrics smallMetrics(scaled(option.font, 0.9, false));
    // No width of its own: the row takes the list's width and elides to it, so a narrow
    // window never scrolls sideways.
    return {0, titleMetrics.height() + smallMetrics.height() + 3 + 12};
}

void CollaboratorDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    painter->save();
    paintBackground(painter, opt);
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect area = opt.rect.adjusted(Margin, 2, -Margin, -2);
    // An avatar: the collaborator's colour with their initial, and a status dot.
    const int side = std::min(area.height(), 24);
    const QRect avatar(area.left(), area.center().y() - side / 2, side, side);
    QColor colour(index.data(PresenceModel::ColourRole).toString());
    if (!colour.isValid())
        colour = QColor(0x5b, 0x6b, 0xc0);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawEllipse(avatar);
    const QString name = index.data(PresenceModel::UserNameRole).toString();
    painter->setPen(colour.lightnessF() > 0.6 ? Qt::black : Qt::white);
    painter->setFont(scaled(opt.font, 0.9, true));
    painter->drawText(avatar, Qt::AlignCenter, name.left(1).toUpper());
    const QString status = index.data(PresenceModel::StatusRole).toString();
    painter->setPen(QPen(opt.palette.color(QPalette::Base), 1.5));
    painter->setBrush(statusColour(status));
    painter->drawEllipse(QRectF(avatar.right() - 7, avatar.bottom() - 7, 8, 8));

    const bool typing = index.data(PresenceModel::TypingRole).toBool();
    const QRect textArea(avatar.right() + 8, area.top(), area.right() - avatar.right() - 8,
                         area.height());
    painter->setFont(opt.font);
    painter->setPen(textColour(opt, false));
    const QFontMetrics metrics(opt.font);
    const QString detail = typing ? tr("typing…") : PresenceModel::statusText(status);
    const int detailWidth = metrics.horizontalAdvance(detail) + 6;
    painter->drawText(textArea.adjusted(0, 0, -detailWidth, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(name, Qt::ElideRight, textArea.width() - detailWidth));
    painter->setPen(textColour(opt, true));
    painter->drawText(textArea, Qt::AlignRight | Qt::AlignVCenter, detail);
    painter->restore();
}

QSize CollaboratorDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {0, std::max(28, QFontMetrics(option.font).height() + 8)}; // as wide as the list
}

QRect ChatDelegate::textRect(const QStyleOptionViewItem &option, const QString &text) const
{
    // In sizeHint the item has no rect yet: the view's width is what the text wraps to.
    const int available = option.widget ? option.widget->width() - 24 : option.rect.width();
    const int width = std::max(60, available - 2 * Margin);
    const QFontMetrics metrics(option.font);
    return metrics.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, text);
}

void ChatDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    painter->save();
    paintBackground(painter, opt);
    const QRect area = opt.rect.adjusted(Margin, 4, -Margin, -4);
    const QFont nameFont = scaled(opt.font, 0.9, true);
    const QFont timeFont = scaled(opt.font, 0.85, false);
    const QFontMetrics nameMetrics(nameFont);
    const QString name = index.data(ChatModel::UserNameRole).toString();
    const QDateTime when =
            QDateTime::fromMSecsSinceEpoch(index.data(ChatModel::TimestampRole).toLongLong());
    painter->setFont(nameFont);
    painter->setPen(textColour(opt, false));
    painter->drawText(QRect(area.left(), area.top(), area.width(), nameMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, name);
    painter->setFont(timeFont);
    painter->setPen(textColour(opt, true));
    painter->drawText(QRect(area.left(), area.top(), area.width(), nameMetrics.height()),
                      Qt::AlignRight | Qt::AlignVCenter,
                      NoteListDelegate::shortTime(when, QDateTime::currentDateTime()));
    const QString text = index.data(ChatModel::ContentRole).toString();
    QRect body = textRect(opt, text);
    body.moveTopLeft(QPoint(area.left(), area.top() + nameMetrics.height() + 2));
    painter->setFont(opt.font);
    painter->setPen(textColour(opt, false));
    painter->drawText(body, Qt::TextWordWrap, text);
    painter->restore();
}

QSize ChatDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QRect body = textRect(opt, index.data(ChatModel::ContentRole).toString());
    const QFontMetrics nameMetrics(scaled(opt.font, 0.9, true));
    return {opt.rect.width(), nameMetrics.height() + 2 + body.height() + 8};
}
