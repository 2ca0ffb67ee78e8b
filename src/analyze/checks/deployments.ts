// Failed deployments, per job: from the latest deployments.json and the event stream's
// Deployment events. A job whose newest deployment failed is a warning (its new version is not
// running, or auto_revert put the old one back); a failure a later deployment replaced is info.
import type { Bundle } from '../../model/types.ts';
import { eventEvidence } from '../events.ts';
import type { Check, Evidence, Finding } from '../types.ts';
import { evidence, finding, oneFindingPerCause, pointer } from '../finding.ts';
import { plural } from '../text.ts';
import { latest } from '../../model/facts.ts';
import { jsonString } from '../../model/json-read.ts';
import { groupBy } from '../../shared/group-by.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'deployments';

interface Deployment {
  id: string;
  job: string;
  status: string;
  description: string;
  /** Raft index of its last change: orders a job's deployments. */
  index: number;
  ev: Evidence;
}

export const check: Check = {
  id: ID,
  title: 'Failed deployments',
  run(bundle) {
    const all = deploymentsOf(bundle);
    if (!all) return { notEvaluated: 'no deployments.json and no Deployment events in the bundle' };
    const items: { job: string; latest: boolean; reason: string; f: Finding }[] = [];
    for (const [job, list] of groupBy([...all.values()], (d) => d.job)) {
      const failed = list.filter((d) => d.status === 'failed');
      if (failed.length === 0) continue;
      const newest = list.reduce((a, b) => (b.index > a.index ? b : a));
      const why = [...new Set(failed.map((d) => d.description).filter(Boolean))];
      const because = why.length ? `: ${why[0]}` : '';
      const evs = failed.slice(-3).map((d) => d.ev);
      const latestFailed = newest.status === 'failed';
      items.push({ job, latest: latestFailed, reason: why[0] ?? '', f: latestFailed
        ? finding(ID, 'warning', job, `The latest deployment of ${job} failed${because}`,
          `${plural(failed.length, 'deployment')} of job ${job} failed${why.length ? ` (${listSome(why, 3)})` : ''}, the latest among them. ${ADVICE}`, evs)
        : finding(ID, 'info', job, `A deployment of ${job} failed${because}; a later one is ${newest.status}`,
          `${plural(failed.length, 'deployment')} of job ${job} failed${why.length ? ` (${listSome(why, 3)})` : ''}; deployment ${newest.id.slice(0, 8)} came after it and is ${newest.status}.`, evs) });
    }
    // Many jobs failing the same way (a bad image registry, a cluster short of capacity) are one finding.
    return oneFindingPerCause(items, (x) => `${x.latest}\u0000${x.reason}`, (x) => x.job, (x) => x.f, (xs) => {
      const jobs = listSome(xs.map((x) => x.job), 10);
      const because = xs[0]!.reason ? `: ${xs[0]!.reason}` : '';
      return xs[0]!.latest
        ? finding(ID, 'warning', 'cluster', `The latest deployments of ${xs.length} jobs failed${because}`,
          `The newest deployment of each of ${jobs} failed${because ? ` (${xs[0]!.reason})` : ''}. ${ADVICE}`, xs.slice(0, 5).flatMap((x) => x.f.evidence.slice(0, 1)))
        : finding(ID, 'info', 'cluster', `Deployments of ${xs.length} jobs failed${because}; later ones replaced them`,
          `An earlier deployment of each of ${jobs} failed${because ? ` (${xs[0]!.reason})` : ''}; a later deployment came after it.`, xs.slice(0, 5).flatMap((x) => x.f.evidence.slice(0, 1)));
    });
  },
};

const ADVICE = 'Its new version did not become healthy in time: with auto_revert the previous version runs again, without it the job is left ' +
  'part old, part new. `nomad deployment status <id>` and the failed allocations\' task events tell why.';

/** Every deployment by id, as last seen: events in order, then the latest snapshot. */
function deploymentsOf(bundle: Bundle): Map<string, Deployment> | undefined {
  const iv = latest(bundle, (i) => i.deployments);
  const es = bundle.cluster.events;
  const events = es?.events.filter((e) => e.topic === 'Deployment') ?? [];
  if (!iv && events.length === 0) return undefined;
  const out = new Map<string, Deployment>();
  for (const e of events) {
    if (!e.key || !e.job) continue;
    out.set(e.key, { id: e.key, job: e.job, status: e.status ?? '', description: e.description ?? '', index: e.index, ev: eventEvidence(es!.file, e, 'Status') });
  }
  const snap = iv?.deployments;
  snap?.value.forEach((d, i) => {
    const id = jsonString(d, 'ID');
    const job = jsonString(d, 'JobID');
    if (!id || !job) return;
    const index = typeof d['ModifyIndex'] === 'number' ? d['ModifyIndex'] : 0;
    out.set(id, { id, job, status: jsonString(d, 'Status') ?? '', description: jsonString(d, 'StatusDescription') ?? '', index: Math.max(index, out.get(id)?.index ?? 0), ev: evidence(snap.file, pointer(i, 'Status')) });
  });
  return out;
}
