// readBundle: a bundle path (.tar.gz, .tar or an unpacked folder) → Bundle, streaming each
// entry into its parser so memory holds only summaries, never the whole bundle.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readAll, resolveLimits, type EntryVisitor, type ReadEntry, type ReadLimits, type ReadProblem } from '../archive/read-limits.ts';
import { readArchive } from '../archive/read-tar.ts';
import { readFolder } from '../archive/read-folder.ts';
import { InputError } from '../shared/errors.ts';
import { readFailure } from '../shared/failure-messages.ts';
import { BundleBuilder } from './bundle-builder.ts';
import { EventCounter } from './event-counter.ts';
import { ParsePool } from './parse-pool.ts';
import type { PprofOutcome } from './pprof-entry.ts';
import type { Bundle } from './types.ts';

export type { ReadLimits } from '../archive/read-limits.ts';

export interface ReadBundleOptions {
  /** WARN/ERROR log entries kept per agent (default 5,000). */
  logEntryCap?: number;
}

export async function readBundle(input: string, limits?: Partial<ReadLimits>, options: ReadBundleOptions = {}): Promise<Bundle> {
  const resolved = resolveLimits(limits);
  const st = await stat(input).catch((err: NodeJS.ErrnoException) => {
    throw new InputError('INPUT', `Cannot read bundle: ${readFailure(err, input)}`);
  });
  if (st.isDirectory()) {
    const folder = await bundleFolder(input);
    // The folder's own name is the root ("nomad-debug-<ts>"), so paths carry no prefix.
    const root = path.basename(path.resolve(folder));
    const builder = new BundleBuilder({ root, logEntryCap: options.logEntryCap });
    const visitor = new BundleVisitor(builder);
    try {
      await readFolder(folder, resolved, visitor, root);
      await visitor.settle();
    } finally {
      await visitor.close();
    }
    return finish(builder, input);
  }
  if (!st.isFile()) throw new InputError('INPUT', `Cannot read bundle ${input}: not a file or directory`);
  if (st.size === 0) throw new InputError('INPUT', `Cannot read bundle ${input}: empty file`);
  const builder = new BundleBuilder({ logEntryCap: options.logEntryCap });
  const visitor = new BundleVisitor(builder);
  // A big archive will want the worker: start it while the first entries are read.
  if (st.size >= EARLY_POOL_BYTES) visitor.startPool();
  try {
    await readArchive(input, resolved, visitor);
    await visitor.settle();
  } finally {
    await visitor.close();
  }
  return finish(builder, input);
}

/** A folder holding just one `nomad-debug-*` folder (e.g. the -output folder) means that one. */
async function bundleFolder(input: string): Promise<string> {
  const names = await readdir(input, { withFileTypes: true }).catch(() => []);
  const only = names.length === 1 ? names[0] : undefined;
  if (only && only.isDirectory() && only.name.startsWith('nomad-debug-')) return path.join(input, only.name);
  return input;
}

function finish(builder: BundleBuilder, input: string): Bundle {
  const bundle = builder.build();
  if (bundle.files.length === 0 && !bundle.gaps.some((g) => g.code === 'UNSAFE_NAME' || g.code === 'TOO_LARGE')) {
    throw new InputError('INPUT', `Cannot read bundle ${input}: it holds no files`);
  }
  // A tarball of anything else must not pass a pipeline's -fail-on as a healthy cluster.
  if (bundle.layout === 'unknown' && bundle.files.length > 0) {
    throw new InputError('NOT_A_BUNDLE', `not a Nomad debug bundle: no cluster/, version/ or nomad/ folder and no manifest.json in ${input}`);
  }
  return bundle;
}

/** Profiles parsed inline before the worker pool is worth starting. */
const INLINE_PROFILES = 8;
/** Archives this big start the worker pool before their first entry. */
const EARLY_POOL_BYTES = 4 * 1024 * 1024;
/**
 * Profiles in flight at most, and their bytes: a deep queue lets this thread read on through
 * big JSON files and logs while the worker catches up (32 in flight: 0.1-0.2 s slower at 500
 * clients), and the byte cap bounds the memory it holds.
 */
const MAX_IN_FLIGHT = 1024;
const MAX_IN_FLIGHT_BYTES = 24 * 1024 * 1024;
/** Goroutine sources held back at most, in bytes (see BundleVisitor.#hold). */
const MAX_HELD_BYTES = 32 * 1024 * 1024;

/**
 * Routes each entry to its parser: streamed logs and events, size-only files drained, profiles
 * to worker threads once there are many, the rest parsed whole. Worker results are applied
 * in entry order, and held goroutine sources in entry order at the end, so the Bundle does not
 * depend on timing.
 */
export class BundleVisitor implements EntryVisitor {
  readonly #builder: BundleBuilder;
  #pool: ParsePool | undefined;
  #profilesSeen = 0;
  readonly #queue: { rel: string; size: number; outcome: Promise<PprofOutcome> }[] = [];
  #queuedBytes = 0;
  /** Lesser goroutine sources (see BundleBuilder.pprofJob), by round, until their round is settled. */
  readonly #held = new Map<string, Held[]>();
  #heldBytes = 0;

  constructor(builder: BundleBuilder) {
    this.#builder = builder;
  }

  startPool(): void {
    this.#pool ??= new ParsePool();
    this.#pool.start();
  }

  async onEntry(entry: ReadEntry): Promise<void> {
    const builder = this.#builder;
    const rel = builder.register(entry.path, entry.size);
    if (rel === undefined) return; // a second copy of a name: the first is the one read (the reader drains this)
    // Every file is hashed as it is read, for the manifest's sha256 (tampering shows there).
    const hash = createHash('sha256');
    const chunks = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of entry.body) {
        hash.update(chunk);
        yield chunk;
      }
    };
    const digest = () => builder.addDigest(rel, hash.digest('hex'));
    switch (builder.handling(rel)) {
      case 'log': {
        const parser = builder.logParser(rel);
        for await (const chunk of chunks()) parser.push(chunk);
        builder.addLog(rel, parser.end());
        return digest();
      }
      case 'events': {
        const counter = new EventCounter();
        for await (const chunk of chunks()) counter.push(chunk);
        builder.addEventCounts(rel, counter.end());
        return digest();
      }
      case 'size-only':
        for await (const chunk of entry.body) hash.update(chunk);
        return digest();
      case 'whole': {
        const bytes = await readAll(entry.body);
        hash.update(bytes);
        digest();
        const job = builder.pprofJob(rel);
        // its round already keeps a goroutine source at least as detailed
        if (job?.round && !builder.goroutineWanted(rel)) return;
        // held past this entry: its own copy, not a view that keeps the reader's buffer alive
        if (job?.lesser) return this.#hold({ round: job.round!, rel, text: job.text, bytes: new Uint8Array(bytes) });
        if (job) return this.#parseProfile(rel, job.text, bytes);
        builder.addContent(rel, bytes);
        return;
      }
    }
  }

  onProblem(problem: ReadProblem): void {
    this.#builder.addGap({ file: problem.path, code: problem.code, reason: problem.reason });
  }

  /** Inline for the first few, then in the worker pool. */
  async #parseProfile(rel: string, text: boolean, bytes: Uint8Array): Promise<void> {
    if (++this.#profilesSeen > INLINE_PROFILES) {
      // Only the worker parses from here on: this thread parsing some too, when the worker
      // is behind, made V8 compile the whole decoding path twice, once per thread, and
      // cost more than it gained (500 clients: 3.2 s against 2.7 s).
      this.#pool ??= new ParsePool();
      this.#queue.push({ rel, size: bytes.length, outcome: this.#pool.parse(rel, text, bytes) });
      this.#queuedBytes += bytes.length;
      while (this.#queue.length >= MAX_IN_FLIGHT || this.#queuedBytes > MAX_IN_FLIGHT_BYTES) await this.#applyOldest();
      return;
    }
    this.#builder.addContent(rel, bytes);
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
    const keep = items.filter((item) => this.#builder.goroutineWanted(item.rel));
    for (const item of items) if (!keep.includes(item)) this.#heldBytes -= item.bytes.length;
    if (keep.length > 0) this.#held.set(round, keep);
    else this.#held.delete(round);
  }

  async #release(item: Held): Promise<void> {
    this.#heldBytes -= item.bytes.length;
    if (this.#builder.goroutineWanted(item.rel)) await this.#parseProfile(item.rel, item.text, item.bytes);
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
      for (const item of held.filter((h) => h.text === text)) await this.#release(item);
      await this.#drain();
    }
  }

  async close(): Promise<void> {
    await this.#pool?.close();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#applyOldest();
  }

  async #applyOldest(): Promise<void> {
    const next = this.#queue.shift();
    if (!next) return;
    this.#queuedBytes -= next.size;
    this.#builder.addPprofOutcome(next.rel, await next.outcome);
    const round = this.#builder.pprofJob(next.rel)?.round;
    if (round) this.#dropRedundant(round);
  }
}

interface Held {
  round: string;
  rel: string;
  text: boolean;
  bytes: Uint8Array;
}
