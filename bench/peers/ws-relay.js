// SPDX-License-Identifier: GPL-3.0-or-later
// The fan-out and idle-connection peer of `make bench`: a minimal relay on the `ws` package.
// Every message from a client goes to every other open client, as it came. Prints one
// "listening on ws://…" line once it accepts connections (port 0 picks a free one).
//   node ws-relay.js [PORT]
'use strict';
const { WebSocketServer, WebSocket } = require('ws');

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0),
                                  perMessageDeflate: false, clientTracking: true });
wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of wss.clients)
      if (client !== socket && client.readyState === WebSocket.OPEN)
        client.send(data, { binary: isBinary });
  });
});
wss.on('listening', () => console.log(`listening on ws://127.0.0.1:${wss.address().port}/`));
