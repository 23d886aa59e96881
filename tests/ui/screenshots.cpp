// SPDX-License-Identifier: GPL-3.0-or-later
// `make screenshots`: renders the app in its main states with real hubs and clients (offscreen)
// into a folder, for the README and for people to look at: live with two collaborators,
// reconnecting, offline with queued changes, the history, host and share dialogs, and the
// live window in a dark palette and in a small size. A second argument names a language to render
// in instead of English (`tandem-screenshots DIR de`), to check that the translated text fits.
#include "chatmodel.h"
#include "collaboratorspanel.h"
#include "discussionpanel.h"
#include "historydialog.h"
#include "hostdialog.h"
#include "notelistmodel.h"
#include "presencemodel.h"
#include "sharedialog.h"
#include "windowfixture.h"
#include "workspace.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTranslator>

namespace {

QString g_dir;

bool save(QWidget &widget, const QString &name)
{
    // Twice: a pass can post more work (a label's new text asks for a new layout).
    QApplication::processEvents();
    QApplication::processEvents();
    const QString path = QDir(g_dir).filePath(name + QStringLiteral(".png"));
    if (!widget.grab().save(path)) {
        qCritical("could not write %s", qPrintable(path));
        return false;
    }
    qInfo("wrote %s", qPrintable(path));
    return true;
}

void type(Person &person, int position, const QString &text)
{
    NoteEditor *editor = person.window->editor();
    QTextCursor cursor = editor->textCursor();
    cursor.setPosition(position);
    editor->setTextCursor(cursor);
    QTest::keyClicks(editor, text);
}

void select(Person &person, int from, int to)
{
    QTextCursor cursor = person.window->editor()->textCursor();
    cursor.setPosition(from);
    cursor.setPosition(to, QTextCursor::KeepAnchor);
    person.window->editor()->setTextCursor(cursor);
}

#define CHECK(condition) \
    do { \
        if (!(condition)) { \
            qCritical("screenshots: %s failed (line %d)", #condition, __LINE__); \
            return 1; \
        } \
    } while (false)

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    return p;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Tandem"));
    QApplication::setOrganizationName(QStringLiteral("TandemScreenshots"));
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    g_dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    CHECK(QDir().mkpath(g_dir));
    QTranslator translator;
    if (argc > 2) {
        CHECK(translator.load(QLocale(QString::fromLocal8Bit(argv[2])), QStringLiteral("tandem"),
                              QStringLiteral("_"), QStringLiteral(":/tandem/i18n")));
        QApplication::installTranslator(&translator);
    }

    // Real-life intervals (rendering three windows may hold the event loop longer than the
    // tests' shortened heartbeat allows), retries as quick as the tests'. The hub is Alice's,
    // on this machine (loopback), as it says: guests try it without a maximum of attempts.
    SyncClientSettings settings = fastClientSettings();
    settings.heartbeatMs = SyncClientSettings{}.heartbeatMs;
    settings.reconnect.localNetwork.reset();
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"), settings);
    Person bob(QStringLiteral("bob"), QStringLiteral("Bob"), settings);
    Person carol(QStringLiteral("carol"), QStringLiteral("Carol"), settings);
    CHECK(alice.open() && bob.open() && carol.open());
    QString error;
    Workspace *home = alice.workspaces->local();
    CHECK(home->startHosting(HostingOptions{0, false, true}, &error));

    // A few notes, the last one the team works on.
    for (const auto &[title, body] :
         {std::pair{"Groceries", "milk\neggs\nbread"},
          std::pair{"Reading list", "The Pragmatic Programmer\nDesigning Data-Intensive Apps"},
          std::pair{"Launch plan",
                    "# Launch plan\n\nGoals for Friday:\n\n- finish the "
                    "release notes\n- test the installer on Windows\n- send the "
                    "invite to the beta group\n\nOpen questions: pricing page?"}}) {
        alice.window->newNote();
        QTest::keyClicks(alice.window->titleEdit(), QString::fromUtf8(title));
        QTest::keyClick(alice.window->titleEdit(), Qt::Key_Return);
        alice.window->editor()->insertPlainText(QString::fromUtf8(body));
    }
    const QString noteId = alice.window->currentNoteId();
    CHECK(alice.waitSynced());
    for (Person *person : {&bob, &carol}) {
        const QString name = person == &bob ? QStringLiteral("Bob") : QStringLiteral("Carol");
        const QString link = home->invite(name, &error, true);
        CHECK(person->workspaces->openLink(link, &error));
        CHECK(QTest::qWaitFor([&]() { return person->window->notesModel()->rowOf(noteId) >= 0; },
                              10'000));
        person->window->openNote(noteId);
        CHECK(person->waitSynced());
    }
    CHECK(QTest::qWaitFor([&]() { return alice.window->presence()->rowCount() == 2; }, 10'000));

    // Live: Bob types, Carol selects a line; both talk about it.
    const QString text = alice.text();
    type(bob, int(text.indexOf(QStringLiteral("installer"))) + 9, QStringLiteral(" and macOS"));
    const int question = int(alice.text().indexOf(QStringLiteral("Open questions")));
    select(carol, question, question + 14);
    carol.window->discussionPanel()->input()->setText(QStringLiteral("Who owns the pricing page?"));
    carol.window->discussionPanel()->send();
    bob.window->discussionPanel()->input()->setText(QStringLiteral("I can take it."));
    bob.window->discussionPanel()->send();
    select(alice, 0, 0);
    alice.window->editor()->clearFocus();
    CHECK(QTest::qWaitFor([&]() { return alice.window->editor()->remoteCursors().size() == 2; },
                          10'000));
    CHECK(QTest::qWaitFor([&]() { return alice.window->chat()->rowCount() == 2; }, 10'000));
    type(bob, int(alice.text().indexOf(QStringLiteral("and macOS"))) + 9, QStringLiteral(" "));
    CHECK(QTest::qWaitFor(
            [&]() { return !alice.window->collaboratorsPanel()->typingLabel()->text().isEmpty(); },
            5'000));
    QTest::qWait(1200); // the hosting label counts who is connected
    CHECK(save(*alice.window, QStringLiteral("live")));

    // The same in a dark palette.
    const QPalette light = QApplication::palette();
    QApplication::setPalette(darkPalette());
    CHECK(save(*alice.window, QStringLiteral("live-dark")));
    QApplication::setPalette(light);

    // A small window (a laptop's half screen): nothing may be cut or pushed out.
    const QSize size = alice.window->size();
    alice.window->resize(640, 420);
    CHECK(save(*alice.window, QStringLiteral("live-small")));
    alice.window->resize(size);

    // Dialogs.
    {
        HistoryDialog history(alice.client(), noteId, alice.window.get());
        history.show();
        CHECK(QTest::qWaitFor([&]() { return history.versionList()->count() >= 2; }, 10'000));
        history.versionList()->setCurrentRow(history.versionList()->count() - 1); // the first
        CHECK(QTest::qWaitFor([&]() { return history.shownVersion() > 0; }, 10'000));
        CHECK(save(history, QStringLiteral("history-dialog")));
    }
    {
        HostDialog host(alice.workspaces.get(), alice.window.get());
        host.show();
        CHECK(save(host, QStringLiteral("host-dialog")));
        InviteDialog invite(home, alice.window.get());
        invite.show();
        QTest::keyClicks(invite.nameEdit(), QStringLiteral("Dana Smith"));
        invite.createLink();
        CHECK(save(invite, QStringLiteral("invite-dialog")));
    }
    {
        ShareDialog share(alice.client(), noteId, alice.window.get());
        share.show();
        // Bob, Carol and Dana (invited above with the notes shared).
        CHECK(QTest::qWaitFor([&]() { return share.collaborators().size() == 3; }, 10'000));
        CHECK(save(share, QStringLiteral("share-dialog")));
    }

    // Offline with queued changes: Carol goes offline and keeps writing.
    carol.client()->disconnectFromHub();
    type(carol, int(carol.text().size()), QString());
    QTest::keyClick(carol.window->editor(), Qt::Key_Return);
    QTest::keyClicks(carol.window->editor(), QStringLiteral("Draft pricing: 3 tiers"));
    carol.window->newNote();
    QTest::keyClicks(carol.window->titleEdit(), QStringLiteral("Pricing ideas"));
    carol.window->openNote(noteId);
    CHECK(save(*carol.window, QStringLiteral("offline")));

    // Reconnecting: the host stops sharing; Bob's Tandem keeps trying.
    home->stopHosting();
    CHECK(QTest::qWaitFor(
            [&]() { return bob.client()->state() == SyncClient::State::Reconnecting; }, 10'000));
    QTest::qWait(300);
    CHECK(save(*bob.window, QStringLiteral("reconnecting")));
    return 0;
}
