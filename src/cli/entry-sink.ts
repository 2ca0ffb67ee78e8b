// The redacted bytes of one entry until they go into the archive. A tar header needs the size
// first, and redaction changes it: small entries wait in memory, a larger one (a long monitor
// log) in a private temporary file beside the archive, removed once it is packed. Memory stays
// bounded whatever the entry's size; the input is never unpacked.
import type { FileHandle } from 'node:fs/promises';
import { open, rm } from 'node:fs/promises';
import type { ArchiveWriter } from '../archive/archive-writer.ts';

/** Entries up to this size wait in memory. */
export const MEMORY_MAX_BYTES = 8 * 1024 * 1024;

/** Spooled bytes go to the file in batches of about this size (a log line is a chunk: one write each was most of the time). */
const BATCH_BYTES = 1024 * 1024;

export class EntrySink {
  readonly #spoolPath: string;
  #chunks: Buffer[] = [];
  /** Bytes in #chunks. */
  #held = 0;
  #file: FileHandle | undefined;
  #opened = false;
  bytes = 0;

  /** `beside`: the archive's temporary file; the spool file is named after it. */
  constructor(beside: string) {
    this.#spoolPath = `${beside}.entry`;
  }

  async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    this.#held += chunk.length;
    // spooled: a copy, as the chunk may be a view of the reader's buffer that it reuses
    this.#chunks.push(this.#file ? Buffer.from(chunk) : chunk);
    if (!this.#file && this.bytes <= MEMORY_MAX_BYTES) return;
    if (!this.#file) {
      this.#opened = true;
      this.#file = await open(this.#spoolPath, 'wx', 0o600);
    }
    if (this.#held >= BATCH_BYTES) await this.#flush();
  }

  async #flush(): Promise<void> {
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#held = 0;
    if (chunks.length > 0) await this.#file!.writev(chunks);
  }

  /** Adds the entry to the archive and waits until a spooled one is packed. */
  async addTo(writer: ArchiveWriter, rel: string): Promise<void> {
    if (!this.#file) {
      // a copy: the chunks may be views of the reader's buffers
      await writer.add(rel, Buffer.concat(this.#chunks));
      this.#chunks = [];
      return;
    }
    await this.#flush();
    await this.#file.close();
    this.#file = undefined;
    await writer.addFile(rel, this.#spoolPath, this.bytes);
    await writer.written();
  }

  async discard(): Promise<void> {
    this.#chunks = [];
    await this.#file?.close().catch(() => undefined);
    this.#file = undefined;
    if (this.#opened) await rm(this.#spoolPath, { force: true });
  }
}
