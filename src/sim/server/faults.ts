// Fault knobs for tests: per agent (name or ID of the agent a request is for) and path prefix,
// answer with a status, wait first, hang, reset the connection after some bytes, or answer the
// way a sick or hostile server does: a huge or endless body, a trickle, or headers then silence.
import type { ServerResponse } from 'node:http';
import type { SimAgent } from '../cluster/types.ts';

export interface Fault {
  /** Agent name or ID; every agent when absent. */
  agent?: string;
  /** Path prefix, e.g. `/v1/agent/host`. */
  path: string;
  status?: number;
  body?: string;
  delayMs?: number;
  /** Never answer (the client's timeout ends it). */
  hang?: boolean;
  /** Destroy the socket once this many body bytes went out (mid-stream reset). */
  resetAfterBytes?: number;
  /** Answer 200 with a body of this many filler bytes (Infinity: a body that never ends). */
  bodyBytes?: number;
  /** Answer 200, then send one byte of body every this many ms, for ever. */
  trickleMs?: number;
  /** Answer 200 with headers only, then say nothing more. */
  silentAfterHeaders?: boolean;
}

export class Faults {
  private list: Fault[] = [];

  add(f: Fault): void {
    this.list.push({ ...f });
  }

  clear(): void {
    this.list = [];
  }

  /** The most recently added fault matching this request, if any; `targetOf` is asked only when a fault names an agent. */
  match(path: string, targetOf: () => SimAgent | undefined): Fault | undefined {
    let target: SimAgent | undefined | null = null;
    for (let i = this.list.length - 1; i >= 0; i--) {
      const f = this.list[i]!;
      if (!path.startsWith(f.path)) continue;
      if (f.agent !== undefined && target === null) target = targetOf();
      if (f.agent !== undefined && (!target || (f.agent !== target.name && f.agent !== target.id))) continue;
      return f;
    }
    return undefined;
  }
}

/** Counts body bytes and destroys the socket past the limit, so a stream breaks mid-way (the body never ends cleanly). */
export function resetAfter(res: ServerResponse, limit: number): void {
  let sent = 0;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let cut = false;
  res.end = ((...args: unknown[]) => (cut ? res : end(...args))) as typeof res.end;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    const len = typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
    if (sent + len >= limit) {
      const part = typeof chunk === 'string' ? Buffer.from(chunk).subarray(0, Math.max(0, limit - sent)) : (chunk as Buffer).subarray(0, Math.max(0, limit - sent));
      write(part);
      sent = limit;
      cut = true;
      setImmediate(() => res.socket?.destroy());
      return false;
    }
    sent += len;
    return write(chunk, ...rest);
  }) as typeof res.write;
}

/** Filler for huge answers: the start of a JSON document that never closes, so no prefix parses. */
const FILLER = Buffer.from(`{"Filler":"${'x'.repeat(64 * 1024 - 12)}`);

function wroteHeaders(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.flushHeaders();
}

function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A body of `bytes` filler bytes (Infinity: until the client goes), written as fast as the client reads. */
export async function sendHugeBody(res: ServerResponse, bytes: number, signal: AbortSignal): Promise<void> {
  wroteHeaders(res);
  let sent = 0;
  while (sent < bytes && !signal.aborted) {
    const piece = bytes - sent >= FILLER.length ? FILLER : FILLER.subarray(0, bytes - sent);
    sent += piece.length;
    if (!res.write(piece)) await drained(res, signal);
  }
  if (!signal.aborted) res.end();
}

/** One byte every `everyMs`, until the client goes: a body that is never complete. */
export async function sendTrickle(res: ServerResponse, everyMs: number, signal: AbortSignal, wait: (ms: number, s: AbortSignal) => Promise<boolean>): Promise<void> {
  wroteHeaders(res);
  res.write('[');
  while (await wait(everyMs, signal)) res.write(' ');
}

/** Headers, then nothing until the client goes. */
export function sendSilence(res: ServerResponse): void {
  wroteHeaders(res);
}
