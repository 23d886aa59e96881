// SPDX-License-Identifier: GPL-3.0-or-later
// WebSocket framing conformance of a running tandem-hub, frame by frame over a raw TCP
// socket, in the spirit of the Autobahn test suite's sections 1-7, 9 and 10: framing,
// ping/pong, reserved bits, opcodes, fragmentation, UTF-8, close handling and limits. Each
// case expects either an answer on a connection that stays usable or a given close code,
// and the hub's memory must stay within 50 MB of what it used before the first case.
#include "hubprocess.h"
#include "processmemory.h"
#include "rawwebsocket.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QTemporaryDir>

using Frames = QList<QByteArray>;
using Codes = QList<int>;

namespace {

using Options = RawWebSocket::FrameOptions;

QByteArray text(QByteArrayView payload, Options options = {})
{
    return RawWebSocket::frame(RawWebSocket::Text, payload, options);
}
QByteArray binary(QByteArrayView payload, Options options = {})
{
    return RawWebSocket::frame(RawWebSocket::Binary, payload, options);
}
QByteArray continuation(QByteArrayView payload, bool fin, Options options = {})
{
    options.fin = fin;
    return RawWebSocket::frame(RawWebSocket::Continuation, payload, options);
}
QByteArray ping(QByteArrayView payload = {}, Options options = {})
{
    return RawWebSocket::frame(RawWebSocket::Ping, payload, options);
}
QByteArray pong(QByteArrayView payload = {}, Options options = {})
{
    return RawWebSocket::frame(RawWebSocket::Pong, payload, options);
}
QByteArray closeWith(int code, QByteArrayView reason = {})
{
    return RawWebSocket::closeFrame(code, reason);
}
Options notFinal()
{
    Options o;
    o.fin = false;
    return o;
}
Options reserved(quint8 bits)
{
    Options o;
    o.rsv = bits;
    return o;
}

/** A protocol ping message of exactly length bytes (at least 26), padded with 'a'. */
QByteArray jsonPing(qsizetype length)
{
    const QByteArray head = R"({"type":"ping","pad":")";
    const QByteArray tail = R"("})";
    return head + QByteArray(qMax<qsizetype>(0, length - head.size() - tail.size()), 'a') + tail;
}
/** A protocol ping carrying the given (UTF-8) bytes in a string field. */
QByteArray jsonPingWith(QByteArrayView bytes)
{
    return R"({"type":"ping","pad":")" + bytes.toByteArray() + R"("})";
}
/** The bytes of message cut into frames of pieceSize bytes (text first, continuations after). */
Frames fragmented(const QByteArray &message, qsizetype pieceSize)
{
    Frames frames;
    for (qsizetype at = 0; at < message.size(); at += pieceSize) {
        const bool last = at + pieceSize >= message.size();
        const QByteArray piece = message.mid(at, pieceSize);
        frames << (at == 0 ? text(piece, last ? Options{} : notFinal())
                           : continuation(piece, last));
    }
    return frames;
}
QByteArray joined(const Frames &frames)
{
    QByteArray all;
    for (const QByteArray &f : frames)
        all += f;
    return all;
}

const QByteArray Pong = "pong";
const QByteArray Error = "error";
const QByteArray Kosme = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"; // "κόσμε"

} // namespace

class TestWireFrames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void frames_data();
    void frames();
    void largeMessagesFromTheHubComeInFragmentsOfWholeCharacters();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    HubProcess m_hub;
    MemoryWatch m_memory;
};

void TestWireFrames::initTestCase()
{
    QVERIFY(m_hub.start(m_dir.path(), {QStringLiteral("--auth"), QStringLiteral("none")}));
    // The baseline is taken with one connection made and served.
    RawWebSocket warmUp;
    QVERIFY(warmUp.handshake(quint16(m_hub.url.port())));
    QVERIFY(warmUp.nextFrame().has_value());
    QVERIFY(m_memory.start(m_hub.process.processId()));
    qInfo("hub RSS before the cases: %lld KiB", m_memory.baselineKiB);
}

void TestWireFrames::cleanupTestCase()
{
    qInfo("hub RSS peak over the cases: %lld KiB (baseline %lld KiB)", m_memory.peakKiB,
          m_memory.baselineKiB);
}

void TestWireFrames::frames_data()
{
    // What the client sends, piece by piece; chunk > 0 writes each piece in segments of that
    // many bytes (1: byte by byte); pauseMs waits between pieces. Then either the connection
    // stays usable (codes empty: a probe ping is answered after the expected replies) or the
    // hub closes with one of codes. pongs: the payloads of the control pongs expected;
    // replies: the protocol replies expected, in order.
    QTest::addColumn<Frames>("pieces");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("pauseMs");
    QTest::addColumn<bool>("authenticated");
    QTest::addColumn<Codes>("codes");
    QTest::addColumn<Frames>("pongs");
    QTest::addColumn<Frames>("replies");

    const Codes open;
    const Codes protocolError{1002};
    const Codes badData{1007};
    const Codes tooBig{1009};
    auto add = [](const char *name, Frames pieces, Codes codes, Frames replies = {},
                  Frames pongs = {}, int chunk = 0, int pauseMs = 0, bool authenticated = true) {
        QTest::newRow(name) << pieces << chunk << pauseMs << authenticated << codes << pongs
                            << replies;
    };

    // 1. Framing: text and binary messages at every length-encoding boundary.
    for (const qsizetype length : {26, 125, 126, 127, 128, 65535, 65536})
        add(qPrintable(QStringLiteral("1.1 text of %1 bytes").arg(length)),
            {text(jsonPing(length))}, open, {Pong});
    add("1.1 text of 65536 bytes in 997-byte writes", {text(jsonPing(65536))}, open, {Pong}, {},
        997);
    add("1.1 empty text message", {text("")}, open, {Error});
    for (const qsizetype length : {0, 125, 126, 127, 128, 65535, 65536})
        add(qPrintable(QStringLiteral("1.2 binary of %1 bytes").arg(length)),
            {binary(QByteArray(length, '\xfe'))}, open, {Error});
    add("1.2 binary of 65536 bytes in 997-byte writes", {binary(QByteArray(65536, '\xfe'))}, open,
        {Error}, {}, 997);

    // 2. Pings and pongs.
    add("2.1 ping without payload", {ping()}, open, {}, {""});
    add("2.2 ping with text payload", {ping("Hello, world!")}, open, {}, {"Hello, world!"});
    add("2.3 ping with binary payload", {ping(QByteArray("\x00\xff\xfe\xfd\xfc\xfb\x00\xff", 8))},
        open, {}, {QByteArray("\x00\xff\xfe\xfd\xfc\xfb\x00\xff", 8)});
    add("2.4 ping with 125-byte payload", {ping(QByteArray(125, '\xfe'))}, open, {},
        {QByteArray(125, '\xfe')});
    add("2.5 ping with 126-byte payload", {ping(QByteArray(126, '\xfe'))}, protocolError);
    add("2.6 ping with 125-byte payload byte by byte", {ping(QByteArray(125, '\xfe'))}, open, {},
        {QByteArray(125, '\xfe')}, 1);
    add("2.7 unsolicited pong without payload", {pong()}, open);
    add("2.8 unsolicited pong with payload", {pong("unsolicited")}, open);
    add("2.9 unsolicited pong then ping", {pong("unsolicited"), ping("solicited")}, open, {},
        {"solicited"});
    Frames tenPings;
    Frames tenPongs;
    for (int i = 0; i < 10; ++i) {
        tenPings << ping(QByteArray("payload-" + QByteArray::number(i)));
        tenPongs << "payload-" + QByteArray::number(i);
    }
    add("2.10 ten pings", tenPings, open, {}, tenPongs);
    add("2.11 ten pings byte by byte", {joined(tenPings)}, open, {}, tenPongs, 1);
    Options unmasked;
    unmasked.masked = false;
    add("2.12 ping with empty payload after a text", {text(jsonPing(30)), ping()}, open, {Pong},
        {""});

    // 3. Reserved bits: none is negotiated, so any set bit fails the connection.
    add("3.1 text with RSV1", {text(jsonPing(30), reserved(4))}, protocolError);
    add("3.2 text with RSV2 after a valid text",
        {text(jsonPing(30)), text(jsonPing(30), reserved(2))}, protocolError, {Pong});
    add("3.3 text with RSV3 byte by byte after a valid text",
        {text(jsonPing(30)) + text(jsonPing(30), reserved(1))}, protocolError, {Pong}, {}, 1);
    add("3.4 text with RSV1 and RSV2 between valid texts and a ping",
        {text(jsonPing(30)), text(jsonPing(30), reserved(6)), ping()}, protocolError, {Pong});
    add("3.5 binary with RSV1 and RSV3", {binary("\x00\xff", reserved(5))}, protocolError);
    add("3.6 ping with RSV2 and RSV3", {ping("x", reserved(3))}, protocolError);
    add("3.7 close with all reserved bits",
        {RawWebSocket::frame(RawWebSocket::Close, QByteArray("\x03\xe8", 2), reserved(7))},
        protocolError);

    // 4. Opcodes the protocol reserves.
    for (const quint8 opcode : {3, 4, 5, 6, 7})
        add(qPrintable(
                    QStringLiteral("4.1 reserved data opcode %1 after a valid text").arg(opcode)),
            {text(jsonPing(30)), RawWebSocket::frame(opcode, "reserved")}, protocolError, {Pong});
    for (const quint8 opcode : {11, 12, 13, 14, 15})
        add(qPrintable(QStringLiteral("4.2 reserved control opcode %1").arg(opcode)),
            {RawWebSocket::frame(opcode, opcode % 2 ? QByteArray("x") : QByteArray())},
            protocolError);

    // 5. Fragmentation.
    const QByteArray message = jsonPing(40);
    const Frames twoFragments{text(message.first(20), notFinal()),
                              continuation(message.mid(20), true)};
    add("5.1 ping in two fragments", {ping("frag", notFinal()), continuation("ment", true)},
        protocolError);
    add("5.2 pong in two fragments", {pong("frag", notFinal()), continuation("ment", true)},
        protocolError);
    add("5.3 text in two fragments", twoFragments, open, {Pong});
    add("5.4 text in two fragments byte by byte", {joined(twoFragments)}, open, {Pong}, {}, 1);
    add("5.5 text in two fragments sent apart", twoFragments, open, {Pong}, {}, 0, 100);
    const Frames withPing{text(message.first(20), notFinal()), ping("between"),
                          continuation(message.mid(20), true)};
    add("5.6 text in two fragments with a ping between", withPing, open, {Pong}, {"between"});
    add("5.7 same, byte by byte", {joined(withPing)}, open, {Pong}, {"between"}, 1);
    add("5.8 same, sent apart", withPing, open, {Pong}, {"between"}, 0, 100);
    add("5.9 final continuation with nothing to continue", {continuation("x", true)},
        protocolError);
    add("5.10 same, byte by byte", {continuation("x", true)}, protocolError, {}, {}, 1);
    add("5.11 same, after a valid text", {text(jsonPing(30)), continuation("x", true)},
        protocolError, {Pong});
    add("5.12 continuation with nothing to continue", {continuation("x", false)}, protocolError);
    add("5.13 same, byte by byte", {continuation("x", false)}, protocolError, {}, {}, 1);
    add("5.14 same, then the rest of a message",
        {continuation("x", false), text("y", notFinal()), continuation("z", true)}, protocolError);
    add("5.15 text, continuation, then a final continuation too many",
        {text(message.first(20), notFinal()), continuation(message.mid(20), true),
         continuation("x", true)},
        protocolError, {Pong});
    add("5.16 two messages each opened by a continuation",
        {continuation("a", false), text("b", notFinal()), continuation("c", true),
         continuation("d", false), text("e", notFinal()), continuation("f", true)},
        protocolError);
    add("5.17 same with final continuations",
        {continuation("a", true), text("b", notFinal()), continuation("c", true)}, protocolError);
    add("5.18 a new text while a message is unfinished",
        {text(message.first(20), notFinal()), text(message.mid(20))}, protocolError);
    Frames fiveWithPings;
    for (int i = 0; i < 5; ++i) {
        const QByteArray piece = message.mid(i * 8, i == 4 ? -1 : 8);
        fiveWithPings << (i == 0 ? text(piece, notFinal()) : continuation(piece, i == 4));
        if (i < 4)
            fiveWithPings << ping(QByteArray("p" + QByteArray::number(i)));
    }
    add("5.19 text in five fragments with pings between, sent apart", fiveWithPings, open, {Pong},
        {"p0", "p1", "p2", "p3"}, 0, 50);
    add("5.20 same, all at once", fiveWithPings, open, {Pong}, {"p0", "p1", "p2", "p3"});
    add("5.21 text in one-byte fragments", fragmented(message, 1), open, {Pong});
    add("5.22 binary in two fragments", {binary("ab", notFinal()), continuation("cd", true)}, open,
        {Error});
    add("5.23 empty fragments around a text",
        {text("", notFinal()), continuation(message, false), continuation("", true)}, open, {Pong});

    // 6. UTF-8: valid text in one frame, in fragments and byte by byte; invalid text fails
    // with 1007 wherever the bad byte is.
    const QByteArray helloUtf8 =
            "Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!";
    add("6.1 empty fragments make an empty message",
        {text("", notFinal()), continuation("", false), continuation("", true)}, open, {Error});
    add("6.2 valid UTF-8 in one frame", {text(jsonPingWith(helloUtf8))}, open, {Pong});
    add("6.2 valid UTF-8 split at every byte", fragmented(jsonPingWith(helloUtf8), 1), open,
        {Pong});
    add("6.2 valid UTF-8 byte by byte", {text(jsonPingWith(helloUtf8))}, open, {Pong}, {}, 1);
    add("6.3 valid Greek text", {text(jsonPingWith(Kosme))}, open, {Pong});
    add("6.3 Greek text with a bad byte",
        {text(jsonPingWith(QByteArray(Kosme +
                                      "\xed\xa0\x80"
                                      "edited")))},
        badData);
    add("6.3 Greek text with a bad byte, in one-byte fragments",
        fragmented(jsonPingWith(QByteArray(Kosme +
                                           "\xed\xa0\x80"
                                           "edited")),
                   1),
        badData);
    add("6.4 bad byte in the second fragment",
        {text(jsonPingWith(Kosme).first(20), notFinal()), continuation("\xf4\x90\x80\x80", false),
         continuation("\"}", true)},
        badData);
    add("6.4 bad byte in the last fragment",
        {text(R"({"type":"ping","pad":")", notFinal()), continuation(Kosme, false),
         continuation("\xc0\xaf\"}", true)},
        badData);
    const QList<std::pair<const char *, QByteArray>> validChars{
            {"6.5 one-byte character U+007F", "\x7f"},
            {"6.5 two-byte character U+0080", "\xc2\x80"},
            {"6.5 three-byte character U+0800", "\xe0\xa0\x80"},
            {"6.5 four-byte character U+10000", "\xf0\x90\x80\x80"},
            {"6.5 last character U+10FFFF", "\xf4\x8f\xbf\xbf"},
            {"6.5 last BMP character U+FFFF", "\xef\xbf\xbf"},
            {"6.5 noncharacter U+FFFE", "\xef\xbf\xbe"},
            {"6.5 character before the surrogates U+D7FF", "\xed\x9f\xbf"},
            {"6.5 character after the surrogates U+E000", "\xee\x80\x80"},
    };
    for (const auto &[name, bytes] : validChars)
        add(name, {text(jsonPingWith(bytes))}, open, {Pong});
    const QList<std::pair<const char *, QByteArray>> invalidChars{
            {"6.6 beyond U+10FFFF", "\xf4\x90\x80\x80"},
            {"6.6 five-byte sequence", "\xf8\x88\x80\x80\x80"},
            {"6.6 six-byte sequence", "\xfc\x84\x80\x80\x80\x80"},
            {"6.6 lone continuation byte", "\x80"},
            {"6.6 two continuation bytes", "\x80\xbf"},
            {"6.6 lone start byte then space", "\xc0 "},
            {"6.6 overlong slash in two bytes", "\xc0\xaf"},
            {"6.6 overlong slash in three bytes", "\xe0\x80\xaf"},
            {"6.6 overlong slash in four bytes", "\xf0\x80\x80\xaf"},
            {"6.6 high surrogate U+D800", "\xed\xa0\x80"},
            {"6.6 low surrogate U+DFFF", "\xed\xbf\xbf"},
            {"6.6 surrogate pair encoded as two characters", "\xed\xa0\x80\xed\xb0\x80"},
            {"6.6 byte FE", "\xfe"},
            {"6.6 byte FF", "\xff"},
    };
    for (const auto &[name, bytes] : invalidChars)
        add(name, {text(jsonPingWith(bytes))}, badData);
    add("6.6 message ending inside a character",
        {text(QByteArray(R"({"type":"ping","pad":"x"})" + QByteArray("\xe2\x82")))}, badData);
    {
        const QByteArray euro = jsonPingWith("\xe2\x82\xac");
        const qsizetype split = euro.indexOf('\xe2') + 1;
        add("6.7 a character split across fragments",
            {text(euro.first(split), notFinal()), continuation(euro.mid(split), true)}, open,
            {Pong});
    }

    // 7. Close handling.
    add("7.1 text then close", {text(jsonPing(30)), closeWith(1000)}, {1000}, {Pong});
    add("7.1 close then close again", {closeWith(1000), closeWith(1000)}, {1000});
    add("7.1 close then ping", {closeWith(1000), ping("after close")}, {1000});
    add("7.1 close then text", {closeWith(1000), text(jsonPing(30))}, {1000});
    add("7.1 close in the middle of a fragmented text",
        {text(message.first(20), notFinal()), closeWith(1000), continuation(message.mid(20), true)},
        {1000});
    add("7.3 close without payload", {closeWith(0)}, {0, 1000});
    add("7.3 close with a one-byte payload",
        {RawWebSocket::frame(RawWebSocket::Close, QByteArray("\x03", 1))}, protocolError);
    add("7.3 close with a reason", {closeWith(1000, "Hello World!")}, {1000});
    add("7.3 close with a 123-byte reason", {closeWith(1000, QByteArray(123, 'r'))}, {1000});
    add("7.3 close with a 124-byte reason", {closeWith(1000, QByteArray(124, 'r'))}, protocolError);
    add("7.5 close with a reason that is not UTF-8",
        {closeWith(1000, QByteArray(Kosme + "\xed\xa0\x80"))}, {1002, 1007});
    for (const int code :
         {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
        add(qPrintable(QStringLiteral("7.7 close with valid code %1").arg(code)), {closeWith(code)},
            {code, 1000});
    for (const int code : {1, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999, 5000, 65535})
        add(qPrintable(QStringLiteral("7.9 close with invalid code %1").arg(code)),
            {closeWith(code)}, protocolError);

    // 9. Limits: large messages up to the hub's limits pass, beyond them close with 1009.
    add("9.1 text of 256 KiB", {text(jsonPing(256 * 1024))}, open, {Pong});
    add("9.1 text of 1 MiB in one frame (the frame limit)", {text(jsonPing(1024 * 1024))}, open,
        {Pong});
    add("9.1 one frame over the frame limit", {text(jsonPing(1024 * 1024 + 1))}, tooBig);
    add("9.2 text of 4 MiB in 64 KiB fragments", fragmented(jsonPing(4 * 1024 * 1024), 65536), open,
        {Pong});
    add("9.2 message over 8 MiB in 1 MiB fragments",
        fragmented(jsonPing(8 * 1024 * 1024 + 1), 1024 * 1024), tooBig);
    add("9.3 text of 256 KiB in 64-byte fragments", fragmented(jsonPing(256 * 1024), 64), open,
        {Pong});
    Options lying;
    lying.declared = qint64(2) * 1024 * 1024 * 1024;
    add("9.4 a frame declaring 2 GiB", {text("{", lying) + QByteArray(64 * 1024, ' ')}, tooBig);
    add("9.5 before auth, a message over 64 KiB", {text(jsonPing(64 * 1024 + 1))}, tooBig, {}, {},
        0, 0, false);
    add("9.5 before auth, 64 KiB of one-byte fragments", fragmented(jsonPing(64 * 1024 + 1), 1),
        tooBig, {}, {}, 0, 0, false);

    // 10. Fragments of any size make the same message.
    add("10.1 text of 64 KiB in 1300-byte fragments", fragmented(jsonPing(65536), 1300), open,
        {Pong});

    // RFC 6455 5.1: a server must close a connection whose client frames are not masked.
    add("5.1 (RFC) unmasked text frame", {text(jsonPing(30), unmasked)}, protocolError);
}

void TestWireFrames::frames()
{
    QFETCH(Frames, pieces);
    QFETCH(int, chunk);
    QFETCH(int, pauseMs);
    QFETCH(bool, authenticated);
    QFETCH(Codes, codes);
    QFETCH(Frames, pongs);
    QFETCH(Frames, replies);

    RawWebSocket ws;
    QVERIFY(ws.handshake(quint16(m_hub.url.port())));
    auto typeOf = [](const RawWebSocket::Frame &f) {
        return QJsonDocument::fromJson(f.payload)
                .object()
                .value(QLatin1String("type"))
                .toString()
                .toUtf8();
    };
    std::optional<RawWebSocket::Frame> greeting = ws.nextFrame();
    QVERIFY(greeting && typeOf(*greeting) == "connection_established");
    if (authenticated) {
        ws.write(text(R"({"type":"auth","token":"alice","userName":"Alice"})"));
        std::optional<RawWebSocket::Frame> reply = ws.nextFrame();
        QVERIFY(reply && typeOf(*reply) == "auth_success");
    }

    for (qsizetype i = 0; i < pieces.size(); ++i) {
        if (i > 0 && pauseMs > 0)
            QTest::qWait(pauseMs);
        ws.write(pieces[i], chunk);
    }

    Frames gotPongs;
    Frames gotReplies;
    auto collect = [&](const RawWebSocket::Frame &f) {
        if (f.opcode == RawWebSocket::Pong)
            gotPongs << f.payload;
        else if (f.opcode == RawWebSocket::Text)
            gotReplies << typeOf(f);
    };
    if (codes.isEmpty()) {
        // The connection must still work: a probe ping is answered after the expected replies.
        ws.write(text(R"({"type":"ping","probe":1})"));
        while (gotReplies.size() < replies.size() + 1) {
            std::optional<RawWebSocket::Frame> f = ws.nextFrame();
            QVERIFY2(f, "the hub stopped answering");
            QVERIFY2(f->opcode != RawWebSocket::Close,
                     qPrintable(QStringLiteral("closed with %1").arg(f->closeCode())));
            collect(*f);
        }
        QCOMPARE(gotReplies, replies + Frames{Pong});
    } else {
        const int code = ws.waitForClose();
        for (const RawWebSocket::Frame &f : std::as_const(ws.skipped))
            collect(f);
        QVERIFY2(codes.contains(code), qPrintable(QStringLiteral("closed with %1").arg(code)));
        QCOMPARE(gotReplies, replies);
        // Answer the close; the hub then ends the TCP connection.
        ws.write(closeWith(code > 0 ? 1000 : 0));
        QVERIFY(ws.waitForDisconnected());
    }
    QCOMPARE(gotPongs, pongs);

    const QString memory = m_memory.check();
    QVERIFY2(memory.isEmpty(), qPrintable(memory));
}

void TestWireFrames::largeMessagesFromTheHubComeInFragmentsOfWholeCharacters()
{
    RawWebSocket ws;
    QVERIFY(ws.handshake(quint16(m_hub.url.port())));
    QVERIFY(ws.nextFrame()); // connection_established
    ws.write(text(R"({"type":"auth","token":"alice","userName":"Alice"})"));
    QVERIFY(ws.nextFrame()); // auth_success
    // 900 KB of two-, three- and four-byte characters: fragment cuts must avoid them.
    const QByteArray unit = "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e";
    const QByteArray content = unit.repeated(100'000);
    ws.write(text(QByteArray(R"({"type":"note_created","noteData":{"title":"Big","content":")" +
                             content + R"("}})")));
    QList<RawWebSocket::Frame> fragments;
    do {
        std::optional<RawWebSocket::Frame> f = ws.nextFrame(10'000);
        QVERIFY(f);
        if (f->opcode == RawWebSocket::Ping || f->opcode == RawWebSocket::Pong)
            continue;
        QCOMPARE(f->opcode, fragments.isEmpty() ? RawWebSocket::Text : RawWebSocket::Continuation);
        fragments << *f;
    } while (!fragments.last().fin);
    QVERIFY2(fragments.size() >= 4, qPrintable(QString::number(fragments.size())));
    QByteArray message;
    for (const RawWebSocket::Frame &f : std::as_const(fragments)) {
        QVERIFY(f.payload.size() <= 64 * 1024);
        QVERIFY(!f.masked); // server frames are never masked
        // Each fragment decodes on its own, as Qt's clients decode them.
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString decoded = decoder.decode(f.payload); // (lazy until converted)
        QVERIFY(!decoder.hasError());
        message += f.payload;
    }
    const QJsonObject reply = QJsonDocument::fromJson(message).object();
    QCOMPARE(reply.value(QLatin1String("type")).toString(), QStringLiteral("note_created_success"));
    QCOMPARE(reply.value(QLatin1String("noteData"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString()
                     .toUtf8(),
             content);
}

QTEST_GUILESS_MAIN(TestWireFrames)
#include "tst_wire_frames.moc"
