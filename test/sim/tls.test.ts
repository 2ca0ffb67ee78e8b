// -tls: every agent serves HTTPS and asks for a client certificate (mutual TLS). Servers and
// clients serve certificates for Nomad's verify_server_hostname names (`server.global.nomad`,
// `client.global.nomad`), one agent a wrong name from the same CA.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import { after, before, test } from 'node:test';
import { startSim, type Sim } from '../../src/sim/index.ts';

function request(url: string, opts: https.RequestOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ...opts, agent: false, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

let sim: Sim;
before(async () => {
  sim = await startSim({ servers: 1, clients: 2, tls: true, seed: 21 });
});
after(() => sim.close());

function mtls(servername: string): https.RequestOptions {
  const t = sim.tls!;
  return { ca: fs.readFileSync(t.ca), cert: fs.readFileSync(t.clientCert), key: fs.readFileSync(t.clientKey), servername };
}

test('the entry verifies as server.global.nomad; each agent as <role>.global.nomad, the rogue as neither', async () => {
  assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal((await request(`${sim.url}/v1/agent/members`, mtls(sim.tls!.serverName))).status, 200);
  const rogue = sim.rogue!;
  assert.equal(rogue.kind, 'client');
  assert.equal(rogue, sim.cluster.clients.filter((c) => c.listening).at(-1));
  for (const a of sim.agents.filter((x) => x.listening)) {
    const url = `https://${a.address}:${sim.port}/v1/agent/self`;
    const other = a.kind === 'server' ? 'client' : 'server';
    await assert.rejects(request(url, mtls(`${other}.global.nomad`)), /altnames/, `${a.name} must not prove ${other}`);
    if (a === rogue) {
      await assert.rejects(request(url, mtls(`${a.kind}.global.nomad`)), /rogue\.global\.nomad/);
      continue;
    }
    const r = await request(url, mtls(`${a.kind}.global.nomad`));
    assert.equal(r.status, 200, a.name);
    const self = JSON.parse(r.body) as { config: { TLSConfig: { EnableHTTP: boolean } } };
    assert.equal(self.config.TLSConfig.EnableHTTP, true);
  }
});

test('without a client certificate the handshake is refused; without the CA the server is not trusted', async () => {
  const t = sim.tls!;
  await assert.rejects(request(`${sim.url}/v1/agent/members`, { ca: fs.readFileSync(t.ca), servername: t.serverName }));
  await assert.rejects(request(`${sim.url}/v1/agent/members`, { cert: fs.readFileSync(t.clientCert), key: fs.readFileSync(t.clientKey), servername: t.serverName }), /self.signed|unable to verify|certificate/i);
});

test('the request log counts per listener address, with and without a token', async () => {
  const a = sim.cluster.servers.find((s) => s.listening)!;
  const before = { token: sim.requests.count(a.address, true), none: sim.requests.count(a.address, false) };
  await request(`https://${a.address}:${sim.port}/v1/agent/health`, mtls('server.global.nomad'));
  await request(`https://${a.address}:${sim.port}/v1/agent/health`, { ...mtls('server.global.nomad'), headers: { 'X-Nomad-Token': 'x' } });
  await request(`https://${a.address}:${sim.port}/v1/agent/health`, { ...mtls('server.global.nomad'), headers: { Authorization: 'Bearer y' } });
  assert.equal(sim.requests.count(a.address, false), before.none + 1);
  assert.equal(sim.requests.count(a.address, true), before.token + 2);
  assert.ok(sim.requests.addressesWithToken().includes(a.address));
});
