// The simulated cluster's Vault: one node whose /v1/sys/health answers as Vault's
// http/sys_health.go does: the status code says the state (200 active, 429 standby, 472 DR
// secondary, 473 performance standby, 501 uninitialised, 503 sealed), the JSON body is the same
// shape whatever the code, and cluster_name/cluster_id are left out while sealed.
import { makeRng, uuidFrom } from '../content/rand.ts';
import type { ClusterOptions, Doc, Planted } from './types.ts';

export const VAULT_ADDRESS = '127.0.0.3';
export const VAULT_DEFAULT_PORT = 8200;
export const VAULT_VERSION = '1.18.3';

export type VaultState = 'active' | 'standby' | 'perfstandby' | 'dr-secondary' | 'uninitialized' | 'sealed';

export interface SimVault {
  /** Its loopback address: VAULT_ADDRESS, or 127.0.0.1 (a name its test certificate holds) with TLS. */
  host: string;
  /** http, or https with the sim's -tls. */
  scheme: 'http' | 'https';
  port: number;
  state: VaultState;
  clusterName: string;
  clusterId: string;
  planted: Planted[];
}

export function buildVault(opts: ClusterOptions): SimVault {
  const v: SimVault = {
    host: opts.tls ? '127.0.0.1' : VAULT_ADDRESS,
    scheme: opts.tls ? 'https' : 'http',
    port: VAULT_DEFAULT_PORT,
    state: 'active',
    clusterName: 'vault-cluster-sim',
    clusterId: uuidFrom(makeRng('vault-cluster', opts.seed)),
    planted: [],
  };
  setVaultState(v, opts.scenario === 'degraded' ? 'sealed' : 'active');
  return v;
}

/** Puts Vault in `state`; a sealed or uninitialised Vault is planted for the analyzer to find. */
export function setVaultState(v: SimVault, state: VaultState): void {
  v.state = state;
  v.planted.length = 0;
  if (state === 'sealed') v.planted.push({ kind: 'vault-sealed', subject: 'vault', detail: 'Vault is sealed: /v1/sys/health answers 503' });
  if (state === 'uninitialized') v.planted.push({ kind: 'vault-uninitialized', subject: 'vault', detail: 'Vault is not initialised: /v1/sys/health answers 501' });
}

/** The codes Vault picks by default, each overridable with a query parameter of its name. */
const DEFAULT_CODES = { activecode: 200, standbycode: 429, drsecondarycode: 472, performancestandbycode: 473, uninitcode: 501, sealedcode: 503 } as const;

export interface VaultHealthAnswer {
  status: number;
  body: Doc | undefined;
}

/** The address Nomad's agents are configured with (vault.address). */
export function vaultUrl(v: SimVault): string {
  return `${v.scheme}://${v.host}:${v.port}`;
}

/** GET /v1/sys/health, with Vault's standbyok/perfstandbyok and `*code` parameters. */
export function vaultHealth(v: SimVault, q: URLSearchParams, now: Date): VaultHealthAnswer {
  const codes: Record<string, number> = { ...DEFAULT_CODES };
  for (const name of Object.keys(DEFAULT_CODES)) {
    const raw = q.get(name);
    if (raw === null) continue;
    // fetchStatusCode: strconv.Atoi failing is a 400 with no body
    if (!/^[+-]?\d+$/.test(raw)) return { status: 400, body: undefined };
    codes[name] = Number(raw);
  }
  const okParam = (name: string): boolean | 'bad' => {
    const raw = q.get(name);
    if (raw === null) return false;
    if (['1', 't', 'T', 'true', 'TRUE', 'True', ''].includes(raw)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return false;
    return 'bad';
  };
  const standbyOk = okParam('standbyok');
  const perfStandbyOk = okParam('perfstandbyok');
  if (standbyOk === 'bad' || perfStandbyOk === 'bad') return { status: 400, body: undefined };
  const init = v.state !== 'uninitialized';
  const sealed = v.state === 'sealed' || v.state === 'uninitialized';
  const standby = v.state === 'standby' || v.state === 'perfstandby' || sealed;
  const perfStandby = v.state === 'perfstandby';
  let status = codes['activecode']!;
  if (!init) status = codes['uninitcode']!;
  else if (sealed) status = codes['sealedcode']!;
  else if (v.state === 'dr-secondary') status = codes['drsecondarycode']!;
  else if (perfStandby) status = perfStandbyOk ? status : codes['performancestandbycode']!;
  else if (standby) status = standbyOk ? status : codes['standbycode']!;
  const body: Doc = {
    initialized: init,
    sealed,
    standby,
    performance_standby: perfStandby,
    replication_performance_mode: 'disabled',
    replication_dr_mode: v.state === 'dr-secondary' ? 'secondary' : 'disabled',
    server_time_utc: Math.floor(now.getTime() / 1000),
    version: VAULT_VERSION,
  };
  if (!sealed) {
    body['cluster_name'] = v.clusterName;
    body['cluster_id'] = v.clusterId;
  }
  return { status, body };
}
