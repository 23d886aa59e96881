// SPDX-License-Identifier: GPL-3.0-or-later
// Build-time tool: renders the app's SVG icon to the bitmaps installers need.
//   tandem-render-icon IN.svg OUT.png SIZE    one square PNG (OUT.ico: a Windows icon)
// Uses Qt's SVG image plugin, so the bitmaps always match the SVG in resources/icons.
#include <QGuiApplication>
#include <QImageReader>
#include <QImageWriter>

#include <cstdio>

namespace {

QImage render(const QString &svg, int size, QString *error)
{
    QImageReader reader(svg);
    reader.setScaledSize(QSize(size, size));
    QImage image = reader.read();
    if (image.isNull())
        *error = QStringLiteral("cannot render %1 at %2 px: %3")
                         .arg(svg)
                         .arg(size)
                         .arg(reader.errorString());
    return image;
}

} // namespace

int main(int argc, char *argv[])
{
    // No window system is needed (or wanted) to draw an icon at build time.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    bool ok = false;
    const int size = args.size() == 3 ? args.at(2).toInt(&ok) : 0;
    if (!ok || size < 1 || size > 4096) {
        std::fputs("usage: tandem-render-icon IN.svg OUT.png|OUT.ico SIZE\n", stderr);
        return 2;
    }
    QString error;
    const QImage image = render(args.at(0), size, &error);
    if (image.isNull()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QImageWriter writer(args.at(1));
    if (!writer.write(image)) {
        std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(args.at(1)),
                     qPrintable(writer.errorString()));
        return 1;
    }
    return 0;
}
