// Work that cannot be placed: for each job with a blocked or failed evaluation, why the
// scheduler could not place its allocations, from the evaluations' FailedTGAllocs (AllocMetric):
// "search-indexer: memory exhausted on 12 nodes" is the line a user needs.
import type { AllocMetric, EvaluationStub, IntervalData } from '../../model/types.ts';
import type { Check, Evidence, Finding } from '../types.ts';
import { evidence, finding, pointer, unreadable } from '../finding.ts';
import { plural } from '../text.ts';
import { latest } from '../../model/facts.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'placement';

export const check: Check = {
  id: ID,
  title: 'Work that cannot be placed',
  run(bundle) {
    const iv = latest(bundle, (i) => i.evaluations);
    if (!iv) return { notEvaluated: unreadable(bundle, 'evaluations.json') ?? 'no evaluations in the bundle' };
    return stuckJobs(iv).map((j) => jobFinding(j, iv.evaluations!.file));
  },
};

interface StuckJob {
  namespace: string;
  job: string;
  /** The evaluation that left the job waiting (blocked) or gave up (failed). */
  waiting: { e: EvaluationStub; i: number };
  /** The newest of the job's evaluations that says why, when one does. */
  why?: { e: EvaluationStub; i: number };
}

/** Jobs with a blocked or failed evaluation in the snapshot, each with the evaluation that says why. */
function stuckJobs(iv: IntervalData): StuckJob[] {
  const evals = iv.evaluations!.value;
  const byJob = new Map<string, StuckJob>();
  evals.forEach((e, i) => {
    if (e.Status !== 'blocked' && e.Status !== 'failed') return;
    const key = `${e.Namespace ?? ''}\u0000${e.JobID ?? ''}`;
    if (!byJob.has(key)) byJob.set(key, { namespace: e.Namespace ?? '', job: e.JobID ?? '?', waiting: { e, i } });
  });
  evals.forEach((e, i) => {
    const j = byJob.get(`${e.Namespace ?? ''}\u0000${e.JobID ?? ''}`);
    if (j && e.FailedTGAllocs && Object.keys(e.FailedTGAllocs).length > 0) j.why = { e, i };
  });
  return [...byJob.values()];
}

function jobFinding(j: StuckJob, file: string): Finding {
  const where = j.namespace && j.namespace !== 'default' ? ` (namespace ${j.namespace})` : '';
  const ev: Evidence[] = [evidence(file, pointer(j.waiting.i, 'Status'))];
  if (!j.why) {
    const desc = j.waiting.e.StatusDescription ? `: ${j.waiting.e.StatusDescription}` : '';
    return finding(ID, 'warning', j.job, `${j.job}: evaluation ${j.waiting.e.Status}, allocations not placed`,
      `Job ${j.job}${where} has a ${j.waiting.e.Status} evaluation${desc}. The snapshot holds no placement metrics saying why; ` +
        `\`nomad job status ${j.job}\` shows the placement failures.`, ev);
  }
  const groups = Object.entries(j.why.e.FailedTGAllocs!);
  const lines = groups.map(([g, m]) => `${g}: ${reasons(m).join('; ') || 'no reason recorded'}`);
  const unplaced = groups.reduce((n, [, m]) => n + 1 + (m.CoalescedFailures ?? 0), 0);
  for (const [g] of groups) ev.push(evidence(file, pointer(j.why.i, 'FailedTGAllocs', g)));
  const first = reasons(groups[0]![1])[0] ?? 'no reason recorded';
  return finding(ID, 'warning', j.job, `${j.job}: ${plural(unplaced, 'allocation')} cannot be placed: ${first}`,
    `The scheduler could not place ${plural(unplaced, 'allocation')} of job ${j.job}${where}, by task group: ${listSome(lines, 5)}. ` +
      'Free or add capacity of that kind, relax the constraint, or check the datacenters and node pool the job asks for.', ev);
}

/** What an AllocMetric says stopped placement, most telling first. */
export function reasons(m: AllocMetric): string[] {
  const out: string[] = [];
  if (m.NodesEvaluated === 0) {
    out.push(`no node to evaluate (${plural(m.NodesInPool ?? 0, 'node')} in the pool${availableText(m)}): check the job's datacenters and node pool`);
  }
  for (const [dim, n] of sorted(m.DimensionExhausted)) out.push(`${dim} exhausted on ${plural(n, 'node')}`);
  for (const q of m.QuotaExhausted ?? []) out.push(`quota: ${q}`);
  for (const [c, n] of sorted(m.ConstraintFiltered)) out.push(`constraint ${c} filtered ${plural(n, 'node')}`);
  for (const [c, n] of sorted(m.ClassFiltered)) out.push(`node class ${c} filtered ${plural(n, 'node')}`);
  for (const [c, n] of sorted(m.ClassExhausted)) out.push(`node class ${c} exhausted on ${plural(n, 'node')}`);
  if (out.length === 0 && (m.NodesExhausted ?? 0) > 0) out.push(`resources exhausted on ${plural(m.NodesExhausted!, 'node')}`);
  return out;
}

function availableText(m: AllocMetric): string {
  const dcs = sorted(m.NodesAvailable).map(([dc, n]) => `${dc} ${n}`);
  return dcs.length ? `; available by datacenter: ${dcs.join(', ')}` : '';
}

/** Map entries, largest count first. */
function sorted(m: Record<string, number> | null | undefined): [string, number][] {
  return Object.entries(m ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
