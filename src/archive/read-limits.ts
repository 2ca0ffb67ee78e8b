// The caps that keep reading an untrusted bundle bounded (decompression bombs, giant files,
// entry-count bombs), and the visitor contract shared by the tar and folder readers. Every cap
// on what is read from a bundle is named here; the report's coverage section lists those hit.

export interface ReadLimits {
  /** Entries read at most (every header counts: files, folders, links); over it, reading stops cleanly. */
  maxEntries: number;
  /** Entries read at most in one folder (directly in it); the rest of that folder is skipped. */
  maxEntriesPerFolder: number;
  /** Cap for one streamed entry (monitor logs, the event stream). */
  maxLogBytes: number;
  /** Cap for any other entry (JSON, profiles), which is held whole while parsed. */
  maxEntryBytes: number;
  /** Cap on all decompressed bytes read; over it, reading stops cleanly. */
  maxTotalBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  // A 2,000-client bundle of a 5-minute run with pprof every 30 s holds ~190,000 entries; a
  // million tiny entries (15 MB compressed) took 34 s and 2.1 GB before this cap.
  maxEntries: 250_000,
  // An agent folder holds ~90 files for a 5-minute run; an hour with pprof every 30 s ~1,100.
  maxEntriesPerFolder: 5_000,
  maxLogBytes: 256 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
};

export function resolveLimits(limits?: Partial<ReadLimits>): ReadLimits {
  return { ...DEFAULT_READ_LIMITS, ...limits };
}

/** Entries consumed as a stream (never held whole) get the larger log cap. */
export function isStreamedEntry(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.endsWith('.log') || base === 'eventstream.json';
}

export function entryCap(path: string, limits: ReadLimits): number {
  return isStreamedEntry(path) ? limits.maxLogBytes : limits.maxEntryBytes;
}

/** What EntryCount says of the next entry. */
export type Admission = 'read' | 'folder-full' | 'stop';

/**
 * Counts entries against maxEntries and maxEntriesPerFolder. A folder over its cap costs one
 * problem (with its count) at the end, not one per skipped entry: a bomb must not become a
 * million gaps.
 */
export class EntryCount {
  readonly #limits: ReadLimits;
  #total = 0;
  readonly #perFolder = new Map<string, number>();
  readonly #overflow = new Map<string, number>();
  #stopped = false;

  constructor(limits: ReadLimits) {
    this.#limits = limits;
  }

  /** True once maxEntries was passed: nothing more is read. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** `path` is the entry's raw name (any entry: file, folder or link). */
  admit(path: string): Admission {
    if (this.#stopped) return 'stop';
    if (++this.#total > this.#limits.maxEntries) {
      this.#stopped = true;
      return 'stop';
    }
    const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
    const folder = trimmed.slice(0, Math.max(0, trimmed.lastIndexOf('/')));
    const n = (this.#perFolder.get(folder) ?? 0) + 1;
    this.#perFolder.set(folder, n);
    if (n <= this.#limits.maxEntriesPerFolder) return 'read';
    this.#overflow.set(folder, (this.#overflow.get(folder) ?? 0) + 1);
    return 'folder-full';
  }

  /** The caps hit, as problems to report once reading ends. */
  problems(): ReadProblem[] {
    const out: ReadProblem[] = [];
    for (const [folder, skipped] of this.#overflow) {
      out.push({ path: folder, code: 'TOO_MANY', reason: `${skipped} more entries in this folder skipped: over the cap of ${this.#limits.maxEntriesPerFolder} entries a folder` });
    }
    if (this.#stopped) out.push({ path: '', code: 'TOO_MANY', reason: `bundle over the cap of ${this.#limits.maxEntries} entries; stopped reading` });
    return out;
  }
}

/** An entry's bytes as chunks; a reader may also offer a faster way to read them whole. */
export type EntryBody = AsyncIterable<Buffer> & { readAll?(): Promise<Buffer> };

/** One regular file of the bundle, with a safe normalised name (root folder not stripped). */
export interface ReadEntry {
  path: string;
  size: number;
  /** The bytes; the visitor must read it to the end (or not at all: the reader drains it). */
  body: EntryBody;
}

/** An entry the reader skipped, or a reason it stopped early. */
export interface ReadProblem {
  path: string;
  /** "UNSAFE_NAME" | "TOO_LARGE" | "TOO_MANY" | "UNREADABLE" */
  code: string;
  reason: string;
}

export interface EntryVisitor {
  onEntry(entry: ReadEntry): Promise<void>;
  onProblem(problem: ReadProblem): void;
}

/**
 * Reads a whole (already capped) entry body into one buffer. A body that came in one chunk is
 * returned as it is, without a copy: it may be a view into the reader's larger buffer, so copy
 * it before keeping it past the next entry.
 */
export function readAll(body: EntryBody): Promise<Buffer> {
  return body.readAll ? body.readAll() : readChunks(body);
}

/** readAll by iterating the chunks. */
export async function readChunks(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return joinChunks(chunks);
}

/** One buffer of an entry's chunks; a lone chunk as it is (see readAll). */
export function joinChunks(chunks: Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
