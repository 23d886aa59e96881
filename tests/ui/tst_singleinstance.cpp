// SPDX-License-Identifier: GPL-3.0-or-later
// SingleInstance and links the system opens with the app (QFileOpenEvent, as macOS sends a
// clicked tandem:// link): they come out as argumentsReceived, like a second start's links;
// other files do not. (A second start handing its links over takes two processes: see
// tests/app/tst_invitelinks.cpp.)
#include "singleinstance.h"

#include <QApplication>
#include <QFileOpenEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSingleInstance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linksTheSystemOpensArriveLikeArguments();

private:
    QTemporaryDir m_dir;
};

void TestSingleInstance::linksTheSystemOpensArriveLikeArguments()
{
    SingleInstance instance(m_dir.filePath(QStringLiteral("d")));
    instance.watchOpenEvents(qApp);
    QSignalSpy received(&instance, &SingleInstance::argumentsReceived);

    QFileOpenEvent link(QUrl(QStringLiteral("tandems://hub.example:443/join?token=t0k")));
    QVERIFY(QCoreApplication::sendEvent(qApp, &link));
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().first().toStringList(),
             QStringList{QStringLiteral("tandems://hub.example:443/join?token=t0k")});

    // A document dropped on the app's icon is not an invite link.
    QFileOpenEvent file(QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("notes.txt"))));
    QCoreApplication::sendEvent(qApp, &file);
    QCOMPARE(received.size(), 1);
}

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
