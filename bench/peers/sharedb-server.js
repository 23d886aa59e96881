// SPDX-License-Identifier: GPL-3.0-or-later
// The live-editing peer of `make bench`: a ShareDB server with the ot-text-unicode type
// over `ws`, on ShareDB's default in-memory database (it keeps nothing across a restart;
// Tandem's hub acknowledges only after an fsync'd SQLite commit). Documents "bench" and
// "trace" exist, empty, in collection "notes" before it prints its "listening on ws://…" line.
//   node sharedb-server.js [PORT]
'use strict';
const ShareDB = require('sharedb');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');
const { WebSocketServer } = require('ws');
const textUnicode = require('ot-text-unicode').type;

ShareDB.types.register(textUnicode);
const backend = new ShareDB();
const connection = backend.connect();
let created = 0;
for (const id of ['bench', 'trace']) {
  connection.get('notes', id).create('', textUnicode.uri, (error) => {
    if (error)
      throw error;
    if (++created === 2)
      listen();
  });
}

function listen() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0),
                                    perMessageDeflate: false });
  wss.on('connection', (socket) => backend.listen(new WebSocketJSONStream(socket)));
  wss.on('listening', () => console.log(`listening on ws://127.0.0.1:${wss.address().port}/`));
}
