// A seeded corpus of secrets in every place the collector writes, and the look-alikes support
// needs to keep. Values are generated, not listed, so each seed tries new shapes.

export type Rand = () => number;

/** mulberry32: small, seeded, good enough to vary test inputs. */
export function seeded(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chars = (r: Rand, n: number, set = ALNUM) => Array.from({ length: n }, () => pick(r, [...set])).join('');

/** A secret in one of the known token formats. */
export function tokenFormat(r: Rand): string {
  const up = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return pick(r, [
    () => `hvs.${chars(r, 24 + Math.floor(r() * 70), ALNUM + '_-')}`,
    () => `hvb.${chars(r, 40)}`,
    () => `s.${chars(r, 24)}`,
    () => `gh${pick(r, ['p', 'o', 'u', 's', 'r'])}_${chars(r, 36)}`,
    () => `AKIA${chars(r, 16, up)}`,
    () => `xox${pick(r, ['b', 'p', 'a'])}-${chars(r, 12, '0123456789')}-${chars(r, 24)}`,
    () => `sk_live_${chars(r, 24)}`,
    () => `glpat-${chars(r, 20)}`,
    () => `eyJ${chars(r, 20, ALNUM + '_-')}.eyJ${chars(r, 30, ALNUM + '_-')}.${chars(r, 43, ALNUM + '_-')}`,
  ])();
}

/** A secret of no known format (a password, a gossip key): found only by its name or context. */
export function plainSecret(r: Rand): string {
  return pick(r, [
    () => `${chars(r, 1)}${chars(r, 10 + Math.floor(r() * 20), ALNUM + '+/!_-')}9`,
    () => `${chars(r, 43, ALNUM + '+/')}=`, // a 32-byte gossip key
  ])();
}

const SECRET_NAMES = ['DB_PASSWORD', 'api_key', 'ConsulToken', 'client-secret', 'NOMAD_ENCRYPT_KEY', 'serf_encrypt', 'x-vault-token', 'private_key', 'AUTH', 'passwd', 'STRIPE_API_KEY', 'SecretID'];

export interface Planted {
  /** The bundle-like document, secrets in place. */
  doc: Record<string, unknown>;
  /** Values that must not survive redaction. */
  secrets: string[];
  /** Name → value pairs that must survive it unchanged. */
  lookAlikes: Record<string, string>;
}

export const LOOK_ALIKES: Record<string, string> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin',
  SSH_AUTH_SOCK: '/tmp/ssh-XXXXabcd/agent.4242',
  KeyFile: '/etc/nomad.d/tls/global-server-nomad-key.pem',
  CONSUL_CLIENT_KEY: '/etc/consul.d/tls/client-key.pem',
  VAULT_ADDR: 'https://vault.service.consul:8200',
  CONSUL_HTTP_ADDR: 'http://127.0.0.1:8500',
  NodeID: '9e02c85b-db59-45f1-ddee-40d0317bd33d',
  TokenTTL: '30s',
  AllowUnauthenticated: 'true',
  ServiceIdentityAuthMethod: 'nomad-workloads',
};

/** Secrets planted in env, config keys, meta, headers, log lines, templates, args and URL-encoded forms. */
export function plant(r: Rand): Planted {
  const secrets: string[] = [];
  const s = (v: string) => (secrets.push(v), v);
  const any = () => (r() < 0.5 ? tokenFormat(r) : plainSecret(r));
  const name = () => pick(r, SECRET_NAMES);
  const fmt = () => s(tokenFormat(r));
  const pem = s(`-----BEGIN RSA PRIVATE KEY-----\n${chars(r, 64, ALNUM + '+/')}\n${chars(r, 40, ALNUM + '+/')}=\n-----END RSA PRIVATE KEY-----`);
  const logLines = [
    `agent: request: ${name()}=${s(any())} status=200`,
    `agent: exec: /bin/app --${name()}=${s(any())} --${name()} ${s(any())} -v`,
    `http: ${pick(r, ['X-Vault-Token', 'X-Nomad-Token', 'Authorization'])}: ${s(any())}`,
    `http: payload: {"user":"ops","${name()}":"${s(any())}"}`,
    `http: payload="{\\"${name()}\\":\\"${s(any())}\\"}"`,
    `http: GET /v1/var?token=${encodeURIComponent(s(`${any()}+/=`))}&index=1`,
    `http: form: ${encodeURIComponent(`${name()}=${s(any())}`)}`,
    `client: secret in passing ${fmt()} and Bearer ${fmt()}`,
    `consul: dsn=postgres://app:${encodeURIComponent(s(plainSecret(r)))}@db.internal:5432/app`, // a URL escapes "/" in a password
  ];
  const doc = {
    HostData: {
      Environment: { ...LOOK_ALIKES, [name().toUpperCase()]: s(any()), TLS_KEY_PEM: pem, CMDLINE: `app --password=${s(plainSecret(r))} --token ${s(plainSecret(r))}` },
    },
    config: {
      Server: { EncryptKey: s(plainSecret(r)) },
      Consuls: [{ Auth: `ops:${s(plainSecret(r))}`, Addr: LOOK_ALIKES['CONSUL_HTTP_ADDR'] }],
      TLSConfig: { KeyFile: LOOK_ALIKES['KeyFile'] },
      HTTPAPIResponseHeaders: { [pick(r, ['X-Vault-Token', 'X-Api-Key'])]: s(any()) },
      Plugins: [{ Name: 'csi', Config: { [name()]: s(any()), endpoint: 'unix:///csi.sock' } }],
    },
    Node: { ID: LOOK_ALIKES['NodeID'], Meta: { [`${pick(r, ['db', 'svc', 'ops'])}_${pick(r, ['password', 'token'])}`]: s(any()), rack: 'r1' } },
    Job: {
      Meta: { [name()]: s(any()) },
      TaskGroups: [{ Tasks: [{
        Env: { [name().toUpperCase()]: s(any()), NOMAD_ADDR: 'http://127.0.0.1:4646' },
        Config: { args: ['--port', '8080', `--${name()}`, s(plainSecret(r))] },
        Templates: [{ EmbeddedTmpl: `DB_HOST=db.internal\n${name()}=${s(any())}\nexport ${name()}="${s(any())}"\n{{ with secret "kv/data/app" }}{{ .Data.data.x }}{{ end }}\n` }],
      }] }],
    },
    Error: `Unexpected response code: 403 (${pick(r, ['X-Vault-Token', 'token'])}: ${s(tokenFormat(r))} denied)`,
    Log: logLines,
  };
  return { doc, secrets, lookAlikes: LOOK_ALIKES };
}
