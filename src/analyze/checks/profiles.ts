// pprof: hottest CPU function per agent, heap in use, goroutine pile-ups (one identical stack
// holding many goroutines), and growth across pprof rounds.
import type { AgentData, Bundle } from '../../model/types.ts';
import {
  goroutineCount, goroutineDump, groupFunction, heapInuse, hottestFunctions, isConnectionGroup, isIdleGroup, isRuntimeFunction, latestRound,
} from '../profiles.ts';
import type { Check, Evidence, Finding } from '../types.ts';
import { evidence, finding, oneFindingPerCause } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { growsMonotonically } from '../trend.ts';
import { allAgents, membersOf, nodesOf } from '../../model/facts.ts';
import { formatBytes, formatPct } from '../../shared/format-number.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'profiles';
const HOT_PCT = 40;
const HEAP_WARN_BYTES = 4 * 1024 ** 3;
const PILEUP_COUNT = 100;

export const check: Check = {
  id: ID,
  title: 'CPU, heap and goroutine profiles',
  run(bundle) {
    const agents = allAgents(bundle).filter((a) => a.profiles.length > 0);
    if (agents.length === 0) return { notEvaluated: 'no pprof files in the bundle (they need agent:write, or enable_debug=true with ACLs off)' };
    const hot = agents.flatMap((a) => hotCpu(bundle, a));
    // an agent whose hottest function is already a warning is not restated as an info line
    const warned = new Set(hot.map((f) => f.subject));
    const summaries = agents.filter((a) => !warned.has(a.id)).flatMap((a) => summary(bundle, a));
    return [
      ...hot,
      ...agents.flatMap((a) => [...bigHeap(bundle, a), ...pileUp(bundle, a), ...growth(bundle, a)]),
      // the same hottest function on many agents is one finding; heap and goroutines per agent are in the report's profiles section
      // agents without a CPU profile (it failed or timed out) only restate heap and goroutines: one finding for all of them
      ...hottestTogether(oneFindingPerCause(summaries, (x) => x.hot ?? '\u0000no cpu', (x) => x.finding.subject, (x) => x.finding,
        (xs) => (xs[0]!.hot ? hottestOnMany(xs, agents.length) : withoutCpu(xs))), agents.length),
    ];
  },
};

interface Summary {
  finding: Finding;
  label: string;
  /** The hottest CPU function's short name, with its share. */
  hot?: string;
  hotPct?: number;
}

function hottestOnMany(xs: Summary[], agents: number): Finding {
  const byShare = [...xs].sort((a, b) => (b.hotPct ?? 0) - (a.hotPct ?? 0));
  return finding(ID, 'info', 'cluster', `hottest ${xs[0]!.hot} on ${xs.length} of ${agents} agents`,
    `${xs[0]!.hot} takes the most CPU time on ${xs.length} agents (${listSome(byShare.map((x) => `${x.label} ${formatPct(x.hotPct ?? 0)}`), 10)}). ` +
      'The profiles section shows each agent\'s top functions, heap and goroutines.',
    byShare.slice(0, 3).flatMap((x) => x.finding.evidence.slice(0, 1)));
}

/** Several "hottest X on N agents" lines are one inventory finding: which functions lead the CPU profiles, and where. */
function hottestTogether(fs: Finding[], agents: number): Finding[] {
  const many = fs.filter((f) => f.subjects && f.title.startsWith('hottest '));
  if (many.length < 2) return fs;
  many.sort((a, b) => b.subjects!.length - a.subjects!.length);
  const parts = many.map((f) => `${f.title.replace(/^hottest (.+) on (\d+) of \d+ agents$/, '$1 on $2')}`);
  const merged: Finding = {
    ...finding(ID, 'info', 'cluster', `hottest functions across ${agents} agents: ${listSome(parts, 4)}`,
      many.map((f) => f.detail.replace(/ The profiles section shows .*$/, '')).join(' ') + ' The profiles section shows each agent\'s top functions, heap and goroutines.',
      many.flatMap((f) => f.evidence).slice(0, 6)),
    subjects: many.flatMap((f) => f.subjects!),
  };
  return [...fs.filter((f) => !many.includes(f)), merged];
}

function withoutCpu(xs: Summary[]): Finding {
  return finding(ID, 'info', 'cluster', `heap and goroutines of ${xs.length} agents without a CPU profile`,
    `${listSome(xs.map((x) => x.finding.title), 10)}. Their CPU profiles are missing (see capture coverage); the profiles section shows each agent.`,
    xs.slice(0, 3).flatMap((x) => x.finding.evidence.slice(0, 1)));
}

/** One info line per agent: hottest function, heap in use, goroutine count. */
function summary(bundle: Bundle, a: AgentData): Summary[] {
  const label = agentLabel(bundle, a);
  const titleParts: string[] = [];
  const detail: string[] = [];
  const ev: Evidence[] = [];
  const c = latestRound(a, (x) => x.cpu);
  const hot = c?.cpu && c.cpu.total > 0 ? hottestFunctions(c.cpu, 5).filter((f) => f.flat > 0) : [];
  if (hot.length) {
    titleParts.push(`hottest ${shortName(hot[0]!.name)} (${formatPct(hot[0]!.flatPct)})`);
    detail.push(`Top CPU functions by flat time: ${hot.map((f) => `${f.name} ${formatPct(f.flatPct)}`).join(', ')}.`);
    ev.push(evidence(c!.cpu!.file));
  }
  const hr = latestRound(a, (x) => heapInuse(x));
  const h = hr && heapInuse(hr);
  if (h) {
    titleParts.push(`${formatBytes(h.bytes)} heap`);
    detail.push(`${formatBytes(h.bytes)} of live heap in use.`);
    ev.push(evidence(h.file));
  }
  const gr = latestRound(a, (x) => goroutineCount(x));
  const g = gr && goroutineCount(gr);
  if (g) {
    titleParts.push(`${g.count} goroutines`);
    const dump = goroutineDump(gr!);
    const groups = dump ? [...dump.groups].sort((x, y) => y.count - x.count).slice(0, 3) : [];
    detail.push(`${g.count} goroutines` + (dump ? ` in ${dump.groups.length} distinct stacks; largest groups: ` +
      groups.map((x) => `${x.count} in ${groupFunction(x)}${x.state ? ` [${x.state}]` : ''}`).join('; ') : '') + '.');
    ev.push(evidence(g.file));
  }
  if (titleParts.length === 0) return [];
  const top = hot[0] ? { hot: shortName(hot[0].name), hotPct: hot[0].flatPct } : {};
  return [{ finding: finding(ID, 'info', a.id, `${label}: ${titleParts.join(', ')}`, detail.join(' '), ev), label, ...top }];
}

function hotCpu(bundle: Bundle, a: AgentData): Finding[] {
  const r = latestRound(a, (x) => x.cpu);
  if (!r?.cpu || r.cpu.total <= 0) return [];
  const hot = hottestFunctions(r.cpu, 5).filter((f) => f.flat > 0);
  const hotApp = hot.find((f) => !isRuntimeFunction(f.name) && f.flatPct > HOT_PCT);
  if (!hotApp) return [];
  const label = agentLabel(bundle, a);
  return [finding(ID, 'warning', a.id, `${label}: ${shortName(hotApp.name)} takes ${formatPct(hotApp.flatPct)} of CPU`,
    `One function dominates the CPU profile of ${label}: ${hotApp.name} spends ${formatPct(hotApp.flatPct)} of the sampled time in itself ` +
    `(top: ${hot.map((f) => `${f.name} ${formatPct(f.flatPct)}`).join(', ')}). Look at what drives it (job churn, large state-store writes, ` +
    'API polling) in the logs and metrics, and keep this profile for a support ticket.',
    [evidence(r.cpu.file)])];
}

function bigHeap(bundle: Bundle, a: AgentData): Finding[] {
  const r = latestRound(a, (x) => heapInuse(x));
  const h = r && heapInuse(r);
  if (!h || h.bytes < HEAP_WARN_BYTES) return [];
  const label = agentLabel(bundle, a);
  return [finding(ID, 'warning', a.id, `${label}: ${formatBytes(h.bytes)} heap in use`,
    `${label} holds ${formatBytes(h.bytes)} of live heap. Servers keep the whole state in memory: check for very large jobs, many dead ` +
    'allocations/evaluations waiting for GC, or a leak (compare with the goroutine count).',
    [evidence(h.file)])];
}

function pileUp(bundle: Bundle, a: AgentData): Finding[] {
  const r = latestRound(a, (x) => goroutineDump(x));
  const dump = r && goroutineDump(r);
  if (!dump || dump.total <= 0) return [];
  const label = agentLabel(bundle, a);
  const groups = [...dump.groups].sort((x, y) => y.count - x.count);
  // The count test first: most groups are small, and isIdleGroup reads every frame.
  // Connections: up to two per agent the bundle knows of (a client's session and its stream) is the cluster's size.
  const connections = 2 * ((nodesOf(bundle)?.nodes.length ?? 0) + (membersOf(bundle)?.members.length ?? 0)) + PILEUP_COUNT;
  const pile = groups.find((g) => (g.count >= PILEUP_COUNT || (dump.total >= 50 && g.count > dump.total / 2)) && !isIdleGroup(g) &&
    !(isConnectionGroup(g) && g.count <= connections));
  if (!pile) return [];
  const fn = groupFunction(pile);
  const wait = pile.waitMinutes ? `, the oldest waiting ${pile.waitMinutes} minutes` : '';
  return [finding(ID, 'warning', a.id, `${label}: ${pile.count} goroutines stuck in ${shortName(fn)}`,
    `${pile.count} of ${dump.total} goroutines on ${label} share one identical stack in ${fn}` +
    `${pile.state ? ` (${pile.state}${wait})` : ''}${pile.createdBy ? `, created by ${pile.createdBy}` : ''}. ` +
    'So many goroutines parked at the same place usually means a leak or a pile-up behind something slow. ' +
    'If the count grows between rounds it is a leak: restarting the agent frees them; report the stack upstream.',
    [evidence(dump.file)])];
}

function growth(bundle: Bundle, a: AgentData): Finding[] {
  const label = agentLabel(bundle, a);
  const out: Finding[] = [];
  const g = a.profiles.map((r) => goroutineCount(r)).filter((x) => x !== undefined);
  if (growsMonotonically(g.map((x) => x.count))) {
    out.push(finding(ID, 'warning', a.id, `${label}: goroutines grow every round (${g[0]!.count} → ${g[g.length - 1]!.count})`,
      `The goroutine count of ${label} rose in each of ${g.length} pprof rounds: ${g.map((x) => x.count).join(' → ')}. ` +
      'Steady growth without a matching rise in load is a goroutine leak; see the largest goroutine groups.',
      [evidence(g[0]!.file), evidence(g[g.length - 1]!.file)]));
  }
  const h = a.profiles.map((r) => heapInuse(r)).filter((x) => x !== undefined);
  if (growsMonotonically(h.map((x) => x.bytes))) {
    out.push(finding(ID, 'warning', a.id, `${label}: heap grows every round (${formatBytes(h[0]!.bytes)} → ${formatBytes(h[h.length - 1]!.bytes)})`,
      `Heap in use of ${label} rose in each of ${h.length} pprof rounds: ${h.map((x) => formatBytes(x.bytes)).join(' → ')}. ` +
      'This may be a memory leak, or state still loading; compare with the metrics trend over a longer capture.',
      [evidence(h[0]!.file), evidence(h[h.length - 1]!.file)]));
  }
  return out;
}

/** "github.com/hashicorp/nomad/nomad.(*Worker).run" → "nomad.(*Worker).run" */
function shortName(fn: string): string {
  const slash = fn.lastIndexOf('/');
  return slash >= 0 ? fn.slice(slash + 1) : fn;
}
