// SPDX-License-Identifier: GPL-3.0-or-later
// JsonFields, how the client reads the hub's messages: an integer field is a whole number a
// double holds exactly, and anything else (missing, a string, a fraction, a number beyond
// ±(2^53 − 1), such as the updatedAt of 1.8e24 fuzz_syncclient sent) reads as the fallback
// instead of an undefined conversion.
#include "jsonfields.h"

#include <QJsonDocument>
#include <QTest>

class TestJsonFields : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void integersReadAsThemselves_data();
    void integersReadAsThemselves();
    void anythingElseReadsAsTheFallback_data();
    void anythingElseReadsAsTheFallback();

private:
    static QJsonObject parsed(const QByteArray &json)
    {
        return QJsonDocument::fromJson(json).object();
    }
};

void TestJsonFields::integersReadAsThemselves_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("zero") << QByteArray(R"({"v":0})") << qint64(0);
    QTest::newRow("a version") << QByteArray(R"({"v":42})") << qint64(42);
    QTest::newRow("a timestamp") << QByteArray(R"({"v":1795312005000})") << qint64(1795312005000);
    QTest::newRow("negative") << QByteArray(R"({"v":-7})") << qint64(-7);
    QTest::newRow("2^53 - 1") << QByteArray(R"({"v":9007199254740991})")
                              << qint64(9007199254740991);
    QTest::newRow("written as a double") << QByteArray(R"({"v":4.0e3})") << qint64(4000);
}

void TestJsonFields::integersReadAsThemselves()
{
    QFETCH(QByteArray, json);
    QFETCH(qint64, expected);
    QCOMPARE(JsonFields::integer(parsed(json), "v"), expected);
}

void TestJsonFields::anythingElseReadsAsTheFallback_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("missing") << QByteArray(R"({"w":1})");
    QTest::newRow("a string") << QByteArray(R"({"v":"3"})");
    QTest::newRow("null") << QByteArray(R"({"v":null})");
    QTest::newRow("a fraction") << QByteArray(R"({"v":2.5})");
    QTest::newRow("2^53") << QByteArray(R"({"v":9007199254740992})");
    QTest::newRow("beyond qint64") << QByteArray(R"({"v":1795312085001795312005000})");
    QTest::newRow("far below") << QByteArray(R"({"v":-1e300})");
}

void TestJsonFields::anythingElseReadsAsTheFallback()
{
    QFETCH(QByteArray, json);
    QCOMPARE(JsonFields::integer(parsed(json), "v"), qint64(-1));
    QCOMPARE(JsonFields::integer(parsed(json), "v", 5), qint64(5));
}

QTEST_GUILESS_MAIN(TestJsonFields)
#include "tst_jsonfields.moc"
