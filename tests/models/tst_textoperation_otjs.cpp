// SPDX-License-Identifier: GPL-3.0-or-later
// Tandem's TextOperation against ot.js itself: tests/otjs/golden.json holds results that
// ot.js 0.0.15 computed (normalisation, apply, invert, compose, transform, cursor
// transform, and its server's sequencing of stale ops); every one must match exactly.
// Regenerate with `make ot-golden`.
#include "textoperation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestTextOperationOtJs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void normalisesLikeOtJs();
    void appliesLikeOtJs();
    void invertsLikeOtJs();
    void composesLikeOtJs();
    void transformsLikeOtJs();
    void transformsCursorsLikeOtJs();
    void sequencesLikeTheOtJsServer();

private:
    QJsonArray cases(const char *kind) const;
    static TextOperation op(const QJsonValue &json);
    QJsonObject m_cases;
};

void TestTextOperationOtJs::initTestCase()
{
    QFile file(QStringLiteral(TANDEM_SOURCE_DIR "/tests/otjs/golden.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    qInfo("golden cases from %s", qPrintable(root.value(QLatin1String("generator")).toString()));
    m_cases = root.value(QLatin1String("cases")).toObject();
    QVERIFY(!m_cases.isEmpty());
}

QJsonArray TestTextOperationOtJs::cases(const char *kind) const
{
    const QJsonArray list = m_cases.value(QLatin1String(kind)).toArray();
    if (list.size() < 50)
        qFatal("golden.json has too few %s cases", kind);
    return list;
}

TextOperation TestTextOperationOtJs::op(const QJsonValue &json)
{
    OtResult<TextOperation> parsed = TextOperation::fromJson(json);
    if (!parsed)
        qFatal("golden op does not parse: %s", qPrintable(parsed.error().message()));
    return std::move(parsed).value();
}

void TestTextOperationOtJs::normalisesLikeOtJs()
{
    for (const QJsonValue &c : cases("normalize")) {
        const QJsonObject o = c.toObject();
        QCOMPARE(op(o[QLatin1String("input")]).toJson(), o[QLatin1String("output")].toArray());
    }
}

void TestTextOperationOtJs::appliesLikeOtJs()
{
    for (const QJsonValue &c : cases("apply")) {
        const QJsonObject o = c.toObject();
        QCOMPARE(op(o[QLatin1String("op")]).apply(o[QLatin1String("doc")].toString()).value(),
                 o[QLatin1String("result")].toString());
    }
}

void TestTextOperationOtJs::invertsLikeOtJs()
{
    for (const QJsonValue &c : cases("invert")) {
        const QJsonObject o = c.toObject();
        QCOMPARE(op(o[QLatin1String("op")]).invert(o[QLatin1String("doc")].toString())->toJson(),
                 o[QLatin1String("inverse")].toArray());
    }
}

void TestTextOperationOtJs::composesLikeOtJs()
{
    for (const QJsonValue &c : cases("compose")) {
        const QJsonObject o = c.toObject();
        const auto composed =
                TextOperation::compose(op(o[QLatin1String("a")]), op(o[QLatin1String("b")]));
        QVERIFY(composed);
        QCOMPARE(composed->toJson(), o[QLatin1String("result")].toArray());
    }
}

void TestTextOperationOtJs::transformsLikeOtJs()
{
    for (const QJsonValue &c : cases("transform")) {
        const QJsonObject o = c.toObject();
        const auto t =
                TextOperation::transform(op(o[QLatin1String("a")]), op(o[QLatin1String("b")]));
        QVERIFY(t);
        QCOMPARE(t->first.toJson(), o[QLatin1String("aPrime")].toArray());
        QCOMPARE(t->second.toJson(), o[QLatin1String("bPrime")].toArray());
    }
}

void TestTextOperationOtJs::transformsCursorsLikeOtJs()
{
    for (const QJsonValue &c : cases("cursor")) {
        const QJsonObject o = c.toObject();
        const TextRange range{o[QLatin1String("anchor")].toInteger(),
                              o[QLatin1String("head")].toInteger()};
        const TextRange expected{o[QLatin1String("newAnchor")].toInteger(),
                                 o[QLatin1String("newHead")].toInteger()};
        QCOMPARE(op(o[QLatin1String("op")]).transformRange(range), expected);
    }
}

void TestTextOperationOtJs::sequencesLikeTheOtJsServer()
{
    // What the hub's sequencer does: transform an op made at `revision` against every op
    // committed since, in order, then apply and append it.
    for (const QJsonValue &c : cases("server")) {
        const QJsonObject o = c.toObject();
        QString doc = o[QLatin1String("start")].toString();
        std::vector<TextOperation> history;
        const QJsonArray received = o[QLatin1String("received")].toArray();
        const QJsonArray committed = o[QLatin1String("committed")].toArray();
        for (qsizetype k = 0; k < received.size(); ++k) {
            const QJsonObject r = received[k].toObject();
            TextOperation incoming = op(r[QLatin1String("op")]);
            for (size_t v = size_t(r[QLatin1String("revision")].toInteger()); v < history.size();
                 ++v)
                incoming = TextOperation::transform(incoming, history[v])->first;
            QCOMPARE(incoming.toJson(), committed[k].toArray());
            doc = incoming.apply(doc).value();
            history.push_back(std::move(incoming));
        }
        QCOMPARE(doc, o[QLatin1String("end")].toString());
    }
}

QTEST_GUILESS_MAIN(TestTextOperationOtJs)
#include "tst_textoperation_otjs.moc"
