// Worker thread body: parses pprof files and goroutine dumps sent by parse-pool.ts.
import { parentPort } from 'node:worker_threads';
import { parsePprofEntry } from './pprof-entry.ts';
import { toWire, type WireOutcome } from './parse-wire.ts';

export interface ParseJob {
  id: number;
  rel: string;
  text: boolean;
  bytes: Uint8Array;
}

// Every step for one file, parse and wire form alike, is inside the try: a hostile file fails
// alone, as a gap on that file, and the worker goes on with the next.
parentPort?.on('message', (job: ParseJob) => {
  let wire: WireOutcome;
  try {
    wire = toWire(parsePprofEntry(job.rel, job.text, job.bytes));
  } catch (err) {
    wire = { kind: 'gap', gap: { file: job.rel, code: 'INVALID_PROFILE', reason: (err as Error).message } };
  }
  parentPort!.postMessage({ id: job.id, outcome: wire });
});
