// Clients: node status, eligibility, drain, version, disk use and agent health. Problem nodes
// sort first so the capped table of a 500-node cluster still shows them.
import { fullestDisk, nodesOf } from '../../model/facts.ts';
import type { AgentData, NodeStub } from '../../model/types.ts';
import { countBy } from '../count-by.ts';
import { formatPct } from '../format.ts';
import { headAndRest, LIMITS } from '../limits.ts';
import type { Cell, ClientRow, ClientsView } from '../view-types.ts';
import { absent, ok, type ReportContext } from './context.ts';
import { agentsById, healthCell } from './health.ts';

const STATUS_CLS: Record<string, string> = { ready: 'ok', down: 'bad', disconnected: 'bad', initializing: 'warn' };

export function buildClients(ctx: ReportContext): ClientsView {
  const b = ctx.bundle;
  const nl = nodesOf(b);
  const agents = agentsById(b.clients);
  const nodes = nl?.nodes ?? [];
  const ids = new Set(nodes.map((n) => n.ID));
  // Agent folders the node list does not know still get a row.
  const extra: NodeStub[] = [...agents.keys()].filter((id) => !ids.has(id)).map((id) => ({ ID: id, Status: '' }));
  const all = [...nodes, ...extra];
  if (all.length === 0) return { ...absent('no nodes list and no client folders'), source: null, total: 0, counts: [], rows: [], rest: [], more: 0 };

  const rows = all.map((n) => row(ctx, n, agents.get(n.ID)));
  rows.sort((x, y) => rank(y) - rank(x) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const { rows: shown, rest, more } = headAndRest(rows, LIMITS.tableHead, LIMITS.clients);
  const counts = countBy(rows, (r) => r.status.text).map((c) => ({ label: c.key, value: String(c.count), cls: STATUS_CLS[c.key] ?? '' }));
  return { ...ok(), source: nl?.file ?? null, total: rows.length, counts, rows: shown, rest, more };
}

function row(ctx: ReportContext, n: NodeStub, agent: AgentData | undefined): ClientRow {
  const id = n.ID;
  const status = n.Status;
  const elig = n.SchedulingEligibility ?? '';
  const drain = n.Drain === true;
  return {
    name: n.Name || id.slice(0, 8),
    id,
    status: { text: status || '–', cls: STATUS_CLS[status] ?? (status ? 'warn' : '') },
    eligibility: { text: elig || '–', cls: elig === 'ineligible' ? 'warn' : '' },
    drain: drain ? { text: 'draining', cls: 'warn' } : { text: '', cls: '' },
    version: n.Version ?? '',
    dc: n.Datacenter ?? '',
    pool: [n.NodePool, n.NodeClass].filter(Boolean).join(' / '),
    disk: diskCell(agent),
    health: healthCell(ctx.bundle, agent, 'client', id),
    findings: ctx.findingsBySubject.get(id)?.length ?? 0,
  };
}

/** The fullest disk, as the nodes check judges it (fullestDisk). */
function diskCell(agent: AgentData | undefined): Cell {
  const worst = agent && fullestDisk(agent)?.pct;
  if (worst === undefined) return { text: '', cls: '' };
  return { text: formatPct(worst), cls: worst >= 90 ? 'bad' : worst >= 80 ? 'warn' : '' };
}

function rank(r: ClientRow): number {
  const bad = [r.status, r.health, r.disk].filter((c) => c.cls === 'bad').length;
  const warn = [r.status, r.eligibility, r.drain, r.disk].filter((c) => c.cls === 'warn').length;
  // a node that is down outranks any other trouble: it is what the open rows must show
  return (r.status.cls === 'bad' ? 100 : 0) + bad * 10 + warn * 3 + Math.min(r.findings, 3);
}
