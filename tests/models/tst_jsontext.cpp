// SPDX-License-Identifier: GPL-3.0-or-later
// JsonText::parse reads JSON as QJsonDocument::fromJson does, but keeps a U+FEFF (zero-width
// no-break space, or a pasted file's byte order mark) at the start of a string, which Qt 6.4
// drops; and it refuses what QJsonDocument refuses.
#include "jsontext.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonParseError>
#include <QTest>

namespace {

const QByteArray Bom("\xEF\xBB\xBF");
const QString BomChar(QChar(0xFEFF));

} // namespace

class TestJsonText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aStringStartingWithTheMarkKeepsIt();
    void theMarkElsewhereIsKeptAsBefore();
    void theTextsOwnByteOrderMarkIsSkipped();
    void escapesAroundTheMarkKeepTheirMeaning();
    void invalidTextIsRefusedAsBefore_data();
    void invalidTextIsRefusedAsBefore();
};

void TestJsonText::aStringStartingWithTheMarkKeepsIt()
{
    const QJsonDocument doc = JsonText::parse("{\"op\":[\"" + Bom + "pasted\",3],\"" + Bom +
                                              "key\":\"" + Bom + "\"}");
    const QJsonObject object = doc.object();
    QCOMPARE(object.value(QLatin1String("op")).toArray().at(0).toString(),
             BomChar + QStringLiteral("pasted"));
    QCOMPARE(object.value(BomChar + QStringLiteral("key")).toString(), BomChar);
    // What it works around: QJsonDocument alone loses it (on Qt 6.4; if a later Qt keeps it,
    // this line says the work-around is no longer needed there).
    if (QJsonDocument::fromJson("[\"" + Bom + "a\"]").array().at(0).toString().size() == 1)
        qInfo("this Qt drops a U+FEFF starting a JSON string; JsonText::parse keeps it");
}

void TestJsonText::theMarkElsewhereIsKeptAsBefore()
{
    const QJsonArray array = JsonText::parse("[\"a" + Bom + "b" + Bom + "\",\"\\ufeffc\"]").array();
    QCOMPARE(array.at(0).toString(), QStringLiteral("a") + BomChar + u'b' + BomChar);
    QCOMPARE(array.at(1).toString(), BomChar + u'c');
    const QByteArray plain(R"({"type":"note_op","op":[1,"x"]})");
    QCOMPARE(JsonText::parse(plain), QJsonDocument::fromJson(plain));
}

void TestJsonText::theTextsOwnByteOrderMarkIsSkipped()
{
    QJsonParseError error;
    const QJsonDocument doc = JsonText::parse(Bom + "[\"" + Bom + "x\"]", &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.array().at(0).toString(), BomChar + u'x');
}

void TestJsonText::escapesAroundTheMarkKeepTheirMeaning()
{
    // An escaped backslash, then the mark: a backslash and the mark.
    QCOMPARE(JsonText::parse("[\"\\\\" + Bom + "\"]").array().at(0).toString(),
             QStringLiteral("\\") + BomChar);
    // A lone backslash before the mark is a bad escape: refused, not made into \ufeff.
    QJsonParseError error;
    JsonText::parse("[\"\\" + Bom + "\"]", &error);
    QCOMPARE_NE(error.error, QJsonParseError::NoError);
}

void TestJsonText::invalidTextIsRefusedAsBefore_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("the mark between values") << QByteArray("[1," + Bom + "2]");
    QTest::newRow("the mark after the text") << QByteArray("[1]" + Bom);
    QTest::newRow("cut short") << QByteArray("[\"" + Bom);
    QTest::newRow("not JSON") << QByteArray("{\"a\":");
}

void TestJsonText::invalidTextIsRefusedAsBefore()
{
    QFETCH(QByteArray, json);
    QJsonParseError error;
    JsonText::parse(json, &error);
    QCOMPARE_NE(error.error, QJsonParseError::NoError);
    QJsonParseError qtError;
    QJsonDocument::fromJson(json, &qtError);
    QCOMPARE_NE(qtError.error, QJsonParseError::NoError);
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
