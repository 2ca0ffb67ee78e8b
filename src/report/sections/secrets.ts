// Secrets and redaction audit: names only, never values. What still looks like a secret (from
// the secrets check), which environment variables arrived redacted, and the collector's own
// redaction records from the manifest.
import { isRedactedValue } from '../../shared/secrets/index.ts';
import { allAgents } from '../../analyze/util.ts';
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

  const redactedNames: SecretsView['redactedNames'] = [];
  for (const a of allAgents(b)) {
    const host = a.host;
    const names = Object.entries(host?.value.Environment ?? {}).filter(([, v]) => isRedactedValue(v) && v !== '').map(([k]) => k).sort();
    if (host && names.length) redactedNames.push({ agent: agentName(ctx, a.kind, a.id), names: names.join(', '), file: host.file });
  }

  const manifest = b.manifest;
  const records = (manifest?.value.redactions ?? []).map((r) => ({ path: r.path, field: r.field, rule: r.rule }));
  const { rows, more } = capped(records, LIMITS.redactions);

  const nothing = leaks.length === 0 && redactedNames.length === 0 && !manifest;
  const state = nothing ? absent('no redaction records (no manifest) and no redacted or leaked values found') : ok();
  return { ...state, leaks, redactedNames: redactedNames.slice(0, LIMITS.redactions), redactions: rows, redactionsMore: more, manifest: manifest?.file ?? null };
}

function kindOf(ctx: ReportContext, subject: string): string {
  return ctx.nodeNames.has(subject) ? 'client' : 'server';
}
