// Test helpers: hand-made bundle entries and tar/tar.gz files built with tar-stream.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pack, type Header } from 'tar-stream';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

export const fixture = (name: string) => readFileSync(new URL(`../fixtures/go-pprof/${name}`, import.meta.url));

export type Entry = readonly [string, string | Uint8Array];
export type RawEntry = { header: Partial<Header> & { name: string }; body?: string | Uint8Array };

export const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Packs entries into a tar (optionally gzipped) in memory. */
export async function tarBytes(entries: (Entry | RawEntry)[], gzip = true): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const c of p) chunks.push(c as Buffer);
  })();
  for (const e of entries) {
    if (Array.isArray(e)) {
      const [name, body] = e as Entry;
      p.entry({ name }, typeof body === 'string' ? body : Buffer.from(body));
    } else {
      const { header, body } = e as RawEntry;
      if (body === undefined) p.entry(header);
      else p.entry(header, typeof body === 'string' ? body : Buffer.from(body));
    }
  }
  p.finalize();
  await collected;
  const tar = Buffer.concat(chunks);
  return gzip ? gzipSync(tar) : tar;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nomad-debug-model-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** A .tar.gz with one entry of `size` zero bytes, streamed so the test never holds it. */
export async function writeZeroBomb(file: string, size: number, after: Entry[] = []): Promise<void> {
  const p = pack();
  const done = pipeline(p, createGzip({ level: 1 }), createWriteStream(file));
  const sink = p.entry({ name: 'nomad-debug-2026-01-01-000000Z/server/s1/monitor.log', size });
  const zeros = Buffer.alloc(1024 * 1024);
  let left = size;
  await pipeline(
    Readable.from((function* () {
      while (left > 0) {
        const n = Math.min(left, zeros.length);
        left -= n;
        yield n === zeros.length ? zeros : zeros.subarray(0, n);
      }
    })()),
    sink,
  );
  for (const [name, body] of after) p.entry({ name }, typeof body === 'string' ? body : Buffer.from(body));
  p.finalize();
  await done;
}

/** One ustar header for a regular file (hand-made: tar-stream's pack costs too much per entry for a million). */
function fileHeader(name: string, size = 0): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('15100000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/**
 * An entry-count bomb: a real bundle start (members.json), then `count` empty files spread over
 * agent folders, streamed to a .tar.gz (a million entries are ~15 MB compressed).
 */
export async function writeEntryBomb(file: string, count: number, perFolder = 500): Promise<void> {
  const root = 'nomad-debug-2026-01-01-000000Z';
  const members = Buffer.from(JSON.stringify({ Members: [{ Name: 's1.global', Addr: '127.0.0.1', Port: 4648, Status: 'alive', Tags: {} }] }));
  const zeros = Buffer.alloc(512);
  await pipeline(
    Readable.from((function* () {
      yield Buffer.concat([fileHeader(`${root}/cluster/members.json`, members.length), members, zeros.subarray(0, (512 - (members.length % 512)) % 512)]);
      let batch: Buffer[] = [];
      for (let i = 0; i < count; i++) {
        batch.push(fileHeader(`${root}/client/c${Math.floor(i / perFolder)}/junk-${i}.txt`));
        if (batch.length === 2048) {
          yield Buffer.concat(batch);
          batch = [];
        }
      }
      batch.push(zeros, zeros); // the end of the archive: two zero blocks
      yield Buffer.concat(batch);
    })()),
    createGzip({ level: 1 }),
    createWriteStream(file),
  );
}

/** A gzipped pprof profile of the given stacks (leaf first), one sample each. */
export function syntheticProfile(stacks: { frames: string[]; value: number }[]): Buffer {
  const st = new StringTable();
  const fnIds = new Map<string, number>();
  const functions: PFunction[] = [];
  const locations: Location[] = [];
  const idOf = (name: string) => {
    let id = fnIds.get(name);
    if (!id) {
      id = fnIds.size + 1;
      fnIds.set(name, id);
      functions.push(new PFunction({ id, name: st.dedup(name) }));
      locations.push(new Location({ id, line: [new Line({ functionId: id })] }));
    }
    return id;
  };
  const sample = stacks.map((s) => new Sample({ locationId: s.frames.map(idOf), value: [s.value] }));
  const profile = new Profile({
    sampleType: [new ValueType({ type: st.dedup('samples'), unit: st.dedup('count') })],
    sample, location: locations, function: functions, stringTable: st,
  });
  return gzipSync(profile.encode());
}
