// The key facts of a bundle that `diff` compares: versions, leader, server and node statuses,
// jobs and allocations by status. Read the way the report's summary reads them, so both say the
// same thing. Pure.
import { clusterLeader, latest, nodesOf } from '../model/facts.ts';
import { jsonString } from '../model/json-read.ts';
import type { Bundle, NodeStub } from '../model/types.ts';
import { countBy } from './count-by.ts';
import { tally } from './sections/summary.ts';

export interface KeyFactChange {
  /** Stable key: "leader", "server-versions", "server:<name>", "client:<node id>", ... */
  key: string;
  label: string;
  /** null: the bundle does not hold this fact. */
  before: string | null;
  after: string | null;
  changed: boolean;
}

interface Fact {
  key: string;
  label: string;
  value: string;
}

/** The cluster-wide facts, in the order they are shown; then per server and per node, only those that differ. */
export function compareKeyFacts(before: Bundle, after: Bundle): KeyFactChange[] {
  const out: KeyFactChange[] = [];
  const b = clusterFacts(before);
  const a = clusterFacts(after);
  for (const [key, label] of CLUSTER_FACTS) {
    const x = b.get(key) ?? null;
    const y = a.get(key) ?? null;
    if (x !== null || y !== null) out.push({ key, label, before: x, after: y, changed: x !== y });
  }
  for (const list of [[serverFacts(before), serverFacts(after)], [nodeFacts(before), nodeFacts(after)]] as const) {
    const [xs, ys] = list;
    for (const key of new Set([...xs.keys(), ...ys.keys()])) {
      const x = xs.get(key);
      const y = ys.get(key);
      if (x?.value === y?.value) continue;
      out.push({ key, label: (y ?? x)!.label, before: x?.value ?? null, after: y?.value ?? null, changed: true });
    }
  }
  return out;
}

const CLUSTER_FACTS: [string, string][] = [
  ['server-versions', 'Server versions'],
  ['client-versions', 'Client versions'],
  ['leader', 'Leader'],
  ['servers', 'Servers by status'],
  ['clients', 'Client nodes by status'],
  ['jobs', 'Jobs by status'],
  ['allocations', 'Allocations by status'],
];

/** Fact key → value, for the facts the bundle holds. */
function clusterFacts(bundle: Bundle): Map<string, string> {
  const out = new Map<string, string>();
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) out.set(key, value);
  };
  const members = bundle.cluster.members?.value.Members;
  const nodes = nodesOf(bundle)?.nodes;
  add('server-versions', members && (tally(members.map((m) => m.Tags?.build ?? '')) || 'unknown'));
  add('client-versions', nodes && (tally(nodes.map((n) => n.Version ?? '')) || 'unknown'));
  const leader = clusterLeader(bundle);
  if (members || leader.address || leader.name) add('leader', leader.name ?? leader.address ?? 'none');
  add('servers', members && byStatus(members.map((m) => m.Status)));
  add('clients', nodes && byStatus(nodes.map((n) => n.Status)));
  const jobs = latest(bundle, (i) => i.jobs)?.jobs?.value;
  add('jobs', jobs && byStatus(jobs.map((j) => jsonString(j, 'Status') ?? '')));
  const allocs = latest(bundle, (i) => i.allocations)?.allocations?.value;
  add('allocations', allocs && byStatus(allocs.map((x) => x.ClientStatus ?? '')));
  return out;
}

/** "4 running, 1 failed"; "none" for an empty list. */
function byStatus(statuses: string[]): string {
  const counts = countBy(statuses, (s) => s || 'unknown');
  return counts.length ? counts.map((c) => `${c.count} ${c.key}`).join(', ') : 'none';
}

function serverFacts(bundle: Bundle): Map<string, Fact> {
  const out = new Map<string, Fact>();
  for (const m of bundle.cluster.members?.value.Members ?? []) {
    const key = `server:${m.Name}`;
    if (!out.has(key)) out.set(key, { key, label: `Server ${m.Name}`, value: [m.Status || 'unknown', m.Tags?.build].filter(Boolean).join(', ') });
  }
  return out;
}

function nodeFacts(bundle: Bundle): Map<string, Fact> {
  const out = new Map<string, Fact>();
  for (const n of nodesOf(bundle)?.nodes ?? []) {
    const key = `client:${n.ID}`;
    if (!out.has(key)) out.set(key, { key, label: `Node ${n.Name ? `${n.Name} (${n.ID.slice(0, 8)})` : n.ID}`, value: nodeState(n) });
  }
  return out;
}

/** "ready", "ready, ineligible, draining", with the version: what an operator compares. */
function nodeState(n: NodeStub): string {
  return [n.Status || 'unknown', n.SchedulingEligibility === 'ineligible' ? 'ineligible' : '', n.Drain === true ? 'draining' : '', n.Version ?? '']
    .filter(Boolean).join(', ');
}
