// Consul and Vault captured beside the simulated cluster over real sockets: Nomad's file names,
// the tokens only in their own header to their own address and never on disk, Consul's agent/self
// secrets redacted, Vault's body kept whatever its status, and the failures (ACL 403,
// unreachable, TLS) recorded as Nomad records them; then the analyzer on what was collected.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { CollectResult } from '../../src/collect/progress.ts';
import type { ServiceTargets } from '../../src/collect/service-options.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import { startSim, type Sim } from '../../src/sim/index.ts';
import { byRel, gunzipAll, readArchive } from './archive-helpers.ts';
import { collectOptions, quietContext, tempDir } from './sim-helpers.ts';

const CONSUL_TOKEN = 'consul-mgmt-7e1c9a2b44d0';
const VAULT_TOKEN = 'hvs.vault-token-5f2a8c1d9e';
const FILES = [
  'consul-leader.json', 'consul-agent-self.json', 'consul-agent-members.json', 'consul-agent-host.json', 'consul-agent-metrics.json',
  'consul-agent-checks.json', 'consul-agent-services.json', 'vault-sys-health.json',
];

const plain = { skipVerify: false };

async function collect(sim: Sim, out: string, services: ServiceTargets | undefined): Promise<CollectResult> {
  return runCollect(collectOptions(sim.url, out, { durationMs: 1200, eventTopics: null, ...(services ? { services } : {}) }), quietContext());
}

function json(entries: Map<string, { body: Buffer }>, rel: string): unknown {
  return JSON.parse(entries.get(rel)!.body.toString('utf8'));
}

describe('degraded cluster, Consul ACLs on, both tokens given', () => {
  let sim: Sim;
  let out: string;
  let result: CollectResult;
  let entries: Map<string, { body: Buffer }>;
  before(async () => {
    sim = await startSim({ scenario: 'degraded', servers: 3, clients: 5, consulToken: CONSUL_TOKEN, consulLimitedToken: 'consul-limited' });
    out = await tempDir();
    result = await collect(sim, out, {
      consul: { address: sim.consul.url, token: CONSUL_TOKEN, tls: plain },
      vault: { address: sim.vault.url, token: VAULT_TOKEN, tls: plain },
    });
    entries = byRel(await readArchive(result.path));
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test("every file under Nomad's names (and our checks and services), each an ok capture", () => {
    for (const f of FILES) assert.ok(entries.has(`cluster/${f}`), f);
    const caps = result.manifest.captures.filter((c) => c.target === 'consul' || c.target === 'vault');
    assert.equal(caps.length, FILES.length);
    assert.ok(caps.every((c) => c.status === 'ok'), JSON.stringify(caps.filter((c) => c.status !== 'ok')));
    assert.deepEqual(caps.find((c) => c.path === 'cluster/consul-agent-checks.json')!.endpoint, '/v1/agent/checks');
  });

  test('the tokens went only as X-Consul-Token to Consul and X-Vault-Token to Vault, and are nowhere in the archive', async () => {
    assert.ok(sim.consul.requests.list.length >= 7);
    assert.ok(sim.consul.requests.list.every((r) => r.credentials.join() === 'x-consul-token'), JSON.stringify(sim.consul.requests.list));
    assert.deepEqual(sim.vault.requests.list, [{ path: '/v1/sys/health', credentials: ['x-vault-token'] }]);
    // no Nomad listener saw a Consul or Vault token (the Nomad client sends none here)
    assert.deepEqual(sim.requests.addressesWithToken(), []);
    const bytes = await gunzipAll(result.path);
    for (const t of [CONSUL_TOKEN, VAULT_TOKEN]) assert.equal(bytes.indexOf(t), -1, t);
  });

  test("Consul's agent/self node-meta secret is redacted before writing, and the redaction is in the manifest", async () => {
    const secret = sim.consul.planted.find((p) => p.kind === 'consul-leaked-secret')!.value!;
    assert.equal((await gunzipAll(result.path)).indexOf(secret), -1);
    const self = json(entries, 'cluster/consul-agent-self.json') as { Meta: Record<string, string> };
    assert.equal(self.Meta['backup_s3_secret'], '<redacted>');
    assert.ok(result.manifest.redactions.some((r) => r.path === 'cluster/consul-agent-self.json' && r.field === 'Meta.backup_s3_secret'));
    // Consul's own "hidden" is its redaction, not a secret of ours to cut
    assert.ok(!result.manifest.redactions.some((r) => r.field.startsWith('DebugConfig.ACLTokens')));
  });

  test("sealed Vault's 503 body is kept as the file, recorded ok with its status", () => {
    const rec = result.manifest.captures.find((c) => c.path === 'cluster/vault-sys-health.json')!;
    assert.equal(rec.httpStatus, 503);
    assert.equal((json(entries, 'cluster/vault-sys-health.json') as { sealed: boolean }).sealed, true);
  });

  test('the manifest options name the services without their tokens', () => {
    const o = result.manifest.options as { consul: { address: string; tokenSet: boolean }; vault: { address: string } };
    assert.equal(o.consul.address, sim.consul.url);
    assert.equal(o.consul.tokenSet, true);
    assert.equal(o.vault.address, sim.vault.url);
  });

  test('the analyzer finds the failed Consul member, the Nomad agents Consul sees critical and the sealed Vault; Consul and Vault in the report data', async () => {
    const bundle = await readBundle(result.path);
    assert.equal(bundle.cluster.consul?.members?.value.find((m) => m.Name === 'client-3')?.Status, 'failed');
    const r = analyze(bundle);
    const has = (check: string, subject: string) => r.findings.some((f) => f.check === check && (f.subject === subject || !!f.subjects?.includes(subject)) && f.severity !== 'info');
    for (const p of sim.consul.planted.filter((x) => x.kind === 'consul-member-failed')) assert.ok(has('consul', p.subject), p.detail);
    for (const p of sim.consul.planted.filter((x) => x.kind === 'consul-check-critical')) assert.ok(has('consul-checks', p.subject), p.detail);
    assert.ok(r.findings.some((f) => f.check === 'vault' && f.subject === 'vault' && f.severity === 'critical' && /sealed/.test(f.title)));
    assert.ok(!r.findings.some((f) => f.check === 'consul-checks' && f.subject === 'server-1.global'));
    assert.ok(!r.findings.some((f) => f.check === 'service-coverage'));
  });
});

describe('failures', () => {
  let sim: Sim;
  let out: string;
  before(async () => {
    sim = await startSim({ scenario: 'healthy', servers: 1, clients: 1, consulToken: CONSUL_TOKEN, consulLimitedToken: 'consul-limited' });
    out = await tempDir();
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test("a Consul token without agent:read: Consul's 403 text in {\"Error\"} files and HTTP_403 records; the lists still come", async () => {
    const r = await collect(sim, path.join(out, 'acl'), { consul: { address: sim.consul.url, token: 'consul-limited', tls: plain } });
    const e = byRel(await readArchive(r.path));
    const self = json(e, 'cluster/consul-agent-self.json') as { Error: string };
    assert.match(self.Error, /^Unexpected response code: 403 \(Permission denied: token with AccessorID '[0-9a-f-]+' lacks permission 'agent:read' on "consul-server-1"\)$/);
    const code = (f: string) => r.manifest.captures.find((c) => c.path === `cluster/${f}`)?.code;
    assert.equal(code('consul-agent-self.json'), 'HTTP_403');
    assert.equal(code('consul-agent-metrics.json'), 'HTTP_403');
    assert.equal(code('consul-agent-host.json'), 'HTTP_403');
    assert.equal(code('consul-agent-members.json'), 'OK');
    assert.equal(code('consul-agent-checks.json'), 'OK');
    const refused = analyze(await readBundle(r.path)).findings.filter((f) => f.check === 'consul');
    assert.deepEqual(refused.map((f) => [f.severity, f.subject, f.title]), [['warning', 'consul', 'Consul refused 3 of its answers']]);
    assert.match(refused[0]!.detail, /agent:read.*operator:read/);
  });

  test('Consul unreachable: the leader fails, the rest is skipped as Nomad does; Vault unreachable: its error file', async () => {
    const r = await collect(sim, path.join(out, 'down'), {
      consul: { address: 'http://127.0.0.2:1', token: CONSUL_TOKEN, tls: plain },
      vault: { address: 'http://127.0.0.3:1', tls: plain },
    });
    const e = byRel(await readArchive(r.path));
    const rec = (f: string) => r.manifest.captures.find((c) => c.path === `cluster/${f}`)!;
    assert.equal(rec('consul-leader.json').code, 'CONNECT_REFUSED');
    for (const f of FILES.slice(1, 7)) assert.equal(rec(f).status, 'skipped', f);
    assert.ok(!e.has('cluster/consul-agent-self.json'));
    assert.equal(rec('vault-sys-health.json').code, 'CONNECT_REFUSED');
    assert.match((json(e, 'cluster/vault-sys-health.json') as { Error: string }).Error, /ECONNREFUSED/);
    const findings = analyze(await readBundle(r.path)).findings;
    assert.ok(findings.some((f) => f.check === 'vault' && f.title === 'Vault is unreachable' && f.severity === 'critical'));
    assert.ok(findings.some((f) => f.check === 'consul' && f.title === 'Consul did not answer'));
  });

  test('the Consul token from -consul-token-file (and -consul-auth as basic auth, to Consul only); an unreadable file asks nothing and says why', async () => {
    const file = path.join(out, 'token');
    await fsp.writeFile(file, `  ${CONSUL_TOKEN}\n`);
    const seen = sim.consul.requests.list.length;
    const r = await collect(sim, path.join(out, 'file'), { consul: { address: sim.consul.url, tokenFile: file, httpAuth: 'ops:consul-basic-pw', tls: plain } });
    assert.ok(r.manifest.captures.filter((c) => c.target === 'consul').every((c) => c.status === 'ok'));
    assert.ok(sim.consul.requests.list.slice(seen).every((q) => q.credentials.join() === 'x-consul-token,authorization'));
    assert.equal((await gunzipAll(r.path)).indexOf('consul-basic-pw'), -1);
    assert.deepEqual(sim.requests.addressesWithToken(), [], 'no Consul credential reached a Nomad listener');
    const bad = await collect(sim, path.join(out, 'nofile'), { consul: { address: sim.consul.url, tokenFile: path.join(out, 'missing'), tls: plain } });
    const caps = bad.manifest.captures.filter((c) => c.target === 'consul');
    assert.equal(caps.length, 7);
    assert.ok(caps.every((c) => c.status === 'failed' && /Cannot read token file/.test(c.error ?? '')));
  });

  test('without -consul-http-addr and -vault-address nothing goes to Consul or Vault, and the analyzer says which flag would capture them', async () => {
    const before = sim.consul.requests.list.length + sim.vault.requests.list.length;
    const r = await collect(sim, path.join(out, 'none'), undefined);
    assert.equal(sim.consul.requests.list.length + sim.vault.requests.list.length, before);
    const e = byRel(await readArchive(r.path));
    assert.ok(![...e.keys()].some((k) => /consul|vault/.test(k)));
    const cov = analyze(await readBundle(r.path)).findings.filter((f) => f.check === 'service-coverage');
    assert.deepEqual(cov.map((f) => f.subject).sort(), ['consul', 'vault']);
    assert.ok(cov.some((f) => f.detail.includes(`-consul-http-addr=${sim.consul.url}`)));
    assert.ok(cov.some((f) => f.detail.includes(`-vault-address=${sim.vault.url}`)));
  });
});

test('Vault TLS flags are applied: with the CA and client certificate it answers, without the CA it is a TLS failure', async () => {
  const sim = await startSim({ scenario: 'healthy', servers: 1, clients: 0, tls: true });
  const out = await tempDir();
  try {
    const t = sim.tls!;
    const nomadTls = { caCert: t.ca, clientCert: t.clientCert, clientKey: t.clientKey, serverName: t.serverName, skipVerify: false };
    const run = (vaultTls: { caCert?: string; clientCert?: string; clientKey?: string; skipVerify: boolean }, dir: string) =>
      runCollect(collectOptions(sim.url, path.join(out, dir), { durationMs: 1000, eventTopics: null, tls: nomadTls, services: { vault: { address: sim.vault.url, tls: vaultTls } } }), quietContext());
    const good = await run({ caCert: t.ca, clientCert: t.clientCert, clientKey: t.clientKey, skipVerify: false }, 'good');
    const rec = good.manifest.captures.find((c) => c.target === 'vault')!;
    assert.equal(rec.status, 'ok', rec.error);
    assert.equal(rec.httpStatus, 200);
    const bad = await run({ skipVerify: false }, 'bad');
    assert.equal(bad.manifest.captures.find((c) => c.target === 'vault')!.code, 'TLS');
  } finally {
    await sim.close();
    await fsp.rm(out, { recursive: true, force: true });
  }
});
