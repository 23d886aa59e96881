// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

/**
 * A one-line label that gives up width when its row is short of it: its text is cut with an
 * ellipsis instead of holding the window at its full width (give it the whole text as its
 * tooltip). text() stays the whole text.
 */
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    using QLabel::QLabel;

    /** The text as drawn at the label's current width. */
    QString shownText() const;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
};
