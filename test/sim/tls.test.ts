// -tls: every agent serves HTTPS and asks for a client certificate (mutual TLS).
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

test('with the CA, a client certificate and the server name, every agent answers over HTTPS', async () => {
  const t = sim.tls!;
  assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const opts = { ca: fs.readFileSync(t.ca), cert: fs.readFileSync(t.clientCert), key: fs.readFileSync(t.clientKey), servername: t.serverName };
  assert.equal((await request(`${sim.url}/v1/agent/members`, opts)).status, 200);
  for (const a of sim.agents.filter((x) => x.listening)) {
    const r = await request(`https://${a.address}:${sim.port}/v1/agent/self`, opts);
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
