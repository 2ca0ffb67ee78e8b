// Worker thread body: parses pprof files and goroutine dumps sent by parse-pool.ts.
import { parentPort } from 'node:worker_threads';
import { parsePprofEntry, type PprofOutcome } from './pprof-entry.ts';
import { toWire } from './parse-wire.ts';

export interface ParseJob {
  id: number;
  rel: string;
  text: boolean;
  bytes: Uint8Array;
}

parentPort?.on('message', (job: ParseJob) => {
  let outcome: PprofOutcome;
  try {
    outcome = parsePprofEntry(job.rel, job.text, job.bytes);
  } catch (err) {
    outcome = { kind: 'gap', gap: { file: job.rel, code: 'INVALID_PROFILE', reason: (err as Error).message } };
  }
  parentPort!.postMessage({ id: job.id, outcome: toWire(outcome) });
});
