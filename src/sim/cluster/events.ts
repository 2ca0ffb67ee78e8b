// GET /v1/event/stream: NDJSON frames {Index, Events[...]} replaying how the workload came to be
// (node registrations, job registrations, evaluations, allocations, deployments), by raft index.
import { findAllocation, jobDoc, nodeDoc } from './docs-cluster.ts';
import { historyStart } from './timeline.ts';
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

const MIN = 60_000;

/**
 * The history as Nomad publishes it (nomad/state/events.go, eventsFromChanges; types from
 * nomad/structs/event.go): a node registers (NodeRegistration, status initializing) and turns
 * ready (a node status update is a NodeStreamEvent); a down node's missed heartbeat is one
 * more; a flapping node goes down and comes back; jobs, evaluations, allocations (with their
 * task states) and deployments (running, then their outcome) follow by raft index.
 */
function allEvents(c: SimCluster): Ev[] {
  const hit = cache.get(c);
  if (hit) return hit;
  const out: Ev[] = [];
  const idx = (d: Doc, k = 'CreateIndex') => Number(d[k] ?? 0);
  const ev = (Topic: string, Type: string, Key: string, Namespace: string, FilterKeys: string[] | null, Index: number, Payload: Doc) =>
    out.push({ Topic, Type, Key, Namespace, FilterKeys, Index, Payload });
  // every node in trouble, whatever its place, beside the first few
  const nodes = c.clients.filter((a, i) => i < MAX_NODE_EVENTS || a.status === 'down' || a.flapping);
  for (const a of nodes) {
    const node = nodeDoc(c, a.id)!;
    const at = (status: string, ms: number, event?: Doc) => ({
      ...node, Status: status, StatusUpdatedAt: Math.floor(ms / 1000),
      Events: event ? [...(node['Events'] as Doc[]).slice(0, 1), event] : (node['Events'] as Doc[]).slice(0, 1),
    });
    const registeredMs = historyStart(c.startedAt) + 1500;
    ev('Node', 'NodeRegistration', a.id, '', null, idx(node), { Node: at('initializing', registeredMs) });
    ev('Node', 'NodeStreamEvent', a.id, '', null, idx(node), { Node: at('ready', registeredMs + 2000) });
    if (a.status === 'down') ev('Node', 'NodeStreamEvent', a.id, '', null, idx(node, 'ModifyIndex'), { Node: node });
    if (a.flapping) {
      // its heartbeats come and go over the last minutes before the capture
      const base = c.baseIndex - 40;
      const t0 = c.startedAt.getTime() - 5 * MIN;
      ['down', 'ready', 'down', 'ready'].forEach((status, k) => {
        const ms = t0 + k * MIN;
        const event = status === 'down'
          ? { Message: 'Node heartbeat missed', Subsystem: 'Cluster', Details: null, Timestamp: new Date(ms).toISOString(), CreateIndex: base + k * 3 }
          : { Message: 'Node reregistered by heartbeat', Subsystem: 'Cluster', Details: null, Timestamp: new Date(ms).toISOString(), CreateIndex: base + k * 3 };
        ev('Node', 'NodeStreamEvent', a.id, '', null, base + k * 3, { Node: at(status, ms, event) });
      });
    }
  }
  for (const j of c.jobs) {
    const job = jobDoc(c, String(j['Namespace']), String(j['ID']));
    ev('Job', 'JobRegistered', String(j['ID']), String(j['Namespace']), null, idx(j), { Job: job ?? j });
  }
  for (const e of c.evaluations) {
    ev('Evaluation', 'EvaluationUpdated', String(e['ID']), String(e['Namespace']), [String(e['JobID']), String(e['DeploymentID'])], idx(e, 'ModifyIndex'), { Evaluation: e });
  }
  // a sample, plus every allocation in trouble (lost with its node, failed, restarting)
  const troubled = (x: Doc) => x['ClientStatus'] === 'lost' || x['ClientStatus'] === 'failed' || restarted(x);
  const sample = c.allocations.filter((x, i) => i < MAX_ALLOC_EVENTS || troubled(x));
  for (const s of sample) {
    const alloc: Doc = { ...findAllocation(c, String(s['ID']))!, Job: null };
    ev('Allocation', 'AllocationUpdated', String(s['ID']), String(s['Namespace']), [String(s['JobID']), String(alloc['DeploymentID'] ?? '')], idx(s), { Allocation: alloc });
  }
  for (const d of c.deployments) {
    const keys = [String(d['JobID'])];
    if (d['Status'] !== 'running') {
      const started = { ...d, Status: 'running', StatusDescription: 'Deployment is running', ModifyIndex: idx(d), ModifyTime: d['CreateTime'] };
      ev('Deployment', 'DeploymentStatusUpdate', String(d['ID']), String(d['Namespace']), keys, idx(d), { Deployment: started });
    }
    ev('Deployment', 'DeploymentStatusUpdate', String(d['ID']), String(d['Namespace']), keys, idx(d, 'ModifyIndex'), { Deployment: d });
  }
  out.sort((x, y) => x.Index - y.Index);
  cache.set(c, out);
  return out;
}

function restarted(a: Doc): boolean {
  const states = (a['TaskStates'] ?? {}) as Record<string, { Restarts?: number }>;
  return Object.values(states).some((t) => (t.Restarts ?? 0) > 0);
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
