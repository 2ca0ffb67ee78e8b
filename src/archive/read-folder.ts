// Reads an unpacked bundle folder with the same contract as the archive reader: regular
// files only (symlinks are never followed: UNSAFE_NAME), safe relative names, byte caps.
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../shared/errors.ts';
import { normalizeEntryPath } from '../shared/safe-path.ts';
import { readAhead } from './read-ahead.ts';
import { EntryCount, entryCap, isStreamedEntry, type EntryVisitor, type ReadLimits } from './read-limits.ts';

/** Small files read ahead of the visitor, and lstat calls in flight. */
const READ_AHEAD = 16;
const PREFETCH_MAX_BYTES = 1024 * 1024;
const STAT_AHEAD = 64;

/** Walks `root` in sorted order; `prefix` (e.g. the folder's own name) is put before every path. */
export async function readFolder(root: string, limits: ReadLimits, visitor: EntryVisitor, prefix = ''): Promise<void> {
  let total = 0;
  const count = new EntryCount(limits);
  const walk = async (rel: string): Promise<boolean> => {
    let names: string[];
    try {
      names = (await readdir(path.join(root, rel))).sort();
    } catch (err) {
      if (rel === '') throw new InputError('INPUT', `Cannot read bundle ${root}: ${(err as Error).message}`);
      visitor.onProblem({ path: rel, code: 'UNREADABLE', reason: (err as Error).message });
      return true;
    }
    // the same caps as in an archive: every name counts, and a folder past its cap is cut there
    let admitted = 0;
    for (const name of names) {
      const admission = count.admit(rel === '' ? name : `${rel}/${name}`);
      if (admission === 'stop') break;
      if (admission === 'read') admitted++;
    }
    const stopHere = count.stopped;
    names = names.slice(0, admitted);
    const dir = path.join(root, rel);
    const stats: (Stats | undefined)[] = [];
    for await (const st of readAhead(names, STAT_AHEAD, (n) => lstat(path.join(dir, n)).catch(() => undefined))) stats.push(st);
    // The next small regular files are read ahead of the visitor; bounded by their lstat size.
    const early = (i: number): Promise<Buffer | Error | undefined> => {
      const st = stats[i];
      if (!st?.isFile() || st.size === 0 || st.size > PREFETCH_MAX_BYTES || isStreamedEntry(names[i]!)) return Promise.resolve(undefined);
      return readFile(path.join(dir, names[i]!)).then((b) => b.subarray(0, st.size), (err: Error) => err);
    };
    let i = -1;
    for await (const read of readAhead(names.map((_, j) => j), READ_AHEAD, early)) {
      i++;
      const name = names[i]!;
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const full = path.join(root, relPath);
      const st = stats[i];
      if (!st) continue;
      if (st.isDirectory()) {
        if (!(await walk(relPath))) return false;
        continue;
      }
      let entryPath: string;
      try {
        entryPath = normalizeEntryPath(prefix === '' ? relPath : `${prefix}/${relPath}`);
      } catch (err) {
        visitor.onProblem({ path: relPath, code: 'UNSAFE_NAME', reason: (err as Error).message });
        continue;
      }
      if (!st.isFile()) {
        const what = st.isSymbolicLink() ? 'symlink' : 'special file';
        visitor.onProblem({ path: entryPath, code: 'UNSAFE_NAME', reason: `skipped ${what} (only regular files are read)` });
        continue;
      }
      const cap = entryCap(entryPath, limits);
      if (st.size > cap) {
        visitor.onProblem({ path: entryPath, code: 'TOO_LARGE', reason: `entry of ${st.size} bytes is over the cap of ${cap} bytes` });
        continue;
      }
      if (total + st.size > limits.maxTotalBytes) {
        visitor.onProblem({ path: '', code: 'TOO_LARGE', reason: `bundle over the total cap of ${limits.maxTotalBytes} bytes; stopped reading` });
        return false;
      }
      total += st.size;
      try {
        await visitor.onEntry({ path: entryPath, size: st.size, body: read ? prefetched(read) : fileBody(full, st.size) });
      } catch (err) {
        visitor.onProblem({ path: entryPath, code: 'UNREADABLE', reason: (err as Error).message });
      }
    }
    return !stopHere;
  };
  try {
    await walk('');
  } finally {
    for (const p of count.problems()) visitor.onProblem(p);
  }
}

async function* prefetched(b: Buffer | Error): AsyncGenerator<Buffer> {
  if (b instanceof Error) throw b;
  if (b.length > 0) yield b;
}

/** Opens the file only if the body is read; `end` bounds the read even if the file grows. */
async function* fileBody(full: string, size: number): AsyncGenerator<Buffer> {
  if (size === 0) return;
  const stream = createReadStream(full, { start: 0, end: size - 1 });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}
