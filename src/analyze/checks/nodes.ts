// Client nodes: down (critical when allocations still live there), disconnected, draining,
// ineligible; flapping across the interval snapshots; disk and memory pressure from client
// stats or host data.
import type { AgentData, Bundle, NodeStub } from '../../model/types.ts';
import type { Check, Finding, Severity } from '../types.ts';
import { formatPct } from '../../shared/format-number.ts';
import { evidence, finding, pointer } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { allAgents, fullestDisk, latest, nodesOf } from '../../model/facts.ts';

const ID = 'nodes';

export const check: Check = {
  id: ID,
  title: 'Client nodes',
  run(bundle) {
    const ns = nodesOf(bundle);
    const withStats = allAgents(bundle).filter((a) => a.clientStats || a.host?.value.Disk);
    if (!ns && withStats.length === 0) return { notEvaluated: 'no nodes.json and no client stats or host data in the bundle' };
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
 * Nodes whose status changes across the interval snapshots: back and forth is flapping (missed
 * heartbeats, a network that drops the client); once to down is a node lost during the capture.
 */
function flappingFindings(bundle: Bundle): Finding[] {
  const history = new Map<string, { name: string; seen: { status: string; file: string; i: number }[] }>();
  for (const iv of bundle.intervals) {
    const list = iv.nodes;
    if (!list) continue;
    list.value.forEach((n, i) => {
      const h = history.get(n.ID) ?? { name: n.Name ? `${n.Name} (${n.ID.slice(0, 8)})` : n.ID, seen: [] };
      h.seen.push({ status: n.Status, file: list.file, i });
      history.set(n.ID, h);
    });
  }
  const out: Finding[] = [];
  for (const [id, h] of history) {
    const changes = h.seen.filter((s, k) => k > 0 && s.status !== h.seen[k - 1]!.status);
    if (changes.length === 0) continue;
    const path = h.seen.map((s) => s.status).join(' → ');
    const ev = [h.seen[0]!, ...changes].slice(0, 4).map((s) => evidence(s.file, pointer(s.i, 'Status')));
    if (changes.length >= 2) {
      out.push(finding(ID, 'warning', id, `Node ${h.name} is flapping`,
        `Node ${h.name} changed status ${changes.length} times across ${h.seen.length} snapshots (${path}). Its heartbeats reach the ` +
          'servers only some of the time: the scheduler marks it down, moves or loses its allocations, then takes it back. Look at ' +
          'the network between the client and the servers, its load, and heartbeat_grace.', ev));
    } else if (changes[0]!.status === 'down') {
      out.push(finding(ID, 'warning', id, `Node ${h.name} went down during the capture`,
        `Node ${h.name} was ${h.seen[0]!.status} and then down within the capture (${path}): its heartbeats stopped while the bundle was collected.`, ev));
    }
  }
  return out;
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
