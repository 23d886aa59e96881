// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QListView>

/** A list view that says something when its model has no rows ("No notes yet…"), instead of
 *  showing a blank white box. */
class PlaceholderListView : public QListView
{
    Q_OBJECT
public:
    explicit PlaceholderListView(QWidget *parent = nullptr);

    QString placeholderText() const { return m_placeholder; }
    void setPlaceholderText(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_placeholder;
};
