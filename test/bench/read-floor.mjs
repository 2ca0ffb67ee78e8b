// `npm run bench`'s floor for analyze: what any analyzer built on our libraries must do with a
// bundle before it can say anything, and nothing more. Node's gunzip and tar-stream read it as
// analyze does; every JSON file is parsed here; the CPU and heap profiles (the ones analyze
// decodes) are decoded with pprof-format and the goroutine-debug2 dumps turned into text on one
// worker thread, as analyze's parse pool does on two cores. No model, checks, logs or report.
// Plain JavaScript, run by node itself, so that its start-up costs what the CLI's does.
// Usage: node test/bench/read-floor.mjs BUNDLE.tar.gz; prints {entries, json, profiles, dumps}.
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { gunzipSync } = require('node:zlib');
const { Profile } = require(${JSON.stringify(createRequire(import.meta.url).resolve('pprof-format'))});
parentPort.on('message', ({ text, bytes }) => {
  if (text) Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  else {
    const raw = gunzipSync(bytes);
    Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  }
  parentPort.postMessage(0);
});
`;

const file = process.argv[2];
if (!file) throw new Error('usage: read-floor.mjs BUNDLE.tar.gz');
const worker = new Worker(WORKER, { eval: true });
let answered = 0;
let entries = 0;
let json = 0;
let profiles = 0;
let dumps = 0;
let read = false;
const finish = () => {
  if (!read || answered < profiles + dumps) return;
  process.stdout.write(`${JSON.stringify({ entries, json, profiles, dumps })}\n`);
  void worker.terminate();
};
worker.on('message', () => {
  answered++;
  finish();
});

const extract = tar.extract();
extract.on('entry', (header, stream, next) => {
  entries++;
  const name = header.name;
  const kind = name.endsWith('.json') ? 'json' : /\/(profile|heap)_\d+\.prof$/.test(name) ? 'pprof' : /\/goroutine-debug2_\d+\.txt$/.test(name) ? 'text' : undefined;
  if (!kind) {
    stream.on('end', next);
    stream.resume();
    return;
  }
  const chunks = [];
  stream.on('data', (c) => chunks.push(c));
  stream.on('end', () => {
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    if (kind === 'json') {
      try {
        JSON.parse(bytes.toString('utf8'));
        json++;
      } catch {
        // not JSON (an error text): skipped, as analyze records a gap
      }
    } else {
      if (kind === 'text') dumps++;
      else profiles++;
      const copy = new Uint8Array(bytes);
      worker.postMessage({ text: kind === 'text', bytes: copy }, [copy.buffer]);
    }
    next();
  });
});
extract.on('finish', () => {
  read = true;
  finish();
});
// The chunk sizes analyze reads with (src/archive/read-tar.ts).
const READ_CHUNK = 256 * 1024;
// As read-tar.ts does: pipeline tears all three down on an error, which ends the run non-zero.
await pipeline(createReadStream(file, { highWaterMark: READ_CHUNK }), createGunzip({ chunkSize: READ_CHUNK }), extract);
