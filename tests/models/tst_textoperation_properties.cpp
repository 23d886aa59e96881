// SPDX-License-Identifier: GPL-3.0-or-later
// Randomised properties of TextOperation over 100,000 seeded (doc, a, b) triples:
// transform converges (TP1), compose equals sequential apply, invert round-trips, an op split
// for sending in parts composes back to itself, cursors move consistently, and the forms
// that work in place (applyInPlace, compose and splitInserts taking their op) agree with the
// copying ones, failures included. The seed is printed;
// rerun one with TANDEM_TEST_SEED=<seed>.
#include "testseed.h"
#include "textoperation.h"

#include <QRandomGenerator>
#include <QTest>

#include <vector>

namespace {

constexpr int Iterations = 100'000;

class Generator
{
public:
    explicit Generator(quint32 seed)
        : m_rng(seed)
    { }

    int below(int n) { return n <= 0 ? 0 : int(m_rng.bounded(n)); }
    double chance() { return m_rng.generateDouble(); }

    /** Text of about `chars` characters; some BMP non-ASCII, some astral (surrogate pairs). */
    QString text(int chars)
    {
        static const char16_t *const alphabet[] = {u"a", u"b", u"c", u" ", u"\n",
                                                   u"é", u"ß", u"😀", u"🎉", u"z"};
        QString s;
        for (int i = 0; i < chars; ++i)
            s += QStringView(alphabet[below(int(std::size(alphabet)))]);
        return s;
    }

    /** A random operation on doc that never splits a surrogate pair (like ot.js's randomOperation).
     */
    TextOperation operation(const QString &doc)
    {
        TextOperation op;
        while (op.baseLength() < doc.size()) {
            const qsizetype left = doc.size() - op.baseLength();
            qsizetype n = 1 + below(int(qMin<qsizetype>(left - 1, 10)));
            const qsizetype end = op.baseLength() + n;
            if (end < doc.size() && doc[end - 1].isHighSurrogate())
                ++n; // keep the pair whole
            const double r = chance();
            if (r < 0.2)
                op.insert(text(1 + below(4)));
            else if (r < 0.45)
                op.remove(n);
            else
                op.retain(n);
        }
        if (chance() < 0.3)
            op.insert(text(1 + below(5)));
        return op;
    }

    /**
     * One change at any position of doc, pair or not: with astral characters about, often a
     * cut through a surrogate pair, which must be refused.
     */
    TextOperation splice(const QString &doc)
    {
        const qsizetype at = below(int(doc.size() + 1));
        const qsizetype removed = below(int(qMin<qsizetype>(doc.size() - at, 3) + 1));
        return TextOperation()
                .retain(at)
                .insert(chance() < 0.7 ? text(1 + below(3)) : QString())
                .remove(removed)
                .retain(doc.size() - at - removed);
    }

    /** The same text in a string of its own (no sharing), as a QString built by typing is. */
    static QString unshared(const QString &s) { return QString(s.constData(), s.size()); }

    /** A cursor position that is not inside a surrogate pair. */
    qsizetype position(const QString &doc)
    {
        qsizetype p = below(int(doc.size() + 1));
        if (p > 0 && p < doc.size() && doc[p].isLowSurrogate())
            --p;
        return p;
    }

private:
    QRandomGenerator m_rng;
};

/** Applies op to a list of character identities (inserted characters get -1). */
std::vector<int> applyToIds(const TextOperation &op, const std::vector<int> &ids)
{
    std::vector<int> out;
    size_t i = 0;
    for (const TextOperation::Component &c : op.components()) {
        switch (c.kind) {
        case TextOperation::Kind::Retain:
            out.insert(out.end(), ids.begin() + qsizetype(i),
                       ids.begin() + qsizetype(i) + c.length);
            i += size_t(c.length);
            break;
        case TextOperation::Kind::Insert:
            out.insert(out.end(), size_t(c.length), -1);
            break;
        case TextOperation::Kind::Delete:
            i += size_t(c.length);
            break;
        }
    }
    return out;
}

} // namespace

class TestTextOperationProperties : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void transformConverges();
    void composeMatchesSequentialApply();
    void invertRoundTrips();
    void splitPartsComposeBackToTheOp();
    void cursorsStayBetweenTheirNeighbours();
    void cursorsConvergeAcrossTransform();
    void composedPendingOpsConverge();
    void jsonRoundTripsRandomOps();
    void applyInPlaceMatchesApply();
    void composeTakingTheFirstOpMatchesCompose();
    void splitInsertsTakingTheOpMatchesSplitInserts();

private:
    quint32 m_seed = 0;
};

#define SEEDED(message) \
    qPrintable(QStringLiteral("seed %1, iteration %2: %3").arg(m_seed).arg(i).arg(message))

void TestTextOperationProperties::initTestCase()
{
    m_seed = testSeed();
}

void TestTextOperationProperties::transformConverges()
{
    Generator gen(m_seed);
    for (int i = 0; i < Iterations; ++i) {
        const QString doc = gen.text(gen.below(20));
        const TextOperation a = gen.operation(doc);
        const TextOperation b = gen.operation(doc);
        const auto transformed = TextOperation::transform(a, b);
        QVERIFY2(transformed, SEEDED(transformed.errorMessage()));
        const auto &[aPrime, bPrime] = transformed.value();
        QCOMPARE(aPrime.baseLength(), b.targetLength());
        QCOMPARE(bPrime.baseLength(), a.targetLength());
        const OtResult<QString> viaA = bPrime.apply(a.apply(doc).value());
        const OtResult<QString> viaB = aPrime.apply(b.apply(doc).value());
        QVERIFY2(viaA && viaB, SEEDED(QStringLiteral("transformed op does not apply")));
        QVERIFY2(viaA.value() == viaB.value(),
                 SEEDED(QStringLiteral("doc %1 a %2 b %3: %4 != %5")
                                .arg(doc, QString::fromUtf8(a.toJsonText()),
                                     QString::fromUtf8(b.toJsonText()), viaA.value(),
                                     viaB.value())));
        // The composed paths are the same operation in effect.
        const auto left = TextOperation::compose(a, bPrime);
        const auto right = TextOperation::compose(b, aPrime);
        QVERIFY2(left && right, SEEDED(QStringLiteral("compose of a transformed pair failed")));
        QVERIFY2(left.value() == right.value(), SEEDED(QStringLiteral("a∘b' != b∘a'")));
    }
}

void TestTextOperationProperties::composeMatchesSequentialApply()
{
    Generator gen(m_seed ^ 0x1111);
    for (int i = 0; i < Iterations; ++i) {
        const QString doc = gen.text(gen.below(20));
        const TextOperation a = gen.operation(doc);
        const QString afterA = a.apply(doc).value();
        const TextOperation b = gen.operation(afterA);
        const OtResult<TextOperation> ab = TextOperation::compose(a, b);
        QVERIFY2(ab, SEEDED(ab.errorMessage()));
        QCOMPARE(ab->baseLength(), a.baseLength());
        QCOMPARE(ab->targetLength(), b.targetLength());
        QVERIFY2(ab->apply(doc).value() == b.apply(afterA).value(),
                 SEEDED(QStringLiteral("compose(a, b) differs from a then b")));
    }
}

void TestTextOperationProperties::splitPartsComposeBackToTheOp()
{
    Generator gen(m_seed ^ 0x5555);
    for (int i = 0; i < Iterations; ++i) {
        const QString doc = gen.text(gen.below(20));
        const TextOperation op = gen.operation(doc);
        const qsizetype max = gen.below(6);
        // Split again and again, as a client sends a large edit part after part.
        QString text = doc;
        std::optional<TextOperation> rest = op;
        for (int parts = 0; rest; ++parts) {
            QVERIFY2(parts <= op.insertedLength(), SEEDED(QStringLiteral("no progress")));
            auto [part, next] = rest->splitInserts(max);
            QVERIFY2(part.insertedLength() <= qMax<qsizetype>(max, 2),
                     SEEDED(QStringLiteral("a part inserts too much")));
            if (next) {
                const OtResult<TextOperation> both = TextOperation::compose(part, *next);
                QVERIFY2(both && *both == *rest, SEEDED(QStringLiteral("the parts differ")));
            }
            const OtResult<QString> applied = part.apply(text); // fails on half a pair
            QVERIFY2(applied, SEEDED(applied.errorMessage()));
            text = applied.value();
            rest = std::move(next);
        }
        QVERIFY2(text == op.apply(doc).value(), SEEDED(QStringLiteral("parts differ from op")));
    }
}

void TestTextOperationProperties::invertRoundTrips()
{
    Generator gen(m_seed ^ 0x2222);
    for (int i = 0; i < Iterations; ++i) {
        const QString doc = gen.text(gen.below(20));
        const TextOperation a = gen.operation(doc);
        const OtResult<TextOperation> inverse = a.invert(doc);
        QVERIFY2(inverse, SEEDED(inverse.errorMessage()));
        QCOMPARE(inverse->baseLength(), a.targetLength());
        QCOMPARE(inverse->targetLength(), a.baseLength());
        QVERIFY2(inverse->apply(a.apply(doc).value()).value() == doc,
                 SEEDED(QStringLiteral("invert does not restore the document")));
        // Not necessarily isNoop(): ["x",-1] then its inverse composes to ["y",-1] on "y".
        QVERIFY2(TextOperation::compose(a, inverse.value())->apply(doc).value() == doc,
                 SEEDED(QStringLiteral("a composed with its inverse changes the document")));
    }
}

void TestTextOperationProperties::cursorsStayBetweenTheirNeighbours()
{
    Generator gen(m_seed ^ 0x3333);
    for (int i = 0; i < Iterations; ++i) {
        const QString doc = gen.text(gen.below(20));
        const TextOperation a = gen.operation(doc);
        const qsizetype p = gen.position(doc);
        const qsizetype q = a.transformPosition(p);
        QVERIFY2(q >= 0 && q <= a.targetLength(), SEEDED(QStringLiteral("cursor out of range")));
        // Every surviving character left of the cursor stays left of it, and right stays right.
        std::vector<int> ids(size_t(doc.size()));
        for (size_t k = 0; k < ids.size(); ++k)
            ids[k] = int(k);
        const std::vector<int> after = applyToIds(a, ids);
        for (size_t k = 0; k < after.size(); ++k) {
            if (after[k] < 0)
                continue;
            const bool wasLeft = after[k] < p;
            const bool isLeft = qsizetype(k) < q;
            QVERIFY2(wasLeft == isLeft,
                     SEEDED(QStringLiteral("character %1 crossed the cursor (%2 -> %3) under %4")
                                    .arg(after[k])
                                    .arg(p)
                                    .arg(q)
                                    .arg(QString::fromUtf8(a.toJsonText()))));
        }
    }
}

namespace {
/** True when some delete of op removes text right before, right after or around position. */
bool deletesAt(const TextOperation &op, qsizetype position)
{
    qsizetype at = 0;
    for (const TextOperation::Component &c : op.components()) {
        if (c.kind == TextOperation::Kind::Delete && at <= position && position <= at + c.length)
            return true;
        if (c.kind != TextOperation::Kind::Insert)
            at += c.length;
    }
    return false;
}
} // namespace

void TestTextOperationProperties::cursorsConvergeAcrossTransform()
{
    // Two sites that apply a then b' and b then a' put a collaborator's cursor at the same
    // place. ot.js promises this only where no concurrent delete touches the cursor: inside
    // a deleted region the positions may differ by a concurrent insert's length (the
    // client sends fresh cursors after each edit, which settles it).
    Generator gen(m_seed ^ 0x4444);
    int checked = 0;
    for (int i = 0; i < Iterations; ++i) {
        const QString doc = gen.text(gen.below(20));
        const TextOperation a = gen.operation(doc);
        const TextOperation b = gen.operation(doc);
        const auto [aPrime, bPrime] = TextOperation::transform(a, b).value();
        const TextRange range{gen.position(doc), gen.position(doc)};
        if (deletesAt(a, range.anchor) || deletesAt(b, range.anchor) || deletesAt(a, range.head) ||
            deletesAt(b, range.head))
            continue;
        ++checked;
        const TextRange viaA = bPrime.transformRange(a.transformRange(range));
        const TextRange viaB = aPrime.transformRange(b.transformRange(range));
        QVERIFY2(viaA == viaB,
                 SEEDED(QStringLiteral("range (%1,%2) diverges: (%3,%4) vs (%5,%6)")
                                .arg(range.anchor)
                                .arg(range.head)
                                .arg(viaA.anchor)
                                .arg(viaA.head)
                                .arg(viaB.anchor)
                                .arg(viaB.head)));
    }
    QVERIFY2(checked > Iterations / 10, "too few cursors away from deletions were generated");
}

void TestTextOperationProperties::composedPendingOpsConverge()
{
    // The client composes edits typed while waiting for an ack into one buffered op and
    // transforms that against remote ops; the hub later transforms the same composed op.
    // Both sides must converge. (transform(a1∘a2, b) need not equal transforming a1 and a2
    // one by one when inserts tie: ot.js never mixes the two, and neither do we.)
    Generator gen(m_seed ^ 0x5555);
    for (int i = 0; i < Iterations / 4; ++i) {
        const QString doc = gen.text(gen.below(20));
        const TextOperation a1 = gen.operation(doc);
        const TextOperation a2 = gen.operation(a1.apply(doc).value());
        const TextOperation b = gen.operation(doc);
        const TextOperation a12 = TextOperation::compose(a1, a2).value();
        const auto [a12Prime, bPrime] = TextOperation::transform(a12, b).value();
        const QString local = bPrime.apply(a2.apply(a1.apply(doc).value()).value()).value();
        const QString hub = a12Prime.apply(b.apply(doc).value()).value();
        QVERIFY2(local == hub, SEEDED(QStringLiteral("composed buffer does not converge")));
    }
}

void TestTextOperationProperties::jsonRoundTripsRandomOps()
{
    Generator gen(m_seed ^ 0x6666);
    for (int i = 0; i < Iterations / 10; ++i) {
        const TextOperation a = gen.operation(gen.text(gen.below(30)));
        const OtResult<TextOperation> back = TextOperation::fromJsonText(a.toJsonText());
        QVERIFY2(back && back.value() == a,
                 SEEDED(QStringLiteral("JSON round trip changed the op")));
    }
}

void TestTextOperationProperties::applyInPlaceMatchesApply()
{
    Generator gen(m_seed ^ 0x7777);
    for (int i = 0; i < Iterations / 2; ++i) {
        const QString doc = gen.text(gen.below(20));
        const double kind = gen.chance();
        const TextOperation op = kind < 0.4 ? gen.operation(doc)
                : kind < 0.9                ? gen.splice(doc)
                             : gen.operation(gen.text(gen.below(20))); // wrong length
        const OtResult<QString> expected = op.apply(doc);
        QString inPlace = Generator::unshared(doc);
        const QString sharer = gen.chance() < 0.3 ? inPlace : QString(); // sometimes shared
        const OtStatus status = op.applyInPlace(inPlace);
        QVERIFY2(bool(status) == bool(expected),
                 SEEDED(QStringLiteral("applyInPlace and apply disagree on %1 over %2")
                                .arg(QString::fromUtf8(op.toJsonText()), doc)));
        QVERIFY2(inPlace == (expected ? expected.value() : doc),
                 SEEDED(QStringLiteral("applyInPlace made %1").arg(inPlace)));
        QVERIFY2(sharer.isNull() || sharer == doc, SEEDED(QStringLiteral("a sharer changed")));
    }
}

void TestTextOperationProperties::composeTakingTheFirstOpMatchesCompose()
{
    Generator gen(m_seed ^ 0x8888);
    for (int i = 0; i < Iterations / 2; ++i) {
        const QString doc = gen.text(gen.below(20));
        const TextOperation a = gen.operation(doc);
        const QString afterA = a.apply(doc).value();
        // Sometimes b cuts through a pair (which a may have inserted): both forms must refuse.
        const TextOperation b = gen.chance() < 0.5 ? gen.operation(afterA) : gen.splice(afterA);
        const OtResult<TextOperation> expected = TextOperation::compose(a, b);
        // Parsed back, a's inserts are strings of its own, which the taking form may grow.
        TextOperation taken = TextOperation::fromJsonText(a.toJsonText()).value();
        const OtResult<TextOperation> composed = TextOperation::compose(std::move(taken), b);
        QVERIFY2(bool(composed) == bool(expected),
                 SEEDED(QStringLiteral("the two composes disagree on a %1, b %2")
                                .arg(QString::fromUtf8(a.toJsonText()),
                                     QString::fromUtf8(b.toJsonText()))));
        if (expected)
            QVERIFY2(composed.value() == expected.value(),
                     SEEDED(QStringLiteral("the taking compose made %1")
                                    .arg(QString::fromUtf8(composed->toJsonText()))));
        else
            QVERIFY2(taken == a, SEEDED(QStringLiteral("a failed compose changed its op")));
    }
}

void TestTextOperationProperties::splitInsertsTakingTheOpMatchesSplitInserts()
{
    Generator gen(m_seed ^ 0x9999);
    for (int i = 0; i < Iterations / 2; ++i) {
        const TextOperation op = gen.operation(gen.text(gen.below(20)));
        const qsizetype max = gen.below(6);
        const auto [part, rest] = op.splitInserts(max);
        auto [takenPart, takenRest] =
                TextOperation::fromJsonText(op.toJsonText()).value().splitInserts(max);
        QVERIFY2(takenPart == part && takenRest == rest,
                 SEEDED(QStringLiteral("the two splits of %1 differ")
                                .arg(QString::fromUtf8(op.toJsonText()))));
    }
}

QTEST_GUILESS_MAIN(TestTextOperationProperties)
#include "tst_textoperation_properties.moc"
