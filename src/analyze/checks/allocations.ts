// Crash loops and failed allocations in the latest snapshot and the event stream, grouped by job and task, with the
// reason the last events give: OOM killed, an exit code, a driver, setup, template or Vault error.
import type { AllocationStub, StreamEvent, TaskEvent, TaskState } from '../../model/types.ts';
import { eventEvidence } from '../events.ts';
import type { Check, Evidence, Finding } from '../types.ts';
import { evidence, finding, pointer, unreadable } from '../finding.ts';
import { plural } from '../text.ts';
import { latest } from '../../model/facts.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'allocations';

/** Restarts of one task that make a crash loop rather than bad luck. */
export const CRASH_LOOP_RESTARTS = 3;

export const check: Check = {
  id: ID,
  title: 'Crash loops and failed allocations',
  run(bundle) {
    const iv = latest(bundle, (i) => i.allocations);
    const es = bundle.cluster.events;
    if (!iv && !es) return { notEvaluated: unreadable(bundle, 'allocations.json') ?? 'no allocations in the bundle' };
    const groups = new Map<string, Group>();
    const add = (a: Pick<AllocationStub, 'JobID' | 'ClientStatus' | 'TaskStates'>, at: (task: string, field: string) => Evidence) => {
      for (const [task, st] of Object.entries(a.TaskStates ?? {})) {
        const kind = troubleOf(a, st);
        if (!kind) continue;
        const key = `${kind}\u0000${a.JobID ?? '?'}\u0000${task}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { kind, job: a.JobID ?? '?', task, allocs: 0, restarts: 0, reasons: new Map(), evidence: [] }));
        g.allocs++;
        g.restarts += st.Restarts ?? 0;
        const why = lastReason(st.Events ?? []);
        if (why) g.reasons.set(why, (g.reasons.get(why) ?? 0) + 1);
        if (g.evidence.length < 3) g.evidence.push(at(task, kind === 'crash-loop' ? 'Restarts' : 'Failed'));
      }
    };
    const inSnapshot = new Set<string>();
    if (iv) {
      const file = iv.allocations!.file;
      iv.allocations!.value.forEach((a, i) => {
        inSnapshot.add(a.ID);
        add(a, (task, field) => evidence(file, pointer(i, 'TaskStates', task, field)));
      });
    }
    // Allocations the event stream saw fail or restart that the last snapshot no longer lists
    // (replaced, garbage-collected, or no snapshot at all): each one's last event.
    if (es) {
      for (const e of lastEventPerAllocation(es.events)) {
        if (inSnapshot.has(e.key)) continue;
        add({ JobID: e.job, ClientStatus: e.status, TaskStates: e.tasks }, (task, field) => eventEvidence(es.file, e, 'TaskStates', task, field));
      }
    }
    return mergeFailedTasks([...groups.values()]).map(groupFinding);
  },
};

/** Tasks of one job that failed for the same reasons (a batch job's steps, all exit 1) are one cause. */
function mergeFailedTasks(groups: Group[]): Group[] {
  const out: Group[] = [];
  const byCause = new Map<string, Group>();
  for (const g of groups) {
    if (g.kind !== 'failed') {
      out.push(g);
      continue;
    }
    const key = `${g.job}\u0000${[...g.reasons.keys()].sort().join('\u0000')}`;
    const same = byCause.get(key);
    if (!same) {
      byCause.set(key, g);
      out.push(g);
      continue;
    }
    same.task = `${same.task} and ${g.task}`;
    same.allocs = Math.max(same.allocs, g.allocs);
    for (const [r, n] of g.reasons) same.reasons.set(r, Math.max(same.reasons.get(r) ?? 0, n));
    same.evidence.push(...g.evidence.slice(0, 3 - Math.min(3, same.evidence.length)));
  }
  return out;
}

function lastEventPerAllocation(events: StreamEvent[]): StreamEvent[] {
  const last = new Map<string, StreamEvent>();
  for (const e of events) if (e.topic === 'Allocation' && e.key && e.tasks) last.set(e.key, e);
  return [...last.values()];
}

interface Group {
  kind: 'crash-loop' | 'failed';
  job: string;
  task: string;
  allocs: number;
  restarts: number;
  reasons: Map<string, number>;
  evidence: Evidence[];
}

function troubleOf(a: Pick<AllocationStub, 'ClientStatus'>, st: TaskState): Group['kind'] | undefined {
  if ((st.Restarts ?? 0) >= CRASH_LOOP_RESTARTS && a.ClientStatus !== 'complete') return 'crash-loop';
  return st.Failed ? 'failed' : undefined; // a sibling of a failed task is not failed itself
}

/** The reason the newest telling event gives for the task stopping. */
export function lastReason(events: TaskEvent[]): string | undefined {
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k]!;
    const d = e.Details ?? {};
    if (d['oom_killed'] === 'true') return 'OOM killed';
    if (e.DriverError) return `driver error: ${e.DriverError}`;
    if (e.SetupError) return `setup error: ${e.SetupError}`;
    if (e.VaultError) return `Vault: ${e.VaultError}`;
    if (e.Type === 'Template') return `template: ${e.DisplayMessage ?? ''}`;
    if (e.Type === 'Terminated' && e.ExitCode) return `exit code ${e.ExitCode}`;
    if (e.Type === 'Driver Failure' || e.Type === 'Setup Failure' || e.Type === 'Failed Validation') return `${e.Type.toLowerCase()}: ${e.DisplayMessage ?? ''}`;
  }
  return undefined;
}

function groupFinding(g: Group): Finding {
  const why = [...g.reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => (g.allocs > 1 ? `${r} (${n})` : r));
  const because = why.length ? `: ${why[0]!.replace(/ \(\d+\)$/, '')}` : '';
  if (g.kind === 'crash-loop') {
    return finding(ID, 'warning', g.job, `${g.job}/${g.task} is crash-looping${because}`,
      `Task ${g.task} of job ${g.job} restarted ${plural(g.restarts, 'time')} across ${plural(g.allocs, 'allocation')}` +
        `${why.length ? `; last reasons: ${listSome(why)}` : ''}. ` +
        (why[0]?.startsWith('OOM') ? 'It uses more memory than it reserves: raise its memory (or memory_max) or find the leak. '
          : 'Its task events (`nomad alloc status <id>`) and logs (`nomad alloc logs`) show why it exits. ') +
        'Each restart waits out the restart delay, and past the restart attempts the allocation fails.',
      g.evidence);
  }
  return finding(ID, 'info', g.job, `${g.job}/${g.task} failed in ${plural(g.allocs, 'allocation')}${because}`,
    `Task ${g.task} of job ${g.job} failed in ${plural(g.allocs, 'allocation')}${why.length ? `; reasons: ${listSome(why)}` : ''}. ` +
      '`nomad alloc status <id>` shows the task events.',
    g.evidence);
}
