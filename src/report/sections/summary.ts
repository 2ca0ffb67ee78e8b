// Summary: what cluster this is, which versions, who leads, how many agents, what kind of
// bundle, and the findings by severity.
import { clusterLeader, nodesOf } from '../../model/facts.ts';
import { jsonString } from '../../model/json-read.ts';
import type { Bundle, Layout } from '../../model/types.ts';
import { countBy } from '../count-by.ts';
import { formatBytes, formatCount } from '../format.ts';
import type { Fact, SeverityCount, SummaryView } from '../view-types.ts';
import { ok, type ReportContext } from './context.ts';

export const SEVERITIES = [
  { severity: 'critical', label: 'Critical' },
  { severity: 'warning', label: 'Warning' },
  { severity: 'info', label: 'Info' },
] as const;

const LAYOUTS: Record<Layout, string> = {
  'nomad-debug': 'nomad-debug (this tool, with a capture manifest)',
  nomad: 'nomad operator debug (Nomad 1.2 or later)',
  'nomad-legacy': 'nomad operator debug (before Nomad 1.2)',
  unknown: 'unknown layout',
};

export function severityCounts(ctx: ReportContext): SeverityCount[] {
  return SEVERITIES.map((s) => ({ ...s, count: ctx.findings.filter((f) => f.severity === s.severity).length }));
}

export function buildSummary(ctx: ReportContext): SummaryView {
  const b = ctx.bundle;
  const members = b.cluster.members?.value.Members ?? [];
  const nodes = nodesOf(b)?.nodes ?? [];
  const facts: Fact[] = [];
  const add = (label: string, value: string, cls = '') => value && facts.push({ label, value, cls });

  add('Region', region(b) || 'unknown');
  add('Datacenters', unique([...members.map((m) => m.Tags?.dc ?? ''), ...nodes.map((n) => n.Datacenter ?? '')]).join(', '));
  add('Server versions', tally(members.map((m) => m.Tags?.build ?? '')));
  add('Client versions', tally(nodes.map((n) => n.Version ?? '')));
  const leader = clusterLeader(b);
  add('Leader', leader.name ? `${leader.name}${leader.address ? ` (${leader.address})` : ''}` : leader.address ?? 'none found', leader.name || leader.address ? '' : 'bad');
  const serverCount = members.length || b.servers.length || ctx.result.bundle.servers;
  add('Servers', `${serverCount}${statusNote(members.map((m) => m.Status), 'alive')}`);
  const clientCount = nodes.length || b.clients.length || ctx.result.bundle.clients;
  add('Clients', `${clientCount}${statusNote(nodes.map((n) => n.Status), 'ready')}`);
  add('Bundle layout', LAYOUTS[b.layout]);
  add('Bundle created', b.createdAt || 'unknown');
  add('Bundle', `${b.root || '(no top folder)'} · ${formatCount(b.files.length)} files · ${formatBytes(totalBytes(b))}`);
  const m = b.manifest?.value;
  if (m?.tool.name) add('Collected by', `${m.tool.name} ${m.tool.version}`.trim());
  const events = b.cluster.eventCounts?.value;
  if (events) {
    const byTopic = Object.entries(events).sort((x, y) => y[1] - x[1]);
    add('Event stream', byTopic.length ? byTopic.slice(0, 6).map(([t, n]) => `${t} ×${formatCount(n)}`).join(', ') + (byTopic.length > 6 ? ` and ${byTopic.length - 6} more topics` : '') : 'captured, no events');
  }
  if (m?.startedAt) add('Capture window', `${m.startedAt} → ${m.finishedAt || '?'}${m.interrupted ? ' (interrupted)' : ''}`, m.interrupted ? 'warn' : '');

  return { ...ok(), facts, severities: severityCounts(ctx), notEvaluated: ctx.result.notEvaluated.length };
}

function region(b: Bundle): string {
  // agent-self's config is unchecked Json: read through jsonString.
  return b.cluster.members?.value.ServerRegion || jsonString(b.cluster.agentSelf?.value.config, 'Region') || (b.cluster.regions?.value ?? []).filter(Boolean).join(', ');
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort();
}

/** "1.10.5 ×2, 1.9.7 ×1" */
export function tally(values: string[]): string {
  const counts = countBy(values.filter(Boolean), (v) => v);
  if (counts.length === 1) return counts[0]!.key;
  return counts.map((c) => `${c.key} ×${c.count}`).join(', ');
}

/** " (1 failed, 1 left)": the statuses other than the healthy one. */
function statusNote(statuses: string[], healthy: string): string {
  const others = countBy(statuses.filter((s) => s && s !== healthy), (s) => s);
  return others.length ? ` (${others.map((o) => `${o.count} ${o.key}`).join(', ')})` : '';
}

function totalBytes(b: Bundle): number {
  return Object.values(b.sizes).reduce((s, n) => s + n, 0);
}
