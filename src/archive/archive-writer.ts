// One .tar.gz written entry by entry while a capture runs, so packing overlaps the capture
// window instead of following it, and compressed on every core (parallel-gzip.ts). Regular file
// entries only, every name under "<root>/". The archive grows under a temporary name and is moved
// into place only when complete, never over an existing archive; abort() removes it.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pack, type Pack } from 'tar-stream';
import { normalizeEntryPath } from '../shared/safe-path.ts';
import { makeDirs } from './make-dirs.ts';
import { parallelGzip } from './parallel-gzip.ts';

export interface ArchiveWriterOptions {
  outputDir: string;
  /** Entry prefix and archive base name, e.g. "nomad-debug-2024-07-09-153012Z". */
  rootName: string;
  /** Entry time for every entry; default: the time each entry is added. */
  mtime?: Date;
  /** gzip level, 1 to 9; default DEFAULT_COMPRESSION_LEVEL. */
  compressionLevel?: number;
  /** The archive's base name when it differs from rootName ("<archiveName>.tar.gz"). */
  archiveName?: string;
  /** Move the finished archive over an existing file of that name (the user named it) instead of picking a free name. */
  replace?: boolean;
}

/** Chosen by measurement on a 2,000-client bundle: see the README's "How fast". */
export const DEFAULT_COMPRESSION_LEVEL = 1;

/** Entries waiting for the packer above this many bytes make add() wait: memory stays bounded. */
const QUEUED_BYTES_LIMIT = 4 * 1024 * 1024;

/** Removes the folders mkdir made, from `dir` up to `made`, each only while it is empty. */
async function removeMadeFolders(dir: string, made: string | undefined): Promise<void> {
  if (!made) return;
  const top = path.resolve(made);
  for (let d = path.resolve(dir); d.startsWith(top); d = path.dirname(d)) {
    try {
      await fsp.rmdir(d);
    } catch {
      return; // not empty (or already gone): leave it and what is above it
    }
    if (d === top) return;
  }
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

export class ArchiveWriter {
  /** The temporary file the archive grows in until finish() moves it into place. */
  readonly tempPath: string;
  readonly #opts: ArchiveWriterOptions;
  readonly #pack: Pack;
  readonly #done: Promise<void>;
  readonly #names = new Set<string>();
  #chain: Promise<void> = Promise.resolve();
  #queuedBytes = 0;
  #error: Error | undefined;
  #closed = false;
  /** The first folder create() had to make for `outputDir`, if any: a failed run takes it away again. */
  readonly #madeDir: string | undefined;

  private constructor(opts: ArchiveWriterOptions, tempPath: string, out: fs.WriteStream, madeDir: string | undefined) {
    this.#opts = opts;
    this.#madeDir = madeDir;
    this.tempPath = tempPath;
    this.#pack = pack();
    this.#done = pipeline(this.#pack, parallelGzip({ level: opts.compressionLevel ?? DEFAULT_COMPRESSION_LEVEL }), out);
    this.#done.catch((err: unknown) => this.#fail(err));
  }

  /** Creates the temporary archive in `outputDir` (made if missing); fails at once when it cannot. */
  static async create(opts: ArchiveWriterOptions): Promise<ArchiveWriter> {
    const made = await makeDirs(opts.outputDir);
    const tmp = path.join(opts.outputDir, `.${opts.archiveName ?? opts.rootName}.tar.gz.${process.pid}.${Date.now()}.tmp`);
    const out = fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
    try {
      await new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject));
    } catch (err) {
      await removeMadeFolders(opts.outputDir, made);
      throw err;
    }
    return new ArchiveWriter(opts, tmp, out, made);
  }

  #fail(err: unknown): void {
    this.#error ??= err instanceof Error ? err : new Error(String(err));
  }

  #enqueue(rel: string, bytes: number, write: (header: Parameters<Pack['entry']>[0]) => Promise<void>): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the archive is already closed'));
    let name: string;
    try {
      name = normalizeEntryPath(rel);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    if (this.#names.has(name)) return Promise.reject(new Error(`${name} is already in the archive`));
    this.#names.add(name);
    this.#queuedBytes += bytes;
    const header = { name: `${this.#opts.rootName}/${name}`, size: bytes, mode: 0o600, mtime: this.#opts.mtime ?? new Date(), type: 'file' as const };
    this.#chain = this.#chain.then(async () => {
      try {
        if (!this.#error) await write(header);
      } catch (err) {
        this.#fail(err);
      } finally {
        this.#queuedBytes -= bytes;
      }
    });
    // callers wait only when the packer falls behind; failures surface in finish()
    return this.#queuedBytes > QUEUED_BYTES_LIMIT ? this.#chain : Promise.resolve();
  }

  /** Adds a file held in memory. */
  add(rel: string, body: Buffer): Promise<void> {
    return this.#enqueue(rel, body.length, (header) => new Promise((resolve, reject) => this.#pack.entry(header, body, (err) => (err ? reject(err) : resolve()))));
  }

  /** Adds a file from disk that holds exactly `size` bytes and no longer changes. */
  addFile(rel: string, full: string, size: number): Promise<void> {
    return this.#enqueue(
      rel,
      size,
      (header) =>
        new Promise((resolve, reject) => {
          const entry = this.#pack.entry(header, (err) => (err ? reject(err) : resolve()));
          entry.on('error', reject);
          fs.createReadStream(full).on('error', reject).pipe(entry);
        }),
    );
  }

  /** Resolves once every entry added so far is in the archive (a file given to addFile may then go). */
  async written(): Promise<void> {
    await this.#chain;
    if (this.#error) throw this.#error;
  }

  /** Writes the end of the archive and moves it into place; returns its final path. */
  async finish(): Promise<string> {
    this.#closed = true;
    await this.#chain;
    if (this.#error) throw this.#error;
    this.#pack.finalize();
    await this.#done;
    if (this.#error) throw this.#error;
    const name = this.#opts.archiveName ?? this.#opts.rootName;
    if (this.#opts.replace) {
      const target = path.join(this.#opts.outputDir, `${name}.tar.gz`);
      await fsp.rename(this.tempPath, target);
      return target;
    }
    return placeWithoutOverwrite(this.tempPath, this.#opts.outputDir, name);
  }

  /** Stops writing and removes the temporary archive. */
  async abort(): Promise<void> {
    this.#closed = true;
    this.#fail(new Error('archive aborted'));
    this.#pack.destroy();
    await this.#done.catch(() => undefined);
    await fsp.rm(this.tempPath, { force: true });
    await removeMadeFolders(this.#opts.outputDir, this.#madeDir);
  }
}
