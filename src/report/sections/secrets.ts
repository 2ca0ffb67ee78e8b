// Secrets and redaction audit: names only, never values. What still looks like a secret (from
// the secrets check), which environment variables arrived redacted, and the collector's own
// redaction records from the manifest.
import { isRedactedValue } from '../../shared/secrets/index.ts';
import { allAgents } from '../../model/facts.ts';
import { listSome } from '../../shared/list-some.ts';
import { capped, LIMITS } from '../limits.ts';
import type { SecretsView } from '../view-types.ts';
import { absent, agentName, ok, type ReportContext } from './context.ts';
import { evidenceView } from './findings.ts';

export function buildSecrets(ctx: ReportContext): SecretsView {
  const b = ctx.bundle;
  const leaks = ctx.findings
    .filter((f) => f.check === 'secrets' && f.severity === 'critical')
    .slice(0, LIMITS.redactions)
    .map((f) => {
      const ev = f.evidence[0];
      const e = ev ? evidenceView(ev) : null;
      return { subject: agentName(ctx, kindOf(ctx, f.subject), f.subject), title: f.title, file: e ? `${e.file}${e.where ? ` ${e.where}` : ''}` : '' };
    });

  // grouped: 300 agents with the same redacted token are one row, not 300
  const byNames = new Map<string, { agents: string[]; file: string }>();
  for (const a of allAgents(b)) {
    const host = a.host;
    const names = Object.entries(host?.value.Environment ?? {}).filter(([, v]) => isRedactedValue(v) && v !== '').map(([k]) => k).sort();
    if (!host || names.length === 0) continue;
    const key = names.join(', ');
    const g = byNames.get(key) ?? { agents: [], file: host.file };
    g.agents.push(agentName(ctx, a.kind, a.id));
    byNames.set(key, g);
  }
  const redactedNames = [...byNames].sort((x, y) => y[1].agents.length - x[1].agents.length)
    .map(([names, g]) => ({ agents: g.agents.length > 1 ? `${g.agents.length} agents: ${listSome(g.agents, 5)}` : g.agents[0]!, count: g.agents.length, names, file: g.file }));

  const manifest = b.manifest;
  const byField = new Map<string, { field: string; rule: string; files: Set<string>; example: string }>();
  for (const r of manifest?.value.redactions ?? []) {
    const field = agentlessField(r.field);
    const key = `${field}\u0000${r.rule}`;
    const g = byField.get(key) ?? { field, rule: r.rule, files: new Set<string>(), example: r.path };
    g.files.add(r.path);
    byField.set(key, g);
  }
  const records = [...byField.values()].sort((x, y) => y.files.size - x.files.size || (x.field < y.field ? -1 : 1))
    .map((g) => ({ field: g.field, rule: g.rule, files: g.files.size, example: g.example }));
  const { rows, more } = capped(records, LIMITS.redactions);

  const nothing = leaks.length === 0 && redactedNames.length === 0 && !manifest;
  const state = nothing ? absent('no redaction records (no manifest) and no redacted or leaked values found') : ok();
  return { ...state, leaks, redactedNames: redactedNames.slice(0, LIMITS.redactions), redactions: rows, redactionsMore: more, manifest: manifest?.file ?? null };
}

/** A field path the same on every agent: array indexes and the agent's own ids are not part of it. */
function agentlessField(field: string): string {
  return field.replace(/\.\d+(?=\.|$)/g, '[]');
}

function kindOf(ctx: ReportContext, subject: string): string {
  return ctx.nodeNames.has(subject) ? 'client' : 'server';
}
