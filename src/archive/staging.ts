// The private folder captures are written to before they become an archive: created with
// mkdtemp (mode 0700), files 0600, every entry name checked so nothing lands outside it.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { safeJoin } from '../shared/safe-path.ts';

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

export interface AppendHandle {
  write(data: Buffer | string): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
  close(): Promise<WrittenFile>;
}

/** Stream pieces are gathered up to this size before one write (a monitor sends a frame every 200 ms). */
const APPEND_BUFFER_BYTES = 16 * 1024;

export class Staging {
  readonly root: string;
  readonly #files = new Set<string>();
  /** Folders already made: thousands of captures share a few hundred folders. */
  readonly #dirs = new Map<string, Promise<unknown>>();
  /** Set by destroy(): late writes (work still running after a hard stop) must not bring it back. */
  #destroyed = false;

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
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await fs.mkdir(dir, { mode: 0o700 }); // throws EEXIST when it already exists
    return new Staging(dir);
  }

  /** Bundle-relative paths of every file written, in lexical order. */
  files(): string[] {
    return [...this.#files].sort();
  }

  has(rel: string): boolean {
    return this.#files.has(rel);
  }

  async #prepare(rel: string): Promise<string> {
    if (this.#destroyed) throw new Error(`the staging folder ${this.root} was removed`);
    const full = safeJoin(this.root, rel);
    const dir = path.dirname(full);
    let made = this.#dirs.get(dir);
    if (!made) {
      made = fs.mkdir(dir, { recursive: true, mode: 0o700 });
      this.#dirs.set(dir, made);
      made.catch(() => this.#dirs.delete(dir));
    }
    await made;
    if (this.#destroyed) {
      // destroyed while the folder was being made: mkdir may have brought the root back
      await fs.rm(this.root, { recursive: true, force: true });
      throw new Error(`the staging folder ${this.root} was removed`);
    }
    this.#files.add(path.relative(this.root, full).split(path.sep).join('/'));
    return full;
  }

  async write(rel: string, data: Buffer | string): Promise<WrittenFile> {
    const full = await this.#prepare(rel);
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    await fs.writeFile(full, buf, { mode: 0o600 });
    return { bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
  }

  /** Opens a file for a stream (monitor.log, eventstream.json) written piece by piece, in 16 KiB writes. */
  async openAppend(rel: string): Promise<AppendHandle> {
    const full = await this.#prepare(rel);
    const fh = await fs.open(full, 'w', 0o600);
    const hash = createHash('sha256');
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let chain: Promise<void> = Promise.resolve();
    let closed = false;
    const flush = () => {
      if (pendingBytes === 0) return chain;
      const buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      chain = chain.then(() => fh.write(buf).then(() => undefined));
      return chain;
    };
    return {
      get bytes() {
        return bytes;
      },
      write(data) {
        if (closed) return Promise.resolve();
        const buf = typeof data === 'string' ? Buffer.from(data) : data;
        if (buf.length === 0) return chain;
        hash.update(buf);
        bytes += buf.length;
        pending.push(buf);
        pendingBytes += buf.length;
        return pendingBytes >= APPEND_BUFFER_BYTES ? flush() : Promise.resolve();
      },
      async close() {
        if (!closed) {
          closed = true;
          await flush().finally(() => fh.close());
        }
        return { bytes, sha256: hash.copy().digest('hex') };
      },
    };
  }

  /** Forgets a file (removed after a failed stream that wrote nothing). */
  async remove(rel: string): Promise<void> {
    this.#files.delete(rel);
    await fs.rm(safeJoin(this.root, rel), { force: true });
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    await fs.rm(this.root, { recursive: true, force: true });
  }
}
