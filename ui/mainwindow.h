// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

QT_FORWARD_DECLARE_CLASS(QLineEdit)
QT_FORWARD_DECLARE_CLASS(QListWidget)
QT_FORWARD_DECLARE_CLASS(QPlainTextEdit)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QSplitter)

/**
 * Tandem's main window: notes list on the left, the editor (title and body) on the right,
 * connection state in the status bar. The window owns every widget it creates.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /** The editor body, for tests. */
    QPlainTextEdit *editor() const { return m_editor; }
    QLineEdit *titleEdit() const { return m_title; }
    QListWidget *notesList() const { return m_notes; }

public Q_SLOTS:
    void showAbout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void updateWindowTitle();

    QSplitter *m_splitter = nullptr;
    QLineEdit *m_search = nullptr;
    QListWidget *m_notes = nullptr;
    QLineEdit *m_title = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_status = nullptr;
};
