// One budget of response bytes held in memory across every request in flight. A capture keeps
// its answer in memory while the budget has room and moves it to disk when it has not, so
// several huge answers at once cannot grow the process past the budget.

/** Response bytes held in memory at once, across all requests (issue: peak RSS must stay near 300 MB). */
export const BODY_MEMORY_BUDGET = 64 * 1024 * 1024;

export class MemoryBudget {
  readonly limit: number;
  #used = 0;

  constructor(limit = BODY_MEMORY_BUDGET) {
    this.limit = limit;
  }

  get used(): number {
    return this.#used;
  }

  /** Takes `bytes` when they fit; false (and nothing taken) when they do not. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.limit) return false;
    this.#used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}

/** Chunks of one answer held under the budget; the bytes go back with release(). */
export class HeldChunks {
  readonly #budget: MemoryBudget;
  chunks: Buffer[] = [];
  size = 0;

  constructor(budget: MemoryBudget) {
    this.#budget = budget;
  }

  /** Keeps the chunk when the budget has room for it; false (nothing kept) when not. */
  add(chunk: Buffer): boolean {
    if (!this.#budget.take(chunk.length)) return false;
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  release(): void {
    this.#budget.give(this.size);
    this.chunks = [];
    this.size = 0;
  }
}
