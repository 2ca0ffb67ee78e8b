// Synthetic Go runtime profiles for a simulated Nomad agent, as /v1/agent/pprof/<name> serves them:
// gzipped pprof protobuf (debug=0), goroutine text dumps (debug=1/2), a runtime trace and the
// command line. Deterministic for an agent's name and seed; `hot` and `leakedGoroutines` plant
// the problems the analyzer should find.
import { goroutineGroups, type AgentLoad, type GoroutineGroup } from './go-goroutines.ts';
import { blockSites, cpuStacks, GOROUTINE_ALLOC_SITE, GOROUTINE_BLOCK, heapSites, hotStacks, mutexSites, type ContentionSite, type Frame, type WeightedStack } from './go-stacks.ts';
import { goroutineTextDump } from './goroutine-text.ts';
import { NOMAD_BINARY, ProfileBuilder } from './pprof-build.ts';
import { makeRng, type Rng } from './rand.ts';
import { traceStream } from './trace.ts';

export interface ProfileSeed {
  name: string;
  kind: 'server' | 'client';
  seed: number;
  leakedGoroutines?: number;
  hot?: boolean;
  /** Raft leader: runs the leader loop, replication and plan applier goroutines. */
  leader?: boolean;
  /** Tasks, allocations or connected clients: how many goroutines and heap records it holds. */
  load?: AgentLoad;
}

/** Go's CPU profiler samples at 100 Hz. */
const CPU_PERIOD_NS = 10_000_000;
/** Default capture time when the caller passes none: fixed, so output is reproducible. */
const DEFAULT_AT = Date.UTC(2026, 10, 22, 10, 15, 0);

function agentKey(a: ProfileSeed): string {
  return `${a.kind}\u0000${a.name}\u0000${a.seed}`;
}

function nanos(at: Date | undefined): bigint {
  return BigInt(at ? at.getTime() : DEFAULT_AT) * 1_000_000n;
}

/** Multiplies by a factor in [1 - spread, 1 + spread]. */
function jitter(rng: Rng, value: number, spread = 0.3): number {
  return value * (1 - spread + rng.next() * 2 * spread);
}

/** CPU profile over `seconds`: 10 ms samples, 1 to 2 cores busy; `hot` makes one function take ~60%. */
export function cpuProfile(a: ProfileSeed, seconds: number, at?: Date): Buffer {
  // The capture time joins the seed so successive rounds differ a little, reproducibly.
  const rng = makeRng('cpu', agentKey(a), seconds, at ? at.getTime() : 0);
  const secs = Number.isFinite(seconds) && seconds > 0 ? seconds : 1;
  const cores = 1 + rng.next() * 0.8;
  const ticks = Math.max(20, Math.round(secs * 100 * cores));
  const base = forRole(cpuStacks(a.kind), a).map((s) => ({ weight: jitter(rng, s.weight, 0.35), frames: s.frames }));
  const stacks: WeightedStack[] = [...base];
  if (a.hot) {
    const baseSum = base.reduce((n, s) => n + s.weight, 0);
    const hot = hotStacks(a.kind);
    const hotSum = hot.reduce((n, s) => n + s.weight, 0);
    // Hot share ~60% of all samples: hot weight = 1.5 × everything else.
    for (const s of hot) stacks.push({ weight: (s.weight / hotSum) * baseSum * 1.5, frames: s.frames });
  }
  const b = new ProfileBuilder(agentKey(a));
  for (const { count, frames } of spread(stacks, ticks)) {
    // One stack spreads over a few leaf PCs, as real samples land on different instructions.
    const parts = count >= 6 ? rng.int(1, 3) : 1;
    let left = count;
    for (let p = 0; p < parts && left > 0; p++) {
      const n = p === parts - 1 ? left : Math.max(1, Math.round(left * (0.4 + rng.next() * 0.3)));
      left -= n;
      const leaf = { fn: frames[0]!.fn, line: frames[0]!.line + p };
      b.add([leaf, ...frames.slice(1)], [n, n * CPU_PERIOD_NS]);
    }
  }
  const overheadMs = rng.int(2, 40);
  return b.build({
    sampleTypes: [['samples', 'count'], ['cpu', 'nanoseconds']],
    periodType: ['cpu', 'nanoseconds'],
    period: CPU_PERIOD_NS,
    timeNanos: nanos(at) - BigInt(Math.round(secs * 1e9)),
    durationNanos: BigInt(Math.round(secs * 1e9)) + BigInt(overheadMs) * 1_000_000n,
  });
}

/** Drops the stacks only a raft leader runs (replication, log dispatch) on other servers. */
function forRole<T extends { frames: Frame[] }>(items: T[], a: ProfileSeed): T[] {
  return a.leader ? items : items.filter((s) => !s.frames.some((f) => LEADER_ONLY.has(f.fn)));
}
const LEADER_ONLY = new Set([
  'github.com/hashicorp/raft.(*Raft).runLeader',
  'github.com/hashicorp/raft.(*Raft).replicate',
  'github.com/hashicorp/raft.(*Raft).leaderLoop',
  'github.com/hashicorp/nomad/nomad.(*planner).planApply',
]);

/** Splits `total` into whole counts proportional to the weights (largest remainder); drops zeros. */
function spread(stacks: WeightedStack[], total: number): { count: number; frames: Frame[] }[] {
  const sum = stacks.reduce((n, s) => n + s.weight, 0);
  const raw = stacks.map((s) => (s.weight / sum) * total);
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((n, c) => n + c, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return stacks.map((s, i) => ({ count: counts[i]!, frames: s.frames })).filter((s) => s.count > 0);
}

const HEAP_TYPES: [string, string][] = [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']];

/** One heap record as runtime.MemProfile gives it: the whole stack, leaf first (malloc entries included). */
export interface MemRecord {
  frames: Frame[];
  allocObjects: number;
  allocBytes: number;
  inuseObjects: number;
  inuseBytes: number;
}

/** The heap's records for this agent at `at`: the same numbers in the protobuf and in the debug=1 text. */
export function memoryRecords(a: ProfileSeed, at: Date | undefined): MemRecord[] {
  const rng = makeRng('heap', agentKey(a), at ? at.getTime() : 0);
  const out: MemRecord[] = [];
  const paths = a.kind === 'server' ? SERVER_HEAP_PATHS : CLIENT_HEAP_PATHS;
  for (const site of forRole(heapSites(a.kind), a)) {
    const inuse = Math.max(1, Math.round(jitter(rng, site.inuse)));
    const alloc = Math.max(inuse, Math.round(inuse * jitter(rng, site.churn, 0.2)));
    // A real agent reaches each allocation site from many call sites: the same functions, other
    // lines, each its own record. Split the site Zipf-wise; totals per function stay the same.
    const parts = callPaths(site.frames, Math.min(paths, Math.floor(inuse / 2) || 1));
    const shares = parts.map((_, i) => 1 / (i + 1));
    const sum = shares.reduce((n, w) => n + w, 0);
    let inuseLeft = inuse;
    let allocLeft = alloc;
    parts.forEach((frames, i) => {
      const last = i === parts.length - 1;
      const inuseI = last ? inuseLeft : Math.max(1, Math.min(inuseLeft - (parts.length - 1 - i), Math.round((inuse * shares[i]!) / sum)));
      const allocI = last ? Math.max(allocLeft, inuseI) : Math.max(inuseI, Math.min(allocLeft - (parts.length - 1 - i), Math.round((alloc * shares[i]!) / sum)));
      inuseLeft -= inuseI;
      allocLeft -= allocI;
      out.push({ frames, allocObjects: allocI, allocBytes: allocI * site.block, inuseObjects: inuseI, inuseBytes: inuseI * site.block });
    });
  }
  // Every goroutine holds a runtime.g: a pile-up shows here too.
  const goroutines = totalGoroutines(goroutineGroups(a));
  const gAlloc = Math.round(goroutines * jitter(rng, 1.6, 0.2));
  out.push({ frames: GOROUTINE_ALLOC_SITE, allocObjects: gAlloc, allocBytes: gAlloc * GOROUTINE_BLOCK, inuseObjects: goroutines, inuseBytes: goroutines * GOROUTINE_BLOCK });
  return out;
}

/**
 * Distinct stacks per allocation site: a Nomad agent's heap profile holds hundreds to a few
 * thousand records (a server's FSM and RPC paths more than a client's).
 */
const CLIENT_HEAP_PATHS = 160;
const SERVER_HEAP_PATHS = 400;

/** `n` stacks that share the site's functions and differ in the line of one caller frame. */
function callPaths(frames: Frame[], n: number): Frame[][] {
  const out: Frame[][] = [frames];
  const callers = frames.length - 2; // neither the allocating leaf nor the root moves
  if (callers < 1) return out;
  for (let v = 1; v < n; v++) {
    const at = 1 + (v % callers);
    const shift = 2 * (1 + Math.floor(v / callers));
    out.push(frames.map((f, i) => (i === at ? { fn: f.fn, line: f.line + shift } : f)));
  }
  return out;
}

function memoryProfile(a: ProfileSeed, at: Date | undefined, defaultSampleType: string | undefined): Buffer {
  const b = new ProfileBuilder(agentKey(a));
  for (const r of memoryRecords(a, at)) {
    const block = r.inuseBytes / r.inuseObjects;
    b.add(allocatingFrames(r.frames), [r.allocObjects, r.allocBytes, r.inuseObjects, r.inuseBytes], [{ key: 'bytes', num: block }]);
  }
  const meta = { sampleTypes: HEAP_TYPES, periodType: ['space', 'bytes'] as [string, string], period: 524288, timeNanos: nanos(at) };
  return b.build(defaultSampleType ? { ...meta, defaultSampleType } : meta);
}

/** Heap profile: Go's four sample types, no default (pprof shows inuse_space). */
export function heapProfile(a: ProfileSeed, at?: Date): Buffer {
  return memoryProfile(a, at, undefined);
}

/** The allocs profile: the heap data with alloc_space as the default, as Go writes it. */
export function allocsProfile(a: ProfileSeed, at?: Date): Buffer {
  return memoryProfile(a, at, 'alloc_space');
}

/** Go's memory profile starts at the allocating function: the malloc entry points are cut off. */
function allocatingFrames(frames: Frame[]): Frame[] {
  let i = 0;
  while (i < frames.length - 1 && MALLOC_ENTRIES.has(frames[i]!.fn)) i++;
  return frames.slice(i);
}
const MALLOC_ENTRIES = new Set(['runtime.mallocgc', 'runtime.newobject', 'runtime.makeslice', 'runtime.mapassign_faststr']);

export function totalGoroutines(groups: GoroutineGroup[]): number {
  return groups.reduce((n, g) => n + g.count, 0);
}

/** Goroutine profile (goroutine/count): one sample per group of identical stacks. */
export function goroutineProfile(a: ProfileSeed, at?: Date): Buffer {
  const b = new ProfileBuilder(agentKey(a));
  for (const g of goroutineGroups(a)) b.add(g.frames, [g.count]);
  return b.build({ sampleTypes: [['goroutine', 'count']], periodType: ['goroutine', 'count'], period: 1, timeNanos: nanos(at) });
}

/** Go's text dumps: debug=1 (grouped, with PCs) or debug=2 (every goroutine, wait states). */
export function goroutineText(a: ProfileSeed, debug: 1 | 2): string {
  return goroutineTextDump(goroutineGroups(a), debug, makeRng('goroutine-text', agentKey(a)));
}

/** One block or mutex record: how often the stack waited and for how long in all, ns. */
export interface ContentionRecord {
  frames: Frame[];
  count: number;
  delayNs: number;
}

function contentionRecords(a: ProfileSeed, sites: ContentionSite[], what: string): ContentionRecord[] {
  const rng = makeRng(what, agentKey(a));
  return sites.map((site) => {
    const n = Math.max(1, Math.round(jitter(rng, site.contentions, 0.4)));
    return { frames: site.frames, count: n, delayNs: Math.round(n * jitter(rng, site.delay, 0.4)) };
  });
}

export function blockRecords(a: ProfileSeed): ContentionRecord[] {
  return contentionRecords(a, forRole(blockSites(a.kind), a), 'block');
}

export function mutexRecords(a: ProfileSeed): ContentionRecord[] {
  return contentionRecords(a, forRole(mutexSites(a.kind), a), 'mutex');
}

function contentionProfile(a: ProfileSeed, records: ContentionRecord[], at: Date | undefined): Buffer {
  const b = new ProfileBuilder(agentKey(a));
  for (const r of records) b.add(r.frames, [r.count, r.delayNs]);
  return b.build({ sampleTypes: [['contentions', 'count'], ['delay', 'nanoseconds']], periodType: ['contentions', 'count'], period: 1, timeNanos: nanos(at) });
}

export function blockProfile(a: ProfileSeed, at?: Date): Buffer {
  return contentionProfile(a, blockRecords(a), at);
}

export function mutexProfile(a: ProfileSeed, at?: Date): Buffer {
  return contentionProfile(a, mutexRecords(a), at);
}

/** The number of OS threads the agent created (threadcreate records no stacks). */
export function threadCount(a: ProfileSeed): number {
  const rng = makeRng('threadcreate', agentKey(a));
  return a.kind === 'server' ? rng.int(12, 22) : rng.int(16, 30);
}

/** threadcreate/count: Go records no creation stacks here, only the thread count. */
export function threadcreateProfile(a: ProfileSeed, at?: Date): Buffer {
  const b = new ProfileBuilder(agentKey(a));
  b.addBare([threadCount(a)]);
  return b.build({ sampleTypes: [['threadcreate', 'count']], periodType: ['threadcreate', 'count'], period: 1, timeNanos: nanos(at) });
}

/** A runtime/trace capture of `seconds`: Go's header, then event batches. */
export function traceBytes(a: ProfileSeed, seconds: number): Buffer {
  return traceStream(makeRng('trace', agentKey(a), seconds), seconds);
}

/** /v1/agent/pprof/cmdline: os.Args joined with NUL bytes. */
export function cmdline(a: ProfileSeed): string {
  return [NOMAD_BINARY, 'agent', '-config=/etc/nomad.d'].join('\x00');
}
