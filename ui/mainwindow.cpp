// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "tandemversion.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowIcon(QIcon(QStringLiteral(":/tandem/icons/tandem.svg")));
    setObjectName(QStringLiteral("MainWindow"));

    auto *listPane = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(6, 6, 0, 6);
    m_search = new QLineEdit(listPane);
    m_search->setPlaceholderText(tr("Search notes"));
    m_search->setClearButtonEnabled(true);
    m_notes = new QListWidget(listPane);
    m_notes->setObjectName(QStringLiteral("notesList"));
    listLayout->addWidget(m_search);
    listLayout->addWidget(m_notes, 1);

    auto *editorPane = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 6, 6, 6);
    m_title = new QLineEdit(editorPane);
    m_title->setObjectName(QStringLiteral("titleEdit"));
    m_title->setPlaceholderText(tr("Title"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setFrame(false);
    m_editor = new QPlainTextEdit(editorPane);
    m_editor->setObjectName(QStringLiteral("editor"));
    m_editor->setPlaceholderText(tr("Start writing…"));
    editorLayout->addWidget(m_title);
    editorLayout->addWidget(m_editor, 1);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(listPane);
    m_splitter->addWidget(editorPane);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({240, 560});
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_status = new QLabel(tr("Not connected to a sync hub"), this);
    statusBar()->addWidget(m_status);

    createMenus();
    connect(m_title, &QLineEdit::textChanged, this, &MainWindow::updateWindowTitle);
    updateWindowTitle();

    resize(900, 600);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Tandem"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::updateWindowTitle()
{
    const QString note = m_title->text().trimmed();
    setWindowTitle(note.isEmpty() ? tr("Tandem") : tr("%1 — Tandem").arg(note));
}

void MainWindow::showAbout()
{
    QMessageBox::about(
            this, tr("About Tandem"),
            tr("<h3>Tandem %1</h3>"
               "<p>Write notes together, live, online or offline.</p>"
               "<p>Built with Qt %2.</p>")
                    .arg(QStringLiteral(TANDEM_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/splitter"), m_splitter->saveState());
    event->accept();
}
