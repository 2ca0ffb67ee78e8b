// Metrics across interval snapshots (blocked evals, goroutines, heap), from each agent's own
// metrics_NNNN.json and the -address agent's interval metrics.json, and allocations lost in the
// latest snapshot. Why evaluations are blocked is the placement check's; failed tasks the
// allocations check's.
import type { Bundle, IntervalData } from '../../model/types.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { plural } from '../text.ts';
import { growsMonotonically } from '../trend.ts';
import { allAgents, latest, membersOf } from '../../model/facts.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'metrics-trends';

interface Series {
  name: string;
  /** Finding subject: the server member or node id the series belongs to, or "cluster". */
  subject: string;
  /** Who, for the text ("" when the host is unknown). */
  label: string;
  points: { value: number; file: string }[];
}

const WATCHED: { name: string; what: string; high?: number; unit?: 'bytes'; why?: string; queue?: true }[] = [
  { name: 'nomad.nomad.blocked_evals.total_blocked', what: 'blocked evaluations', high: 1 },
  // the leader's queues (nomad/eval_broker.go, plan_queue.go): they bounce, so only their height counts
  { name: 'nomad.nomad.broker.total_ready', what: 'evaluations ready in the broker', high: 100, queue: true,
    why: 'Evaluations wait for a scheduler worker: the workers are too few, paused or slow (see the schedulers findings), or a burst of job or node changes arrived.' },
  { name: 'nomad.nomad.broker.total_unacked', what: 'evaluations being scheduled (unacked)', high: 100, queue: true,
    why: 'Workers hold many evaluations at once: scheduling is slow, often because plans queue at the leader.' },
  { name: 'nomad.nomad.plan.queue_depth', what: 'plans queued at the leader', high: 10, queue: true,
    why: 'The leader applies plans one at a time through raft: a deep queue means raft writes are slow (disk latency, a large state store, a busy leader).' },
  { name: 'nomad.runtime.num_goroutines', what: 'goroutines', high: 50_000 },
  { name: 'nomad.runtime.heap_objects', what: 'heap objects' },
  { name: 'nomad.runtime.alloc_bytes', what: 'allocated heap bytes', unit: 'bytes' },
];

const watched = (name: string) => WATCHED.some((w) => w.name === name);

export const check: Check = {
  id: ID,
  title: 'Metrics trends and lost allocations',
  run(bundle) {
    const withMetrics = bundle.intervals.filter((i) => i.metrics);
    const alIv = latest(bundle, (i) => i.allocations);
    const own = allAgents(bundle).some((a) => a.metrics.length > 0);
    if (withMetrics.length === 0 && !own && !alIv) return { notEvaluated: 'no interval metrics or allocations in the bundle' };
    return [...trends(bundle, withMetrics), ...badAllocs(alIv)];
  },
};

/**
 * Series by gauge and agent: each agent's own metrics (metrics_NNNN.json), and the -address
 * agent's interval/NNNN/metrics.json for hosts no own metrics cover (Nomad's bundles).
 */
function seriesOf(bundle: Bundle, intervals: IntervalData[]): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const iv of intervals) {
    for (const g of iv.metrics?.value.Gauges ?? []) {
      if (!watched(g.Name)) continue;
      const host = g.Labels?.['host'] ?? '';
      const subject = subjectFor(bundle, host);
      const key = `${g.Name}\u0000${subject}`;
      let s = out.get(key);
      if (!s) out.set(key, (s = { name: g.Name, subject, label: host, points: [] }));
      s.points.push({ value: g.Value, file: iv.metrics!.file });
    }
  }
  const own = new Map<string, Series>();
  for (const a of allAgents(bundle)) {
    for (const m of a.metrics) {
      for (const g of m.value.Gauges ?? []) {
        if (!watched(g.Name)) continue;
        const key = `${g.Name}\u0000${a.id}`;
        let s = own.get(key);
        if (!s) own.set(key, (s = { name: g.Name, subject: a.id, label: agentLabel(bundle, a), points: [] }));
        s.points.push({ value: g.Value, file: m.file });
      }
    }
  }
  for (const [key, s] of own) out.set(key, s);
  return out;
}

/** The metrics' "host" label is a hostname; name the server member it belongs to when one matches. */
function subjectFor(bundle: Bundle, host: string): string {
  if (!host) return 'cluster';
  const m = membersOf(bundle)?.members.find(({ m }) => m.Name === host || m.Name.startsWith(host + '.'));
  return m ? m.m.Name : host;
}

function trends(bundle: Bundle, intervals: IntervalData[]): Finding[] {
  const out: Finding[] = [];
  for (const s of seriesOf(bundle, intervals).values()) {
    const w = WATCHED.find((x) => x.name === s.name)!;
    const values = s.points.map((p) => p.value);
    const last = values[values.length - 1]!;
    const subject = s.subject;
    const on = s.label ? ` on ${s.label}` : '';
    const ev = [evidence(s.points[0]!.file), evidence(s.points[s.points.length - 1]!.file)];
    const shown = values.map((v) => fmt(v, w.unit)).join(' → ');
    if (!w.queue && growsMonotonically(values)) {
      out.push(finding(ID, 'warning', subject, `${cap(w.what)} grow in every snapshot${on}`,
        `${s.name} rose in each of ${values.length} interval snapshots: ${shown}. ` +
        (w.name.includes('blocked_evals')
          ? 'More and more evaluations cannot be placed: the cluster lacks resources matching the jobs\' constraints, or nodes are down/ineligible.'
          : 'Steady growth during a short capture suggests a leak or a backlog; compare with the pprof rounds.'),
        ev));
    } else if (w.high !== undefined && last >= w.high && w.name.includes('blocked_evals')) {
      out.push(finding(ID, 'info', subject, `${fmt(last)} blocked evaluations${on}`,
        `${s.name} was ${shown}. Blocked evaluations wait for capacity: check \`nomad job status\` for placement failures.`, ev));
    } else if (w.high !== undefined && last >= w.high) {
      out.push(finding(ID, 'warning', subject, `${fmt(last)} ${w.what}${on}`, `${s.name} is high: ${shown}.${w.why ? ` ${w.why}` : ''}`, ev));
    }
  }
  return out;
}

function badAllocs(iv: IntervalData | undefined): Finding[] {
  const allocs = iv?.allocations;
  if (!allocs) return [];
  const out: Finding[] = [];
  // failed ones are the allocations check's, with their tasks' reasons
  for (const [status, severity, meaning] of [['lost', 'warning', 'their node went down or lost contact, so Nomad gave up on them']] as const) {
    const list = allocs.value.filter((a) => a.ClientStatus === status);
    if (list.length === 0) continue;
    const byJob = new Map<string, number>();
    for (const a of list) {
      const job = a.JobID ?? '?';
      byJob.set(job, (byJob.get(job) ?? 0) + 1);
    }
    const jobs = [...byJob].sort((x, y) => y[1] - x[1]).map(([j, n]) => `${j} ×${n}`);
    out.push(finding(ID, severity, 'cluster', `${plural(list.length, 'allocation')} ${status}`,
      `${plural(list.length, 'allocation')} ${status === 'lost' ? 'are' : 'have'} ${status}: ${meaning}. By job: ${listSome(jobs)}. ` +
      '`nomad alloc status <id>` shows the task events.', [evidence(allocs.file)]));
  }
  return out;
}

function fmt(v: number, unit?: 'bytes'): string {
  if (unit === 'bytes') return `${(v / 1024 ** 2).toFixed(0)} MiB`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
