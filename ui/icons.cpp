// SPDX-License-Identifier: GPL-3.0-or-later
#include "icons.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QPixmap>

namespace Icons {

QIcon own(const QString &name, const QPalette &palette)
{
    QFile file(QStringLiteral(":/tandem/icons/actions/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QPalette colours = palette.resolveMask() ? palette : QApplication::palette();
    QByteArray svg = file.readAll();
    svg.replace("currentColor", colours.color(QPalette::WindowText).name().toLatin1());
    QIcon icon;
    // Every size a menu, button or toolbar asks for, at 1x, 1.5x and 2x, each drawn from the
    // vector at that size (never a scaled bitmap).
    for (int size : {16, 24, 32, 48, 64, 96}) {
        QBuffer buffer(&svg);
        QImageReader reader(&buffer, "svg");
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read();
        if (!image.isNull())
            icon.addPixmap(QPixmap::fromImage(image));
    }
    return icon;
}

QIcon get(const QString &name, const QPalette &palette)
{
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    return own(name, palette);
}

} // namespace Icons
