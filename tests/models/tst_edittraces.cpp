// SPDX-License-Identifier: GPL-3.0-or-later
// Every real editing trace in ../shared/data/editing-traces, replayed through TextOperation
// into the hub-side TextBuffer (one op per patch, through the JSON wire form) and into a
// QString with the patches of each batch of transactions composed into one op: both must
// give endContent exactly.
#include "edittrace.h"
#include "textbuffer.h"
#include "textoperation.h"

#include <QFileInfo>
#include <QTest>

class TestEditTraces : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void replayIntoTextBuffer_data();
    void replayIntoTextBuffer();
    void replayComposedTransactionsIntoQString_data();
    void replayComposedTransactionsIntoQString();
    void codePointPositionsBecomeUtf16();

private:
    void addTraceRows();
    static EditTrace loadOrFail(const QString &path);
};

void TestEditTraces::initTestCase()
{
    const QStringList files = EditTrace::files();
    QVERIFY2(files.size() >= 6,
             qPrintable(QStringLiteral("expected the six traces in %1 (set TANDEM_TRACES_DIR)")
                                .arg(EditTrace::directory())));
}

void TestEditTraces::addTraceRows()
{
    QTest::addColumn<QString>("path");
    for (const QString &path : EditTrace::files())
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

EditTrace TestEditTraces::loadOrFail(const QString &path)
{
    QString error;
    std::optional<EditTrace> trace = EditTrace::load(path, &error);
    if (!trace)
        qFatal("cannot load %s: %s", qPrintable(path), qPrintable(error));
    return std::move(*trace);
}

void TestEditTraces::replayIntoTextBuffer_data()
{
    addTraceRows();
}

void TestEditTraces::replayIntoTextBuffer()
{
    QFETCH(QString, path);
    const EditTrace trace = loadOrFail(path);
    TextBuffer buffer(trace.startContent);
    qsizetype applied = 0;
    for (const auto &txn : trace.transactions) {
        for (const TracePatch &patch : txn) {
            const TextOperation op = EditTrace::toOperation(patch, buffer.length());
            // Through the wire form too, as the hub receives it.
            const OtResult<TextOperation> wire = TextOperation::fromJsonText(op.toJsonText());
            QVERIFY(wire && wire.value() == op);
            const OtStatus status = buffer.apply(op);
            QVERIFY2(status,
                     qPrintable(QStringLiteral("patch %1: %2")
                                        .arg(applied)
                                        .arg(status.errorMessage())));
            ++applied;
        }
    }
    QCOMPARE(applied, trace.patchCount);
    QCOMPARE(buffer.length(), trace.endContent.size());
    QVERIFY2(buffer.toString() == trace.endContent, "replayed text differs from endContent");
}

void TestEditTraces::replayComposedTransactionsIntoQString_data()
{
    addTraceRows();
}

void TestEditTraces::replayComposedTransactionsIntoQString()
{
    QFETCH(QString, path);
    const EditTrace trace = loadOrFail(path);
    // Compose the patches of Batch transactions into one op, then apply it to a QString:
    // exercises compose on real data and keeps QString's O(document) apply affordable.
    constexpr int Batch = 500;
    QString doc = trace.startContent;
    TextOperation composed = TextOperation().retain(doc.size());
    int pending = 0;
    const auto flush = [&]() {
        OtResult<QString> after = composed.apply(doc);
        if (!after)
            return false;
        doc = std::move(after).value();
        composed = TextOperation().retain(doc.size());
        pending = 0;
        return true;
    };
    for (const auto &txn : trace.transactions) {
        for (const TracePatch &patch : txn) {
            const TextOperation op = EditTrace::toOperation(patch, composed.targetLength());
            OtResult<TextOperation> next = TextOperation::compose(composed, op);
            QVERIFY2(next, qPrintable(next.errorMessage()));
            composed = std::move(next).value();
        }
        if (++pending == Batch)
            QVERIFY(flush());
    }
    QVERIFY(flush());
    QVERIFY2(doc == trace.endContent, "replayed text differs from endContent");
}

void TestEditTraces::codePointPositionsBecomeUtf16()
{
    // Positions count code points; 😀 is one code point but two UTF-16 units.
    const QByteArray json = R"({"startContent":"a😀b","endContent":"a😀🎉xb","txns":[
        {"time":"t","patches":[[2,0,"🎉"]]},
        {"time":"t","patches":[[3,0,"x"],[4,1,"b"]]}]})";
    QString error;
    const std::optional<EditTrace> trace = EditTrace::parse(json, &error);
    QVERIFY2(trace, qPrintable(error));
    QCOMPARE(trace->transactions[0][0].position, 3);
    QCOMPARE(trace->transactions[1][0].position, 5);
    QCOMPARE(trace->transactions[1][1].position, 6);
    QCOMPARE(trace->transactions[1][1].deleted, 1);
    TextBuffer buffer(trace->startContent);
    for (const auto &txn : trace->transactions)
        for (const TracePatch &patch : txn)
            QVERIFY(buffer.apply(EditTrace::toOperation(patch, buffer.length())));
    QCOMPARE(buffer.toString(), trace->endContent);
}

QTEST_GUILESS_MAIN(TestEditTraces)
#include "tst_edittraces.moc"
