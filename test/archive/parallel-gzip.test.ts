import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { parallelGzip } from '../../src/archive/parallel-gzip.ts';

async function compress(input: Buffer[], opts: Parameters<typeof parallelGzip>[0]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(input), parallelGzip(opts), new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
  return Buffer.concat(out);
}

/** Members, counted by inflating one after another: header (10 bytes, no options), deflate data, trailer (8). */
function memberCount(gz: Buffer): number {
  let n = 0;
  for (let at = 0; at < gz.length; n++) {
    assert.deepEqual([...gz.subarray(at, at + 4)], [0x1f, 0x8b, 8, 0], 'a plain gzip header');
    const { engine } = zlib.inflateRawSync(gz.subarray(at + 10), { info: true }) as unknown as { engine: { bytesWritten: number } };
    at += 10 + engine.bytesWritten + 8;
  }
  return n;
}

test('members compressed side by side come out in input order and gunzip to the input', async () => {
  // incompressible pieces beside very compressible ones, so later members can finish first
  const pieces = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? randomBytes(200_000) : Buffer.alloc(300_000, i)));
  const input = Buffer.concat(pieces);
  const gz = await compress(pieces, { level: 6, memberBytes: 512 * 1024, inFlight: 4 });
  assert.ok(zlib.gunzipSync(gz).equals(input));
  const members = memberCount(gz);
  assert.ok(members >= 10 && members <= Math.ceil(input.length / (512 * 1024)), `${members} members`);
});

test('one member for small input; an empty input is still a valid gzip stream', async () => {
  const small = await compress([Buffer.from('hello ')], { level: 1 });
  assert.equal(zlib.gunzipSync(small).toString(), 'hello ');
  assert.equal(memberCount(small), 1);
  const empty = await compress([], { level: 1 });
  assert.equal(zlib.gunzipSync(empty).length, 0);
});

test('the level is applied: 9 is no larger than 1 on compressible text', async () => {
  const text = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `goroutine ${i} [select]:\nmain.worker(0x${(i * 7919).toString(16)})\n`).join(''));
  const fast = await compress([text], { level: 1 });
  const small = await compress([text], { level: 9 });
  assert.ok(small.length < fast.length, `${small.length} < ${fast.length}`);
});
