// Members and servers: serf status, version, leader, raft voter, autopilot and agent health.
import { headAndRest, LIMITS } from '../limits.ts';
import type { AutopilotServer, Bundle, IntervalData, RaftServer } from '../../model/types.ts';
import type { Cell, MemberRow, MembersView } from '../view-types.ts';
import { absent, ok, type ReportContext } from './context.ts';
import { agentsById, healthCell } from './health.ts';
import { clusterLeader, latest } from '../../model/facts.ts';

const STATUS_CLS: Record<string, string> = { alive: 'ok', failed: 'bad', left: 'warn', leaving: 'warn' };

export function buildMembers(ctx: ReportContext): MembersView {
  const b = ctx.bundle;
  const source = b.cluster.members;
  const members = source?.value.Members ?? [];
  const servers = agentsById(b.servers);
  if (members.length === 0 && servers.size === 0) {
    return { ...absent('cluster/members.json and server folders are missing'), source: null, rows: [], rest: [], more: 0 };
  }
  const leader = clusterLeader(b).name;
  const raft = latestServers(b, (iv) => iv.operatorRaft?.value.Servers, (s: RaftServer) => s.Node);
  const autopilot = latestServers(b, (iv) => iv.autopilotHealth?.value.Servers, (s: AutopilotServer) => s.Name);
  const names = members.length ? members.map((m) => m.Name) : [...servers.keys()];
  const byName = new Map(members.map((m) => [m.Name, m]));

  const rows: MemberRow[] = names.map((name) => {
    // Without members.json the rows are the server folders, with no member fields.
    const m = byName.get(name);
    const status = m?.Status ?? '';
    const r = raft.get(name);
    const ap = autopilot.get(name);
    return {
      name,
      address: m?.Addr ? `${m.Addr}${m.Port !== undefined ? `:${m.Port}` : ''}` : '',
      status: { text: status || '–', cls: STATUS_CLS[status] ?? (status ? 'warn' : '') },
      version: m?.Tags?.build ?? '',
      dc: m?.Tags?.dc ?? '',
      leader: leader !== null && leader === name,
      voter: r ? (r.Voter ? 'voter' : 'non-voter') : '',
      autopilot: autopilotCell(ap),
      health: healthCell(b, servers.get(name), 'server', name),
      findings: ctx.findingsBySubject.get(name)?.length ?? 0,
    };
  });
  // Trouble first so a big member list still shows what matters above the cap.
  rows.sort((x, y) => rank(y) - rank(x) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const { rows: shown, rest, more } = headAndRest(rows, LIMITS.tableHead, LIMITS.members);
  return { ...ok(), source: source?.file ?? null, rows: shown, rest, more };
}

function rank(r: MemberRow): number {
  return (r.leader ? 100 : 0) + (r.status.cls === 'bad' || r.health.cls === 'bad' ? 10 : 0) + (r.status.cls === 'warn' ? 5 : 0) + Math.min(r.findings, 4);
}

function autopilotCell(ap: AutopilotServer | undefined): Cell {
  if (!ap) return { text: '', cls: '' };
  return ap.Healthy === true ? { text: 'healthy', cls: 'ok' } : { text: 'unhealthy', cls: 'bad' };
}

/** The servers of the newest interval whose document (`pick`) lists any, by name. */
function latestServers<T>(bundle: Bundle, pick: (iv: IntervalData) => T[] | undefined, name: (s: T) => string): Map<string, T> {
  const iv = latest(bundle, (i) => (pick(i)?.length ? true : undefined));
  return new Map((iv ? pick(iv)! : []).map((s) => [name(s), s]));
}
