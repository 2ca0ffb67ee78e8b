// A raw answer (pprof profile, trace, goroutine dump) on its way into the bundle: in memory while
// the run's memory budget has room, else written straight to its staged file as it comes, with
// the tokens in use masked across chunk edges. Nothing about it is parsed, so nothing needs it whole.
import type { AppendHandle, Staging, WrittenFile } from '../archive/staging.ts';
import type { BodySink } from '../nomad/client.ts';
import { HeldChunks, type MemoryBudget } from './memory-budget.ts';
import { TokenMask } from './redact.ts';

export class RawBody implements BodySink {
  readonly #held: HeldChunks;
  readonly #staging: Staging;
  readonly #rel: string;
  readonly #mask: TokenMask;
  #file: AppendHandle | undefined;

  constructor(budget: MemoryBudget, staging: Staging, rel: string, tokens: readonly string[] | undefined) {
    this.#held = new HeldChunks(budget);
    this.#staging = staging;
    this.#rel = rel;
    this.#mask = new TokenMask(tokens);
  }

  get tokenHits(): number {
    return this.#mask.hits;
  }

  async write(chunk: Buffer): Promise<void> {
    if (!this.#file && this.#held.add(chunk)) return;
    if (!this.#file) {
      this.#file = await this.#staging.openAppend(this.#rel);
      for (const c of this.#held.chunks) await this.#file.write(this.#mask.push(c));
      this.#held.release();
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
      const whole = Buffer.concat(this.#held.chunks.map((c) => this.#mask.push(c)).concat(this.#mask.end()));
      return await this.#staging.write(this.#rel, whole);
    } finally {
      this.#held.release();
    }
  }

  /** Drops what came: the capture failed, and a failed raw capture leaves no file. */
  async drop(): Promise<void> {
    this.#held.release();
    await this.#file?.discard().catch(() => undefined);
  }
}
