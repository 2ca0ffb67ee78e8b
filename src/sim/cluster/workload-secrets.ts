// Secrets an operator puts where Nomad serves them in clear (the degraded scenario): node meta
// (nodes, the event stream, /v1/client/metadata) and a job's meta, task env and template (full
// jobs in the event stream). Nomad redacts none of these; the collector must.
import { canary, leakedEnvironment } from './environment.ts';
import { configSecrets } from './secrets.ts';
import type { SimCluster } from './types.ts';

/** Node meta keys of the secretive client. */
export function secretNodeMeta(seed: number, name: string): Record<string, string> {
  return {
    db_password: canary(seed, name, 'meta-db-password'),
    'consul.acl_token': canary(seed, name, 'meta-consul-token'),
  };
}

export interface JobSecrets {
  meta: Record<string, string>;
  env: Record<string, string>;
  template: string;
  /** Every secret value above, one by one. */
  values: string[];
}

/** The degraded "payments" job carries these; the values depend on the seed only. */
export function jobSecrets(seed: number): JobSecrets {
  const c = (key: string, prefix = '') => canary(seed, 'payments', key, prefix);
  const metaToken = c('job-meta-token');
  const envPassword = c('job-env-password');
  const stripe = c('job-env-stripe', 'sk_live_');
  const tmplPassword = c('job-template-password');
  const tmplKey = c('job-template-key', 'AKIA').slice(0, 20).toUpperCase();
  return {
    meta: { deploy_token: metaToken, owner: 'payments-team' },
    env: { DB_PASSWORD: envPassword, STRIPE_KEY: stripe, VAULT_ADDR: 'https://vault.service.consul:8200', LOG_LEVEL: 'info' },
    template: `DB_HOST=db.internal\nDB_PASSWORD=${tmplPassword}\nAWS_ACCESS_KEY_ID=${tmplKey}\n{{ with secret "kv/data/payments" }}API_KEY={{ .Data.data.api_key }}{{ end }}\n`,
    values: [metaToken, envPassword, stripe, tmplPassword, tmplKey],
  };
}

/** Every secret value the cluster serves in clear (the degraded scenario), one by one: none may land in a bundle. */
export function exposedSecrets(c: SimCluster): string[] {
  if (c.options.scenario !== 'degraded') return [];
  const out = [...jobSecrets(c.options.seed).values];
  for (const a of c.agents) {
    out.push(...Object.values(a.extraMeta));
    if (a.logSecret) out.push(a.logSecret);
    for (const v of leakedEnvironment(c.options.seed, a.name)) if (a.environment[v.name] === v.value) out.push(...(v.secrets ?? [v.value]));
    const cfg = configSecrets(c.options, a);
    out.push(...[cfg.consulAuth.split(':')[1] ?? '', cfg.vaultToken].filter((v) => v !== ''));
  }
  return out;
}
