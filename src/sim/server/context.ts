// What a route handler gets: the cluster, the agent whose listener took the request, the parsed
// request, who is asking, and a signal that ends when the client goes or the sim closes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimAgent, SimCluster } from '../cluster/types.ts';
import type { AclConfig, Principal } from './acl.ts';
import { HttpError, type Answer } from './respond.ts';

export interface Ctx {
  cluster: SimCluster;
  receiver: SimAgent;
  method: string;
  path: string;
  q: URLSearchParams;
  acl: AclConfig;
  who: Principal;
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborted when the client disconnects or the sim closes. */
  signal: AbortSignal;
  now: () => Date;
  /** What PUT requests changed (scheduler worker config per server). */
  state: MutableState;
}

export interface MutableState {
  schedulerConfig: Map<string, { num_schedulers: number; enabled_schedulers: string[] }>;
  /** Node lists answered so far: a flapping node is down in every other one. */
  nodeListAsks: number;
}

/** Reads a small request body (PUT/POST JSON), capped so a hostile client cannot grow memory. */
export async function readBody(ctx: Ctx, cap = 64 * 1024): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A handler answers with a document, or writes a stream itself and returns 'streamed'. */
export type Handler = (ctx: Ctx, params: string[]) => Answer | 'streamed' | Promise<Answer | 'streamed'>;

/** Go's strconv.ParseBool: undefined for anything it refuses. */
export function goParseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  return undefined;
}

/** A bool query parameter as Go's strconv.ParseBool reads it (empty counts as true); undefined when absent. */
export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (v === '') return true;
  return goParseBool(v);
}

/**
 * Go's strconv.Atoi: an optional sign and decimal digits within int64, else the error Go prints
 * (`strconv.Atoi: parsing "x": invalid syntax`). Handlers either report the error or, like
 * Nomad's pprof handler, drop it and use 0.
 */
export function goAtoi(v: string): { value: number } | { error: string } {
  const quoted = JSON.stringify(v);
  if (!/^[+-]?\d+$/.test(v)) return { error: `strconv.Atoi: parsing ${quoted}: invalid syntax` };
  const n = BigInt(v);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return { error: `strconv.Atoi: parsing ${quoted}: value out of range` };
  return { value: Number(n) };
}

/** Cluster reads go to the leader unless `stale`: without one they fail as Nomad's do. */
export function hasLeader(c: SimCluster): boolean {
  return c.leader !== undefined && c.leader.listening;
}

/** Resolves after `ms`, or early (false) when the signal aborts. */
export function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Keeps a streaming answer open: `tick` every `everyMs` until the client goes or the sim closes,
 * then the answer ends. Returns 'streamed' for the handler to return.
 */
export function holdOpen(ctx: Ctx, everyMs: number, tick: () => void): 'streamed' {
  const { res, signal } = ctx;
  const timer = setInterval(() => {
    if (!res.destroyed) tick();
  }, everyMs);
  const stop = () => {
    clearInterval(timer);
    if (!res.destroyed) res.end();
  };
  signal.addEventListener('abort', stop, { once: true });
  res.on('close', () => clearInterval(timer));
  return 'streamed';
}
