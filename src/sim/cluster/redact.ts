// Nomad's own redaction of the agent/host environment (command/agent/host/host.go): an exact
// deny list, or an upper-cased name containing TOKEN or SECRET. Everything else stays in clear.
import { REDACTED } from './secrets.ts';

export const ENV_DENY_LIST: ReadonlySet<string> = new Set([
  'CONSUL_TOKEN', 'CONSUL_HTTP_TOKEN', 'CONSUL_HTTP_TOKEN_FILE', 'NOMAD_TOKEN', 'VAULT_TOKEN', 'CONSUL_LICENSE', 'NOMAD_LICENSE',
  'VAULT_LICENSE', 'CONSUL_LICENSE_PATH', 'NOMAD_LICENSE_PATH', 'VAULT_LICENSE_PATH', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN', 'AWS_METADATA_URL', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_OAUTH_ACCESS_TOKEN',
]);

export function nomadRedactsEnv(name: string): boolean {
  if (ENV_DENY_LIST.has(name)) return true;
  const upper = name.toUpperCase();
  return upper.includes('TOKEN') || upper.includes('SECRET');
}

export function redactEnvironment(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = nomadRedactsEnv(k) ? REDACTED : v;
  return out;
}
