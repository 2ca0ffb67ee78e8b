// Nomad's own redaction of the agent/host environment (command/agent/host/host.go): an exact
// deny list, or an upper-cased name containing TOKEN or SECRET. Everything else stays in clear.
import { nomadRedactsEnv } from '../../shared/nomad-env-redaction.ts';
import { REDACTED } from './secrets.ts';

export { nomadRedactsEnv };

export function redactEnvironment(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = nomadRedactsEnv(k) ? REDACTED : v;
  return out;
}
