// Reads a bundle archive in tests with tar-stream directly: entries by name, and the whole
// decompressed tar bytes (to search for canary secrets).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';

export interface ArchiveEntry {
  name: string;
  type: string;
  body: Buffer;
}

export async function readArchive(file: string): Promise<ArchiveEntry[]> {
  const out: ArchiveEntry[] = [];
  const ex = extract();
  const reading = (async () => {
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      out.push({ name: entry.header.name, type: entry.header.type ?? 'file', body: Buffer.concat(chunks) });
    }
  })();
  await Promise.all([pipeline(fs.createReadStream(file), zlib.createGunzip(), ex), reading]);
  return out;
}

export async function gunzipAll(file: string): Promise<Buffer> {
  return zlib.gunzipSync(await fsp.readFile(file));
}

/** Entries keyed by their path below the root folder. */
export function byRel(entries: ArchiveEntry[]): Map<string, ArchiveEntry> {
  const m = new Map<string, ArchiveEntry>();
  for (const e of entries) m.set(e.name.slice(e.name.indexOf('/') + 1), e);
  return m;
}
