// The Consul and Vault flags of `collect` (Nomad's names, declared in flags/collect.ts) and their
// environment → ServiceTargets. Pure: the caller passes env. Flags win over environment.
import { SERVICE_ENV, SERVICE_FLAGS, type ServiceName, type ServiceTarget, type ServiceTargets } from '../collect/service-options.ts';
import { checkCertPair, normalizeAddress } from './collect-options.ts';

export interface RawServiceFlags {
  'consul-http-addr'?: string;
  'consul-token'?: string;
  'consul-token-file'?: string;
  'consul-auth'?: string;
  'consul-ca-cert'?: string;
  'consul-ca-path'?: string;
  'consul-client-cert'?: string;
  'consul-client-key'?: string;
  'vault-address'?: string;
  'vault-token'?: string;
  'vault-ca-cert'?: string;
  'vault-ca-path'?: string;
  'vault-client-cert'?: string;
  'vault-client-key'?: string;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 't', 'true', 'yes'].includes(v.toLowerCase());
}

function target(name: ServiceName, flags: RawServiceFlags, env: Record<string, string | undefined>): ServiceTarget | undefined {
  const names = SERVICE_FLAGS[name];
  const get = (flag: string | undefined): string | undefined => {
    if (flag === undefined) return undefined;
    const v = (flags as Record<string, string | undefined>)[flag] ?? env[SERVICE_ENV[flag]!];
    return v === undefined || v === '' ? undefined : v;
  };
  const raw = get(names.address);
  if (raw === undefined) return undefined;
  const tls = { caCert: get(names.caCert), caPath: get(names.caPath), clientCert: get(names.clientCert), clientKey: get(names.clientKey), skipVerify: false };
  checkCertPair(tls.clientCert, tls.clientKey, `${name}-`);
  // Consul's own rule for an address without a scheme: https when CONSUL_HTTP_SSL says so.
  const https = Boolean(tls.caCert || tls.caPath || tls.clientCert) || (name === 'consul' && truthy(env['CONSUL_HTTP_SSL']));
  const t: ServiceTarget = { address: normalizeAddress(raw, https, names.address), tls };
  // flags win over the environment, as for every other flag: -consul-token-file beats CONSUL_HTTP_TOKEN
  const given = (flag: string | undefined) => (flag === undefined ? undefined : (flags as Record<string, string | undefined>)[flag] || undefined);
  const flagToken = given(names.token);
  const flagFile = given(names.tokenFile);
  const token = flagToken ?? (flagFile ? undefined : get(names.token));
  if (token) t.token = token;
  const tokenFile = token ? undefined : flagFile ?? get(names.tokenFile);
  if (tokenFile) t.tokenFile = tokenFile;
  const auth = get(names.auth);
  if (auth) t.httpAuth = auth;
  return t;
}

export function buildServiceTargets(flags: RawServiceFlags, env: Record<string, string | undefined>): ServiceTargets {
  const out: ServiceTargets = {};
  const consul = target('consul', flags, env);
  const vault = target('vault', flags, env);
  if (consul) out.consul = consul;
  if (vault) out.vault = vault;
  return out;
}
