// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientfixture.h"
#include "mainwindow.h"
#include "noteeditor.h"
#include "notelistmodel.h"
#include "workspace.h"
#include "workspaces.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

/** Pixels of view's viewport that are not its background colour, from y on down: what the
 *  view draws there (a placeholder's words, rows). */
inline int drawnPixels(const QAbstractItemView *view, int fromY = 0)
{
    const QImage image = view->viewport()->grab().toImage();
    const QColor base = view->palette().color(QPalette::Base);
    int drawn = 0;
    for (int y = std::max(0, fromY); y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            drawn += QColor(image.pixel(x, y)) != base ? 1 : 0;
    return drawn;
}

/** What every window test's initTestCase() does: test-mode paths and the app's names. */
inline void setUpWindowTests()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("Tandem"));
    QApplication::setOrganizationName(QStringLiteral("TandemTests"));
}

/**
 * One person at their computer: a profile folder (the built-in hub and the caches), the
 * profile's Workspaces and a MainWindow on them, shown on the offscreen platform.
 */
class Person
{
public:
    Person(const QString &id, const QString &name,
           SyncClientSettings settings = fastClientSettings())
        : m_me{id, name}
        , m_settings(std::move(settings))
    {
        makeWorkspaces();
    }
    ~Person()
    {
        window.reset();
        workspaces.reset();
    }

    /** Opens the profile and the window (again after quit()); false (with a warning) if it
     *  could not. */
    bool open()
    {
        if (!workspaces)
            makeWorkspaces();
        QString error;
        if (!workspaces->open(&error)) {
            qWarning("profile did not open: %s", qPrintable(error));
            return false;
        }
        window = std::make_unique<MainWindow>(workspaces.get());
        window->resize(1040, 660);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }
    SyncClient *client() const { return window->client(); }
    QString id() const { return m_me.id; }
    QString name() const { return m_me.name; }
    bool waitSynced(int timeoutMs = 20'000) const
    {
        return QTest::qWaitFor([&]() { return client() && client()->isSynced(); }, timeoutMs);
    }
    QString text() const { return window->editor()->toPlainText(); }
    /** Shows a screenshot of the window when TANDEM_SCREENSHOT_DIR is set. */
    void screenshot(const QString &name) const
    {
        const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(50); // the layout of a status that just changed
        window->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
    }

    /** Closes the window and the profile, as quitting the app does. */
    void quit()
    {
        if (window)
            window->close();
        window.reset();
        workspaces.reset();
    }
    /** The folder this person's built-in hub keeps its data in. */
    QString hubDataDir() const { return dir.filePath(QStringLiteral("data/this-computer/hub")); }

    QTemporaryDir dir;
    std::unique_ptr<Workspaces> workspaces;
    std::unique_ptr<MainWindow> window;

private:
    void makeWorkspaces()
    {
        workspaces = std::make_unique<Workspaces>(
                Workspaces::Paths{dir.filePath(QStringLiteral("data")),
                                  dir.filePath(QStringLiteral("settings.ini"))},
                m_me, m_settings);
    }

    LocalUser m_me;
    SyncClientSettings m_settings;
};

/** Opens both windows, the host hosting (any free port) and the guest signed in to that hub
 *  through an invite; false (with a warning) if any step failed. */
inline bool hostsWithGuestSignedIn(Person &host, Person &guest)
{
    QString error;
    if (!host.open() || !guest.open() ||
        !host.workspaces->local()->startHosting(HostingOptions{0, false, true}, &error)) {
        qWarning("could not host: %s", qPrintable(error));
        return false;
    }
    const QString link = host.workspaces->local()->invite(guest.name(), &error, false);
    if (!guest.workspaces->openLink(link, &error)) {
        qWarning("the invite did not open: %s", qPrintable(error));
        return false;
    }
    return guest.waitSynced() && host.waitSynced();
}

/** The owner shares noteId with the other person as an editor, who opens it once it is in
 *  their list; false (with a warning) if it never got there. */
inline bool shareAndOpen(Person &owner, Person &other, const QString &noteId)
{
    if (!owner.client()->share(noteId, other.id(), QStringLiteral("editor")) ||
        !QTest::qWaitFor([&]() { return other.window->notesModel()->rowOf(noteId) >= 0; },
                         10'000)) {
        qWarning("the share of %s did not reach %s", qPrintable(noteId), qPrintable(other.id()));
        return false;
    }
    other.window->openNote(noteId);
    return true;
}
