// SPDX-License-Identifier: GPL-3.0-or-later
// ChatModel under QAbstractItemModelTester: history and live messages merge in time order,
// each message once, ties kept in arrival order.
#include "chatmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

class TestChatModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void historyAndLiveMessagesMergeOnceInTimeOrder();
};

namespace {
QJsonObject message(const QString &id, qint64 time, const QString &text)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("userId"), QStringLiteral("ann")},
            {QStringLiteral("userName"), QStringLiteral("Ann")},
            {QStringLiteral("content"), text},
            {QStringLiteral("timestamp"), time}};
}
} // namespace

void TestChatModel::historyAndLiveMessagesMergeOnceInTimeOrder()
{
    ChatModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(message(QStringLiteral("m3"), 30, QStringLiteral("live")));
    model.setHistory({message(QStringLiteral("m1"), 10, QStringLiteral("first")),
                      message(QStringLiteral("m2"), 20, QStringLiteral("second")),
                      message(QStringLiteral("m3"), 30, QStringLiteral("live"))});
    model.append(message(QStringLiteral("m4"), 30, QStringLiteral("same time, later")));
    model.append(message(QStringLiteral("m2"), 20, QStringLiteral("second")));
    QCOMPARE(model.rowCount(), 4);
    QStringList order;
    for (int row = 0; row < model.rowCount(); ++row)
        order.append(model.data(model.index(row), ChatModel::IdRole).toString());
    QCOMPARE(order,
             (QStringList{QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3"),
                          QStringLiteral("m4")}));
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("Ann: first"));
    QCOMPARE(model.data(model.index(0), ChatModel::TimestampRole).toLongLong(), 10);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.append(message(QStringLiteral("m1"), 10, QStringLiteral("again after clear")));
    QCOMPARE(model.rowCount(), 1);
}

QTEST_GUILESS_MAIN(TestChatModel)
#include "tst_chatmodel.moc"
