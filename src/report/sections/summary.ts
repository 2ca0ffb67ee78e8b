// Summary: what cluster this is, which versions, who leads, how many agents, what kind of
// bundle, and the findings by severity.
import type { Bundle } from '../../model/types.ts';
import { formatBytes, formatCount } from '../format.ts';
import { countBy, list, num, rec, recs, text } from '../safe.ts';
import type { Fact, SeverityCount, SummaryView } from '../view-types.ts';
import { nodeList, ok, type ReportContext } from './context.ts';
import { findLeader } from './leader.ts';

export const SEVERITIES = [
  { severity: 'critical', label: 'Critical' },
  { severity: 'warning', label: 'Warning' },
  { severity: 'info', label: 'Info' },
] as const;

const LAYOUTS: Record<string, string> = {
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
  const members = recs(rec(b?.cluster?.members?.value)['Members']);
  const nodes = nodeList(b)?.nodes ?? [];
  const facts: Fact[] = [];
  const add = (label: string, value: string, cls = '') => value && facts.push({ label, value, cls });

  add('Region', region(b) || 'unknown');
  add('Datacenters', unique([...members.map((m) => text(rec(m['Tags'])['dc'])), ...nodes.map((n) => text(n['Datacenter']))]).join(', '));
  add('Server versions', tally(members.map((m) => text(rec(m['Tags'])['build']))));
  add('Client versions', tally(nodes.map((n) => text(n['Version']))));
  const leader = findLeader(b);
  add('Leader', leader.name ? `${leader.name}${leader.address ? ` (${leader.address})` : ''}` : leader.address ?? 'none found', leader.name || leader.address ? '' : 'bad');
  const serverCount = members.length || list(b?.servers).length || num(ctx.result?.bundle?.servers) || 0;
  add('Servers', `${serverCount}${statusNote(members.map((m) => text(m['Status'])), 'alive')}`);
  const clientCount = nodes.length || list(b?.clients).length || num(ctx.result?.bundle?.clients) || 0;
  add('Clients', `${clientCount}${statusNote(nodes.map((n) => text(n['Status'])), 'ready')}`);
  add('Bundle layout', LAYOUTS[text(b?.layout)] ?? text(b?.layout, 'unknown'));
  add('Bundle created', text(b?.createdAt) || 'unknown');
  add('Bundle', `${text(b?.root) || '(no top folder)'} · ${formatCount(list(b?.files).length)} files · ${formatBytes(totalBytes(b))}`);
  const m = rec(b?.manifest?.value);
  const tool = rec(m['tool']);
  if (text(tool['name'])) add('Collected by', `${text(tool['name'])} ${text(tool['version'])}`.trim());
  if (text(m['startedAt'])) add('Capture window', `${text(m['startedAt'])} → ${text(m['finishedAt'], '?')}${m['interrupted'] === true ? ' (interrupted)' : ''}`, m['interrupted'] === true ? 'warn' : '');

  return { ...ok(), facts, severities: severityCounts(ctx), notEvaluated: list(ctx.result?.notEvaluated).length };
}

function region(b: Bundle): string {
  const fromMembers = text(rec(b?.cluster?.members?.value)['ServerRegion']);
  if (fromMembers) return fromMembers;
  const fromSelf = text(rec(rec(b?.cluster?.agentSelf?.value)['config'])['Region']);
  if (fromSelf) return fromSelf;
  return list(b?.cluster?.regions?.value).map((r) => text(r)).filter(Boolean).join(', ');
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort();
}

/** "1.10.5 ×2, 1.9.7 ×1" */
function tally(values: string[]): string {
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
  let total = 0;
  for (const v of Object.values(rec(b?.sizes))) total += num(v) ?? 0;
  return total;
}
