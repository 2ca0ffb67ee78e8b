// A raw answer (pprof profile, trace, goroutine dump) on its way into the bundle: in memory while
// the run's memory budget has room, else written straight to its staged file as it comes, with
// the ACL token masked across chunk edges. Nothing about it is parsed, so nothing needs it whole.
import type { AppendHandle, Staging, WrittenFile } from '../archive/staging.ts';
import type { BodySink } from '../nomad/client.ts';
import type { MemoryBudget } from './memory-budget.ts';

/** Masks every copy of `token` in a byte stream, holding back the few bytes a copy could start in. */
export class TokenMask {
  readonly #needle: Buffer | undefined;
  #tail: Buffer = Buffer.alloc(0);
  hits = 0;

  constructor(token: string | undefined) {
    this.#needle = token && token.length >= 4 ? Buffer.from(token) : undefined;
  }

  /** The bytes that can be passed on; the last (token length - 1) wait for the next chunk. */
  push(chunk: Buffer): Buffer {
    if (!this.#needle) return chunk;
    const all = this.#tail.length > 0 ? Buffer.concat([this.#tail, chunk]) : Buffer.from(chunk);
    this.#mask(all);
    const keep = Math.min(all.length, this.#needle.length - 1);
    this.#tail = Buffer.from(all.subarray(all.length - keep));
    return all.subarray(0, all.length - keep);
  }

  end(): Buffer {
    const rest = this.#tail;
    this.#tail = Buffer.alloc(0);
    return rest;
  }

  #mask(buf: Buffer): void {
    const needle = this.#needle!;
    for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + needle.length)) {
      buf.fill('x', at, at + needle.length);
      this.hits++;
    }
  }
}

export class RawBody implements BodySink {
  readonly #budget: MemoryBudget;
  readonly #staging: Staging;
  readonly #rel: string;
  readonly #mask: TokenMask;
  #chunks: Buffer[] = [];
  #held = 0;
  #file: AppendHandle | undefined;

  constructor(budget: MemoryBudget, staging: Staging, rel: string, token: string | undefined) {
    this.#budget = budget;
    this.#staging = staging;
    this.#rel = rel;
    this.#mask = new TokenMask(token);
  }

  get tokenHits(): number {
    return this.#mask.hits;
  }

  async write(chunk: Buffer): Promise<void> {
    if (!this.#file && this.#budget.take(chunk.length)) {
      this.#chunks.push(chunk);
      this.#held += chunk.length;
      return;
    }
    if (!this.#file) {
      this.#file = await this.#staging.openAppend(this.#rel);
      for (const c of this.#chunks) await this.#file.write(this.#mask.push(c));
      this.#giveBack();
    }
    await this.#file.write(this.#mask.push(chunk));
  }

  /** Puts the whole answer in the bundle. */
  async keep(): Promise<WrittenFile> {
    if (this.#file) {
      await this.#file.write(this.#mask.end());
      return this.#file.close();
    }
    try {
      const whole = Buffer.concat(this.#chunks.map((c) => this.#mask.push(c)).concat(this.#mask.end()));
      return await this.#staging.write(this.#rel, whole);
    } finally {
      this.#giveBack();
    }
  }

  /** Drops what came: the capture failed, and a failed raw capture leaves no file. */
  async drop(): Promise<void> {
    this.#giveBack();
    await this.#file?.discard().catch(() => undefined);
  }

  #giveBack(): void {
    this.#budget.give(this.#held);
    this.#chunks = [];
    this.#held = 0;
  }
}
