// Reads an unpacked bundle folder with the same contract as the archive reader: regular
// files only (symlinks are never followed: UNSAFE_NAME), safe relative names, byte caps.
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../shared/errors.ts';
import { normalizeEntryPath } from '../shared/safe-path.ts';
import { entryCap, isStreamedEntry, type EntryVisitor, type ReadLimits } from './read-limits.ts';

/** Small files read ahead of the visitor, and lstat calls in flight: thousands of files would otherwise wait on one call each. */
const READ_AHEAD = 16;
const PREFETCH_MAX_BYTES = 1024 * 1024;
const STAT_BATCH = 64;

async function statAll(dir: string, names: string[]): Promise<(Stats | undefined)[]> {
  const out: (Stats | undefined)[] = [];
  for (let i = 0; i < names.length; i += STAT_BATCH) {
    const batch = names.slice(i, i + STAT_BATCH).map((n) => lstat(path.join(dir, n)).catch(() => undefined));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/** Walks `root` in sorted order; `prefix` (e.g. the folder's own name) is put before every path. */
export async function readFolder(root: string, limits: ReadLimits, visitor: EntryVisitor, prefix = ''): Promise<void> {
  let total = 0;
  const walk = async (rel: string): Promise<boolean> => {
    let names: string[];
    try {
      names = (await readdir(path.join(root, rel))).sort();
    } catch (err) {
      if (rel === '') throw new InputError('INPUT', `Cannot read bundle ${root}: ${(err as Error).message}`);
      visitor.onProblem({ path: rel, code: 'UNREADABLE', reason: (err as Error).message });
      return true;
    }
    const dir = path.join(root, rel);
    const stats = await statAll(dir, names);
    // Reads of the next small regular files, started ahead of the visitor; bounded by `size`.
    const ahead = new Map<number, Promise<Buffer | Error>>();
    const prefetch = (from: number) => {
      for (let j = from; j < Math.min(names.length, from + READ_AHEAD); j++) {
        const sj = stats[j];
        if (ahead.has(j) || !sj?.isFile() || sj.size === 0 || sj.size > PREFETCH_MAX_BYTES || isStreamedEntry(names[j]!)) continue;
        const read = readFile(path.join(dir, names[j]!)).then((b) => b.subarray(0, sj.size), (err: Error) => err);
        ahead.set(j, read);
      }
    };
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const full = path.join(root, relPath);
      const st = stats[i];
      if (!st) continue;
      if (st.isDirectory()) {
        if (!(await walk(relPath))) return false;
        continue;
      }
      prefetch(i);
      const early = ahead.get(i);
      ahead.delete(i);
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
        await visitor.onEntry({ path: entryPath, size: st.size, body: early ? prefetched(early) : fileBody(full, st.size) });
      } catch (err) {
        visitor.onProblem({ path: entryPath, code: 'UNREADABLE', reason: (err as Error).message });
      }
    }
    return true;
  };
  await walk('');
}

async function* prefetched(read: Promise<Buffer | Error>): AsyncGenerator<Buffer> {
  const b = await read;
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
