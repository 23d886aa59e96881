// SPDX-License-Identifier: GPL-3.0-or-later
// Writes golden cases computed by ot.js itself (npm package "ot") to stdout as JSON.
// tst_textoperation_otjs replays them through Tandem's TextOperation and requires the
// same results, component for component. Deterministic: a fixed seed, so regenerating
// (make ot-golden) gives the same file unless ot.js changes.
'use strict';
const ot = require('ot');
const TextOperation = ot.TextOperation;
const Range = ot.Selection.Range;

let state = 0x7a3d1e5;
function random() { // mulberry32
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const below = (n) => Math.floor(random() * n);

const alphabet = ['a', 'b', 'c', ' ', '\n', 'é', '😀', '🎉', 'x', 'y'];
function randomText(chars) {
  let s = '';
  for (let i = 0; i < chars; i++) s += alphabet[below(alphabet.length)];
  return s;
}
function isHigh(code) { return code >= 0xd800 && code <= 0xdbff; }

// Like ot.js's own randomOperation, but never splitting a surrogate pair.
function randomOperation(doc) {
  const op = new TextOperation();
  while (op.baseLength < doc.length) {
    const left = doc.length - op.baseLength;
    let n = 1 + below(Math.min(left - 1, 10) + 1);
    if (n > left) n = left;
    const end = op.baseLength + n;
    if (end < doc.length && isHigh(doc.charCodeAt(end - 1))) n += 1;
    const r = random();
    if (r < 0.2) op.insert(randomText(1 + below(4)));
    else if (r < 0.45) op['delete'](n);
    else op.retain(n);
  }
  if (random() < 0.3) op.insert(randomText(1 + below(5)));
  return op;
}
function randomPosition(doc) {
  let p = below(doc.length + 1);
  if (p > 0 && p < doc.length && isHigh(doc.charCodeAt(p - 1))) p -= 1;
  return p;
}

const cases = { normalize: [], apply: [], invert: [], compose: [], transform: [], cursor: [], server: [] };

// Unnormalised wire forms: ot.js's fromJSON merges and reorders them.
for (let i = 0; i < 300; i++) {
  const raw = [];
  const parts = 1 + below(6);
  for (let k = 0; k < parts; k++) {
    const r = random();
    if (r < 0.35) raw.push(1 + below(5));
    else if (r < 0.7) raw.push(-(1 + below(5)));
    else raw.push(randomText(below(3)));
  }
  cases.normalize.push({ input: raw, output: TextOperation.fromJSON(raw).toJSON() });
}

for (let i = 0; i < 400; i++) {
  const doc = randomText(below(16));
  const a = randomOperation(doc);
  const b = randomOperation(doc);
  const afterA = a.apply(doc);
  const c = randomOperation(afterA);
  const [aPrime, bPrime] = TextOperation.transform(a, b);
  cases.apply.push({ doc, op: a.toJSON(), result: afterA });
  cases.invert.push({ doc, op: a.toJSON(), inverse: a.invert(doc).toJSON() });
  cases.compose.push({ a: a.toJSON(), b: c.toJSON(), result: a.compose(c).toJSON() });
  cases.transform.push({ a: a.toJSON(), b: b.toJSON(), aPrime: aPrime.toJSON(), bPrime: bPrime.toJSON() });
  const range = new Range(randomPosition(doc), random() < 0.5 ? randomPosition(doc) : undefined);
  if (range.head === undefined) range.head = range.anchor;
  const moved = range.transform(a);
  cases.cursor.push({ op: a.toJSON(), anchor: range.anchor, head: range.head, newAnchor: moved.anchor, newHead: moved.head });
}

// The ot.js server: clients send ops against stale revisions; it transforms each against
// the history since and appends. Tandem's hub sequencer must produce the same ops.
for (let i = 0; i < 60; i++) {
  const start = randomText(below(12));
  const server = new ot.Server(start);
  const received = [];
  const history = [];
  for (let k = 0; k < 2 + below(10); k++) {
    const revision = below(server.operations.length + 1);
    let docAtRevision = start;
    for (let r = 0; r < revision; r++) docAtRevision = server.operations[r].apply(docAtRevision);
    const op = randomOperation(docAtRevision);
    received.push({ revision, op: op.toJSON() });
    history.push(server.receiveOperation(revision, op).toJSON());
  }
  cases.server.push({ start, received, committed: history, end: server.document });
}

process.stdout.write(JSON.stringify({ generator: 'ot@' + ot.version, cases }, null, 0) + '\n');
