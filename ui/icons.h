// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>
#include <QPalette>

/**
 * Icons for actions and places: the desktop theme's icon when it has one (Linux), else
 * Tandem's own SVG (resources/icons/actions), drawn in the palette's text colour so it reads
 * on light and dark themes, rendered sharp at every size and device pixel ratio. Tandem's own
 * are drawn when a size is first shown (never up front), and kept in QPixmapCache.
 */
namespace Icons {
/** name: a freedesktop icon name ("document-new", "edit-delete", …). */
QIcon get(const QString &name, const QPalette &palette = {});
/** Tandem's own rendering of name (never the theme's); null if Tandem has no such icon. */
QIcon own(const QString &name, const QPalette &palette = {});
} // namespace Icons
