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
  /** The secrets inside `value` when it holds more than one (a command line); else [value]. */
  secrets?: string[];
}

/** Secret-looking variables Nomad's agent/host rule does not redact. */
export function leakedEnvironment(seed: number, name: string): LeakedVar[] {
  const c = (key: string, prefix = '') => canary(seed, name, key, prefix);
  return [
    { name: 'DB_PASSWORD', value: c('db'), why: 'a password in an environment variable Nomad does not redact' },
    { name: 'STRIPE_API_KEY', value: c('stripe', 'sk_live_'), why: 'a live Stripe API key in clear' },
    { name: 'NOMAD_HTTP_AUTH', value: `ops:${c('http-auth')}`, why: 'HTTP basic auth user:password in clear' },
    { name: 'APP_DATABASE_URL', value: `postgres://app:${c('dburl')}@db.internal:5432/app`, why: 'a password inside a URL' },
    { name: 'CONSUL_GOSSIP_ENCRYPT', value: gossipKey(seed, name), why: 'a gossip encryption key in clear' },
    { name: 'TLS_CLIENT_KEY_PEM', value: pemKey(seed, name), why: 'a PEM private key in clear' },
    { name: 'APP_IDENTITY', value: jwt(seed, name), why: 'a JSON web token in clear' },
    ...commandLine(c('args-password'), c('args-token')),
  ];
}

/** `--password=… --token …` inside one variable: two secrets in one value. */
function commandLine(password: string, token: string): LeakedVar[] {
  return [{ name: 'APP_ARGS', value: `--listen=:8080 --password=${password} --token ${token} --verbose`, why: 'credentials on a command line', secrets: [password, token] }];
}

/** What `nomad operator gossip keyring generate` prints: 32 random bytes, base64. */
function gossipKey(seed: number, name: string): string {
  return Buffer.from(makeRng('gossip', seed, name).hex(64), 'hex').toString('base64');
}

function pemKey(seed: number, name: string): string {
  const body = Buffer.from(makeRng('pem', seed, name).hex(96), 'hex').toString('base64');
  return `-----BEGIN EC PRIVATE KEY-----\n${body}\n-----END EC PRIVATE KEY-----\n`;
}

function jwt(seed: number, name: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const sig = Buffer.from(makeRng('jwt', seed, name).hex(32), 'hex').toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: name, aud: 'nomadproject.io' })}.${sig}`;
}

/** Secret-looking but harmless variables support needs to read. */
export const LOOK_ALIKE_ENV: Readonly<Record<string, string>> = {
  SSH_AUTH_SOCK: '/tmp/ssh-XXXXq1w2e3/agent.1187',
  VAULT_ADDR: 'https://vault.service.consul:8200',
  CONSUL_HTTP_ADDR: 'http://127.0.0.1:8500',
  CONSUL_CLIENT_KEY: '/etc/consul.d/tls/client-key.pem',
};

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
  Object.assign(env, nomadRedactedEnvironment(seed, name), LOOK_ALIKE_ENV);
  for (const v of leakedEnvironment(seed, name)) env[v.name] = v.value;
  return env;
}
