// Client nodes: down (critical when allocations still live there), disconnected, draining,
// ineligible; flapping across the interval snapshots and in the event stream; disk and memory pressure from client
// stats or host data.
import type { AgentData, Bundle, NodeStub } from '../../model/types.ts';
import { nodeStatusesFromEvents, type StatusStep } from '../events.ts';
import type { Check, Evidence, Finding, Severity } from '../types.ts';
import { evidence, finding, oneFindingPerCause, pointer } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { allAgents, fullestDisk, latest, nodesOf } from '../../model/facts.ts';
import { formatPct } from '../../shared/format-number.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'nodes';

export const check: Check = {
  id: ID,
  title: 'Client nodes',
  run(bundle) {
    const ns = nodesOf(bundle);
    const withStats = allAgents(bundle).filter((a) => a.clientStats || a.host?.value.Disk);
    if (!ns && withStats.length === 0 && !bundle.cluster.events) return { notEvaluated: 'no nodes.json, client stats, host data or event stream in the bundle' };
    const out: Finding[] = [];
    if (ns) {
      const live = liveAllocsByNode(bundle);
      ns.nodes.forEach((n, i) => out.push(...statusFindings(n, i, ns.file, live.get(n.ID) ?? 0)));
    }
    for (const agent of withStats) out.push(...pressureFindings(bundle, agent));
    for (const f of flappingFindings(bundle)) out.push(f);
    return out;
  },
};

/**
 * Nodes whose status changes across the interval snapshots, or in the event stream's Node
 * events: back and forth is flapping (missed heartbeats, a network that drops the client); once
 * to down is a node lost during the capture. One finding per node, with the evidence of both.
 */
function flappingFindings(bundle: Bundle): Finding[] {
  const snapshots = new Map<string, { name: string; steps: StatusStep[] }>();
  for (const iv of bundle.intervals) {
    const list = iv.nodes;
    if (!list) continue;
    list.value.forEach((n, i) => {
      const h = snapshots.get(n.ID) ?? { name: n.Name ? `${n.Name} (${n.ID.slice(0, 8)})` : n.ID, steps: [] };
      h.steps.push({ status: n.Status, ev: evidence(list.file, pointer(i, 'Status')) });
      snapshots.set(n.ID, h);
    });
  }
  const events = nodeStatusesFromEvents(bundle);
  // a node down in the nodes list has its own finding: its going down is the same cause
  const downNow = new Set((nodesOf(bundle)?.nodes ?? []).filter((n) => n.Status.toLowerCase() === 'down').map((n) => n.ID));
  const items: { id: string; kind: string; name: string; f: Finding }[] = [];
  for (const id of new Set([...snapshots.keys(), ...events.keys()])) {
    const snap = snapshots.get(id);
    const ev = events.get(id);
    const name = snap?.name ?? (ev?.name ? `${ev.name} (${id.slice(0, 8)})` : id);
    const sources = [
      snap && { captured: true, where: `across ${snap.steps.length} snapshots`, ...changesOf(snap.steps) },
      ev && { captured: false, where: 'in the event stream', ...changesOf(ev.steps) },
    ].filter((x): x is NonNullable<typeof x> => !!x && x.changes.length > 0);
    if (sources.length === 0) continue;
    const worst = sources.reduce((a, b) => (b.changes.length > a.changes.length ? b : a));
    const told = sources.map((x) => `${x.changes.length} time${x.changes.length === 1 ? '' : 's'} ${x.where} (${x.path})`).join(', and ');
    const evs = sources.flatMap((x) => x.evidence.slice(0, 4));
    if (worst.changes.length >= 2) {
      items.push({ id, kind: 'flapping', name, f: finding(ID, 'warning', id, `Node ${name} is flapping`,
        `Node ${name} changed status ${told}. Its heartbeats reach the ` +
          'servers only some of the time: the scheduler marks it down, moves or loses its allocations, then takes it back. Look at ' +
          'the network between the client and the servers, its load, and heartbeat_grace.', evs) });
    } else if (worst.changes[0]!.status === 'down') {
      // the event stream replays history from its start index: only the snapshots say "during the capture"
      const captured = worst.captured;
      if (!captured && downNow.has(id)) continue; // its "is down" finding is the same cause
      items.push({ id, kind: captured ? 'during the capture' : 'in the event stream', name, f: finding(ID, 'warning', id, `Node ${name} went down ${captured ? 'during the capture' : 'in the event stream'}`,
        `Node ${name} was ${worst.first} and then down ${worst.where} (${worst.path}): its heartbeats stopped${captured ? ' while the bundle was collected' : ''}.`, evs) });
    }
  }
  // Many nodes flapping or lost at once is one cause (the network, the servers, an overloaded scheduler).
  return oneFindingPerCause(items, (x) => x.kind, (x) => x.id, (x) => x.f, (xs) => {
    const names = listSome(xs.map((x) => x.name), 10);
    const evs = xs.slice(0, 5).flatMap((x) => x.f.evidence.slice(0, 2));
    return xs[0]!.kind === 'flapping'
      ? finding(ID, 'warning', 'cluster', `${xs.length} nodes are flapping`,
        `${names} changed status back and forth. When many clients miss heartbeats together, look first at what they share: the ` +
          'network to the servers, the servers\' load (heartbeats are RPCs to them), and heartbeat_grace.', evs)
      : finding(ID, 'warning', 'cluster', `${xs.length} nodes went down ${xs[0]!.kind}`,
        `${names} were up and then down ${xs[0]!.kind}: their heartbeats stopped. Many at once points at the network or the servers.`, evs);
  });
}

/** The steps where the status differs from the one before, and the whole path as text. */
function changesOf(steps: StatusStep[]): { changes: StatusStep[]; path: string; first: string; evidence: Evidence[] } {
  const changes = steps.filter((s, k) => k > 0 && s.status !== steps[k - 1]!.status);
  return { changes, path: steps.map((s) => s.status).join(' → '), first: steps[0]?.status ?? '?', evidence: [steps[0]!, ...changes].map((s) => s.ev) };
}

/** Allocations that should be running, per node id (latest interval). */
function liveAllocsByNode(bundle: Bundle): Map<string, number> {
  const m = new Map<string, number>();
  const iv = latest(bundle, (i) => i.allocations);
  for (const a of iv?.allocations?.value ?? []) {
    const node = a.NodeID;
    const st = a.ClientStatus;
    if (node !== undefined && (st === 'running' || st === 'pending' || st === 'unknown')) m.set(node, (m.get(node) ?? 0) + 1);
  }
  return m;
}

function statusFindings(n: NodeStub, i: number, file: string, liveAllocs: number): Finding[] {
  const out: Finding[] = [];
  const name = n.Name ? `${n.Name} (${n.ID.slice(0, 8)})` : n.ID;
  const status = n.Status.toLowerCase();
  const desc = n.StatusDescription ? ` (${n.StatusDescription})` : '';
  if (status === 'down') {
    out.push(finding(ID, liveAllocs > 0 ? 'critical' : 'warning', n.ID, `Node ${name} is down`,
      `Node ${name} missed its heartbeats and is down${desc}. ` +
      (liveAllocs > 0
        ? `${liveAllocs} allocation${liveAllocs === 1 ? '' : 's'} were still placed on it and will be lost or rescheduled. `
        : '') +
      'Check whether the machine and the Nomad agent are running and can reach the servers.',
      [evidence(file, pointer(i, 'Status'))]));
  } else if (status === 'disconnected') {
    out.push(finding(ID, 'warning', n.ID, `Node ${name} is disconnected`,
      `Node ${name} lost contact with the servers${desc}; allocations with disconnect settings keep running there until it reconnects or times out.`,
      [evidence(file, pointer(i, 'Status'))]));
  } else if (status === 'initializing') {
    out.push(finding(ID, 'info', n.ID, `Node ${name} is still initializing`,
      'The node registered but has not finished fingerprinting; if it stays like this, read its client log.', [evidence(file, pointer(i, 'Status'))]));
  }
  if (n.Drain === true) {
    out.push(finding(ID, 'info', n.ID, `Node ${name} is draining`,
      'The node is being drained: its allocations are migrated away and nothing new is placed on it.', [evidence(file, pointer(i, 'Drain'))]));
  } else if (n.SchedulingEligibility?.toLowerCase() === 'ineligible') {
    out.push(finding(ID, 'info', n.ID, `Node ${name} is ineligible for scheduling`,
      'No new allocations are placed on this node. Make it eligible again with `nomad node eligibility -enable` when intended.',
      [evidence(file, pointer(i, 'SchedulingEligibility'))]));
  }
  return out;
}

function diskSeverity(usedPct: number): Severity | undefined {
  if (usedPct >= 95) return 'critical';
  if (usedPct >= 90) return 'warning';
  return undefined;
}

function pressureFindings(bundle: Bundle, agent: AgentData): Finding[] {
  const out: Finding[] = [];
  const label = agentLabel(bundle, agent);
  // Worst mount, from client stats and host data; one finding per agent.
  const worst = fullestDisk(agent);
  const stats = agent.clientStats;
  const sev = worst && diskSeverity(worst.pct);
  if (worst && sev) {
    out.push(finding(ID, sev, agent.id, `${label}: disk ${worst.mount} is ${formatPct(worst.pct)} full`,
      `Disk ${worst.mount} on ${label} is ${formatPct(worst.pct)} used. ` +
      (agent.kind === 'client'
        ? 'A full disk makes allocations fail to start or write logs, and Nomad stops placing work needing disk there. '
        : 'A full disk on a server stops raft from writing its log and snapshots. ') +
      'Free space (old allocation dirs, logs, images) or grow the volume.',
      [evidence(worst.file, pointer(...worst.path))]));
  }
  const mem = stats?.value.Memory;
  if (mem?.Total && mem.Total > 0 && mem.Available !== undefined) {
    const avail = (mem.Available / mem.Total) * 100;
    if (avail < 10) {
      out.push(finding(ID, avail < 5 ? 'critical' : 'warning', agent.id, `${label}: only ${formatPct(avail)} memory available`,
        `${label} has ${formatPct(avail)} of its memory available. Tasks may be OOM-killed and the agent itself may be slowed down. ` +
        'Check memory reservations of the allocations placed there versus what they really use.',
        [evidence(stats!.file, '/Memory/Available')]));
    }
  }
  return out;
}
