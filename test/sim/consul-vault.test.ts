// The sim's Consul agent and Vault over real sockets, against the Go sources they follow:
// hashicorp/consul agent/agent_endpoint.go (Self{Config, DebugConfig, Coord, Member, Stats, Meta,
// xDS}; members, checks and services filtered by ACL, self/metrics needing agent:read, host
// operator:read), acl/errors.go + acl/acl_ce.go (the 403 texts), agent/checks/check.go (check
// outputs), agent/debug/host.go (HostInfo); hashicorp/vault http/sys_health.go (codes and body);
// hashicorp/nomad nomad/structs/config/consul.go (service and check names) and
// command/agent/consul/service_client.go (`_nomad-<role>-` service IDs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, request } from 'undici';
import fs from 'node:fs';
import { startSim, type Sim, type VaultState } from '../../src/sim/index.ts';
import type { Doc } from '../../src/sim/cluster/types.ts';

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: () => unknown }> {
  const r = await fetch(url, { headers });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) };
}

describe('Consul agent (degraded, ACLs on)', () => {
  let sim: Sim;
  const H = { 'x-consul-token': 'consul-mgmt' };
  before(async () => {
    sim = await startSim({ scenario: 'degraded', servers: 3, clients: 5, consulToken: 'consul-mgmt', consulLimitedToken: 'consul-limited' });
  });
  after(() => sim?.close());

  test('listens on its own loopback address, advertised in every Nomad agent\'s Consuls config; Vault likewise', async () => {
    assert.match(sim.consul.url, /^http:\/\/127\.0\.0\.2:\d+$/);
    assert.match(sim.vault.url, /^http:\/\/127\.0\.0\.3:\d+$/);
    const self = (await get(`${sim.url}/v1/agent/self`)).json() as { config: { Consuls: Doc[]; Vaults: Doc[] } };
    assert.equal(self.config.Consuls[0]!['Addr'], sim.consul.address);
    assert.equal(self.config.Vaults[0]!['Addr'], sim.vault.url);
    assert.equal(self.config.Vaults[0]!['Enabled'], true);
  });

  test('status/leader is a JSON string of the leader RPC address, and needs no token', async () => {
    const r = await get(`${sim.consul.url}/v1/status/leader`);
    assert.equal(r.status, 200);
    assert.equal(r.json(), '127.0.0.2:8300');
  });

  test("agent/self has Consul's Self shape, its tokens \"hidden\", and the planted node-meta secret", async () => {
    const r = await get(`${sim.consul.url}/v1/agent/self`, H);
    assert.equal(r.status, 200);
    const s = r.json() as Doc;
    assert.deepEqual(Object.keys(s).sort(), ['Config', 'Coord', 'DebugConfig', 'Member', 'Meta', 'Stats', 'xDS']);
    assert.deepEqual(Object.keys(s['Config'] as Doc).sort(), ['BuildDate', 'Datacenter', 'NodeID', 'NodeName', 'PrimaryDatacenter', 'Revision', 'Server', 'Version']);
    assert.equal(((s['DebugConfig'] as Doc)['ACLTokens'] as Doc)['ACLAgentToken'], 'hidden');
    const planted = sim.consul.planted.find((p) => p.kind === 'consul-leaked-secret')!;
    assert.equal((s['Meta'] as Doc)['backup_s3_secret'], planted.value);
  });

  test('members: serf status numbers; the down client\'s Consul agent is failed (4)', async () => {
    const ms = (await get(`${sim.consul.url}/v1/agent/members`, H)).json() as Doc[];
    assert.ok(ms.length >= 3 + 3 + 5);
    for (const m of ms) assert.equal(typeof m['Status'], 'number');
    assert.equal(ms.find((m) => m['Name'] === 'client-3')!['Status'], 4);
    assert.ok(ms.filter((m) => m['Name'] !== 'client-3').every((m) => m['Status'] === 1));
    assert.ok(!ms.some((m) => m['Name'] === 'server-4'), 'the server that left Nomad left Consul too');
  });

  test("checks and services: Nomad's names and IDs; outcomes follow the Nomad agents", async () => {
    const checks = Object.values((await get(`${sim.consul.url}/v1/agent/checks`, H)).json() as Record<string, Doc>);
    const services = (await get(`${sim.consul.url}/v1/agent/services`, H)).json() as Record<string, Doc>;
    assert.deepEqual([...new Set(checks.map((c) => c['Name']))].sort(), ['Nomad Client HTTP Check', 'Nomad Server HTTP Check', 'Nomad Server RPC Check', 'Nomad Server Serf Check']);
    assert.deepEqual([...new Set(Object.values(services).map((s) => s['Service']))].sort(), ['nomad', 'nomad-client']);
    for (const c of checks) {
      assert.match(String(c['ServiceID']), /^_nomad-(server|client)-[a-z2-7]{32}$/);
      assert.ok(services[String(c['ServiceID'])], 'each check belongs to a registered service');
      for (const k of ['Node', 'CheckID', 'Status', 'Output', 'ServiceName', 'ServiceTags', 'Type', 'Interval', 'Timeout']) assert.ok(k in c, k);
    }
    const critical = checks.filter((c) => c['Status'] === 'critical');
    const addr = (c: Doc) => services[String(c['ServiceID'])]!['Address'];
    const c2 = sim.agents.find((a) => a.name === 'client-2')!;
    const c3 = sim.agents.find((a) => a.name === 'client-3')!;
    const s3 = sim.agents.find((a) => a.name === 'server-3.global')!;
    assert.deepEqual([...new Set(critical.map(addr))].sort(), [c2.address, c3.address, s3.address].sort());
    const c2check = critical.find((c) => addr(c) === c2.address)!;
    assert.match(String(c2check['Output']), /^HTTP GET http:\/\/127\.0\.1\.2:\d+\/v1\/agent\/health\?type=client: 500 Internal Server Error Output: .*no known servers/);
    assert.match(String(critical.find((c) => addr(c) === c3.address)!['Output']), /connect: connection refused$/);
    assert.ok(checks.filter((c) => c['Status'] === 'passing').some((c) => /^TCP connect 127\.0\.0\.11:4648: Success$/.test(String(c['Output']))));
    const subjects = sim.consul.planted.filter((p) => p.kind === 'consul-check-critical').map((p) => p.subject).sort();
    assert.deepEqual(subjects, [c2.id, c3.id, s3.name].sort());
  });

  test('host and metrics shapes', async () => {
    const host = (await get(`${sim.consul.url}/v1/agent/host`, H)).json() as Doc;
    assert.deepEqual(Object.keys(host).sort(), ['CPU', 'CollectionTime', 'Disk', 'Errors', 'Host', 'Memory']);
    const m = (await get(`${sim.consul.url}/v1/agent/metrics`, H)).json() as Doc;
    assert.deepEqual(Object.keys(m).sort(), ['Counters', 'Gauges', 'Points', 'Samples', 'Timestamp']);
  });

  test("ACLs: Consul's texts for anonymous, a token without the right, and an unknown token; lists filtered", async () => {
    const anon = await get(`${sim.consul.url}/v1/agent/self`);
    assert.equal(anon.status, 403);
    assert.equal(anon.text, `Permission denied: anonymous token lacks permission 'agent:read' on "consul-server-1". The anonymous token is used implicitly when a request does not specify a token.`);
    const limited = await get(`${sim.consul.url}/v1/agent/metrics`, { 'x-consul-token': 'consul-limited' });
    assert.equal(limited.status, 403);
    assert.match(limited.text, /^Permission denied: token with AccessorID '[0-9a-f-]{36}' lacks permission 'agent:read' on "consul-server-1"$/);
    const host = await get(`${sim.consul.url}/v1/agent/host`, { 'x-consul-token': 'consul-limited' });
    assert.match(host.text, /lacks permission 'operator:read'$/);
    const unknown = await get(`${sim.consul.url}/v1/agent/members`, { 'x-consul-token': 'who-is-this' });
    assert.deepEqual([unknown.status, unknown.text], [403, 'ACL not found']);
    assert.deepEqual((await get(`${sim.consul.url}/v1/agent/members`)).json(), []);
    assert.deepEqual((await get(`${sim.consul.url}/v1/agent/checks`)).json(), {});
    assert.ok(((await get(`${sim.consul.url}/v1/agent/members`, { 'x-consul-token': 'consul-limited' })).json() as unknown[]).length > 0);
    // agent/http.go Index: an unknown API path
    const nope = await get(`${sim.consul.url}/v1/agent/nope`, H);
    assert.deepEqual([nope.status, nope.text], [404, 'Invalid URL path: not a recognized HTTP API endpoint\n']);
  });

  test('Vault is sealed: 503 with the body, no cluster name', async () => {
    const r = await get(`${sim.vault.url}/v1/sys/health`);
    assert.equal(r.status, 503);
    const b = r.json() as Doc;
    assert.equal(b['sealed'], true);
    assert.equal(b['initialized'], true);
    assert.ok(!('cluster_name' in b));
    assert.ok(r.text.endsWith('\n'), "json.Encoder's newline");
    assert.deepEqual(sim.vault.planted.map((p) => p.kind), ['vault-sealed']);
  });
});

describe('Vault states (http/sys_health.go)', () => {
  const cases: [VaultState, number][] = [
    ['active', 200], ['standby', 429], ['dr-secondary', 472], ['perfstandby', 473], ['uninitialized', 501], ['sealed', 503],
  ];
  for (const [state, code] of cases) {
    test(`${state} answers ${code} with the health body`, async () => {
      const sim = await startSim({ servers: 1, clients: 0, vaultState: state });
      try {
        const r = await get(`${sim.vault.url}/v1/sys/health`);
        assert.equal(r.status, code);
        const b = r.json() as Doc;
        for (const k of ['initialized', 'sealed', 'standby', 'performance_standby', 'replication_performance_mode', 'replication_dr_mode', 'server_time_utc', 'version']) assert.ok(k in b, k);
        assert.equal(b['initialized'], state !== 'uninitialized');
        if (state === 'standby') assert.equal((await get(`${sim.vault.url}/v1/sys/health?standbyok=true`)).status, 200);
      } finally {
        await sim.close();
      }
    });
  }
  test('a bad code parameter is a 400', async () => {
    const sim = await startSim({ servers: 1, clients: 0 });
    try {
      assert.equal((await get(`${sim.vault.url}/v1/sys/health?sealedcode=abc`)).status, 400);
    } finally {
      await sim.close();
    }
  });
});

test('healthy: every Consul member alive, every Nomad check passing, Vault active, nothing planted', async () => {
  const sim = await startSim({ scenario: 'healthy', servers: 3, clients: 3 });
  try {
    const ms = (await get(`${sim.consul.url}/v1/agent/members`)).json() as Doc[];
    assert.ok(ms.every((m) => m['Status'] === 1));
    const checks = Object.values((await get(`${sim.consul.url}/v1/agent/checks`)).json() as Record<string, Doc>);
    assert.equal(checks.length, 3 * 3 + 3);
    assert.ok(checks.every((c) => c['Status'] === 'passing'));
    assert.equal((await get(`${sim.vault.url}/v1/sys/health`)).status, 200);
    assert.deepEqual([...sim.consul.planted, ...sim.vault.planted].filter((p) => p.kind !== 'consul-leaked-secret'), []);
  } finally {
    await sim.close();
  }
});

test('with -tls, Vault serves HTTPS and wants a client certificate', async () => {
  const sim = await startSim({ servers: 1, clients: 0, tls: true });
  try {
    assert.match(sim.vault.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const files = sim.tls!;
    const ok = new Agent({ connect: { ca: fs.readFileSync(files.ca), cert: fs.readFileSync(files.clientCert), key: fs.readFileSync(files.clientKey) } });
    const r = await request(`${sim.vault.url}/v1/sys/health`, { dispatcher: ok });
    assert.equal(r.statusCode, 200);
    await r.body.text();
    const bare = new Agent({ connect: { ca: fs.readFileSync(files.ca) } });
    await assert.rejects(request(`${sim.vault.url}/v1/sys/health`, { dispatcher: bare }).then((x) => x.body.text()));
    await Promise.all([ok.close(), bare.close()]);
  } finally {
    await sim.close();
  }
});
