// Parses pprof files and goroutine dumps off the main thread, so profile decoding runs
// beside log and JSON parsing. Falls back to parsing inline if a worker cannot start
// (e.g. when the TypeScript loader is unavailable to workers).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parsePprofEntry, type PprofOutcome } from './pprof-entry.ts';
import { fromWire, type WireOutcome } from './parse-wire.ts';

interface Pending {
  resolve: (o: PprofOutcome) => void;
  rel: string;
  text: boolean;
  /** Kept only until a worker has answered once (see parse). */
  bytes?: Uint8Array;
}

/** Starts one worker; tests give their own. */
export type WorkerStarter = () => Worker;

export class ParsePool {
  readonly #size: number;
  readonly #start: WorkerStarter;
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #broken = false;
  /** A worker has answered: workers run here, and a later failure is that worker's, not the setup's. */
  #proven = false;

  constructor(size = Math.max(1, Math.min(2, availableParallelism() - 1)), start: WorkerStarter = startWorker) {
    this.#size = size;
    this.#start = start;
  }

  parse(rel: string, text: boolean, bytes: Uint8Array): Promise<PprofOutcome> {
    if (this.#broken) return Promise.resolve(parsePprofEntry(rel, text, bytes));
    const id = this.#next++;
    const worker = this.#worker(id % this.#size);
    if (!worker) return Promise.resolve(parsePprofEntry(rel, text, bytes));
    // A private copy: the bytes may be a view into a larger (pooled or reader's) buffer that
    // must not be transferred. Until a worker has answered, the original stays with the job, so
    // that a worker failing to start costs nothing: its jobs are parsed here. After that, a
    // job is not held here (hundreds are in flight, each a view keeping the reader's buffer
    // alive), and a worker dying takes its jobs with it as gaps: the file that killed it would
    // likely do the same here.
    const copy = new Uint8Array(bytes);
    return new Promise((resolve) => {
      this.#pending.set(id, this.#proven ? { resolve, rel, text } : { resolve, rel, text, bytes });
      if (this.#pending.size === 1) this.#keepAlive(true);
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
      worker = this.#start();
    } catch {
      this.#broken = true;
      return undefined;
    }
    if (this.#pending.size === 0) worker.unref(); // see #keepAlive
    worker.on('message', (msg: { id: number; outcome: WireOutcome }) => {
      this.#proven = true;
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (this.#pending.size === 0) this.#keepAlive(false);
      p.resolve(fromWire(msg.outcome));
    });
    worker.on('error', () => this.#fail());
    worker.on('exit', (code) => {
      if (code !== 0) this.#fail();
    });
    this.#workers[i] = worker;
    return worker;
  }

  /**
   * Workers keep the process alive only while they have jobs: an idle pool never holds it open,
   * and a worker dying mid-job still gets its exit event here (an unref'd worker's is lost).
   */
  #keepAlive(busy: boolean): void {
    for (const w of this.#workers) {
      if (!w) continue;
      if (busy) w.ref();
      else w.unref();
    }
  }

  /** A worker died or never started: its jobs are parsed here, or become gaps (see parse); no more workers. */
  #fail(): void {
    this.#broken = true;
    for (const [id, p] of this.#pending) {
      this.#pending.delete(id);
      p.resolve(p.bytes ? parsePprofEntry(p.rel, p.text, p.bytes) : { kind: 'gap', gap: { file: p.rel, code: 'PARSE_STOPPED', reason: 'the parse worker stopped before this file was read' } });
    }
    void this.close();
  }
}

/** Built (dist/, or the bundle beside its parse-worker.js): the worker file as it is. From sources (*.ts, tests): through tsx. */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', import.meta.url));
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
