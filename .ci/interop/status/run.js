// Round trip between microcred and @digitalbazaar/vc-bitstring-status-list:
// lists encoded by the JS library decode to the same bits with `microcred status inspect`,
// lists encoded by `microcred status encode` decode to the same bits with the JS library,
// and both agree on every vector of vectors.json (bits, or rejection).
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createList, decodeList} from '@digitalbazaar/vc-bitstring-status-list';

const [bin, vectorsPath] = process.argv.slice(2);
if(!bin || !vectorsPath) {
  console.error('usage: node run.js PATH/TO/microcred PATH/TO/vectors.json');
  process.exit(2);
}

let failures = 0;
let checks = 0;
function check(ok, what) {
  checks++;
  if(!ok) {
    failures++;
    console.error(`MISMATCH: ${what}`);
  }
}

// mulberry32: a small seeded generator, so runs are reproducible.
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function microcred(args) {
  return execFileSync(bin, args, {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function inspect(encoded, statusSize = 1) {
  return JSON.parse(microcred(
    ['status', 'inspect', encoded, '--json', '--status-size', String(statusSize)]));
}

function encodeWithMicrocred(length, entries, statusSize = 1) {
  const args = ['status', 'encode', '--length', String(length),
    '--status-size', String(statusSize)];
  if(entries.length > 0) {
    args.push('--set', entries.map(([i, v]) => `${i}=${v}`).join(','));
  }
  return microcred(args).trim();
}

function pick(length, count, random) {
  const set = new Set();
  while(set.size < count) {
    set.add(Math.floor(random() * length));
  }
  return [...set].sort((a, b) => a - b);
}

const cases = [
  {length: 131072, count: 0},
  {length: 131072, count: 1},
  {length: 131072, count: 1310},
  {length: 100000, count: 37},
  {length: 8, count: 3},
  {length: 1048576, count: 500},
];

const random = rng(20250515);
for(const {length, count} of cases) {
  const indices = pick(length, count, random);
  const label = `length ${length}, ${count} set`;

  // JS encodes, microcred decodes.
  const list = await createList({length});
  for(const i of indices) {
    list.setStatus(i, true);
  }
  const jsEncoded = await list.encode();
  const report = inspect(jsEncoded);
  check(report.length === length, `${label}: JS -> microcred length ${report.length}`);
  check(JSON.stringify(report.setIndices) === JSON.stringify(indices),
    `${label}: JS -> microcred set indices differ`);

  // microcred encodes, JS decodes.
  const ourEncoded = encodeWithMicrocred(length, indices.map(i => [i, 1]));
  const decoded = await decodeList({encodedList: ourEncoded});
  check(decoded.length === length, `${label}: microcred -> JS length ${decoded.length}`);
  const expected = new Set(indices);
  let bitMismatches = 0;
  for(let i = 0; i < length; i++) {
    if(decoded.getStatus(i) !== expected.has(i)) {
      bitMismatches++;
    }
  }
  check(bitMismatches === 0, `${label}: microcred -> JS ${bitMismatches} bits differ`);
}

// Multi-bit entries (statusSize 2): entry i occupies bits 2i (high) and 2i+1 (low).
{
  const entries = [[0, 1], [5, 3], [9, 2], [65535, 1]];
  const encoded = encodeWithMicrocred(131072, entries, 2);
  const decoded = await decodeList({encodedList: encoded});
  for(const [i, v] of entries) {
    const value = (decoded.getStatus(2 * i) ? 2 : 0) + (decoded.getStatus(2 * i + 1) ? 1 : 0);
    check(value === v, `statusSize 2: entry ${i} is ${value} in JS, expected ${v}`);
  }
  const list = await createList({length: 131072});
  for(const [i, v] of entries) {
    list.setStatus(2 * i, (v & 2) !== 0);
    list.setStatus(2 * i + 1, (v & 1) !== 0);
  }
  const report = inspect(await list.encode(), 2);
  check(JSON.stringify(report.values) ===
    JSON.stringify(entries.map(([index, value]) => ({index, value}))),
  `statusSize 2: JS -> microcred values ${JSON.stringify(report.values)}`);
}

// Every vector: both decoders agree on the bits, or both reject.
const {vectors} = JSON.parse(readFileSync(vectorsPath, 'utf8'));
for(const vector of vectors) {
  let js;
  try {
    const list = await decodeList({encodedList: vector.encodedList});
    const set = [];
    for(let i = 0; i < list.length; i++) {
      if(list.getStatus(i)) {
        set.push(i);
      }
    }
    js = {length: list.length, setIndices: set};
  } catch(e) {
    js = null;
  }
  let ours;
  try {
    ours = inspect(vector.encodedList);
  } catch(e) {
    ours = null;
  }
  if(vector.length === null) {
    check(ours === null, `${vector.name}: microcred accepted an invalid list`);
    check(js === null, `${vector.name}: JS accepted an invalid list`);
  } else {
    check(ours !== null && ours.length === vector.length &&
      JSON.stringify(ours.setIndices) === JSON.stringify(vector.setIndices),
    `${vector.name}: microcred ${JSON.stringify(ours && ours.setIndices)}`);
    check(js !== null && js.length === vector.length &&
      JSON.stringify(js.setIndices) === JSON.stringify(vector.setIndices),
    `${vector.name}: JS ${JSON.stringify(js && js.setIndices)}`);
  }
}

console.log(`${checks} checks, ${failures} mismatches`);
process.exit(failures === 0 ? 0 : 1);
