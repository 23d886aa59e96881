// SPDX-License-Identifier: GPL-3.0-or-later
// The note's text size, as a person changes it: View → Zoom In / Zoom Out / Actual Size
// (Ctrl++, Ctrl+=, Ctrl+-, Ctrl+0) and Ctrl+mouse wheel over the text make the editor and the
// Markdown preview larger or smaller together, within 6 to 48 points, without touching the
// note itself; the size is remembered for the next window.
#include "windowfixture.h"

#include <QSettings>
#include <QStatusBar>
#include <QTextBrowser>
#include <QWheelEvent>

class TestTextZoom : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void zoomChangesTheEditorAndThePreviewTogether();
    void ctrlWheelOverTheTextZooms();
    void theSizeStaysBetweenItsLimits();
    void theSizeIsRememberedForTheNextWindow();

private:
    qreal editorPoints() const { return m_person->window->editor()->font().pointSizeF(); }
    static qreal basePoints() { return QApplication::font().pointSizeF(); }
    void wheel(int delta, Qt::KeyboardModifiers modifiers);

    std::unique_ptr<Person> m_person;
};

void TestTextZoom::initTestCase()
{
    setUpWindowTests();
}

void TestTextZoom::init()
{
    QSettings().remove(QStringLiteral("mainWindow/textZoom"));
    m_person = std::make_unique<Person>(QStringLiteral("ann"), QStringLiteral("Ann"));
    QVERIFY(m_person->open());
}

void TestTextZoom::cleanup()
{
    m_person.reset();
    // The settings are shared by every window test: none may start zoomed.
    QSettings().remove(QStringLiteral("mainWindow/textZoom"));
}

void TestTextZoom::wheel(int delta, Qt::KeyboardModifiers modifiers)
{
    QWidget *viewport = m_person->window->editor()->viewport();
    const QPointF at = viewport->rect().center();
    QWheelEvent event(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                      modifiers, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &event);
}

void TestTextZoom::zoomChangesTheEditorAndThePreviewTogether()
{
    MainWindow &window = *m_person->window;
    window.newNote();
    window.editor()->insertPlainText(QStringLiteral("# Title\n\nSome text"));
    QVERIFY(m_person->waitSynced());
    const int pendingBefore = m_person->client()->pendingChanges();
    QCOMPARE(editorPoints(), basePoints());
    QVERIFY(!window.action(QStringLiteral("zoomReset"))->isEnabled());
    QVERIFY(window.action(QStringLiteral("zoomIn"))
                    ->shortcuts()
                    .contains(QKeySequence(Qt::CTRL | Qt::Key_Equal)));

    window.action(QStringLiteral("zoomIn"))->trigger();
    window.action(QStringLiteral("zoomIn"))->trigger();
    QCOMPARE(editorPoints(), basePoints() + 2);
    QCOMPARE(window.findChild<QTextBrowser *>(QStringLiteral("markdownPreview"))
                     ->font()
                     .pointSizeF(),
             basePoints() + 2);
    QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Text size ")));
    QVERIFY(window.action(QStringLiteral("zoomReset"))->isEnabled());
    window.action(QStringLiteral("zoomOut"))->trigger();
    QCOMPARE(editorPoints(), basePoints() + 1);
    window.action(QStringLiteral("zoomReset"))->trigger();
    QCOMPARE(editorPoints(), basePoints());
    // Only the view changed: the note is as it was, and nothing was sent.
    QCOMPARE(m_person->text(), QStringLiteral("# Title\n\nSome text"));
    QCOMPARE(m_person->client()->pendingChanges(), pendingBefore);
}

void TestTextZoom::ctrlWheelOverTheTextZooms()
{
    m_person->window->newNote();
    wheel(QWheelEvent::DefaultDeltasPerStep, Qt::ControlModifier);
    QCOMPARE(editorPoints(), basePoints() + 1);
    // A touchpad's small deltas add up to a step.
    wheel(-QWheelEvent::DefaultDeltasPerStep / 2, Qt::ControlModifier);
    QCOMPARE(editorPoints(), basePoints() + 1);
    wheel(-QWheelEvent::DefaultDeltasPerStep / 2, Qt::ControlModifier);
    QCOMPARE(editorPoints(), basePoints());
    // Without Ctrl the wheel scrolls, as ever.
    wheel(QWheelEvent::DefaultDeltasPerStep, Qt::NoModifier);
    QCOMPARE(editorPoints(), basePoints());
}

void TestTextZoom::theSizeStaysBetweenItsLimits()
{
    MainWindow &window = *m_person->window;
    for (int i = 0; i < 100; ++i)
        window.action(QStringLiteral("zoomIn"))->trigger();
    QVERIFY(editorPoints() <= MainWindow::MaxTextPoints);
    QVERIFY(editorPoints() > MainWindow::MaxTextPoints - 1);
    QVERIFY(!window.action(QStringLiteral("zoomIn"))->isEnabled());
    for (int i = 0; i < 100; ++i)
        window.setTextZoom(window.textZoom() - 1);
    QVERIFY(editorPoints() >= MainWindow::MinTextPoints);
    QVERIFY(editorPoints() < MainWindow::MinTextPoints + 1);
    QVERIFY(!window.action(QStringLiteral("zoomOut"))->isEnabled());
}

void TestTextZoom::theSizeIsRememberedForTheNextWindow()
{
    m_person->window->setTextZoom(3);
    m_person->window->close(); // saves the layout
    m_person->window = std::make_unique<MainWindow>(m_person->workspaces.get());
    QCOMPARE(m_person->window->textZoom(), 3);
    QCOMPARE(editorPoints(), basePoints() + 3);
}

QTEST_MAIN(TestTextZoom)
#include "tst_textzoom.moc"
