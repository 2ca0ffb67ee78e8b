// A gzip stream made of independent members compressed several at a time on libuv's thread pool
// (pigz's idea, without carrying the dictionary across members): one zlib stream keeps one core
// busy at most, and compression was most of a large collect's CPU. gzip, GNU tar, Python's
// tarfile and our reader all read a multi-member stream as one.
import os from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gzip = promisify(zlib.gzip);

export interface ParallelGzipOptions {
  /** zlib level, 1 (fastest) to 9 (smallest). */
  level: number;
  /** Input bytes per member: large enough that restarting the 32 KiB window costs little. */
  memberBytes?: number;
  /** Members compressed at once; more than the cores only queues in the pool. */
  inFlight?: number;
}

export const DEFAULT_MEMBER_BYTES = 1024 * 1024;

export function parallelGzip(opts: ParallelGzipOptions): Transform {
  const memberBytes = opts.memberBytes ?? DEFAULT_MEMBER_BYTES;
  const inFlight = Math.max(1, opts.inFlight ?? os.availableParallelism());
  const level = opts.level;
  let parts: Buffer[] = [];
  let size = 0;
  let members = 0;
  /** Members being compressed, oldest first: written in this order whatever order they finish in. */
  const running: Promise<Buffer>[] = [];

  function start(): void {
    const input = Buffer.concat(parts, size);
    parts = [];
    size = 0;
    members++;
    const out = gzip(input, { level });
    out.catch(() => undefined); // awaited in order below; this only keeps an early failure from being unhandled
    running.push(out);
  }

  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= memberBytes) start();
      if (running.length < inFlight) return cb();
      // as many members as cores are compressing: wait for the oldest, then take more input
      running.shift()!.then((out) => cb(null, out), cb);
    },
    flush(cb: TransformCallback) {
      if (size > 0 || members === 0) start(); // an empty input is still one (empty) gzip member
      (async () => {
        for (const out of running.splice(0)) this.push(await out);
      })().then(() => cb(), cb);
    },
  });
}
