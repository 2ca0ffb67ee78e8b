// Parses a bundle's profiles and goroutine dumps beside the rest of the read: the first few on
// this thread, then in the worker pool, with results applied in entry order; lesser goroutine
// sources are held until their round's better ones are known. One call per profile (add), then
// settle() once the entries are read, and close().
import type { ProfileJob, ProfileTarget } from './bundle-builder.ts';
import { parseProfileHere } from './bundle-builder.ts';
import { ParsePool } from './parse-pool.ts';
import type { PprofOutcome } from './pprof-entry.ts';

/** Profiles parsed inline before the worker pool is worth starting. */
const INLINE_PROFILES = 8;
/**
 * Profiles in flight at most, and their bytes: a deep queue lets this thread read on through
 * big JSON files and logs while the worker catches up (32 in flight: 0.1-0.2 s slower at 500
 * clients), and the byte cap bounds the memory it holds.
 */
const MAX_IN_FLIGHT = 1024;
const MAX_IN_FLIGHT_BYTES = 24 * 1024 * 1024;
/** Goroutine sources held back at most, in bytes (see #hold). */
const MAX_HELD_BYTES = 32 * 1024 * 1024;

interface Held {
  round: string;
  rel: string;
  job: ProfileJob;
  bytes: Uint8Array;
}

export class ProfilePipeline {
  readonly #target: ProfileTarget;
  #pool: ParsePool | undefined;
  #profilesSeen = 0;
  readonly #queue: { rel: string; round?: string; size: number; outcome: Promise<PprofOutcome> }[] = [];
  #queuedBytes = 0;
  /** Lesser goroutine sources, by round, until their round is settled. */
  readonly #held = new Map<string, Held[]>();
  #heldBytes = 0;

  constructor(target: ProfileTarget) {
    this.#target = target;
  }

  /** Starts the workers now, so they load while the first entries are read. */
  startPool(): void {
    this.#pool ??= new ParsePool();
    this.#pool.start();
  }

  /** One profile or goroutine dump, read whole. */
  async add(rel: string, job: ProfileJob, bytes: Uint8Array): Promise<void> {
    // its round already keeps a goroutine source at least as detailed
    if (job.round && !this.#target.goroutineWanted(rel)) return;
    // held past this entry: its own copy, not a view that keeps the reader's buffer alive
    if (job.lesser) return this.#hold({ round: job.round!, rel, job, bytes: new Uint8Array(bytes) });
    return this.#parse(rel, job, bytes);
  }

  /**
   * Applies every queued profile, then decodes the held goroutine sources whose rounds kept
   * nothing better: the text dumps first (debug=1 beats the binary profile), each group applied
   * before the next is asked about.
   */
  async settle(): Promise<void> {
    await this.#drain();
    const held = [...this.#held.values()].flat();
    this.#held.clear();
    for (const text of [true, false]) {
      for (const item of held.filter((h) => h.job.text === text)) await this.#release(item);
      await this.#drain();
    }
  }

  async close(): Promise<void> {
    await this.#pool?.close();
  }

  /** Inline for the first few, then in the worker pool. */
  async #parse(rel: string, job: ProfileJob, bytes: Uint8Array): Promise<void> {
    if (++this.#profilesSeen > INLINE_PROFILES) {
      // Only the worker parses from here on: this thread parsing some too, when the worker
      // is behind, made V8 compile the whole decoding path twice, once per thread, and
      // cost more than it gained (500 clients: 3.2 s against 2.7 s).
      this.#pool ??= new ParsePool();
      this.#queue.push({ rel, round: job.round, size: bytes.length, outcome: this.#pool.parse(rel, job.text, bytes) });
      this.#queuedBytes += bytes.length;
      while (this.#queue.length >= MAX_IN_FLIGHT || this.#queuedBytes > MAX_IN_FLIGHT_BYTES) await this.#applyOldest();
      return;
    }
    parseProfileHere(this.#target, rel, job, bytes);
  }

  /**
   * Keeps a lesser goroutine source until its round's better ones are parsed: dropped unparsed
   * when one of them is kept, decoded at the end when none was.
   */
  async #hold(item: Held): Promise<void> {
    const list = this.#held.get(item.round);
    if (list) list.push(item);
    else this.#held.set(item.round, [item]);
    this.#heldBytes += item.bytes.length;
    // A bundle whose rounds never get their best source would hold them all: decide on the oldest now.
    while (this.#heldBytes > MAX_HELD_BYTES) {
      const oldest = this.#held.entries().next();
      if (oldest.done) break;
      const [round, items] = oldest.value;
      this.#held.delete(round);
      for (const held of items) await this.#release(held);
    }
  }

  /** Forgets the held sources of `round` that what it keeps now makes redundant. */
  #dropRedundant(round: string): void {
    const items = this.#held.get(round);
    if (!items) return;
    const keep = items.filter((item) => this.#target.goroutineWanted(item.rel));
    for (const item of items) if (!keep.includes(item)) this.#heldBytes -= item.bytes.length;
    if (keep.length > 0) this.#held.set(round, keep);
    else this.#held.delete(round);
  }

  async #release(item: Held): Promise<void> {
    this.#heldBytes -= item.bytes.length;
    if (this.#target.goroutineWanted(item.rel)) await this.#parse(item.rel, item.job, item.bytes);
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#applyOldest();
  }

  async #applyOldest(): Promise<void> {
    const next = this.#queue.shift();
    if (!next) return;
    this.#queuedBytes -= next.size;
    this.#target.addPprofOutcome(next.rel, await next.outcome);
    if (next.round) this.#dropRedundant(next.round);
  }
}
