// SPDX-License-Identifier: GPL-3.0-or-later
// Importing text and Markdown files as notes, as a person does it (File → Import Notes… or
// dropping files on the window): each file becomes a note titled by its name with its text
// (UTF-8, a byte-order mark dropped, CRLF and CR made "\n"), the last one opens, and the notes
// reach the hub; files that are not UTF-8 text, or folders, are not imported, and a message
// box says which and why, while the others are.
#include "notelistmodel.h"
#include "windowfixture.h"

#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>

class TestImportNotes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void textAndMarkdownFilesBecomeNotesOnTheHub();
    void filesThatAreNotTextAreSaidAndTheRestImported();
    void droppingFilesOnTheWindowImportsThem();

private:
    /** Writes bytes to a file of that name in the test's folder; its path. */
    QString file(const QString &name, const QByteArray &bytes);
    /** The note of the current workspace titled title, or nothing. */
    std::optional<NoteSummary> noteTitled(const QString &title) const;
    MainWindow &window() const { return *m_person->window; }

    QTemporaryDir m_files;
    std::unique_ptr<Person> m_person;
};

void TestImportNotes::initTestCase()
{
    setUpWindowTests();
    QVERIFY(m_files.isValid());
}

void TestImportNotes::init()
{
    m_person = std::make_unique<Person>(QStringLiteral("ann"), QStringLiteral("Ann"));
    QVERIFY(m_person->open());
}

void TestImportNotes::cleanup()
{
    m_person.reset();
}

QString TestImportNotes::file(const QString &name, const QByteArray &bytes)
{
    const QString path = m_files.filePath(name);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

std::optional<NoteSummary> TestImportNotes::noteTitled(const QString &title) const
{
    NoteListModel *notes = window().notesModel();
    for (int row = 0; row < notes->rowCount(); ++row)
        if (notes->at(row).title == title)
            return m_person->client()->summary(notes->at(row).id);
    return std::nullopt;
}

void TestImportNotes::textAndMarkdownFilesBecomeNotesOnTheHub()
{
    QVERIFY(window().action(QStringLiteral("importNotes"))->isEnabled());
    QCOMPARE(window().action(QStringLiteral("importNotes"))->shortcut(),
             QKeySequence(QKeySequence::Open));
    const QStringList paths{
            file(QStringLiteral("Meeting notes.md"),
                 "\xEF\xBB\xBF# Agenda\r\n\r\n- budget\r\n- caf\xC3\xA9 \xF0\x9F\x98\x80\r\n"),
            file(QStringLiteral("todo.txt"), "milk\reggs\n"),
            file(QStringLiteral("empty.txt"), "")};
    QCOMPARE(window().importFiles(paths), 3);
    QCOMPARE(window().statusBar()->currentMessage(), QStringLiteral("Imported 3 notes."));
    QVERIFY(!window().findChild<QMessageBox *>(QStringLiteral("importRefusedBox")));

    const auto meeting = noteTitled(QStringLiteral("Meeting notes"));
    QVERIFY(meeting);
    QCOMPARE(meeting->text, QStringLiteral("# Agenda\n\n- budget\n- café 😀\n"));
    QCOMPARE(noteTitled(QStringLiteral("todo"))->text, QStringLiteral("milk\neggs\n"));
    QVERIFY(noteTitled(QStringLiteral("empty")));
    // The last one is open; all of them reach the hub.
    QCOMPARE(window().titleEdit()->text(), QStringLiteral("empty"));
    QVERIFY(m_person->waitSynced());
    QCOMPARE(m_person->client()->pendingChanges(), 0);
    window().openNote(meeting->id);
    QTRY_COMPARE(m_person->text(), QStringLiteral("# Agenda\n\n- budget\n- café 😀\n"));
}

void TestImportNotes::filesThatAreNotTextAreSaidAndTheRestImported()
{
    QDir(m_files.path()).mkdir(QStringLiteral("a folder"));
    const QStringList paths{
            file(QStringLiteral("photo.png"), QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11)),
            file(QStringLiteral("old.txt"), "na\xefve caf\xe9"), // Latin-1
            m_files.filePath(QStringLiteral("a folder")), file(QStringLiteral("good.md"), "fine")};
    QCOMPARE(window().importFiles(paths), 1);
    QCOMPARE(noteTitled(QStringLiteral("good"))->text, QStringLiteral("fine"));
    QVERIFY(!noteTitled(QStringLiteral("photo")));
    QVERIFY(!noteTitled(QStringLiteral("old")));
    QCOMPARE(window().notesModel()->rowCount(), 1);
    auto *box = window().findChild<QMessageBox *>(QStringLiteral("importRefusedBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->text(), QStringLiteral("3 files were not imported."));
    const QString why = box->informativeText();
    QVERIFY2(why.contains(QLatin1String("photo.png: it is not a text file")), qPrintable(why));
    QVERIFY2(why.contains(QLatin1String("old.txt: it is not UTF-8 text")), qPrintable(why));
    QVERIFY2(why.contains(QLatin1String("a folder: it is a folder")), qPrintable(why));
    box->close();
}

void TestImportNotes::droppingFilesOnTheWindowImportsThem()
{
    const QString path = file(QStringLiteral("Dropped.md"), "from the desktop");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    // Over the notes list, as a person drags a file from the desktop onto it.
    QWidget *target = window().notesList()->viewport();
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(noteTitled(QStringLiteral("Dropped"))->text, QStringLiteral("from the desktop"));
    // Something that is not a file (a web link) is not taken.
    QMimeData web;
    web.setUrls({QUrl(QStringLiteral("https://example.org/page"))});
    QDragEnterEvent webEnter(at, Qt::CopyAction, &web, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &webEnter);
    QVERIFY(!webEnter.isAccepted());
}

QTEST_MAIN(TestImportNotes)
#include "tst_importnotes.moc"
