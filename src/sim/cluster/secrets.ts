// Credentials in the agent configuration (agent/self). Nomad replaces some by "<redacted>"
// (ACL.ReplicationToken, Consuls[].Token, Telemetry.CirconusAPIToken); since 1.10 it leaves
// Vaults[].Token alone, and it never touched Consuls[].Auth. The degraded servers carry both.
import { canary } from './environment.ts';
import type { ClusterOptions, SimAgent } from './types.ts';

export interface ConfigSecrets {
  replicationToken: string;
  consulToken: string;
  consulAuth: string;
  vaultToken: string;
}

export function configSecrets(opts: ClusterOptions, a: SimAgent): ConfigSecrets {
  const leaky = opts.scenario === 'degraded' && a.kind === 'server';
  return {
    replicationToken: opts.aclEnabled && a.kind === 'server' ? canary(opts.seed, a.name, 'replication') : '',
    consulToken: canary(opts.seed, a.name, 'consul-token'),
    consulAuth: leaky ? `consul-ops:${canary(opts.seed, a.name, 'consul-auth')}` : '',
    vaultToken: leaky ? canary(opts.seed, a.name, 'vault-token', 'hvs.') : '',
  };
}

export const REDACTED = '<redacted>';

/** Nomad's agent/self rule: only non-empty values are replaced. */
export function redactIfSet(v: string): string {
  return v === '' ? '' : REDACTED;
}

/** Nomad 1.7 to 1.9 redacted Vaults[].Token in agent/self; 1.10 dropped that rule. */
export function vaultTokenRedacted(version: string): boolean {
  const [maj = 0, min = 0] = version.split('.').map(Number);
  return maj === 1 && min < 10;
}
