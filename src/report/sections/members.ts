// Members and servers: serf status, version, leader, raft voter, autopilot and agent health.
import { capped, LIMITS } from '../limits.ts';
import { list, rec, recs, text } from '../safe.ts';
import type { Cell, MemberRow, MembersView } from '../view-types.ts';
import { absent, ok, type ReportContext } from './context.ts';
import { agentsById, healthCell } from './health.ts';
import { findLeader } from './leader.ts';

const STATUS_CLS: Record<string, string> = { alive: 'ok', failed: 'bad', left: 'warn', leaving: 'warn' };

export function buildMembers(ctx: ReportContext): MembersView {
  const b = ctx.bundle;
  const source = b?.cluster?.members;
  const members = recs(rec(source?.value)['Members']);
  const servers = agentsById(b?.servers);
  if (members.length === 0 && servers.size === 0) {
    return { ...absent('cluster/members.json and server folders are missing'), source: null, rows: [], more: 0 };
  }
  const leader = findLeader(b).name;
  const raft = latestRaftServers(ctx);
  const autopilot = latestAutopilot(ctx);
  const names = members.length ? members.map((m) => text(m['Name'])) : [...servers.keys()];
  const byName = new Map(members.map((m) => [text(m['Name']), m]));

  const rows: MemberRow[] = names.map((name) => {
    const m = byName.get(name) ?? {};
    const tags = rec(m['Tags']);
    const status = text(m['Status'], servers.has(name) ? '' : '?');
    const r = raft.get(name);
    const ap = autopilot.get(name);
    const addr = text(m['Addr']);
    return {
      name,
      address: addr ? `${addr}${text(m['Port']) ? `:${text(m['Port'])}` : ''}` : '',
      status: { text: status || '–', cls: STATUS_CLS[status] ?? (status ? 'warn' : '') },
      version: text(tags['build']),
      dc: text(tags['dc']),
      leader: leader !== null && leader === name,
      voter: r ? (r['Voter'] === true ? 'voter' : 'non-voter') : '',
      autopilot: autopilotCell(ap),
      health: healthCell(b, servers.get(name), 'server', name),
      findings: ctx.findingsBySubject.get(name)?.length ?? 0,
    };
  });
  // Trouble first so a big member list still shows what matters above the cap.
  rows.sort((x, y) => rank(y) - rank(x) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const { rows: shown, more } = capped(rows, LIMITS.members);
  return { ...ok(), source: text(source?.file) || null, rows: shown, more };
}

function rank(r: MemberRow): number {
  return (r.leader ? 100 : 0) + (r.status.cls === 'bad' || r.health.cls === 'bad' ? 10 : 0) + (r.status.cls === 'warn' ? 5 : 0) + Math.min(r.findings, 4);
}

function autopilotCell(ap: Record<string, unknown> | undefined): Cell {
  if (!ap) return { text: '', cls: '' };
  return ap['Healthy'] === true ? { text: 'healthy', cls: 'ok' } : { text: 'unhealthy', cls: 'bad' };
}

/** The servers listed in the newest interval whose `key` document lists any, by their `nameField`. */
function latestServers(ctx: ReportContext, key: 'operatorRaft' | 'autopilotHealth', nameField: string): Map<string, Record<string, unknown>> {
  const ivs = list(ctx.bundle?.intervals);
  for (let k = ivs.length - 1; k >= 0; k--) {
    const servers = recs(rec(rec(rec(ivs[k])[key])['value'])['Servers']);
    if (servers.length) return new Map(servers.map((s) => [text(s[nameField]), s]));
  }
  return new Map();
}

const latestRaftServers = (ctx: ReportContext) => latestServers(ctx, 'operatorRaft', 'Node');
const latestAutopilot = (ctx: ReportContext) => latestServers(ctx, 'autopilotHealth', 'Name');
