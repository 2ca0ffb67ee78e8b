// Pure helpers over decoded pprof data: hottest functions, goroutine groups, totals per round.
// Used by the profiles check and by the report.
import type { AgentData, Bundle, GoroutineDump, GoroutineGroup, ProfileRound, ProfileSummary } from '../model/types.ts';

export interface HotFunction {
  name: string;
  flat: number;
  /** 0–100, of the profile total. */
  flatPct: number;
  cum: number;
  cumPct: number;
}

/** Go runtime and standard scheduling/GC functions: hot or parked there is normal. */
export function isRuntimeFunction(name: string): boolean {
  return /^(runtime|runtime\/internal\/[\w/]+|internal\/[\w/]+|syscall|sync|sync\/atomic|time|os\/signal)\.|^runtime\b/.test(name) || name === '' || name.startsWith('[');
}

/** The top `n` functions by flat value, with percentages computed from the profile total. */
export function hottestFunctions(p: ProfileSummary, n = 10): HotFunction[] {
  const total = p.total > 0 ? p.total : p.top.reduce((s, r) => s + (r.flat > 0 ? r.flat : 0), 0);
  return [...p.top]
    .sort((a, b) => b.flat - a.flat)
    .slice(0, n)
    .map((r) => ({
      name: r.name,
      flat: r.flat,
      flatPct: total > 0 ? (r.flat / total) * 100 : 0,
      cum: r.cum,
      cumPct: total > 0 ? (r.cum / total) * 100 : 0,
    }));
}

/** The latest round holding a given kind of profile. */
export function latestRound(agent: AgentData, has: (r: ProfileRound) => unknown): ProfileRound | undefined {
  for (let k = agent.profiles.length - 1; k >= 0; k--) if (has(agent.profiles[k]!)) return agent.profiles[k];
  return undefined;
}

export interface AgentHotFunctions {
  agent: string;
  kind: 'server' | 'client';
  file: string;
  functions: HotFunction[];
}

/** Hottest CPU functions per agent (latest round with a CPU profile). */
export function hottestByAgent(bundle: Bundle, n = 10): AgentHotFunctions[] {
  const out: AgentHotFunctions[] = [];
  for (const a of [...bundle.servers, ...bundle.clients]) {
    const r = latestRound(a, (x) => x.cpu);
    if (r?.cpu) out.push({ agent: a.id, kind: a.kind, file: r.cpu.file, functions: hottestFunctions(r.cpu, n) });
  }
  return out;
}

/** Goroutine dump of a round: debug=2 (has wait states) preferred over debug=1. */
export function goroutineDump(r: ProfileRound): GoroutineDump | undefined {
  return r.goroutineDebug2 ?? r.goroutineDebug1;
}

/** Goroutine count of a round, from the dump or the goroutine profile. */
export function goroutineCount(r: ProfileRound): { count: number; file: string } | undefined {
  const d = goroutineDump(r);
  if (d) return { count: d.total, file: d.file };
  if (r.goroutine) return { count: r.goroutine.total, file: r.goroutine.file };
  return undefined;
}

/** Bytes in use of a round's heap profile (inuse_space), when present. */
export function heapInuse(r: ProfileRound): { bytes: number; file: string } | undefined {
  const h = r.heap;
  if (!h || !/inuse_space|^space$/.test(h.sampleType) || h.unit !== 'bytes') return undefined;
  return { bytes: h.total, file: h.file };
}

/** Stacks every Go program has in numbers: GC workers, finalizers, signal handling. */
const IDLE_FUNCTIONS = /^runtime\.(gcBgMarkWorker|bgsweep|bgscavenge|forcegchelper|runfinq|timerproc|gcenable)|^os\/signal\.(signal_recv|loop)/;

/** The first frame (innermost first) that is not the Go runtime: what the group is "doing". */
export function groupFunction(g: GoroutineGroup): string {
  return g.stack.find((f) => !isRuntimeFunction(f)) ?? g.stack[0] ?? '(unknown)';
}

/**
 * Stacks there is one of per open connection: a server keeps a yamux session (receive, send,
 * keepalive, accept) for every client and server talking to it (nomad/rpc.go), and every HTTP or
 * gRPC connection its reader. Hundreds of them are a large cluster, not a pile-up.
 */
const PER_CONNECTION = /^github\.com\/hashicorp\/yamux\.\(\*(Session|Stream)\)\.|^net\/http\.\(\*conn(Reader)?\)\.|^google\.golang\.org\/grpc\/internal\/transport\./;

/** True when the group waits on one connection each (see PER_CONNECTION). */
export function isConnectionGroup(g: GoroutineGroup): boolean {
  return g.stack.some((f) => PER_CONNECTION.test(f));
}

/** True for runtime-only or well-known idle stacks. */
export function isIdleGroup(g: GoroutineGroup): boolean {
  if (g.stack.some((f) => IDLE_FUNCTIONS.test(f))) return true;
  if (g.createdBy && IDLE_FUNCTIONS.test(g.createdBy)) return true;
  return g.stack.every((f) => isRuntimeFunction(f)) && (!g.createdBy || isRuntimeFunction(g.createdBy));
}
