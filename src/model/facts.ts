// What the checks and the report both ask of a Bundle, answered in one place: every agent,
// the member and node lists, the newest interval holding a document, a node by ID, which agent
// a path or manifest target is, a capture by path or target, which server leads, and an agent's
// fullest disk.
import { memberRpcAddresses } from '../nomad/api.ts';
import type { AgentData, Bundle, CaptureRecord, IntervalData, Member, NodeStub } from './types.ts';

export function allAgents(bundle: Bundle): AgentData[] {
  return [...bundle.servers, ...bundle.clients];
}

/** The nodes list: cluster/nodes.json, else the latest interval that has one. */
export function nodesOf(bundle: Bundle): { file: string; nodes: NodeStub[] } | undefined {
  const list = bundle.cluster.nodes ?? latest(bundle, (i) => i.nodes)?.nodes;
  return list && { file: list.file, nodes: list.value };
}

/** The last interval for which `pick` gives a value. */
export function latest<T>(bundle: Bundle, pick: (i: IntervalData) => T | undefined): IntervalData | undefined {
  for (let k = bundle.intervals.length - 1; k >= 0; k--) {
    const iv = bundle.intervals[k]!;
    if (pick(iv) !== undefined) return iv;
  }
  return undefined;
}

/** Node lists indexed by ID, made once per list: checks name 500 clients many times over. */
const nodeIndexes = new WeakMap<NodeStub[], Map<string, { node: NodeStub; index: number }>>();

/** A node of the nodes list (see nodesOf) by ID, with its index in the list (the first, if repeated). */
export function nodeById(bundle: Bundle, nodeId: string): { node: NodeStub; index: number } | undefined {
  const nodes = nodesOf(bundle)?.nodes;
  if (!nodes) return undefined;
  let byId = nodeIndexes.get(nodes);
  if (!byId) {
    byId = new Map();
    nodes.forEach((node, index) => {
      if (!byId!.has(node.ID)) byId!.set(node.ID, { node, index });
    });
    nodeIndexes.set(nodes, byId);
  }
  return byId.get(nodeId);
}

interface CaptureIndex {
  byPath: Map<string, CaptureRecord>;
  byTarget: Map<string, CaptureRecord[]>;
}

/** The manifest's captures indexed once: 2,000 agents each looking through 40,000 records is quadratic. */
const captureIndexes = new WeakMap<CaptureRecord[], CaptureIndex>();

function captureIndex(bundle: Bundle): CaptureIndex | undefined {
  const captures = bundle.manifest?.value.captures;
  if (!captures) return undefined;
  let index = captureIndexes.get(captures);
  if (!index) {
    index = { byPath: new Map(), byTarget: new Map() };
    for (const c of captures) {
      if (!index.byPath.has(c.path)) index.byPath.set(c.path, c);
      const list = index.byTarget.get(c.target);
      if (list) list.push(c);
      else index.byTarget.set(c.target, [c]);
    }
    captureIndexes.set(captures, index);
  }
  return index;
}

/** The manifest's record of the capture that wrote `path` (the first, if repeated). */
export function captureOf(bundle: Bundle, path: string): CaptureRecord | undefined {
  return captureIndex(bundle)?.byPath.get(path);
}

/** The manifest's records by target ("client:<node id>", "server:<name>", "cluster"), targets and records in manifest order. */
export function capturesByTarget(bundle: Bundle): ReadonlyMap<string, readonly CaptureRecord[]> {
  return captureIndex(bundle)?.byTarget ?? new Map();
}

/** The manifest's records of one target, in manifest order. */
export function capturesOfTarget(bundle: Bundle, target: string): readonly CaptureRecord[] {
  return capturesByTarget(bundle).get(target) ?? [];
}

/** Members listed in members.json, with their index (for pointers). */
export function membersOf(bundle: Bundle): { file: string; members: { m: Member; i: number }[] } | undefined {
  const s = bundle.cluster.members;
  return s && { file: s.file, members: s.value.Members.map((m, i) => ({ m, i })) };
}

/** The agent a bundle path belongs to: "server/x/..." → {kind, id}; undefined for cluster/interval files. */
export function agentOfPath(path: string): { kind: 'server' | 'client'; id: string } | undefined {
  const m = /^(server|client)\/([^/]+)\//.exec(path);
  return m ? { kind: m[1] as 'server' | 'client', id: m[2]! } : undefined;
}

/** "server:srv1.global" / "client:<id>" manifest targets → {kind, id}. */
export function agentOfTarget(target: string): { kind: 'server' | 'client'; id: string } | undefined {
  const m = /^(server|client):(.+)$/.exec(target);
  return m ? { kind: m[1] as 'server' | 'client', id: m[2]! } : undefined;
}

/** A disk's use in percent, and where in which file it is said (JSON path segments). */
export interface DiskUse {
  pct: number;
  mount: string;
  file: string;
  path: (string | number)[];
}

/** The agent's fullest disk, from client-stats.json (percent) and agent-host.json (MiB): the fuller of the two. */
export function fullestDisk(agent: AgentData): DiskUse | undefined {
  let worst: DiskUse | undefined;
  const stats = agent.clientStats;
  (stats?.value.DiskStats ?? []).forEach((d, i) => {
    if (d.UsedPercent !== undefined && (!worst || d.UsedPercent > worst.pct)) {
      worst = { pct: d.UsedPercent, mount: d.Mountpoint || d.Device || '?', file: stats!.file, path: ['DiskStats', i, 'UsedPercent'] };
    }
  });
  const host = agent.host;
  for (const [mount, d] of Object.entries(host?.value.Disk ?? {})) {
    if (d.DiskMB === undefined || d.UsedMB === undefined || d.DiskMB <= 0) continue;
    const pct = (d.UsedMB / d.DiskMB) * 100;
    if (!worst || pct > worst.pct) worst = { pct, mount, file: host!.file, path: ['HostData', 'Disk', mount, 'UsedMB'] };
  }
  return worst;
}

export interface LeaderInfo {
  name: string | null;
  address: string | null;
}

/**
 * Which server leads: the latest raft configuration says so by name; else cluster/leader.json's
 * RPC address matched against the members' (memberRpcAddresses).
 */
export function clusterLeader(bundle: Bundle): LeaderInfo {
  const address = bundle.cluster.leader?.value || null;
  for (let k = bundle.intervals.length - 1; k >= 0; k--) {
    const lead = bundle.intervals[k]!.operatorRaft?.value.Servers.find((s) => s.Leader);
    if (lead) return { name: lead.Node || null, address: address ?? (lead.Address || null) };
  }
  if (!address) return { name: null, address: null };
  for (const m of bundle.cluster.members?.value.Members ?? []) {
    if (memberRpcAddresses(m).includes(address)) return { name: m.Name || null, address };
  }
  return { name: null, address };
}
