// SPDX-License-Identifier: GPL-3.0-or-later
// NoteListModel under QAbstractItemModelTester: newest change first, updates move rows
// (selection-preserving) instead of resetting, the filter matches title or text word by word
// ignoring case and accents, the unsynced marker, and a long random run of upserts/removes
// that always agrees with a sorted, filtered reference list (seeded).
#include "notelistmodel.h"
#include "testseed.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestNoteListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sortsNewestFirst();
    void anUpdateMovesItsRowInsteadOfResetting();
    void filtersTitleAndTextIgnoringCaseAndAccents();
    void showsTheUnsyncedMarkerAndPreview();
    void randomChangesAlwaysMatchAReferenceList();

private:
    static NoteSummary note(const QString &id, qint64 updatedAt, const QString &title = {},
                            const QString &text = {})
    {
        NoteSummary n;
        n.id = id;
        n.updatedAt = updatedAt;
        n.title = title.isEmpty() ? id : title;
        n.text = text;
        return n;
    }
    static QStringList ids(const NoteListModel &model)
    {
        QStringList result;
        for (int row = 0; row < model.rowCount(); ++row)
            result.append(model.data(model.index(row), NoteListModel::IdRole).toString());
        return result;
    }
};

void TestNoteListModel::sortsNewestFirst()
{
    NoteListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNotes({note(QStringLiteral("a"), 1), note(QStringLiteral("b"), 3),
                    note(QStringLiteral("c"), 2)});
    QCOMPARE(ids(model),
             (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a")}));
    model.upsert(note(QStringLiteral("d"), 4));
    QCOMPARE(ids(model).first(), QStringLiteral("d"));
    model.remove(QStringLiteral("c"));
    QCOMPARE(ids(model),
             (QStringList{QStringLiteral("d"), QStringLiteral("b"), QStringLiteral("a")}));
}

void TestNoteListModel::anUpdateMovesItsRowInsteadOfResetting()
{
    NoteListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNotes({note(QStringLiteral("a"), 1), note(QStringLiteral("b"), 2),
                    note(QStringLiteral("c"), 3)});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy moves(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    const QPersistentModelIndex selected = model.index(2); // "a"
    model.upsert(note(QStringLiteral("a"), 9, QStringLiteral("edited")));
    QCOMPARE(resets.size(), 0);
    QCOMPARE(moves.size(), 1);
    QCOMPARE(selected.row(), 0); // a selection follows the note
    QCOMPARE(model.data(selected).toString(), QStringLiteral("edited"));
    // A change that keeps the order is a change in place.
    model.upsert(note(QStringLiteral("b"), 2, QStringLiteral("renamed")));
    QCOMPARE(moves.size(), 1);
    QVERIFY(changes.size() >= 2);
}

void TestNoteListModel::filtersTitleAndTextIgnoringCaseAndAccents()
{
    NoteListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNotes(
            {note(QStringLiteral("a"), 1, QStringLiteral("Café plans"),
                  QStringLiteral("meet at noon")),
             note(QStringLiteral("b"), 2, QStringLiteral("Groceries"),
                  QStringLiteral("milk, CAFE beans")),
             note(QStringLiteral("c"), 3, QStringLiteral("Taxes"), QStringLiteral("receipts"))});
    model.setFilter(QStringLiteral("cafe"));
    QCOMPARE(ids(model), (QStringList{QStringLiteral("b"), QStringLiteral("a")}));
    model.setFilter(QStringLiteral("cafe noon"));
    QCOMPARE(ids(model), QStringList{QStringLiteral("a")});
    // Notes arriving while filtered appear only when they match.
    model.upsert(note(QStringLiteral("d"), 4, QStringLiteral("Noon café")));
    model.upsert(note(QStringLiteral("e"), 5, QStringLiteral("Other")));
    QCOMPARE(ids(model), (QStringList{QStringLiteral("d"), QStringLiteral("a")}));
    QCOMPARE(model.totalCount(), 5);
    // A note edited so it no longer matches leaves the filtered list.
    model.upsert(note(QStringLiteral("d"), 6, QStringLiteral("Nothing")));
    QCOMPARE(ids(model), QStringList{QStringLiteral("a")});
    model.setFilter(QString());
    QCOMPARE(model.rowCount(), 5);
}

void TestNoteListModel::showsTheUnsyncedMarkerAndPreview()
{
    NoteListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    NoteSummary n =
            note(QStringLiteral("a"), 1, QString(), QStringLiteral("\n  first line  \nsecond"));
    n.title.clear();
    n.unsynced = true;
    model.upsert(n);
    const QModelIndex index = model.index(0);
    QCOMPARE(model.data(index).toString(), QStringLiteral("Untitled"));
    QCOMPARE(model.data(index, NoteListModel::PreviewRole).toString(),
             QStringLiteral("first line"));
    QVERIFY(model.data(index, NoteListModel::UnsyncedRole).toBool());
    QVERIFY(model.data(index, Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("not yet synced")));
    n.unsynced = false;
    model.upsert(n);
    QVERIFY(!model.data(index, NoteListModel::UnsyncedRole).toBool());
}

void TestNoteListModel::randomChangesAlwaysMatchAReferenceList()
{
    QRandomGenerator rng(testSeed());
    NoteListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QHash<QString, NoteSummary> reference;
    const QStringList words{QStringLiteral("red"), QStringLiteral("green"), QStringLiteral("blue")};
    for (int step = 0; step < 2000; ++step) {
        const QString id = QStringLiteral("n%1").arg(rng.bounded(40));
        const int action = int(rng.bounded(10));
        if (action < 6) {
            NoteSummary n = note(id, rng.bounded(50), words.at(int(rng.bounded(3))));
            reference.insert(id, n);
            model.upsert(n);
        } else if (action < 9) {
            reference.remove(id);
            model.remove(id);
        } else {
            model.setFilter(rng.bounded(2) ? words.at(int(rng.bounded(3))) : QString());
        }
        QList<NoteSummary> expected;
        for (const NoteSummary &n : std::as_const(reference))
            if (model.filter().isEmpty() || n.title == model.filter())
                expected.append(n);
        std::sort(expected.begin(), expected.end(), [](const NoteSummary &a, const NoteSummary &b) {
            return a.updatedAt != b.updatedAt ? a.updatedAt > b.updatedAt : a.id < b.id;
        });
        QStringList expectedIds;
        for (const NoteSummary &n : std::as_const(expected))
            expectedIds.append(n.id);
        QCOMPARE(ids(model), expectedIds);
    }
}

QTEST_GUILESS_MAIN(TestNoteListModel)
#include "tst_notelistmodel.moc"
