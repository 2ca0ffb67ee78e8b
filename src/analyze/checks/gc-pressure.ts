// GC and memory pressure per agent, from its own metrics rounds (metrics_NNNN.json): the share of
// wall time spent in stop-the-world GC pauses between the first and last round
// (nomad.runtime.total_gc_pause_ns, cumulative), the longest pause (the nomad.runtime.gc_pause_ns
// sample), with the heap those rounds and the pprof heap rounds show. A round's time is its
// capture's in the manifest: the metrics' own Timestamp is a 10 s bucket, too coarse between
// rounds a few seconds apart, so it serves only when the manifest is absent.
import type { AgentData, Bundle, MetricsSummary } from '../../model/types.ts';
import { heapInuse } from '../profiles.ts';
import type { Check, Evidence, Finding } from '../types.ts';
import { evidence, finding, pointer } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { allAgents, captureOf } from '../../model/facts.ts';
import { formatBytes, formatPct } from '../../shared/format-number.ts';

const ID = 'gc-pressure';

/** Share of wall time in GC pauses that slows every RPC, heartbeat and raft apply of the agent. */
export const PAUSE_SHARE_WARN = 0.05;
/** One pause this long stalls heartbeats and raft: a server's followers notice. */
export const MAX_PAUSE_WARN_NS = 100e6;
/** Rounds closer than this say nothing about a rate. */
const MIN_SPAN_MS = 1000;

export const check: Check = {
  id: ID,
  title: 'GC and memory pressure',
  run(bundle) {
    const agents = allAgents(bundle).filter((a) => a.metrics.some((m) => gauge(m.value, 'nomad.runtime.total_gc_pause_ns') !== undefined || sample(m.value, 'nomad.runtime.gc_pause_ns')));
    if (agents.length === 0) return { notEvaluated: 'no agent metrics with GC figures (metrics_NNNN.json) in the bundle' };
    return agents.flatMap((a) => pressure(bundle, a));
  },
};

interface Round {
  file: string;
  /** Milliseconds since the epoch, when known. */
  at?: number;
  pauseNs?: { value: number; i: number };
  runs?: number;
  heap?: number;
  maxPause?: { ns: number; i: number };
}

function pressure(bundle: Bundle, a: AgentData): Finding[] {
  const rounds: Round[] = a.metrics.map((m) => {
    const p = gaugeAt(m.value, 'nomad.runtime.total_gc_pause_ns');
    const s = sampleAt(m.value, 'nomad.runtime.gc_pause_ns');
    return {
      file: m.file,
      at: captureTime(bundle, m.file) ?? goTime(m.value.Timestamp),
      pauseNs: p,
      runs: gauge(m.value, 'nomad.runtime.total_gc_runs'),
      heap: gauge(m.value, 'nomad.runtime.alloc_bytes'),
      maxPause: s && s.max !== undefined ? { ns: s.max, i: s.i } : undefined,
    };
  });
  const timed = rounds.filter((r) => r.at !== undefined && r.pauseNs);
  const first = timed[0];
  const last = timed.at(-1);
  const spanMs = first && last ? last.at! - first.at! : 0;
  const measured = first && last && spanMs >= MIN_SPAN_MS ? (last.pauseNs!.value - first.pauseNs!.value) / (spanMs * 1e6) : undefined;
  // below 0 the counter went back (the agent restarted between rounds); above 1, more pause than
  // time passed (a wrong clock or a crafted file): neither is a share to report
  const share = measured !== undefined && measured >= 0 && measured <= 1 ? measured : undefined;
  const longest = rounds.filter((r) => r.maxPause).reduce<Round | undefined>((m, r) => (!m || r.maxPause!.ns > m.maxPause!.ns ? r : m), undefined);
  const tooShare = share !== undefined && share >= PAUSE_SHARE_WARN;
  const tooLong = !!longest && longest.maxPause!.ns >= MAX_PAUSE_WARN_NS;
  if (!tooShare && !tooLong) return [];

  const label = agentLabel(bundle, a);
  const said: string[] = [];
  const ev: Evidence[] = [];
  if (share !== undefined && first && last) {
    const runs = first.runs !== undefined && last.runs !== undefined ? `, ${last.runs - first.runs} collections` : '';
    said.push(`GC pauses took ${formatPct(share * 100)} of the ${(spanMs / 1000).toFixed(1)} s between its first and last metrics round${runs}`);
    if (tooShare) ev.push(evidence(first.file, pointer('Gauges', first.pauseNs!.i, 'Value')), evidence(last.file, pointer('Gauges', last.pauseNs!.i, 'Value')));
  }
  if (longest) {
    said.push(`its longest pause was ${(longest.maxPause!.ns / 1e6).toFixed(0)} ms`);
    if (tooLong) ev.push(evidence(longest.file, pointer('Samples', longest.maxPause!.i, 'Max')));
  }
  const heaps = rounds.filter((r) => r.heap !== undefined).map((r) => formatBytes(r.heap!));
  const pprof = a.profiles.map((r) => heapInuse(r)).filter((h) => h !== undefined).map((h) => formatBytes(h.bytes));
  const heap = [heaps.length > 1 ? ` Heap allocated across the rounds: ${heaps.join(' → ')}.` : '', pprof.length ? ` In use per pprof round: ${pprof.join(' → ')}.` : ''].join('');
  const title = tooShare ? `${label}: GC pauses take ${formatPct(share! * 100)} of the time` : `${label}: a GC pause of ${(longest!.maxPause!.ns / 1e6).toFixed(0)} ms`;
  return [finding(ID, 'warning', a.id, title,
    `${label}: ${said.join('; ')}.${heap} While the Go runtime stops the world the agent answers no RPC, ` +
      (a.kind === 'server' ? 'sends no raft heartbeat and applies nothing: followers time out and elections follow. ' : 'sends no heartbeat and updates no allocation. ') +
      'A heap that keeps growing means more to scan each time: compare the pprof heap rounds (inuse_space) for what holds the memory, and check GOGC/GOMEMLIMIT and the machine\'s memory.',
    ev)];
}

function gaugeAt(m: MetricsSummary, name: string): { value: number; i: number } | undefined {
  const i = (m.Gauges ?? []).findIndex((g) => g.Name === name);
  return i < 0 ? undefined : { value: m.Gauges![i]!.Value, i };
}

function gauge(m: MetricsSummary, name: string): number | undefined {
  return gaugeAt(m, name)?.value;
}

function sampleAt(m: MetricsSummary, name: string): { max?: number; i: number } | undefined {
  const i = (m.Samples ?? []).findIndex((s) => s.Name === name);
  return i < 0 ? undefined : { max: m.Samples![i]!.Max, i };
}

function sample(m: MetricsSummary, name: string): boolean {
  return (m.Samples ?? []).some((s) => s.Name === name);
}

/** When the collector received this file: its capture's start plus how long the answer took. */
function captureTime(bundle: Bundle, file: string): number | undefined {
  const c = captureOf(bundle, file);
  const t = c ? Date.parse(c.startedAt) : NaN;
  return Number.isFinite(t) ? t + (c!.ms ?? 0) : undefined;
}

/** go-metrics' "2026-11-22 10:30:00 +0000 UTC" (a 10 s bucket). */
function goTime(ts: string | undefined): number | undefined {
  const m = ts ? /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.\d+)? \+0000 UTC$/.exec(ts) : null;
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}Z`);
  return Number.isFinite(t) ? t : undefined;
}
