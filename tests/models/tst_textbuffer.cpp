// SPDX-License-Identifier: GPL-3.0-or-later
// TextBuffer, the hub-side chunked document: edits match a plain QString model, chunks
// split and merge as they grow and shrink, and a bad operation changes nothing.
#include "testseed.h"
#include "textbuffer.h"
#include "textoperation.h"

#include <QRandomGenerator>
#include <QTest>

class TestTextBuffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyBuffer();
    void constructsFromLongTextInChunks();
    void insertAndRemoveAcrossChunkBoundaries();
    void atReadsEveryUnit();
    void midClamps();
    void removingEverythingLeavesOneEmptyChunk();
    void applyMatchesQStringApply();
    void applyRejectsMismatchAndChangesNothing();
    void applyRejectsSplitPairAndChangesNothing();
    void randomEditsMatchQStringModel();
};

void TestTextBuffer::emptyBuffer()
{
    TextBuffer buffer;
    QCOMPARE(buffer.length(), 0);
    QVERIFY(buffer.isEmpty());
    QCOMPARE(buffer.toString(), QString());
    QCOMPARE(buffer.chunkCount(), 1);
    buffer.insert(0, u"hi");
    QCOMPARE(buffer.toString(), QStringLiteral("hi"));
}

void TestTextBuffer::constructsFromLongTextInChunks()
{
    const QString text(10 * TextBuffer::MaxChunk + 7, QLatin1Char('x'));
    TextBuffer buffer(text);
    QCOMPARE(buffer.length(), text.size());
    QVERIFY(buffer.chunkCount() > 10);
    QCOMPARE(buffer.toString(), text);
}

void TestTextBuffer::insertAndRemoveAcrossChunkBoundaries()
{
    QString model;
    for (int i = 0; i < 3 * TextBuffer::MaxChunk; ++i)
        model += QChar(u'a' + i % 26);
    TextBuffer buffer(model);
    const qsizetype boundary = TextBuffer::MaxChunk / 2; // where construction cut a chunk
    buffer.insert(boundary, u"<>");
    model.insert(boundary, u"<>");
    QCOMPARE(buffer.toString(), model);
    const qsizetype span = 2 * TextBuffer::MaxChunk; // spans several chunks
    buffer.remove(boundary - 10, span);
    model.remove(boundary - 10, span);
    QCOMPARE(buffer.toString(), model);
    QCOMPARE(buffer.length(), model.size());
    const QString big(3 * TextBuffer::MaxChunk, QLatin1Char('#'));
    buffer.insert(7, big); // forces a split into several chunks
    model.insert(7, big);
    QCOMPARE(buffer.toString(), model);
}

void TestTextBuffer::atReadsEveryUnit()
{
    QString model;
    for (int i = 0; i < 2 * TextBuffer::MaxChunk + 100; ++i)
        model += QChar(u'a' + i % 26);
    TextBuffer buffer(model);
    for (qsizetype i = 0; i < model.size(); ++i)
        QCOMPARE(buffer.at(i), model[i].unicode());
}

void TestTextBuffer::midClamps()
{
    TextBuffer buffer(u"hello world");
    QCOMPARE(buffer.mid(6, 5), QStringLiteral("world"));
    QCOMPARE(buffer.mid(6, 100), QStringLiteral("world"));
    QCOMPARE(buffer.mid(20, 1), QString());
}

void TestTextBuffer::removingEverythingLeavesOneEmptyChunk()
{
    TextBuffer buffer(QString(5 * TextBuffer::MaxChunk, QLatin1Char('z')));
    buffer.remove(0, buffer.length());
    QCOMPARE(buffer.length(), 0);
    QCOMPARE(buffer.chunkCount(), 1);
    buffer.insert(0, u"again");
    QCOMPARE(buffer.toString(), QStringLiteral("again"));
}

void TestTextBuffer::applyMatchesQStringApply()
{
    const QString doc = QStringLiteral("The quick brown fox");
    TextBuffer buffer(doc);
    const TextOperation op = TextOperation::fromJsonText(R"([4,-6,"slow ",9,"es jump"])").value();
    QVERIFY(buffer.apply(op));
    QCOMPARE(buffer.toString(), op.apply(doc).value());
    QCOMPARE(buffer.toString(), QStringLiteral("The slow brown foxes jump"));
}

void TestTextBuffer::applyRejectsMismatchAndChangesNothing()
{
    TextBuffer buffer(u"abc");
    const OtStatus status = buffer.apply(TextOperation().retain(4));
    QVERIFY(!status);
    QCOMPARE(status.error().code(), OtError::Code::BaseLengthMismatch);
    QCOMPARE(buffer.toString(), QStringLiteral("abc"));
}

void TestTextBuffer::applyRejectsSplitPairAndChangesNothing()
{
    const QString doc = QString::fromUtf8("x😀y");
    TextBuffer buffer(doc);
    // Deletes "x" (fine) and then inserts between the halves of the pair.
    const TextOperation op =
            TextOperation().remove(1).retain(1).insert(QStringLiteral("!")).retain(2);
    const OtStatus status = buffer.apply(op);
    QVERIFY(!status);
    QCOMPARE(status.error().code(), OtError::Code::SplitsSurrogatePair);
    QCOMPARE(buffer.toString(), doc);
}

void TestTextBuffer::randomEditsMatchQStringModel()
{
    const quint32 seed = testSeed();
    QRandomGenerator rng(seed);

    QString model;
    TextBuffer buffer;
    for (int i = 0; i < 20'000; ++i) {
        const qsizetype position = rng.bounded(int(model.size() + 1));
        const int r = int(rng.bounded(100));
        if (r < 55) {
            // Mostly typing, sometimes a paste large enough to split chunks.
            const qsizetype n =
                    r < 50 ? 1 + rng.bounded(3) : 1 + rng.bounded(3 * int(TextBuffer::MaxChunk));
            QString text(n, QChar(u'a' + int(rng.bounded(26))));
            buffer.insert(position, text);
            model.insert(position, text);
        } else {
            const qsizetype n = qMin<qsizetype>(
                    model.size() - position,
                    r < 95 ? 1 + rng.bounded(4) : rng.bounded(6 * int(TextBuffer::MaxChunk)));
            buffer.remove(position, n);
            model.remove(position, n);
        }
        QVERIFY2(buffer.length() == model.size(),
                 qPrintable(QStringLiteral("seed %1 step %2").arg(seed).arg(i)));
        if (i % 500 == 0) {
            QVERIFY2(buffer.toString() == model,
                     qPrintable(QStringLiteral("seed %1 step %2").arg(seed).arg(i)));
            if (!model.isEmpty()) {
                const qsizetype probe = rng.bounded(int(model.size()));
                QCOMPARE(buffer.at(probe), model[probe].unicode());
            }
        }
    }
    QCOMPARE(buffer.toString(), model);
}

QTEST_GUILESS_MAIN(TestTextBuffer)
#include "tst_textbuffer.moc"
