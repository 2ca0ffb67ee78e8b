// /v1/agent/pprof/<name>: Go's runtime profiles of the target agent. CPU profile and trace answer
// only after their `seconds` window (default 1, as Nomad's handler), like the real thing.
import type { SimAgent, SimCluster } from '../cluster/types.ts';
import {
  allocsProfile, blockProfile, cmdline, cpuProfile, goroutineProfile, goroutineText, heapProfile, mutexProfile, threadcreateProfile, traceBytes,
  type ProfileSeed,
} from '../content/profiles.ts';
import { wait, type Ctx } from './context.ts';
import { HttpError, text, type Answer } from './respond.ts';

const BINARY: Record<string, (a: ProfileSeed, at: Date) => Buffer> = {
  goroutine: goroutineProfile,
  heap: heapProfile,
  allocs: allocsProfile,
  block: blockProfile,
  mutex: mutexProfile,
  threadcreate: threadcreateProfile,
};

export function profileSeed(c: SimCluster, a: SimAgent): ProfileSeed {
  return { name: a.name, kind: a.kind, seed: c.options.seed, leakedGoroutines: a.leakedGoroutines, hot: a.hot, leader: a.leader };
}

function intParam(q: URLSearchParams, name: string, def: number): number {
  const v = q.get(name);
  if (v === null || v === '') return def;
  if (!/^-?\d+$/.test(v)) throw new HttpError(400, `Error parsing ${name} parameter: strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

function binary(name: string, body: Buffer): Answer {
  return {
    status: 200,
    body,
    contentType: 'application/octet-stream',
    headers: { 'X-Content-Type-Options': 'nosniff', 'Content-Disposition': `attachment; filename="${name}"` },
  };
}

export async function pprof(ctx: Ctx, target: SimAgent, name: string): Promise<Answer> {
  const seed = profileSeed(ctx.cluster, target);
  const nosniff = { 'X-Content-Type-Options': 'nosniff' };
  if (name === 'cmdline') return { ...text(cmdline(seed)), headers: nosniff };
  if (name === 'profile' || name === 'trace') {
    let seconds = intParam(ctx.q, 'seconds', 1);
    if (seconds <= 0) seconds = 1;
    const started = ctx.now();
    if (!(await wait(seconds * 1000, ctx.signal))) return text('', undefined, 499);
    return binary(name, name === 'profile' ? cpuProfile(seed, seconds, started) : traceBytes(seed, seconds));
  }
  const debug = intParam(ctx.q, 'debug', 0);
  if (name === 'goroutine' && debug > 0) return { ...text(goroutineText(seed, debug >= 2 ? 2 : 1)), headers: nosniff };
  const make = BINARY[name];
  if (!make) throw new HttpError(404, `Pprof profile not found profile: ${name}`);
  return binary(name, make(seed, ctx.now()));
}
