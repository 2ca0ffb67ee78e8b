// Where captures go: a private folder (mkdtemp, mode 0700, files 0600, every entry name checked
// so nothing lands outside it), and the archive being written. With an archive, whole files and
// short streams go into it from memory and only streams larger than the write buffer pass
// through the folder; with -no-archive the folder is the result.
import { createHash } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import { writeFile } from 'node:fs';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { normalizeEntryPath } from '../shared/safe-path.ts';
import type { ArchiveWriter } from './archive-writer.ts';
import { makeDirs } from './make-dirs.ts';

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

export interface AppendHandle {
  write(data: Buffer | string): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
  close(): Promise<WrittenFile>;
  /** Closes and removes the file: it was not worth keeping (a stream that sent nothing). */
  discard(): Promise<void>;
}

/** Stream pieces are gathered up to this size before one write (a monitor sends a frame every 200 ms). */
const APPEND_BUFFER_BYTES = 16 * 1024;
/** The callback form: for thousands of small files it costs a fraction of fs/promises' FileHandle path. */
const writeWhole = promisify(writeFile);

/**
 * A string's bytes in a buffer of their own. Buffer.from puts small strings in the shared 8 KiB
 * pool, and one queued file would then keep a whole pool slab alive until it is archived.
 */
function ownBuffer(text: string): Buffer {
  const buf = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  buf.write(text);
  return buf;
}

/** A private file outside the bundle, for an answer too big to hold in memory until it is redacted. */
export interface ScratchFile {
  write(data: Buffer): Promise<void>;
  /** Closes the file and reads it back whole. */
  readAll(): Promise<Buffer>;
  /** Closes and removes it. */
  remove(): Promise<void>;
}

export class Staging {
  readonly root: string;
  readonly #files = new Set<string>();
  /** Folders already made: thousands of captures share a few hundred folders. */
  readonly #dirs = new Map<string, Promise<unknown>>();
  /** Set by destroy(): late writes (work still running after a hard stop) must not bring it back. */
  #destroyed = false;
  /** The archive being written: finished files go into it at once, from memory where they are whole. */
  #archive: ArchiveWriter | undefined;
  /** A private temp folder for scratch files, made at the first one (never the -no-archive result). */
  #scratchDir: Promise<string> | undefined;
  #scratchCount = 0;

  private constructor(root: string) {
    this.root = root;
  }

  /** A fresh private folder in the OS temp folder. */
  static async createTemp(prefix: string): Promise<Staging> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
    await fs.chmod(root, 0o700);
    return new Staging(root);
  }

  /** Uses a folder that must not exist yet (the -no-archive result folder). */
  static async createAt(dir: string): Promise<Staging> {
    await makeDirs(path.dirname(dir));
    await fs.mkdir(dir, { mode: 0o700 }); // throws EEXIST when it already exists
    return new Staging(dir);
  }

  /** From now on every file written or closed goes into `archive` (see write() and openAppend()). */
  feed(archive: ArchiveWriter): void {
    this.#archive = archive;
  }

  /** Bundle-relative paths of every file written, in lexical order. */
  files(): string[] {
    return [...this.#files].sort();
  }

  has(rel: string): boolean {
    return this.#files.has(rel);
  }

  #removed(): Error {
    return new Error(`the staging folder ${this.root} was removed`);
  }

  /** The checked bundle name ("a/b/c"); throws once the staging is destroyed (late work after a hard stop). */
  #checkedName(rel: string): string {
    if (this.#destroyed) throw this.#removed();
    return normalizeEntryPath(rel);
  }

  /** The checked bundle name ("a/b/c") and its place in the folder, with the folder made. */
  async #prepare(rel: string): Promise<{ name: string; full: string }> {
    const name = this.#checkedName(rel);
    const full = this.#placeOf(name);
    await this.#makeFolderFor(full);
    return { name, full };
  }

  /** A normalised name has no "..", no absolute part and no NUL: joined under root it stays there. */
  #placeOf(name: string): string {
    return path.join(this.root, name);
  }

  /** Makes the folder a staged file goes in (once per folder); throws once the staging is destroyed. */
  async #makeFolderFor(full: string): Promise<void> {
    if (this.#destroyed) throw this.#removed();
    const dir = path.dirname(full);
    let made = this.#dirs.get(dir);
    if (!made) {
      made = makeDirs(dir, 0o700);
      this.#dirs.set(dir, made);
      made.catch(() => this.#dirs.delete(dir));
    }
    await made;
    if (this.#destroyed) {
      // destroyed while the folder was being made: mkdir may have brought the root back
      await fs.rm(this.root, { recursive: true, force: true });
      throw this.#removed();
    }
  }

  /**
   * A whole file. While an archive is being written (feed()) its bytes go straight into it and
   * never touch the disk: a staged copy that nobody reads back cost the collector about 3 s of
   * system time at 500 clients (9,000 files created, written and removed). Without an archive
   * (-no-archive) the staged file is the result.
   */
  async write(rel: string, data: Buffer | string): Promise<WrittenFile> {
    const buf = typeof data === 'string' ? ownBuffer(data) : data;
    if (this.#archive) {
      const name = this.#checkedName(rel);
      this.#files.add(name);
      await this.#archive.add(name, buf);
    } else {
      const { name, full } = await this.#prepare(rel);
      await writeWhole(full, buf, { mode: 0o600 });
      this.#files.add(name);
    }
    return { bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
  }

  /**
   * A file for a stream (monitor.log, eventstream.json) written piece by piece, in 16 KiB writes.
   * The file is made at the first write that reaches the disk: a stream that never fills the
   * buffer goes into the archive from memory and needs none.
   */
  async openAppend(rel: string): Promise<AppendHandle> {
    const name = this.#checkedName(rel);
    const full = this.#placeOf(name);
    this.#files.add(name);
    const hash = createHash('sha256');
    let bytes = 0;
    // Pieces wait as they came: strings stay strings, so hundreds of streams holding a few KiB
    // each do not pin Buffer pool slabs (8 KiB each) for the whole window.
    let pending: (string | Buffer)[] = [];
    let pendingBytes = 0;
    let chain: Promise<void> = Promise.resolve();
    let closed = false;
    let opened: Promise<FileHandle> | undefined;
    const open = () => (opened ??= this.#makeFolderFor(full).then(() => fs.open(full, 'w', 0o600)));
    const take = (): Buffer => {
      const buf = pending.every((p) => typeof p === 'string')
        ? ownBuffer(pending.join(''))
        : Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)), pendingBytes);
      pending = [];
      pendingBytes = 0;
      return buf;
    };
    const flush = () => {
      if (pendingBytes === 0) return chain;
      const buf = take();
      chain = chain.then(() => open()).then((fh) => fh.write(buf)).then(() => undefined);
      return chain;
    };
    const closeFile = async () => {
      if (opened) await (await opened).close();
    };
    return {
      get bytes() {
        return bytes;
      },
      write(data) {
        if (closed) return Promise.resolve();
        const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
        if (size === 0) return chain;
        hash.update(data);
        bytes += size;
        pending.push(data);
        pendingBytes += size;
        return pendingBytes >= APPEND_BUFFER_BYTES ? flush() : Promise.resolve();
      },
      close: async () => {
        if (!closed) {
          closed = true;
          if (pendingBytes === bytes && this.#archive) {
            // never flushed: the whole file is here, so the archive takes it from memory
            await this.#archive.add(name, take());
          } else if (pendingBytes === bytes) {
            // -no-archive: the staged file is the result, even when empty
            const whole = take();
            await open().then((fh) => (whole.length > 0 ? fh.write(whole) : undefined)).finally(closeFile);
          } else {
            await flush().finally(closeFile);
            await this.#archive?.addFile(name, full, bytes);
          }
        }
        return { bytes, sha256: hash.copy().digest('hex') };
      },
      discard: async () => {
        if (!closed) {
          closed = true;
          await chain.finally(closeFile).catch(() => undefined);
        }
        this.#files.delete(name);
        await fs.rm(full, { force: true });
      },
    };
  }

  /**
   * A scratch file: raw answer bytes, not yet redacted, so in a folder of their own (0700, files
   * 0600) beside the bundle, never in it, and removed as soon as the answer is read back.
   */
  async scratch(): Promise<ScratchFile> {
    if (this.#destroyed) throw this.#removed();
    this.#scratchDir ??= fs.mkdtemp(path.join(os.tmpdir(), 'nomad-debug-scratch-')).then(async (dir) => {
      await fs.chmod(dir, 0o700);
      return dir;
    });
    const full = path.join(await this.#scratchDir, `answer-${++this.#scratchCount}`);
    const fh = await fs.open(full, 'wx', 0o600);
    let open = true;
    const close = async () => {
      if (open) {
        open = false;
        await fh.close();
      }
    };
    return {
      write: async (data) => {
        await fh.write(data);
      },
      readAll: async () => {
        await close();
        return fs.readFile(full);
      },
      remove: async () => {
        await close().catch(() => undefined);
        await fs.rm(full, { force: true });
      },
    };
  }

  /** Removes the scratch folder (every scratch file is already gone at the end of a run). */
  async dropScratch(): Promise<void> {
    const dir = this.#scratchDir;
    this.#scratchDir = undefined;
    const made = await dir?.catch(() => undefined);
    if (made) await fs.rm(made, { recursive: true, force: true }).catch(() => undefined);
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    await this.dropScratch();
    // A write already past its check may add a file while the folder is being removed
    // (ENOTEMPTY): retried, so a hard stop under load still leaves nothing behind.
    await fs.rm(this.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}
