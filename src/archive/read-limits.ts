// Byte caps that keep reading an untrusted bundle bounded (decompression bombs, giant files),
// and the visitor contract shared by the tar and folder readers.

export interface ReadLimits {
  /** Cap for one streamed entry (monitor logs, the event stream). */
  maxLogBytes: number;
  /** Cap for any other entry (JSON, profiles), which is held whole while parsed. */
  maxEntryBytes: number;
  /** Cap on all decompressed bytes read; over it, reading stops cleanly. */
  maxTotalBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
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
  /** "UNSAFE_NAME" | "TOO_LARGE" */
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
