// SPDX-License-Identifier: GPL-3.0-or-later
// PresenceModel under QAbstractItemModelTester: the list without oneself, sorted by name,
// updates in place or re-sorted on a new name, removal per session, cursor as a role, and
// "is typing…" that expires on an injected clock.
#include "presencemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestPresenceModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsOthersSortedByName();
    void updatesAndRemovesSessions();
    void typingShowsAndExpires();

private:
    static QJsonObject user(const QString &session, const QString &id, const QString &name)
    {
        return {{QStringLiteral("sessionId"), session},
                {QStringLiteral("userId"), id},
                {QStringLiteral("userName"), name},
                {QStringLiteral("colour"), QStringLiteral("#3cb44b")},
                {QStringLiteral("status"), QStringLiteral("online")}};
    }
    static QStringList names(const PresenceModel &model)
    {
        QStringList result;
        for (int row = 0; row < model.rowCount(); ++row)
            result.append(model.data(model.index(row)).toString());
        return result;
    }
};

void TestPresenceModel::listsOthersSortedByName()
{
    PresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setUsers({user(QStringLiteral("s1"), QStringLiteral("zoe"), QStringLiteral("Zoe")),
                    user(QStringLiteral("me"), QStringLiteral("me"), QStringLiteral("Me")),
                    user(QStringLiteral("s2"), QStringLiteral("ann"), QStringLiteral("Ann"))},
                   QStringLiteral("me"));
    QCOMPARE(names(model), (QStringList{QStringLiteral("Ann"), QStringLiteral("Zoe")}));
    QCOMPARE(model.data(model.index(0), PresenceModel::ColourRole).toString(),
             QStringLiteral("#3cb44b"));
    QVERIFY(!model.data(model.index(0), PresenceModel::CursorRole).isValid());
    model.update(user(QStringLiteral("me"), QStringLiteral("me"), QStringLiteral("Me")));
    QCOMPARE(model.rowCount(), 2);
}

void TestPresenceModel::updatesAndRemovesSessions()
{
    PresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(user(QStringLiteral("s1"), QStringLiteral("bob"), QStringLiteral("Bob")));
    model.update(
            user(QStringLiteral("s2"), QStringLiteral("bob"), QStringLiteral("Bob"))); // 2nd device
    QJsonObject moved = user(QStringLiteral("s1"), QStringLiteral("bob"), QStringLiteral("Bob"));
    moved.insert(QStringLiteral("status"), QStringLiteral("away"));
    moved.insert(QStringLiteral("cursor"),
                 QJsonObject{{QStringLiteral("anchor"), 2},
                             {QStringLiteral("position"), 5},
                             {QStringLiteral("version"), 7}});
    model.update(moved);
    QCOMPARE(model.rowCount(), 2);
    const int row = model.rowOfSession(QStringLiteral("s1"));
    QCOMPARE(model.data(model.index(row), PresenceModel::StatusRole).toString(),
             QStringLiteral("away"));
    const QVariantMap cursor = model.data(model.index(row), PresenceModel::CursorRole).toMap();
    QCOMPARE(cursor.value(QStringLiteral("position")).toInt(), 5);
    QCOMPARE(cursor.value(QStringLiteral("version")).toInt(), 7);
    model.update(user(QStringLiteral("s1"), QStringLiteral("bob"),
                      QStringLiteral("Aaron"))); // renamed: re-sorted
    QCOMPARE(names(model), (QStringList{QStringLiteral("Aaron"), QStringLiteral("Bob")}));
    model.remove(QStringLiteral("s2"));
    QCOMPARE(names(model), QStringList{QStringLiteral("Aaron")});
    model.remove(QStringLiteral("unknown"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestPresenceModel::typingShowsAndExpires()
{
    PresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    qint64 now = 1000;
    model.setClock([&]() { return now; });
    model.setTypingTimeoutMs(50);
    model.setUsers({user(QStringLiteral("s1"), QStringLiteral("ann"), QStringLiteral("Ann")),
                    user(QStringLiteral("s2"), QStringLiteral("bo"), QStringLiteral("Bo")),
                    user(QStringLiteral("s3"), QStringLiteral("cy"), QStringLiteral("Cy"))});
    QSignalSpy text(&model, &PresenceModel::typingTextChanged);
    model.setTyping(QStringLiteral("ann"));
    QCOMPARE(model.typingText(), QStringLiteral("Ann is typing…"));
    QVERIFY(model.data(model.index(0), PresenceModel::TypingRole).toBool());
    model.setTyping(QStringLiteral("bo"));
    QCOMPARE(model.typingText(), QStringLiteral("Ann and Bo are typing…"));
    model.setTyping(QStringLiteral("cy"));
    QCOMPARE(model.typingText(), QStringLiteral("3 people are typing…"));
    // The timer fires, but nobody's time is up on the injected clock: still typing.
    QTest::qWait(100);
    QCOMPARE(model.typingText(), QStringLiteral("3 people are typing…"));
    now += 50;
    QVERIFY(QTest::qWaitFor([&]() { return model.typingText().isEmpty(); }, 2000));
    QVERIFY(!model.data(model.index(0), PresenceModel::TypingRole).toBool());
    QCOMPARE(text.last().at(0).toString(), QString());
}

QTEST_GUILESS_MAIN(TestPresenceModel)
#include "tst_presencemodel.moc"
