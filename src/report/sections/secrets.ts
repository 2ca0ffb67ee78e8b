// Secrets and redaction audit: names only, never values. What still looks like a secret (from
// the secrets check), which environment variables arrived redacted, and the collector's own
// redaction records from the manifest.
import { isRedactedValue } from '../../shared/secrets/index.ts';
import type { Evidence } from '../../analyze/types.ts';
import { capped, LIMITS } from '../limits.ts';
import { list, rec, recs, text } from '../safe.ts';
import type { SecretsView } from '../view-types.ts';
import { absent, agentName, ok, type ReportContext } from './context.ts';
import { evidenceView } from './findings.ts';

export function buildSecrets(ctx: ReportContext): SecretsView {
  const b = ctx.bundle;
  const leaks = ctx.findings
    .filter((f) => f.check === 'secrets' && f.severity === 'critical')
    .slice(0, LIMITS.redactions)
    .map((f) => {
      const ev = list(f.evidence)[0];
      const e = ev ? evidenceView(rec(ev) as unknown as Evidence) : null;
      return { subject: agentName(ctx, kindOf(ctx, f.subject), text(f.subject)), title: text(f.title), file: e ? `${e.file}${e.where ? ` ${e.where}` : ''}` : '' };
    });

  const redactedNames: SecretsView['redactedNames'] = [];
  for (const a of [...list(b?.servers), ...list(b?.clients)].map(rec)) {
    const host = rec(a['host']);
    const env = rec(rec(host['value'])['Environment']);
    const names = Object.entries(env).filter(([, v]) => typeof v === 'string' && isRedactedValue(v) && v !== '').map(([k]) => k).sort();
    if (names.length) redactedNames.push({ agent: agentName(ctx, a['kind'], text(a['id'])), names: names.join(', '), file: text(host['file']) });
  }

  const manifest = b?.manifest;
  const records = recs(rec(manifest?.value)['redactions']).map((r) => ({ path: text(r['path']), field: text(r['field']), rule: text(r['rule']) }));
  const { rows, more } = capped(records, LIMITS.redactions);

  const nothing = leaks.length === 0 && redactedNames.length === 0 && !manifest;
  const state = nothing ? absent('no redaction records (no manifest) and no redacted or leaked values found') : ok();
  return { ...state, leaks, redactedNames: redactedNames.slice(0, LIMITS.redactions), redactions: rows, redactionsMore: more, manifest: manifest ? text(manifest.file) : null };
}

function kindOf(ctx: ReportContext, subject: unknown): string {
  return ctx.nodeNames.has(text(subject)) ? 'client' : 'server';
}
