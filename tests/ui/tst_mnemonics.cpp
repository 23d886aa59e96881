// SPDX-License-Identifier: GPL-3.0-or-later
// Keyboard mnemonics (Alt+letter) in every window a person sees: the main window, its menus
// and each dialog. A label underlines its "&" letter only when it has a buddy to focus (a
// QFormLayout row whose field is a layout gets none, and then the "&" is shown as it is),
// and two controls of one window, or two items of one menu, must not claim the same letter,
// or Alt+letter only moves between them.
#include "connectdialog.h"
#include "historydialog.h"
#include "hostdialog.h"
#include "sharedialog.h"
#include "windowfixture.h"
#include "workspace.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QStandardPaths>

namespace {

/** The letter after the first lone "&" of text, lower-cased; null when it has none. */
QChar mnemonicOf(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != u'&')
            continue;
        if (text[i + 1] == u'&') {
            ++i; // "&&" is a literal ampersand
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

/** Collects the letters one window (or one menu) claims and what is wrong with them. */
class Claims
{
public:
    explicit Claims(QString where)
        : m_where(std::move(where))
    { }
    void claim(const QString &text)
    {
        const QChar letter = mnemonicOf(text);
        if (letter.isNull())
            return;
        if (m_seen.contains(letter))
            problems << QStringLiteral("%1: “%2” and “%3” both take Alt+%4")
                                .arg(m_where, m_seen.value(letter), text, letter);
        else
            m_seen.insert(letter, text);
    }
    QStringList problems;

private:
    QString m_where;
    QHash<QChar, QString> m_seen;
};

/** What is wrong with the mnemonics of the widgets window shows (menus not included). */
QStringList problemsOf(QWidget *window, const QString &where)
{
    Claims claims(where);
    const auto shown = [window](QWidget *w) { return w->isVisibleTo(window); };
    for (QLabel *label : window->findChildren<QLabel *>()) {
        if (!shown(label) || mnemonicOf(label->text()).isNull())
            continue;
        if (!label->buddy()) {
            claims.problems << QStringLiteral("%1: the label “%2” has no buddy, so its & shows")
                                       .arg(where, label->text());
            continue;
        }
        claims.claim(label->text());
    }
    for (QAbstractButton *button : window->findChildren<QAbstractButton *>())
        if (shown(button))
            claims.claim(button->text());
    for (QGroupBox *box : window->findChildren<QGroupBox *>())
        if (shown(box))
            claims.claim(box->title());
    if (auto *main = qobject_cast<QMainWindow *>(window)) {
        for (QAction *menu : main->menuBar()->actions()) {
            if (!menu->isVisible())
                continue;
            claims.claim(menu->text());
            if (!menu->menu())
                continue;
            Claims items(QStringLiteral("the menu %1").arg(menu->text()));
            for (QAction *item : menu->menu()->actions())
                if (item->isVisible() && !item->isSeparator())
                    items.claim(item->text());
            claims.problems += items.problems;
        }
    }
    return claims.problems;
}

} // namespace

class TestMnemonics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theCheckFindsAMissingBuddyAndASharedLetter();
    void mainWindowAndMenus();
    void everyDialog();
};

void TestMnemonics::initTestCase()
{
    setUpWindowTests();
}

void TestMnemonics::theCheckFindsAMissingBuddyAndASharedLetter()
{
    QWidget window;
    auto *form = new QFormLayout(&window);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLineEdit(&window));
    form->addRow(QStringLiteral("&Name:"), row); // a layout: no buddy
    auto *first = new QPushButton(QStringLiteral("&Copy"), &window);
    auto *second = new QPushButton(QStringLiteral("&Close"), &window);
    form->addRow(first, second);
    form->addRow(QStringLiteral("Fish && &chips:"), new QLineEdit(&window));
    const QStringList problems = problemsOf(&window, QStringLiteral("test"));
    QCOMPARE(problems.size(), 3); // the label without a buddy, two more claims on Alt+c
    QCOMPARE(problems.filter(QStringLiteral("“&Name:” has no buddy")).size(), 1);
    QCOMPARE(problems.filter(QStringLiteral("both take Alt+c")).size(), 2);
    QCOMPARE(problems.filter(QStringLiteral("“&Copy”")).size(), 1);
    QCOMPARE(problems.filter(QStringLiteral("“&Close”")).size(), 1);
}

void TestMnemonics::mainWindowAndMenus()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    const QStringList empty = problemsOf(alice.window.get(), QStringLiteral("main window"));
    QVERIFY2(empty.isEmpty(), qPrintable(empty.join(u'\n')));
    alice.window->newNote(); // the editor and the discussion box show
    const QStringList withNote = problemsOf(alice.window.get(), QStringLiteral("main window"));
    QVERIFY2(withNote.isEmpty(), qPrintable(withNote.join(u'\n')));
}

void TestMnemonics::everyDialog()
{
    Person alice(QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice.open());
    const QString noteId = alice.window->newNote();
    QVERIFY(alice.waitSynced());
    Workspace *home = alice.workspaces->local();
    QStringList problems;
    const auto check = [&problems](QDialog &dialog, const QString &name) {
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        problems += problemsOf(&dialog, name);
    };
    {
        HostDialog dialog(alice.workspaces.get(), alice.window.get());
        check(dialog, QStringLiteral("Host"));
    }
    {
        InviteDialog dialog(home, alice.window.get());
        check(dialog, QStringLiteral("Invite"));
    }
    {
        ConnectDialog dialog(alice.workspaces.get(), alice.window.get());
        check(dialog, QStringLiteral("Connect"));
    }
    {
        ShareDialog dialog(alice.client(), noteId, alice.window.get());
        check(dialog, QStringLiteral("Share"));
    }
    {
        HistoryDialog dialog(alice.client(), noteId, alice.window.get());
        check(dialog, QStringLiteral("History"));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_MAIN(TestMnemonics)
#include "tst_mnemonics.moc"
