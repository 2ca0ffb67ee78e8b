// Consul and Vault beside the Nomad cluster: where to ask, with which token and TLS. Nomad's
// flags and environment (command/operator_debug.go): -consul-http-addr (CONSUL_HTTP_ADDR),
// -consul-token (CONSUL_HTTP_TOKEN), -consul-token-file (CONSUL_HTTP_TOKEN_FILE), -consul-auth
// (CONSUL_HTTP_AUTH), -consul-ca-cert/-ca-path/-client-cert/-client-key (CONSUL_CACERT, ...),
// -vault-address (VAULT_ADDR), -vault-token (VAULT_TOKEN) and the -vault-* TLS flags
// (VAULT_CACERT, ...), which Nomad parses but never applies and we do. As Nomad in practice
// (its discovery from agent-self has read keys agents no longer write since 1.7), a service is
// asked only when its address is given: tokens go only where the operator pointed them.
import type { TlsOptions } from '../nomad/tls.ts';

export interface ServiceTarget {
  /** Base URL, e.g. "http://127.0.0.1:8500". */
  address: string;
  /** Sent as X-Consul-Token / X-Vault-Token to `address` only; never written. */
  token?: string;
  /** -consul-token-file: read (whitespace trimmed) when no token is given. */
  tokenFile?: string;
  /** -consul-auth user:password, sent as HTTP basic auth (Nomad parses it but never sends it). */
  httpAuth?: string;
  tls: TlsOptions;
}

/** The services to capture; a key is absent when its address was not given. */
export interface ServiceTargets {
  consul?: ServiceTarget;
  vault?: ServiceTarget;
}

export type ServiceName = keyof ServiceTargets;

/** Flag names of each service, as Nomad spells them (cli-flags.json, usage errors, hints). */
export const SERVICE_FLAGS = {
  consul: {
    address: 'consul-http-addr', token: 'consul-token', tokenFile: 'consul-token-file', auth: 'consul-auth',
    caCert: 'consul-ca-cert', caPath: 'consul-ca-path', clientCert: 'consul-client-cert', clientKey: 'consul-client-key',
  },
  vault: {
    address: 'vault-address', token: 'vault-token', tokenFile: undefined, auth: undefined,
    caCert: 'vault-ca-cert', caPath: 'vault-ca-path', clientCert: 'vault-client-cert', clientKey: 'vault-client-key',
  },
} as const;

/** Environment variables read for each flag (flags win), as Nomad's flag defaults are. */
export const SERVICE_ENV: Record<string, string> = {
  'consul-http-addr': 'CONSUL_HTTP_ADDR',
  'consul-token': 'CONSUL_HTTP_TOKEN',
  'consul-token-file': 'CONSUL_HTTP_TOKEN_FILE',
  'consul-auth': 'CONSUL_HTTP_AUTH',
  'consul-ca-cert': 'CONSUL_CACERT',
  'consul-ca-path': 'CONSUL_CAPATH',
  'consul-client-cert': 'CONSUL_CLIENT_CERT',
  'consul-client-key': 'CONSUL_CLIENT_KEY',
  'vault-address': 'VAULT_ADDR',
  'vault-token': 'VAULT_TOKEN',
  'vault-ca-cert': 'VAULT_CACERT',
  'vault-ca-path': 'VAULT_CAPATH',
  'vault-client-cert': 'VAULT_CLIENT_CERT',
  'vault-client-key': 'VAULT_CLIENT_KEY',
};

const USAGE: Record<string, string> = {
  'consul-http-addr': 'The address of the Consul agent to collect from.',
  'consul-token': 'Token used to query Consul.',
  'consul-token-file': 'File containing a token used to query Consul.',
  'consul-auth': 'The HTTP basic auth (user:password) for Consul.',
  'consul-ca-cert': 'Path to a CA file to use with Consul.',
  'consul-ca-path': 'Path to a directory of CA certificates to use with Consul.',
  'consul-client-cert': 'Path to a client cert file to use with Consul.',
  'consul-client-key': 'Path to a client key file to use with Consul.',
  'vault-address': 'The address of the Vault server to collect from.',
  'vault-token': 'Token used to query Vault.',
  'vault-ca-cert': 'Path to a CA file to use with Vault.',
  'vault-ca-path': 'Path to a directory of CA certificates to use with Vault.',
  'vault-client-cert': 'Path to a client cert file to use with Vault.',
  'vault-client-key': 'Path to a client key file to use with Vault.',
};

function valuesOf(t: ServiceTarget | undefined): Record<string, string> {
  return {
    address: t?.address ?? '', token: t?.token ?? '', tokenFile: t?.tokenFile ?? '', auth: t?.httpAuth ?? '',
    caCert: t?.tls.caCert ?? '', caPath: t?.tls.caPath ?? '', clientCert: t?.tls.clientCert ?? '', clientKey: t?.tls.clientKey ?? '',
  };
}

/** cli-flags.json rows [name, value, default, usage] for the Consul and Vault flags. */
export function serviceFlagRows(s: ServiceTargets): [string, string, string, string][] {
  const rows: [string, string, string, string][] = [];
  for (const name of ['consul', 'vault'] as const) {
    const values = valuesOf(s[name]);
    for (const [key, flag] of Object.entries(SERVICE_FLAGS[name])) {
      if (flag === undefined) continue;
      rows.push([flag, values[key] ?? '', '', USAGE[flag] ?? '']);
    }
  }
  return rows;
}

/** What manifest.json says of a service: where, and whether a token and TLS material were given; never the token. */
export function serviceManifest(t: ServiceTarget | undefined): Record<string, unknown> | undefined {
  if (!t) return undefined;
  return { address: t.address, tokenSet: Boolean(t.token || t.tokenFile), httpAuthSet: Boolean(t.httpAuth), tls: t.tls };
}
