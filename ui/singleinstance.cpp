// SPDX-License-Identifier: GPL-3.0-or-later
#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QFileOpenEvent>
#include <QLocalSocket>

SingleInstance::SingleInstance(const QString &profileKey, QObject *parent)
    : QObject(parent)
    , m_name(serverName(profileKey))
{
    // Only this user may hand arguments to this user's Tandem.
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, [this]() {
        while (QLocalSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket]() {
                QDataStream in(socket);
                in.startTransaction();
                QStringList arguments;
                in >> arguments;
                if (!in.commitTransaction())
                    return; // more to come
                socket->write("ok");
                socket->flush();
                Q_EMIT argumentsReceived(arguments);
            });
        }
    });
}

QString SingleInstance::serverName(const QString &profileKey)
{
    const QByteArray hash =
            QCryptographicHash::hash(profileKey.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QStringLiteral("tandem-") + QString::fromLatin1(hash.left(24));
}

bool SingleInstance::forwardToRunning(const QStringList &arguments, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QByteArray data;
    QDataStream out(&data, QIODevice::WriteOnly);
    out << arguments;
    socket.write(data);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // The running one answers once it has the arguments: only then is it safe to exit.
    return socket.waitForReadyRead(timeoutMs) && socket.readAll() == "ok";
}

bool SingleInstance::listen(QString *why)
{
    if (m_server.listen(m_name))
        return true;
    QLocalSocket probe;
    probe.connectToServer(m_name);
    if (probe.waitForConnected(500)) {
        *why = tr("another Tandem runs on this profile");
        return false;
    }
    // A socket file left by a Tandem that crashed: nobody answers on it, so it is stale.
    QLocalServer::removeServer(m_name);
    if (m_server.listen(m_name))
        return true;
    *why = m_server.errorString();
    return false;
}

void SingleInstance::watchOpenEvents(QCoreApplication *app)
{
    app->installEventFilter(this);
}

bool SingleInstance::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FileOpen) {
        const QUrl url = static_cast<QFileOpenEvent *>(event)->url();
        if (url.scheme() == QLatin1String("tandem") || url.scheme() == QLatin1String("tandems")) {
            Q_EMIT argumentsReceived({url.toString()});
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}
