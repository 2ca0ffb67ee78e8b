// Packs a staged bundle folder into one .tar.gz: regular files only, lexical order, every entry
// under "<root>/", fixed mtime. Written under a temporary name and moved into place only when
// complete, never over an existing archive.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { pack } from 'tar-stream';
import { safeJoin, normalizeEntryPath } from '../shared/safe-path.ts';

export interface WriteArchiveOptions {
  /** Folder holding the staged files. */
  sourceDir: string;
  /** Bundle-relative paths to pack (sorted here again). */
  files: readonly string[];
  /** Entry prefix and archive base name, e.g. "nomad-debug-2024-07-09-153012Z". */
  rootName: string;
  outputDir: string;
  mtime: Date;
  /** Called with the temporary path as soon as it exists, so a hard stop can remove it. */
  onTempPath?: (p: string) => void;
}

async function addEntries(p: ReturnType<typeof pack>, opts: WriteArchiveOptions): Promise<void> {
  const files = [...opts.files].map(normalizeEntryPath).sort();
  for (const rel of files) {
    const full = safeJoin(opts.sourceDir, rel);
    const st = await fsp.lstat(full);
    if (!st.isFile()) continue;
    const header = { name: `${opts.rootName}/${rel}`, size: st.size, mode: 0o600, mtime: opts.mtime, type: 'file' as const };
    await new Promise<void>((resolve, reject) => {
      const sink = p.entry(header, (err) => (err ? reject(err) : resolve()));
      fs.createReadStream(full).on('error', reject).pipe(sink);
    });
  }
  p.finalize();
}

/** Picks `<root>.tar.gz`, then `<root>-1.tar.gz`, ... and links the temp file there without overwriting. */
async function placeWithoutOverwrite(tmp: string, outputDir: string, rootName: string): Promise<string> {
  for (let n = 0; n < 1000; n++) {
    const name = n === 0 ? `${rootName}.tar.gz` : `${rootName}-${n}.tar.gz`;
    const target = path.join(outputDir, name);
    try {
      await fsp.link(tmp, target); // atomic, and fails with EEXIST instead of replacing
      await fsp.unlink(tmp);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // file systems without hard links: check, then rename
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
        if (fs.existsSync(target)) continue;
        await fsp.rename(tmp, target);
        return target;
      }
      throw err;
    }
  }
  throw new Error(`No free archive name for ${rootName} in ${outputDir}`);
}

export async function writeArchive(opts: WriteArchiveOptions): Promise<string> {
  await fsp.mkdir(opts.outputDir, { recursive: true });
  const tmp = path.join(opts.outputDir, `.${opts.rootName}.tar.gz.${process.pid}.${Date.now()}.tmp`);
  opts.onTempPath?.(tmp);
  try {
    const p = pack();
    const out = fs.createWriteStream(tmp, { mode: 0o600, flags: 'wx' });
    const adding = addEntries(p, opts).catch((err: unknown) => {
      p.destroy(err as Error);
      throw err;
    });
    await Promise.all([pipeline(p, zlib.createGzip(), out), adding]);
    return await placeWithoutOverwrite(tmp, opts.outputDir, opts.rootName);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}
