// Reads an unpacked bundle folder with the same contract as the archive reader: regular
// files only (symlinks are never followed: UNSAFE_NAME), safe relative names, byte caps.
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../shared/errors.ts';
import { normalizeEntryPath } from '../shared/safe-path.ts';
import { entryCap, type EntryVisitor, type ReadLimits } from './read-limits.ts';

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
    for (const name of names) {
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const full = path.join(root, relPath);
      const st = await lstat(full).catch(() => undefined);
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
        await visitor.onEntry({ path: entryPath, size: st.size, body: fileBody(full, st.size) });
      } catch (err) {
        visitor.onProblem({ path: entryPath, code: 'UNREADABLE', reason: (err as Error).message });
      }
    }
    return true;
  };
  await walk('');
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
