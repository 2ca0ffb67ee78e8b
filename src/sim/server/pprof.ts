// /v1/agent/pprof/<name>: Go's runtime profiles of the target agent. CPU profile and trace answer
// only after their `seconds` window (default 1, as Nomad's handler), like the real thing.
import { agentLoad } from '../cluster/load.ts';
import type { SimAgent, SimCluster } from '../cluster/types.ts';
import {
  allocsProfile, blockProfile, cmdline, cpuProfile, goroutineProfile, goroutineText, heapProfile, mutexProfile, threadcreateProfile, traceBytes,
  type ProfileSeed,
} from '../content/profiles.ts';
import { blockText, heapText, mutexText, threadcreateText } from '../content/pprof-text.ts';
import { goAtoi, wait, type Ctx } from './context.ts';
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
  return { name: a.name, kind: a.kind, seed: c.options.seed, leakedGoroutines: a.leakedGoroutines, hot: a.hot, leader: a.leader, load: agentLoad(c, a) };
}

/** Nomad's handler drops strconv.Atoi errors: a bad number is 0, as in net/http/pprof. */
function intParam(q: URLSearchParams, name: string): number {
  const parsed = goAtoi(q.get(name) ?? '');
  return 'value' in parsed ? parsed.value : 0;
}

function binary(name: string, body: Buffer): Answer {
  return {
    status: 200,
    body,
    contentType: 'application/octet-stream',
    headers: { 'X-Content-Type-Options': 'nosniff', 'Content-Disposition': `attachment; filename="${name}"` },
  };
}

/** Text answers (cmdline, debug != 0) carry nosniff and text/plain (command/agent/pprof/pprof.go). */
function plainText(body: string | Buffer): Answer {
  return { ...text(body), headers: { 'X-Content-Type-Options': 'nosniff' } };
}

/**
 * runtime/pprof's WriteTo(w, debug) for a looked-up profile: goroutine debug >= 2 is the full dump,
 * debug > 0 the legacy text; heap and allocs also write text for a negative debug, the count
 * profiles write protobuf then (still labelled text/plain, as Nomad sets the type from debug != 0).
 */
function lookup(name: string, seed: ProfileSeed, debug: number, at: Date): Answer {
  const make = BINARY[name];
  if (!make) throw new HttpError(404, `Pprof profile not found profile: ${name}`);
  if (debug === 0) return binary(name, make(seed, at));
  if (name === 'goroutine' && debug > 0) return plainText(goroutineText(seed, debug >= 2 ? 2 : 1));
  if (name === 'heap' || name === 'allocs') return plainText(heapText(seed, at));
  if (debug < 0) return plainText(make(seed, at));
  if (name === 'threadcreate') return plainText(threadcreateText(seed));
  return plainText(name === 'block' ? blockText(seed) : mutexText(seed));
}

export async function pprof(ctx: Ctx, target: SimAgent, name: string): Promise<Answer> {
  const seed = profileSeed(ctx.cluster, target);
  if (name === 'cmdline') return plainText(cmdline(seed));
  if (name === 'profile' || name === 'trace') {
    // A bad or zero `seconds` is 1 (command/agent/agent_endpoint.go agentPprof; CPUProfile and Trace also take <= 0 as 1).
    let seconds = intParam(ctx.q, 'seconds');
    if (seconds <= 0) seconds = 1;
    const started = ctx.now();
    if (!(await wait(seconds * 1000, ctx.signal))) return text('', undefined, 499);
    return binary(name, name === 'profile' ? cpuProfile(seed, seconds, started) : traceBytes(seed, seconds));
  }
  return lookup(name, seed, intParam(ctx.q, 'debug'), ctx.now());
}
