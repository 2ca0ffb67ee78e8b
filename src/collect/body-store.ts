// Where answers wait between the wire and redaction: in memory while the run's memory budget has
// room, else in a scratch file. Answers that had to go to disk are read back and redacted one at
// a time, so a handful of huge answers cannot each hold their whole size in memory at once.
import pLimit, { type LimitFunction } from 'p-limit';
import type { ScratchFile, Staging } from '../archive/staging.ts';
import type { BodySink } from '../nomad/client.ts';
import { HeldChunks, MemoryBudget } from './memory-budget.ts';

/**
 * A JSON answer larger than this is not kept (nor would analyze read it: its cap for one file):
 * redaction needs it parsed, and parsing, redacting
 * and writing back cost several times its size (a 200 MiB answer took the collector to 1.3 GB).
 */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** A raw answer (pprof profile, trace) larger than this is not kept; it goes to disk, not memory. */
export const MAX_RAW_BYTES = 512 * 1024 * 1024;
/** The text kept of a non-2xx answer: Nomad's error texts are one line. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A body held for one capture: chunks in memory while the budget allows, then a scratch file. */
export class HeldBody implements BodySink {
  readonly #store: BodyStore;
  readonly #held: HeldChunks;
  #size = 0;
  #file: ScratchFile | undefined;

  constructor(store: BodyStore) {
    this.#store = store;
    this.#held = new HeldChunks(store.budget);
  }

  get spilled(): boolean {
    return this.#file !== undefined;
  }

  get size(): number {
    return this.#size;
  }

  async write(chunk: Buffer): Promise<void> {
    this.#size += chunk.length;
    if (!this.#file && this.#held.add(chunk)) return;
    if (!this.#file) {
      this.#file = await this.#store.staging.scratch();
      for (const c of this.#held.chunks) await this.#file.write(c);
      this.#held.release();
    }
    await this.#file.write(chunk);
  }

  /** The whole body (read back from disk when it went there). */
  async bytes(): Promise<Buffer> {
    if (this.#file) return this.#file.readAll();
    const { chunks, size } = this.#held;
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  }

  /** Gives the memory back and removes the scratch file. */
  async release(): Promise<void> {
    this.#held.release();
    const file = this.#file;
    this.#file = undefined;
    await file?.remove().catch(() => undefined);
  }
}

/** The first bytes of an answer, for error texts; ends the read once it has them. */
export class ErrorText implements BodySink {
  #parts: Buffer[] = [];
  #size = 0;

  write(chunk: Buffer): boolean {
    const room = MAX_ERROR_BODY_BYTES - this.#size;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.#parts.push(Buffer.from(part));
    this.#size += part.length;
    return this.#size < MAX_ERROR_BODY_BYTES;
  }

  bytes(): Buffer {
    return Buffer.concat(this.#parts, this.#size);
  }
}

export class BodyStore {
  readonly budget: MemoryBudget;
  readonly staging: Staging;
  /** Answers that went to disk are handled one at a time: each is parsed whole. */
  readonly #fromDisk: LimitFunction = pLimit(1);

  constructor(staging: Staging, budget = new MemoryBudget()) {
    this.staging = staging;
    this.budget = budget;
  }

  hold(): HeldBody {
    return new HeldBody(this);
  }

  /**
   * Runs `use` on the body: at once when it is in memory, in turn with the others when it went
   * to disk; one whose turn comes after `notAfter` (the run's end) gets `late` instead.
   */
  async use<T>(body: HeldBody, use: (bytes: Buffer) => Promise<T>, notAfter = Infinity, late?: () => Promise<T>): Promise<T> {
    const run = async () => {
      try {
        if (late && Date.now() > notAfter) return await late();
        return await use(await body.bytes());
      } finally {
        await body.release();
      }
    };
    return body.spilled ? this.#fromDisk(run) : run();
  }
}
