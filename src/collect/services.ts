// Consul and Vault, captured once beside the cluster files as Nomad's operator debug does:
// Consul's leader first (when it fails, the other Consul requests are not made), then the
// agent endpoints; Vault's sys/health, whose body is kept whatever the status. Each service
// gets a client of its own: its address, its TLS, its token in its own header, and nothing of
// Nomad's credentials. Answers go through the same redaction as Nomad's (the service's token
// is masked wherever it shows up). Every outcome is a manifest record; nothing here throws.
import fs from 'node:fs/promises';
import { CLUSTER_DIR } from '../archive/layout.ts';
import { NomadClient } from '../nomad/client.ts';
import { loadTlsConnect, type TlsConnect } from '../nomad/tls.ts';
import { errorMessage } from '../shared/errors.ts';
import { captureJsonRecord, recordSkipped, type CaptureEnv, type JsonCapture } from './capture.ts';
import { CONSUL_ENDPOINTS, VAULT_ENDPOINTS, type JsonEndpoint } from './catalog.ts';
import type { ServiceName, ServiceTarget, ServiceTargets } from './service-options.ts';

const TOKEN_HEADER = { consul: 'x-consul-token', vault: 'x-vault-token' } as const;
const ENDPOINTS: Record<ServiceName, readonly JsonEndpoint[]> = { consul: CONSUL_ENDPOINTS, vault: VAULT_ENDPOINTS };
const LABEL: Record<ServiceName, string> = { consul: 'Consul', vault: 'Vault' };

function toCapture(name: ServiceName, e: JsonEndpoint): JsonCapture {
  const c: JsonCapture = { rel: `${CLUSTER_DIR}/${e.file}`, path: e.path, target: name, errorFile: e.errorFile };
  if (e.bodyOnStatus) c.bodyOnStatus = e.bodyOnStatus;
  return c;
}

/** The token: given, or read from -consul-token-file (whitespace trimmed, as Nomad does). */
async function tokenOf(t: ServiceTarget): Promise<string | undefined> {
  if (t.token) return t.token;
  if (!t.tokenFile) return undefined;
  let text: string;
  try {
    text = await fs.readFile(t.tokenFile, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read token file ${t.tokenFile}: ${errorMessage(err)}`);
  }
  return text.trim() || undefined;
}

interface Prepared {
  client: NomadClient;
  token: string | undefined;
}

async function prepare(name: ServiceName, t: ServiceTarget): Promise<Prepared> {
  const tls: TlsConnect = await loadTlsConnect(t.tls);
  const token = await tokenOf(t);
  const client = new NomadClient({ address: t.address, token, httpAuth: t.httpAuth, tls, tokenHeader: TOKEN_HEADER[name] });
  return { client, token };
}

async function captureService(env: CaptureEnv, name: ServiceName, t: ServiceTarget): Promise<void> {
  const endpoints = ENDPOINTS[name];
  let p: Prepared;
  try {
    p = await prepare(name, t);
  } catch (err) {
    const reason = `Not asked: ${errorMessage(err)}`;
    env.recorder.warn(`${LABEL[name]}: ${reason}`);
    for (const e of endpoints) recordSkipped(env, toCapture(name, e), 'ERROR', reason);
    return;
  }
  // The service's own client (the Nomad token never goes there); every token of the run is masked in what it answers.
  const own: CaptureEnv = { ...env, client: p.client };
  try {
    env.recorder.report({ type: 'phase', name: `${name} ${t.address}` });
    const [first, ...rest] = endpoints;
    const lead = await captureJsonRecord(own, toCapture(name, first!));
    if (name === 'consul' && lead.status !== 'ok') {
      const reason = `Not asked: the Consul leader request failed (${lead.code}); as Nomad does, the other Consul requests are skipped`;
      env.recorder.warn(`Unable to contact Consul leader at ${t.address}, skipping: ${lead.error ?? lead.code}`);
      for (const e of rest) recordSkipped(own, toCapture(name, e), 'SKIPPED', reason);
      return;
    }
    for (const e of rest) await captureJsonRecord(own, toCapture(name, e));
  } finally {
    await p.client.close();
  }
}

/** The secrets the services are asked with (tokens, token files, basic auth), for the run's redaction; unreadable files are left to captureServices to report. */
export async function serviceSecrets(services: ServiceTargets | undefined): Promise<string[]> {
  const out: string[] = [];
  for (const t of [services?.consul, services?.vault]) {
    if (!t) continue;
    const token = await tokenOf(t).catch(() => undefined);
    if (token) out.push(token);
    if (t.httpAuth) out.push(t.httpAuth);
  }
  return out;
}

/** Consul then Vault, each only when its address was given. */
export async function captureServices(env: CaptureEnv, services: ServiceTargets | undefined): Promise<void> {
  if (!services) return;
  await Promise.all((['consul', 'vault'] as const).map((name) => (services[name] ? captureService(env, name, services[name]) : undefined)));
}
