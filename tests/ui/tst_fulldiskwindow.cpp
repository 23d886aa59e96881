// SPDX-License-Identifier: GPL-3.0-or-later
// The window when this computer's disk is full (FullDisk under the profile's cache): the
// status says how many changes are not saved here, in red, and goes back once there is
// room; quitting while changes are only in memory asks first (Keep Tandem Open / Quit and
// Lose Them), but not once the hub has them; a new note that cannot be saved says why. When
// the built-in hub of "This computer" cannot save either (same disk), the status says so and
// it all recovers by itself once there is room, with no Reconnect to press.
#include "connectionindicator.h"
#include "windowfixture.h"

#include <QDirIterator>
#include <QMessageBox>
#include <QPushButton>

class TestFullDiskWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void theStatusSaysWhatIsNotSavedOnThisComputer();
    void quittingWithChangesOnlyInMemoryAsksFirst();
    void quittingOnceTheHubHasTheChangesDoesNotAsk();
    void aNewNoteTheDiskCannotHoldSaysWhy();
    void thisComputersHubOnTheFullDiskTooRecoversByItself();

private:
    /** A note with "Plans" in it, open, saved; the cache then full. */
    void openNoteAndFillTheDisk();
    MainWindow &window() const { return *m_person->window; }
    QMessageBox *unsavedBox() const
    {
        return window().findChild<QMessageBox *>(QStringLiteral("unsavedEditsBox"));
    }

    std::unique_ptr<Person> m_person;
    std::unique_ptr<FullDisk> m_full;
};

void TestFullDiskWindow::initTestCase()
{
    setUpWindowTests();
}

void TestFullDiskWindow::init()
{
    m_person = std::make_unique<Person>(QStringLiteral("ann"), QStringLiteral("Ann"));
    QVERIFY(m_person->open());
    QVERIFY(m_person->waitSynced());
}

void TestFullDiskWindow::cleanup()
{
    m_full.reset();
    m_person.reset();
}

void TestFullDiskWindow::openNoteAndFillTheDisk()
{
    window().newNote();
    window().editor()->setFocus();
    QTest::keyClicks(window().editor(), QStringLiteral("Plans"));
    QVERIFY(m_person->waitSynced());
    QVERIFY(m_person->client()->saveNow());
    m_full = std::make_unique<FullDisk>(m_person->workspaces->local()->store()->path());
    QVERIFY(m_full->isFull());
}

void TestFullDiskWindow::theStatusSaysWhatIsNotSavedOnThisComputer()
{
    openNoteAndFillTheDisk();
    SyncClient *client = m_person->client();
    client->disconnectFromHub();
    QTest::keyClicks(window().editor(), QStringLiteral(" a"));
    // The compact text (before its " · last sync" time).
    const auto status = [this]() {
        return window().indicator()->text().section(QStringLiteral(" · "), 0, 0);
    };
    QCOMPARE(status(), QStringLiteral("Offline — 2 changes not saved on this computer"));
    QCOMPARE(window().indicator()->colour(), QColor(QStringLiteral("#d1363b")));
    QVERIFY(window().indicator()->toolTip().contains(
            QLatin1String("Not saved on this computer: database or disk is full")));
    m_person->screenshot(QStringLiteral("fulldisk-status"));

    // Room again: saved by the next retry, without a keystroke; the warning goes.
    QVERIFY(m_full->free());
    QTRY_COMPARE_WITH_TIMEOUT(status(), QStringLiteral("Offline — 2 changes waiting"), 5000);
    QVERIFY(window().indicator()->colour() != QColor(QStringLiteral("#d1363b")));
}

void TestFullDiskWindow::quittingWithChangesOnlyInMemoryAsksFirst()
{
    openNoteAndFillTheDisk();
    m_person->client()->disconnectFromHub();
    QTest::keyClicks(window().editor(), QStringLiteral("!"));

    QVERIFY(!window().close());
    QVERIFY(window().isVisible());
    QMessageBox *box = unsavedBox();
    QVERIFY(box);
    QCOMPARE(box->text(), QStringLiteral("1 change is not saved anywhere yet."));
    QVERIFY(box->informativeText().contains(QLatin1String("database or disk is full")));
    m_person->screenshot(QStringLiteral("fulldisk-quit"));
    // Two choices, no stray OK; the default is to stay.
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(box->buttons().size(), 2);
    QCOMPARE(box->defaultButton()->text(), QStringLiteral("&Keep Tandem Open"));
    box->defaultButton()->click();
    QTRY_VERIFY(!unsavedBox());
    QVERIFY(window().isVisible());

    QVERIFY(!window().close());
    QTRY_VERIFY(unsavedBox());
    unsavedBox()->findChild<QPushButton *>(QStringLiteral("loseEditsButton"))->click();
    QTRY_VERIFY(!window().isVisible());
}

void TestFullDiskWindow::quittingOnceTheHubHasTheChangesDoesNotAsk()
{
    openNoteAndFillTheDisk();
    QTest::keyClicks(window().editor(), QStringLiteral("!"));
    QVERIFY(m_person->waitSynced());
    QVERIFY(!m_person->client()->saveError().isEmpty()); // not saved here, but on the hub
    QVERIFY(window().close());
    QVERIFY(!unsavedBox());
}

void TestFullDiskWindow::aNewNoteTheDiskCannotHoldSaysWhy()
{
    openNoteAndFillTheDisk();
    const int notes = window().notesModel()->rowCount();
    QVERIFY(window().newNote().isEmpty());
    auto *box = window().findChild<QMessageBox *>(QStringLiteral("noteNotMadeBox"));
    QVERIFY(box);
    QVERIFY(box->text().contains(QLatin1String("database or disk is full")));
    QCOMPARE(window().notesModel()->rowCount(), notes);
}

void TestFullDiskWindow::thisComputersHubOnTheFullDiskTooRecoversByItself()
{
    openNoteAndFillTheDisk();
    QDirIterator hubFiles(m_person->dir.path(), {QStringLiteral("hub.sqlite")}, QDir::Files,
                          QDirIterator::Subdirectories);
    QVERIFY(hubFiles.hasNext());
    FullDisk hubFull(hubFiles.next());
    QVERIFY(hubFull.isFull());
    SyncClient *client = m_person->client();
    QSignalSpy states(client, &SyncClient::stateChanged);
    QTest::keyClicks(window().editor(), QStringLiteral(" x"));
    QTRY_VERIFY_WITH_TIMEOUT(window().indicator()->text().startsWith(
                                     QStringLiteral("Hub cannot save — retrying in")),
                             5000);
    QVERIFY2(window().indicator()->text().contains(
                     QLatin1String("2 changes not saved on this computer")),
             qPrintable(window().indicator()->text()));
    QCOMPARE(window().indicator()->colour(), QColor(QStringLiteral("#d1363b")));
    QVERIFY(window().indicator()->toolTip().contains(QLatin1String("database or disk is full")));
    m_person->screenshot(QStringLiteral("fulldisk-hub"));

    QTest::qWait(3000); // many more retries than an unreachable hub gets
    QVERIFY(m_full->free());
    QVERIFY(hubFull.free());
    QVERIFY(m_person->waitSynced(10'000));
    QTRY_COMPARE(window().indicator()->text(), QStringLiteral("Live"));
    for (const QList<QVariant> &change : std::as_const(states))
        QVERIFY(change.first().value<SyncClient::State>() != SyncClient::State::Failed);
}

QTEST_MAIN(TestFullDiskWindow)
#include "tst_fulldiskwindow.moc"
