// Target selection: which servers and clients a run captures. Pure functions over the member
// and node lists, with Nomad's rules minus its bugs (no duplicates, an exact cap, one-character
// prefixes select by that prefix).
import { memberRpcAddresses, type Member, type NodeStub } from '../nomad/api.ts';

export interface ServerTarget {
  kind: 'server';
  /** Member name (name.region): the server_id and the folder name. */
  id: string;
  addr: string | undefined;
  status: string;
  region: string | undefined;
  /** Nomad version from the member's build tag, when it has one. */
  version?: string;
}

export interface ClientTarget {
  kind: 'client';
  /** Full node ID: the node_id and the folder name. */
  id: string;
  name: string | undefined;
  status: string;
  nodeClass: string | undefined;
  /** Nomad version the node reports, when it does. */
  version?: string;
}

export type Target = ServerTarget | ClientTarget;

export interface Skipped {
  id: string;
  reason: string;
}

export interface Selection<T> {
  selected: T[];
  skipped: Skipped[];
  warnings: string[];
}

export interface ServerSelectOptions {
  serverIds: readonly string[];
  /** -region, else the region of the agent we talk to. */
  region: string | undefined;
  /** leader.json: "ip:port" of the leader's RPC address, "" or undefined when unknown. */
  leaderAddr: string | undefined;
}

function versionOf(v: unknown): { version?: string } {
  return typeof v === 'string' && v !== '' ? { version: v } : {};
}

function memberRegion(m: Member): string | undefined {
  return m.Tags?.region;
}

function isLeader(m: Member, leaderAddr: string | undefined): boolean {
  return !!leaderAddr && memberRpcAddresses(m).includes(leaderAddr);
}

export function selectServers(members: readonly Member[], opts: ServerSelectOptions): Selection<ServerTarget> {
  const out: Selection<ServerTarget> = { selected: [], skipped: [], warnings: [] };
  const items = opts.serverIds.map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return out;
  const inRegion = members.filter((m) => !opts.region || !memberRegion(m) || memberRegion(m) === opts.region);
  const picked = new Map<string, Member>();
  for (const item of items) {
    let matches: Member[];
    if (item === 'all') matches = inRegion;
    else if (item === 'leader') {
      matches = inRegion.filter((m) => isLeader(m, opts.leaderAddr));
      if (matches.length === 0) {
        out.skipped.push({ id: 'leader', reason: opts.leaderAddr ? `leader ${opts.leaderAddr} is not a member` : 'no cluster leader' });
        continue;
      }
    } else {
      matches = inRegion.filter((m) => m.Name.startsWith(item));
      if (matches.length === 0) {
        const elsewhere = members.some((m) => m.Name.startsWith(item));
        const reason = elsewhere ? `server in another region than ${opts.region}` : 'no server matches';
        out.skipped.push({ id: item, reason });
        out.warnings.push(`No server with prefix "${item}" found${elsewhere ? ` in region ${opts.region}` : ''}`);
        continue;
      }
    }
    for (const m of matches) picked.set(m.Name, m);
  }
  out.selected = [...picked.values()]
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
    .map((m) => ({ kind: 'server', id: m.Name, addr: m.Addr ?? undefined, status: m.Status, region: memberRegion(m), ...versionOf(m.Tags?.build) }));
  return out;
}

export interface ClientSelectOptions {
  nodeIds: readonly string[];
  nodeClass: string | undefined;
  /** 0 = all. */
  maxNodes: number;
}

export function selectClients(nodes: readonly NodeStub[], opts: ClientSelectOptions): Selection<ClientTarget> {
  const out: Selection<ClientTarget> = { selected: [], skipped: [], warnings: [] };
  let items = opts.nodeIds.map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0 && opts.nodeClass) items = ['all']; // as Nomad: a class alone means all nodes
  if (items.length === 0) return out;
  const sorted = [...nodes].sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));
  const picked = new Map<string, NodeStub>();
  for (const item of items) {
    const prefix = item === 'all' ? '' : item.toLowerCase();
    const matches = sorted.filter((n) => n.ID.toLowerCase().startsWith(prefix) || (item !== 'all' && n.Name === item));
    if (matches.length === 0) {
      out.skipped.push({ id: item, reason: 'no node matches' });
      out.warnings.push(`No node(s) with prefix "${item}" found`);
      continue;
    }
    for (const n of matches) picked.set(n.ID, n);
  }
  const wanted: NodeStub[] = [];
  for (const n of sorted) {
    if (!picked.has(n.ID)) continue;
    if (opts.nodeClass !== undefined && opts.nodeClass !== '' && n.NodeClass !== opts.nodeClass) continue;
    wanted.push(n);
  }
  const cap = opts.maxNodes > 0 ? opts.maxNodes : Infinity;
  for (const n of wanted) {
    if (out.selected.length >= cap) {
      out.skipped.push({ id: n.ID, reason: `max-nodes ${opts.maxNodes} reached` });
      continue;
    }
    out.selected.push({ kind: 'client', id: n.ID, name: n.Name, status: n.Status ?? 'unknown', nodeClass: n.NodeClass, ...versionOf(n.Version) });
  }
  if (wanted.length > out.selected.length) out.warnings.push(`Max node count reached (${opts.maxNodes})`);
  return out;
}
