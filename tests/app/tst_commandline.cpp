// SPDX-License-Identifier: GPL-3.0-or-later
// The built programs answer --version and --help as a user runs them (tandem even without
// a display); tandem-hub links no GUI libraries.
#include "tandemversion.h"

#include <QProcess>
#include <QTest>

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionIsPrinted_data();
    void versionIsPrinted();
    void guiVersionNeedsNoDisplay();
    void hubHelpListsOptions();
    void hubLinksNoGuiLibraries();

private:
    static QByteArray run(const QString &program, const QStringList &args, int *exitCode);
};

QByteArray TestCommandLine::run(const QString &program, const QStringList &args, int *exitCode)
{
    QProcess process;
    process.start(program, args);
    if (!process.waitForFinished(30'000))
        qFatal("%s did not finish", qPrintable(program));
    *exitCode = process.exitCode();
    return process.readAllStandardOutput() + process.readAllStandardError();
}

void TestCommandLine::versionIsPrinted_data()
{
    QTest::addColumn<QString>("program");
    QTest::newRow("tandem") << QStringLiteral(TANDEM_APP_PATH);
    QTest::newRow("tandem-hub") << QStringLiteral(TANDEM_HUB_PATH);
}

void TestCommandLine::versionIsPrinted()
{
    QFETCH(QString, program);
    int code = -1;
    const QByteArray out = run(program, {QStringLiteral("--version")}, &code);
    QCOMPARE(code, 0);
    QVERIFY2(out.contains(TANDEM_VERSION), out.constData());
}

void TestCommandLine::guiVersionNeedsNoDisplay()
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(TANDEM_APP_PATH), {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(30'000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().contains(TANDEM_VERSION));
}

void TestCommandLine::hubHelpListsOptions()
{
    int code = -1;
    const QByteArray out = run(QStringLiteral(TANDEM_HUB_PATH), {QStringLiteral("--help")}, &code);
    QCOMPARE(code, 0);
    QVERIFY2(out.contains("--version") && out.contains("--help"), out.constData());
    QVERIFY(out.contains("sync hub"));
}

void TestCommandLine::hubLinksNoGuiLibraries()
{
    QProcess ldd;
    ldd.start(QStringLiteral("ldd"), {QStringLiteral(TANDEM_HUB_PATH)});
    if (!ldd.waitForStarted())
        QSKIP("ldd is not available on this platform");
    QVERIFY(ldd.waitForFinished(30'000));
    const QByteArray libs = ldd.readAllStandardOutput();
    QVERIFY2(libs.contains("libQt6Core"), libs.constData());
    QVERIFY2(!libs.contains("libQt6Gui") && !libs.contains("libQt6Widgets"), libs.constData());
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
