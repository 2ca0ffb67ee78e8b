// Nomad's own redaction of the agent/host environment (command/agent/host/host.go): an exact,
// case-sensitive deny list (DefaultEnvDenyList, 1.10+), or an upper-cased name containing TOKEN
// or SECRET. The sim applies it, the collector adds its rules on top, the analyzer tells them apart.

export const NOMAD_ENV_DENY_LIST: readonly string[] = [
  'CONSUL_TOKEN', 'CONSUL_HTTP_TOKEN', 'CONSUL_HTTP_TOKEN_FILE', 'NOMAD_TOKEN', 'VAULT_TOKEN', 'CONSUL_LICENSE', 'NOMAD_LICENSE',
  'VAULT_LICENSE', 'CONSUL_LICENSE_PATH', 'NOMAD_LICENSE_PATH', 'VAULT_LICENSE_PATH', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN', 'AWS_METADATA_URL', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_OAUTH_ACCESS_TOKEN',
];

const DENY = new Set(NOMAD_ENV_DENY_LIST);

/** Whether Nomad itself shows this environment variable as `<redacted>`. */
export function nomadRedactsEnv(name: string): boolean {
  if (DENY.has(name)) return true;
  const upper = name.toUpperCase();
  return upper.includes('TOKEN') || upper.includes('SECRET');
}
