// The process environment of each simulated agent, before Nomad's redaction. The degraded
// scenario gives client-1 credentials: some Nomad hides itself (deny list, TOKEN/SECRET in the
// name), some it returns in clear; those are the leaks the analyzer must catch.
import { makeRng } from '../content/rand.ts';

/** Variables every agent has, as systemd starts Nomad. */
function baseEnvironment(kind: 'server' | 'client', seed: number, name: string): Record<string, string> {
  const rng = makeRng('env', seed, name);
  const env: Record<string, string> = {
    LANG: 'C.UTF-8',
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    LOGNAME: 'root',
    USER: 'root',
    SHELL: '/bin/sh',
    INVOCATION_ID: rng.hex(32),
    JOURNAL_STREAM: `8:${rng.int(10_000, 99_999)}`,
    SYSTEMD_EXEC_PID: String(rng.int(400, 3000)),
    NOMAD_ADDR: 'http://127.0.0.1:4646',
    GOMAXPROCS: String(kind === 'server' ? 4 : 8),
  };
  return env;
}

/** A value long and unique enough to be searched for in bundles and reports. */
export function canary(seed: number, name: string, key: string, prefix = ''): string {
  return `${prefix}CANARY${makeRng('secret', seed, name, key).hex(20)}`;
}

export interface LeakedVar {
  name: string;
  value: string;
  why: string;
}

/** Secret-looking variables Nomad's agent/host rule does not redact. */
export function leakedEnvironment(seed: number, name: string): LeakedVar[] {
  const c = (key: string, prefix = '') => canary(seed, name, key, prefix);
  return [
    { name: 'DB_PASSWORD', value: c('db'), why: 'a password in an environment variable Nomad does not redact' },
    { name: 'STRIPE_API_KEY', value: c('stripe', 'sk_live_'), why: 'a live Stripe API key in clear' },
    { name: 'NOMAD_HTTP_AUTH', value: `ops:${c('http-auth')}`, why: 'HTTP basic auth user:password in clear' },
    { name: 'APP_DATABASE_URL', value: `postgres://app:${c('dburl')}@db.internal:5432/app`, why: 'a password inside a URL' },
  ];
}

/** Variables Nomad itself replaces by `<redacted>` (deny list, or TOKEN/SECRET in the name). */
export function nomadRedactedEnvironment(seed: number, name: string): Record<string, string> {
  const c = (key: string, prefix = '') => canary(seed, name, key, prefix);
  return {
    VAULT_TOKEN: c('vault', 'hvs.'),
    AWS_ACCESS_KEY_ID: 'AKIA' + makeRng('akia', seed, name).hex(16).toUpperCase(),
    AWS_SECRET_ACCESS_KEY: c('aws'),
    CONSUL_HTTP_TOKEN: c('consul'),
    GITHUB_TOKEN: c('github', 'ghp_'),
    APP_SECRET: c('app-secret'),
  };
}

export function agentEnvironment(kind: 'server' | 'client', seed: number, name: string, withSecrets: boolean): Record<string, string> {
  const env = baseEnvironment(kind, seed, name);
  if (!withSecrets) return env;
  Object.assign(env, nomadRedactedEnvironment(seed, name));
  for (const v of leakedEnvironment(seed, name)) env[v.name] = v.value;
  return env;
}
