// GET /v1/event/stream: NDJSON frames {Index, Events[...]} replaying how the workload came to be
// (node registrations, job registrations, evaluations, allocations, deployments), by raft index.
import { findAllocation, jobDoc, nodeDoc } from './docs-cluster.ts';
import type { Doc, SimCluster } from './types.ts';

/** Replaying every allocation of a thousand-node cluster helps no one: a sample is enough. */
const MAX_NODE_EVENTS = 20;
const MAX_ALLOC_EVENTS = 40;

interface Ev {
  Topic: string;
  Type: string;
  Key: string;
  Namespace: string;
  FilterKeys: string[] | null;
  Index: number;
  Payload: Doc;
}

const cache = new WeakMap<SimCluster, Ev[]>();

function allEvents(c: SimCluster): Ev[] {
  const hit = cache.get(c);
  if (hit) return hit;
  const out: Ev[] = [];
  const idx = (d: Doc, k = 'CreateIndex') => Number(d[k] ?? 0);
  c.clients.slice(0, MAX_NODE_EVENTS).forEach((a) => {
    const node = nodeDoc(c, a.id)!;
    out.push({ Topic: 'Node', Type: 'NodeRegistration', Key: a.id, Namespace: '', FilterKeys: null, Index: idx(node), Payload: { Node: node } });
    if (a.status === 'down') out.push({ Topic: 'Node', Type: 'NodeStreamEvent', Key: a.id, Namespace: '', FilterKeys: null, Index: idx(node, 'ModifyIndex'), Payload: { Node: node } });
  });
  for (const j of c.jobs) {
    const job = jobDoc(c, String(j['Namespace']), String(j['ID']));
    out.push({ Topic: 'Job', Type: 'JobRegistered', Key: String(j['ID']), Namespace: String(j['Namespace']), FilterKeys: null, Index: idx(j), Payload: { Job: job ?? j } });
  }
  for (const e of c.evaluations) {
    out.push({ Topic: 'Evaluation', Type: 'EvaluationUpdated', Key: String(e['ID']), Namespace: String(e['Namespace']),
      FilterKeys: [String(e['JobID']), String(e['DeploymentID'])], Index: idx(e, 'ModifyIndex'), Payload: { Evaluation: e } });
  }
  const lost = c.allocations.filter((x) => x['ClientStatus'] === 'lost');
  const sample = [...c.allocations.slice(0, MAX_ALLOC_EVENTS), ...lost.filter((x) => c.allocations.indexOf(x) >= MAX_ALLOC_EVENTS)];
  for (const s of sample) {
    const alloc: Doc = { ...findAllocation(c, String(s['ID']))!, Job: null };
    out.push({ Topic: 'Allocation', Type: 'AllocationUpdated', Key: String(s['ID']), Namespace: String(s['Namespace']),
      FilterKeys: [String(s['JobID']), String(alloc['DeploymentID'] ?? '')], Index: idx(s), Payload: { Allocation: alloc } });
  }
  for (const d of c.deployments) {
    out.push({ Topic: 'Deployment', Type: 'DeploymentStatusUpdate', Key: String(d['ID']), Namespace: String(d['Namespace']),
      FilterKeys: [String(d['JobID'])], Index: idx(d), Payload: { Deployment: d } });
  }
  out.sort((x, y) => x.Index - y.Index);
  cache.set(c, out);
  return out;
}

/**
 * Nomad's subscription filter (nomad/stream/subscription.go filter): the keys of `*` and of the
 * event's topic; `*:*` alone, or a lone `*` key, takes everything; otherwise a key must equal the event's Key or one of
 * its FilterKeys (a `*` among other keys is no wildcard there).
 */
function wanted(e: Ev, topics: Map<string, string[]> | null): boolean {
  if (!topics) return true;
  const all = topics.get('*') ?? [];
  if (all.length === 1 && all[0] === '*') return true;
  const keys = [...all, ...(topics.get(e.Topic) ?? [])];
  if (keys.length === 1 && keys[0] === '*') return true;
  return keys.some((k) => k === e.Key || (e.FilterKeys ?? []).includes(k));
}

/** Frames holding the events at `index` or later; `topics` null means every topic. */
export function eventsSince(c: SimCluster, index: number, topics: Map<string, string[]> | null): Doc[] {
  const frames: Doc[] = [];
  let current: { Index: number; Events: Ev[] } | undefined;
  for (const e of allEvents(c)) {
    if (e.Index < index || !wanted(e, topics)) continue;
    if (!current || current.Index !== e.Index) {
      current = { Index: e.Index, Events: [] };
      frames.push(current as unknown as Doc);
    }
    current.Events.push(e);
  }
  return frames;
}
