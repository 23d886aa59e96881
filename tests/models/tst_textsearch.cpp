// SPDX-License-Identifier: GPL-3.0-or-later
// TextSearch, the notes search: words fold case and accents, and find() gives the matches'
// places in the original text (not in its folded form), across accents written as one
// character or as a letter and a combining mark, emoji (two UTF-16 units) and Hangul
// syllables (several letters once folded) before a match,
// several words, and a seeded random comparison with a plain scan of the folded text.
#include "testseed.h"
#include "textsearch.h"

#include <QRandomGenerator>
#include <QTest>

class TestTextSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void foldsCaseAndAccents();
    void everyCodePointFoldsAsItsDecompositionWithoutMarks();
    void koreanIsSearchedBySyllablesInEitherForm();
    void anEmptySearchMatchesEverythingAndFindsNothing();
    void matchesAllNeedsEveryWord();
    void findGivesPlacesInTheOriginalText();
    void anAccentAfterAMatchBelongsToIt();
    void emojiBeforeAMatchDoNotShiftIt();
    void lettersThatFoldIntoSeveralUnitsDoNotShiftMatches();
    void severalWordsAreFoundInOrderWithoutOverlap();
    void findStopsAtItsLimit();
    void randomTextsAgreeWithAPlainScan();
    void longTextsAreSearchedAcrossTheirPieces();

private:
    /** The places of the matches, as "anchor-head" strings (readable in a failure). */
    static QStringList places(const QList<TextRange> &ranges);
    /** The reference for find(): walk the folded text, taking the longest word that starts at
     *  each place and jumping past it; how many were taken. */
    static qsizetype plainScanCount(const TextSearch &search, const QString &text);
};

qsizetype TestTextSearch::plainScanCount(const TextSearch &search, const QString &text)
{
    const QString folded = TextSearch::fold(text);
    qsizetype count = 0;
    for (qsizetype at = 0; at < folded.size();) {
        qsizetype longest = 0;
        for (const QString &word : search.words())
            if (QStringView(folded).mid(at).startsWith(word))
                longest = qMax(longest, word.size());
        at += longest > 0 ? longest : 1;
        count += longest > 0 ? 1 : 0;
    }
    return count;
}

QStringList TestTextSearch::places(const QList<TextRange> &ranges)
{
    QStringList out;
    for (const TextRange &r : ranges)
        out << QStringLiteral("%1-%2").arg(r.anchor).arg(r.head);
    return out;
}

void TestTextSearch::foldsCaseAndAccents()
{
    QCOMPARE(TextSearch::fold(QStringLiteral("Crème BRÛLÉE")), QStringLiteral("creme brulee"));
    QCOMPARE(TextSearch::fold(QStringLiteral("Stra\u00dfe")), QStringLiteral("stra\u00dfe"));
    QCOMPARE(TextSearch::fold(QStringLiteral("\U00010400 \u1E9E")), // Deseret, capital sharp s
             QStringLiteral("\U00010428 \u00df"));
    QCOMPARE(TextSearch(QStringLiteral("  Café   au LAIT ")).words(),
             (QStringList{QStringLiteral("cafe"), QStringLiteral("au"), QStringLiteral("lait")}));
}

void TestTextSearch::everyCodePointFoldsAsItsDecompositionWithoutMarks()
{
    // fold() learns what each unit of the Basic Multilingual Plane folds to on first sight;
    // the first and the second sight must both give what Qt makes of the code point: its
    // canonical decomposition without non-spacing marks, case folded (a Korean syllable stays
    // whole). Planes 0 and 1 (letters with a case, marks, Hangul, emoji) and the start of
    // plane 2 (CJK).
    for (char32_t code = 0; code < 0x21000; ++code) {
        if (QChar::isSurrogate(code))
            continue;
        const QString text = QString::fromUcs4(&code, 1);
        const bool syllable = code >= 0xac00 && code <= 0xd7a3;
        QString expected;
        for (const char32_t c :
             syllable ? text.toUcs4() : text.normalized(QString::NormalizationForm_D).toUcs4())
            if (QChar::category(c) != QChar::Mark_NonSpacing)
                expected += QString::fromUcs4(&c, 1);
        expected = expected.toCaseFolded();
        // Between two letters, so a run is cut before and after it.
        const QString folded = TextSearch::fold(text);
        if (folded != expected || TextSearch::fold(text) != expected ||
            TextSearch::fold(u'A' + text + u'B') != u'a' + expected + u'b')
            QFAIL(qPrintable(QStringLiteral("U+%1 folds to \"%2\", expected \"%3\"")
                                     .arg(quint32(code), 4, 16, QLatin1Char('0'))
                                     .arg(folded, expected)));
    }
}

void TestTextSearch::anEmptySearchMatchesEverythingAndFindsNothing()
{
    const TextSearch none(QStringLiteral("   "));
    QVERIFY(none.isEmpty());
    QVERIFY(none.matchesAll(QStringLiteral("anything")));
    QVERIFY(none.find(QStringLiteral("anything")).isEmpty());
}

void TestTextSearch::matchesAllNeedsEveryWord()
{
    const TextSearch search(QStringLiteral("eggs MILK"));
    QVERIFY(search.matchesAll(QStringLiteral("Milk, eggs and bread")));
    QVERIFY(!search.matchesAll(QStringLiteral("Milk and bread")));
}

void TestTextSearch::findGivesPlacesInTheOriginalText()
{
    // "crème" is 5 units; the match of "creme" must cover exactly it, and "brulee" the next.
    const QString text = QStringLiteral("Une crème brûlée, deux CRÈMES");
    const QList<TextRange> found = TextSearch(QStringLiteral("creme")).find(text);
    QCOMPARE(places(found), (QStringList{QStringLiteral("4-9"), QStringLiteral("23-28")}));
    QCOMPARE(text.mid(found[1].anchor, found[1].head - found[1].anchor), QStringLiteral("CRÈME"));
    // The search's own accents are folded too.
    QCOMPARE(places(TextSearch(QStringLiteral("BRÛLÉE")).find(text)),
             QStringList{QStringLiteral("10-16")});
}

void TestTextSearch::anAccentAfterAMatchBelongsToIt()
{
    // "cafe" + U+0301 (the accent as its own character): the match ends after the accent,
    // so a highlight never splits a letter from its mark.
    const QString text = QStringLiteral("un cafe\u0301 noir");
    const QList<TextRange> found = TextSearch(QStringLiteral("café")).find(text);
    QCOMPARE(places(found), QStringList{QStringLiteral("3-8")});
    // A search for "caf" ends before the "e", and the accent stays with the "e".
    QCOMPARE(places(TextSearch(QStringLiteral("caf")).find(text)),
             QStringList{QStringLiteral("3-6")});
}

void TestTextSearch::emojiBeforeAMatchDoNotShiftIt()
{
    const QString text = QStringLiteral("\U0001F600\U0001F389 party at \U0001F3E0 HOME");
    const QList<TextRange> found = TextSearch(QStringLiteral("home party")).find(text);
    QCOMPARE(found.size(), 2);
    QCOMPARE(text.mid(found[0].anchor, found[0].head - found[0].anchor), QStringLiteral("party"));
    QCOMPARE(text.mid(found[1].anchor, found[1].head - found[1].anchor), QStringLiteral("HOME"));
}

void TestTextSearch::lettersThatFoldIntoSeveralUnitsDoNotShiftMatches()
{
    // The Bengali vowel sign "ো" decomposes into two signs, neither of them dropped: after it,
    // folded places and the text's places differ, before it they are the same.
    const QString text = QStringLiteral("abc \u09CB\u09CB abc \u09CB");
    QCOMPARE(TextSearch::fold(text).size(), text.size() + 3);
    QCOMPARE(places(TextSearch(QStringLiteral("abc")).find(text)),
             (QStringList{QStringLiteral("0-3"), QStringLiteral("7-10")}));
    // And the sign itself is found as a whole, the last one too.
    QCOMPARE(places(TextSearch(QStringLiteral("\u09CB")).find(text)),
             (QStringList{QStringLiteral("4-5"), QStringLiteral("5-6"), QStringLiteral("11-12")}));
}

void TestTextSearch::koreanIsSearchedBySyllablesInEitherForm()
{
    // "한국 메모" as syllables (NFC, as typed) and as letters (NFD, as macOS names files):
    // each form finds the other, at the places of the text searched.
    const QString syllables = QStringLiteral("\uD55C\uAD6D \uBA54\uBAA8");
    const QString letters = syllables.normalized(QString::NormalizationForm_D);
    QCOMPARE(letters.size(), 11); // 한 and 국 are three letters each, 메 and 모 two
    QCOMPARE(TextSearch::fold(letters), syllables);
    QCOMPARE(places(TextSearch(QStringLiteral("\uAD6D \uBAA8")).find(letters)),
             (QStringList{QStringLiteral("3-6"), QStringLiteral("9-11")}));
    QCOMPARE(places(TextSearch(letters.mid(3, 3)).find(syllables)),
             QStringList{QStringLiteral("1-2")});
    // A syllable is not found inside a longer one: "하" is not in "한".
    QVERIFY(!TextSearch(QStringLiteral("\uD558")).matchesAll(syllables));
    QVERIFY(!TextSearch(QStringLiteral("\uD558")).matchesAll(letters));
    // Letters that make no syllable stay as they are: a lead alone, a vowel alone.
    const QString loose = QStringLiteral("\u1112 \u1161");
    QCOMPARE(TextSearch::fold(loose), loose);
}

void TestTextSearch::severalWordsAreFoundInOrderWithoutOverlap()
{
    // At one place the longer word wins; a word inside a match is not found again there.
    const QString text = QStringLiteral("note notebook book");
    QCOMPARE(places(TextSearch(QStringLiteral("book note notebook")).find(text)),
             (QStringList{QStringLiteral("0-4"), QStringLiteral("5-13"), QStringLiteral("14-18")}));
}

void TestTextSearch::findStopsAtItsLimit()
{
    const QString text = QStringLiteral("ab").repeated(100);
    QCOMPARE(TextSearch(QStringLiteral("a")).find(text).size(), 100);
    QCOMPARE(TextSearch(QStringLiteral("a")).find(text, 7).size(), 7);
}

void TestTextSearch::randomTextsAgreeWithAPlainScan()
{
    QRandomGenerator random(testSeed());
    // Letters that fold onto each other, a combining accent, and an emoji.
    const QStringList alphabet{QStringLiteral("a"), QStringLiteral("A"),
                               QStringLiteral("à"), QStringLiteral("b"),
                               QStringLiteral("B"), QStringLiteral("e"),
                               QStringLiteral("É"), QStringLiteral("\u0301"),
                               QStringLiteral(" "), QStringLiteral("\U0001F600")};
    const QStringList wordLetters{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("e")};
    for (int round = 0; round < 2000; ++round) {
        QString text;
        for (int i = int(random.bounded(60)); i > 0; --i)
            text += alphabet.at(random.bounded(alphabet.size()));
        QString searchText;
        for (int w = 1 + int(random.bounded(3)); w > 0; --w) {
            for (int i = 1 + int(random.bounded(3)); i > 0; --i)
                searchText += wordLetters.at(random.bounded(wordLetters.size()));
            searchText += QLatin1Char(' ');
        }
        const TextSearch search(searchText);
        const QList<TextRange> found = search.find(text);

        const qsizetype expected = plainScanCount(search, text);
        const QString context =
                QStringLiteral("round %1: \"%2\" in \"%3\"").arg(round).arg(searchText, text);
        QVERIFY2(found.size() == expected, qPrintable(context));
        qsizetype previousEnd = 0;
        for (const TextRange &range : found) {
            QVERIFY2(range.anchor >= previousEnd && range.head > range.anchor, qPrintable(context));
            // Each place, folded, is one of the words.
            const QString match =
                    TextSearch::fold(text.mid(range.anchor, range.head - range.anchor));
            QVERIFY2(search.words().contains(match),
                     qPrintable(context + QStringLiteral(": ") + match));
            previousEnd = range.head;
        }
    }
}

void TestTextSearch::longTextsAreSearchedAcrossTheirPieces()
{
    // matchesAll folds a long text 64 Ki units at a time, find 256 Ki: a word cut by a piece's
    // end, an accent or an emoji at the cut, and words far apart are all found; a missing one
    // is not; find takes the longer of two words starting at one place even when the cut
    // falls inside it.
    constexpr qsizetype Piece = 64 * 1024;
    constexpr qsizetype FindPiece = 256 * 1024;
    for (qsizetype before = FindPiece - 5; before <= FindPiece + 1; ++before) {
        const QString text = QString(before, QLatin1Char('x')) + QStringLiteral("Zébra🦓 end");
        const QString context = QStringLiteral("the word at %1").arg(before);
        const QList<TextRange> found = TextSearch(QStringLiteral("zeb zebra🦓")).find(text);
        QVERIFY2(places(found) == QStringList{QStringLiteral("%1-%2").arg(before).arg(before + 7)},
                 qPrintable(context + QStringLiteral(": ") + places(found).join(u' ')));
    }
    for (qsizetype before = Piece - 6; before <= Piece + 1; ++before) {
        const QString text = QString(before, QLatin1Char('x')) + QStringLiteral("Zébra🦓 end");
        const QString context = QStringLiteral("the word at %1").arg(before);
        QVERIFY2(TextSearch(QStringLiteral("zebra")).matchesAll(text), qPrintable(context));
        QVERIFY2(TextSearch(QStringLiteral("xzebra🦓")).matchesAll(text), qPrintable(context));
        QVERIFY2(!TextSearch(QStringLiteral("zebras")).matchesAll(text), qPrintable(context));
    }
    // Korean letters (NFD) cut by a piece's end still make their syllables: "한국" is six.
    const QString hanguk = QStringLiteral("\uD55C\uAD6D");
    for (qsizetype before = FindPiece - 6; before <= FindPiece; ++before) {
        const QString text =
                QString(before, QLatin1Char('x')) + hanguk.normalized(QString::NormalizationForm_D);
        const QString context = QStringLiteral("the letters at %1").arg(before);
        QVERIFY2(TextSearch(hanguk).matchesAll(text), qPrintable(context));
        QVERIFY2(places(TextSearch(hanguk).find(text)) ==
                         QStringList{QStringLiteral("%1-%2").arg(before).arg(before + 6)},
                 qPrintable(context));
    }
    QString far = QStringLiteral("alpha ") + QString(5 * Piece, QLatin1Char('-')) +
            QStringLiteral(" OMEGA");
    QVERIFY(TextSearch(QStringLiteral("omega alpha")).matchesAll(far));
    QVERIFY(!TextSearch(QStringLiteral("omega beta")).matchesAll(far));

    // Against the whole text folded at once, with texts of one to three pieces.
    QRandomGenerator random(testSeed());
    const QStringList alphabet{QStringLiteral("a"), QStringLiteral("É"), QStringLiteral("b"),
                               QStringLiteral("\u0301"), QStringLiteral("\U0001F600")};
    for (int round = 0; round < 30; ++round) {
        QString text;
        for (qsizetype n = random.bounded(3 * FindPiece); text.size() < n;)
            text += alphabet.at(random.bounded(alphabet.size()));
        QString word;
        for (int i = 1 + int(random.bounded(4)); i > 0; --i)
            word += alphabet.at(random.bounded(alphabet.size()));
        const TextSearch search(word);
        const bool expected =
                std::all_of(search.words().cbegin(), search.words().cend(),
                            [&](const QString &w) { return TextSearch::fold(text).contains(w); });
        const QString context = QStringLiteral("round %1: \"%2\" in %3 units")
                                        .arg(round)
                                        .arg(word)
                                        .arg(text.size());
        QVERIFY2(search.matchesAll(text) == expected, qPrintable(context));
        QVERIFY2(search.find(text, text.size()).size() == plainScanCount(search, text),
                 qPrintable(context));
    }
}

QTEST_GUILESS_MAIN(TestTextSearch)
#include "tst_textsearch.moc"
