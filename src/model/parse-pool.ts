// Parses pprof files and goroutine dumps off the main thread, so profile decoding runs
// beside log and JSON parsing. Falls back to parsing inline if a worker cannot start
// (e.g. when the TypeScript loader is unavailable to workers).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parsePprofEntry, type PprofOutcome } from './pprof-entry.ts';
import type { ParseJob } from './parse-worker.ts';
import { fromWire, type WireOutcome } from './parse-wire.ts';

interface Pending {
  resolve: (o: PprofOutcome) => void;
  job: Omit<ParseJob, 'id'>;
}

export class ParsePool {
  readonly #size: number;
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #broken = false;

  constructor(size = Math.max(1, Math.min(2, availableParallelism() - 1))) {
    this.#size = size;
  }

  parse(rel: string, text: boolean, bytes: Uint8Array): Promise<PprofOutcome> {
    if (this.#broken) return Promise.resolve(parsePprofEntry(rel, text, bytes));
    const id = this.#next++;
    const worker = this.#worker(id % this.#size);
    if (!worker) return Promise.resolve(parsePprofEntry(rel, text, bytes));
    // A private copy: small Buffers share a pooled ArrayBuffer that must not be transferred.
    // The original stays with the pending job in case the worker dies and it is parsed here.
    const copy = new Uint8Array(bytes);
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve, job: { rel, text, bytes } });
      worker.postMessage({ id, rel, text, bytes: copy }, [copy.buffer]);
    });
  }

  /** Starts the workers now, so they load their modules while this thread still reads. */
  start(): void {
    for (let i = 0; i < this.#size && !this.#broken; i++) this.#worker(i);
  }

  /** Workers running now (for tests and diagnostics). */
  get workerCount(): number {
    return this.#workers.filter(Boolean).length;
  }

  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  #worker(i: number): Worker | undefined {
    if (this.#workers[i]) return this.#workers[i];
    let worker: Worker;
    try {
      worker = startWorker();
    } catch {
      this.#broken = true;
      return undefined;
    }
    worker.unref();
    worker.on('message', (msg: { id: number; outcome: WireOutcome }) => {
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      p.resolve(fromWire(msg.outcome));
    });
    worker.on('error', () => this.#fail());
    worker.on('exit', (code) => {
      if (code !== 0) this.#fail();
    });
    this.#workers[i] = worker;
    return worker;
  }

  /** A worker died or never started: finish its jobs here and stop using workers. */
  #fail(): void {
    this.#broken = true;
    for (const [id, p] of this.#pending) {
      this.#pending.delete(id);
      p.resolve(parsePprofEntry(p.job.rel, p.job.text, p.job.bytes));
    }
    void this.close();
  }
}

/** Built (dist/*.js): the worker file as it is. From sources (*.ts, tests): through tsx. */
function startWorker(): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./parse-worker.js', import.meta.url));
  const source = workerSource(new URL('./parse-worker.ts', import.meta.url).href);
  if (source === undefined) throw new Error('no TypeScript loader for workers');
  return new Worker(source, { eval: true });
}

/**
 * Workers load TypeScript through tsx like the main thread. Loader hooks given by --import
 * are not applied to workers on Node 20, so the worker registers tsx itself first.
 */
function workerSource(workerUrl: string): string | undefined {
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); })`;
}
