// Findings + Bundle → the report's plain view model. Pure: no I/O, no clock (the caller passes
// generatedAt). Sections read the model's checked types; each is still built on its own, so a
// bug that makes one throw costs that section only, never the report.
import type { AnalysisResult } from '../analyze/types.ts';
import type { Bundle } from '../model/types.ts';
import { buildClients } from './sections/clients.ts';
import { failed, makeContext, type ReportContext } from './sections/context.ts';
import { buildCoverage } from './sections/coverage.ts';
import { buildEvents } from './sections/events.ts';
import { buildFindings } from './sections/findings.ts';
import { buildLogs } from './sections/logs.ts';
import { buildMembers } from './sections/members.ts';
import { buildMetrics } from './sections/metrics.ts';
import { buildProfiles } from './sections/profiles.ts';
import { buildSchedulers } from './sections/schedulers.ts';
import { buildSecrets } from './sections/secrets.ts';
import { buildConsul, buildVault } from './sections/services.ts';
import { buildSummary } from './sections/summary.ts';
import type { NavItem, ReportView } from './view-types.ts';

export interface ViewModelOptions {
  generatedAt: string;
}

export function buildViewModel(bundle: Bundle, result: AnalysisResult, opts: ViewModelOptions): ReportView {
  const ctx: ReportContext = guard(
    () => makeContext(bundle, result),
    () => ({ bundle, result, findings: [], findingsBySubject: new Map(), nodeNames: new Map() }),
  );
  const f = failed;
  const summary = guard(() => buildSummary(ctx), (m) => ({ ...f(m), facts: [], severities: [], notEvaluated: 0 }));
  const findings = guard(() => buildFindings(ctx), (m) => ({ ...f(m), total: 0, filters: [], groups: [], notEvaluated: [] }));
  const members = guard(() => buildMembers(ctx), (m) => ({ ...f(m), source: null, rows: [], rest: [], more: 0 }));
  const clients = guard(() => buildClients(ctx), (m) => ({ ...f(m), source: null, total: 0, counts: [], rows: [], rest: [], more: 0 }));
  const secrets = guard(() => buildSecrets(ctx), (m) => ({ ...f(m), leaks: [], redactedNames: [], redactions: [], redactionsMore: 0, manifest: null }));
  const schedulers = guard(() => buildSchedulers(ctx), (m) => ({ ...f(m), rows: [], more: 0, config: [], configFile: null }));
  const consul = guard(() => buildConsul(ctx), (m) => ({ ...f(m), facts: [], members: [], membersMore: 0, checks: [], checksMore: 0, files: [] }));
  const vault = guard(() => buildVault(ctx), (m) => ({ ...f(m), facts: [], file: null }));
  const profiles = guard(() => buildProfiles(ctx), (m) => ({ ...f(m), overview: [], overviewMore: 0, agents: [] }));
  const logs = guard(() => buildLogs(ctx), (m) => ({ ...f(m), agents: [], agentsRest: [], agentsMore: 0, messages: [], timeline: null }));
  const events = guard(() => buildEvents(ctx), (m) => ({ ...f(m), source: null, total: '0', facts: [], timeline: null, rows: [], more: 0 }));
  const metrics = guard(() => buildMetrics(ctx), (m) => ({ ...f(m), intervals: 0, charts: [], perAgent: { agents: 0, leader: null, charts: [] } }));
  const coverage = guard(() => buildCoverage(ctx), (m) => ({ ...f(m), totals: [], targets: [], targetsMore: 0, skippedTargets: [], failed: [], failedMore: 0, limits: [], gaps: [], gapsMore: 0 }));

  const bundleName = bundle.root || 'bundle';
  return {
    title: `Nomad debug report: ${bundleName}`,
    bundleName,
    generatedAt: opts.generatedAt,
    tool: `${result.tool.name} ${result.tool.version}`.trim(),
    nav: nav(findings.filters, findings.notEvaluated.length),
    summary, findings, members, clients, secrets, schedulers, consul, vault, profiles, logs, events, metrics, coverage,
  };
}

/**
 * Runs a section builder; should one still throw (a bug, since the model checked the bundle's
 * shapes), that section says so instead of the whole report failing.
 */
function guard<T>(build: () => T, fallback: (message: string) => T): T {
  try {
    return build();
  } catch (err) {
    return fallback(err instanceof Error ? err.message : String(err));
  }
}

function nav(filters: { severity: string; count: number }[], notEvaluated: number): NavItem[] {
  const count = (s: string) => filters.find((x) => x.severity === s)?.count ?? 0;
  const crit = count('critical');
  const warn = count('warning');
  const total = filters.reduce((s, x) => s + x.count, 0);
  return [
    { id: 'summary', label: 'Summary', badge: null, cls: '' },
    { id: 'findings', label: 'Findings', badge: String(total), cls: crit ? 'critical' : warn ? 'warning' : notEvaluated ? '' : 'ok' },
    { id: 'servers', label: 'Servers', badge: null, cls: '' },
    { id: 'clients', label: 'Clients', badge: null, cls: '' },
    { id: 'secrets', label: 'Secrets', badge: null, cls: '' },
    { id: 'schedulers', label: 'Schedulers', badge: null, cls: '' },
    { id: 'consul', label: 'Consul', badge: null, cls: '' },
    { id: 'vault', label: 'Vault', badge: null, cls: '' },
    { id: 'profiles', label: 'Profiles', badge: null, cls: '' },
    { id: 'logs', label: 'Logs', badge: null, cls: '' },
    { id: 'events', label: 'Events', badge: null, cls: '' },
    { id: 'metrics', label: 'Metrics', badge: null, cls: '' },
    { id: 'coverage', label: 'Coverage', badge: null, cls: '' },
  ];
}
