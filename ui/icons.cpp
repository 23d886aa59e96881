// SPDX-License-Identifier: GPL-3.0-or-later
#include "icons.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QIconEngine>
#include <QImageReader>
#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QStyle>
#include <QStyleOption>

#include <utility>

namespace {

/**
 * One of Tandem's SVGs in one colour, drawn from the vector at the size it is asked for, when
 * it is first asked for: a window with twenty actions starts without drawing 120 pixmaps it
 * may never show. What it has drawn is kept in QPixmapCache, shared by every icon of the same
 * name and colour.
 */
class TintedSvgEngine : public QIconEngine
{
public:
    TintedSvgEngine(QString name, QByteArray svg, QString cacheKey)
        : m_name(std::move(name))
        , m_svg(std::move(svg))
        , m_cacheKey(std::move(cacheKey))
    { }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        Q_UNUSED(state)
        if (size.isEmpty())
            return {};
        const QString key = QStringLiteral("%1:%2x%3:%4")
                                    .arg(m_cacheKey)
                                    .arg(size.width())
                                    .arg(size.height())
                                    .arg(int(mode));
        QPixmap drawn;
        if (QPixmapCache::find(key, &drawn))
            return drawn;
        drawn = mode == QIcon::Normal ? draw(size)
                                      : styled(mode, pixmap(size, QIcon::Normal, state));
        if (!drawn.isNull())
            QPixmapCache::insert(key, drawn);
        return drawn;
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap drawn = pixmap(rect.size() * ratio, mode, state);
        drawn.setDevicePixelRatio(ratio);
        painter->drawPixmap(rect, drawn);
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        return size; // a vector: every size is its own
    }

    QList<QSize> availableSizes(QIcon::Mode, QIcon::State) override
    {
        // The sizes menus, buttons and toolbars ask for; any other is drawn as sharply.
        return {QSize(16, 16), QSize(24, 24), QSize(32, 32),
                QSize(48, 48), QSize(64, 64), QSize(96, 96)};
    }

    QString iconName() override { return m_name; }
    QString key() const override { return QStringLiteral("TandemTintedSvg"); }
    QIconEngine *clone() const override { return new TintedSvgEngine(m_name, m_svg, m_cacheKey); }

private:
    QPixmap draw(const QSize &size) const
    {
        QByteArray svg = m_svg;
        QBuffer buffer(&svg);
        QImageReader reader(&buffer, "svg");
        reader.setScaledSize(size);
        const QImage image = reader.read();
        return image.isNull() ? QPixmap() : QPixmap::fromImage(image);
    }

    /** Disabled, active and selected looks, as the style makes them for bitmap icons. */
    static QPixmap styled(QIcon::Mode mode, const QPixmap &normal)
    {
        if (normal.isNull())
            return normal;
        QStyleOption option;
        option.palette = QApplication::palette();
        return QApplication::style()->generatedIconPixmap(mode, normal, &option);
    }

    QString m_name;
    QByteArray m_svg;
    QString m_cacheKey;
};

} // namespace

namespace Icons {

QIcon own(const QString &name, const QPalette &palette)
{
    QFile file(QStringLiteral(":/tandem/icons/actions/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QPalette colours = palette.resolveMask() ? palette : QApplication::palette();
    const QString colour = colours.color(QPalette::WindowText).name();
    QByteArray svg = file.readAll();
    svg.replace("currentColor", colour.toLatin1());
    return QIcon(new TintedSvgEngine(name, std::move(svg),
                                     QStringLiteral("tandem-icon:%1:%2").arg(name, colour)));
}

QIcon get(const QString &name, const QPalette &palette)
{
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    return own(name, palette);
}

} // namespace Icons
