// End to end on a small unpacked bundle in Nomad's own layout (no manifest), read by src/model:
// the checks must find the problems from the shapes Nomad's CLI really writes (sorted compact
// JSON, "\u003credacted\u003e", agent-host wrapped in {AgentID, HostData}, autopilot's 429
// saved as an {"Error": ...} file, a monitor.log ending in "monitor: <error>").
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import { readBundle } from '../../src/model/read-bundle.ts';

const NODE = '0000000a-aaaa-4bbb-8ccc-000000000001';
const tmp = mkdtempSync(path.join(tmpdir(), 'nd-analyze-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string) {
  const file = path.join(tmp, 'nomad-debug-2026-11-22-101500Z', rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

test('a Nomad-layout folder: failed member, autopilot 429, full disk, leaked env var, incomplete log', async () => {
  const tags = (build: string, id: string) => ({ build, dc: 'dc1', id, port: '4647', raft_vsn: '3', region: 'global', role: 'nomad', rpc_addr: '127.0.0.11', vsn: '1' });
  write('cluster/members.json', JSON.stringify({
    Members: [
      { Addr: '127.0.0.11', DelegateCur: 4, DelegateMax: 5, DelegateMin: 2, Name: 'server-1.global', Port: 4648, ProtocolCur: 2, ProtocolMax: 5, ProtocolMin: 1, Status: 'alive', Tags: tags('1.10.5', 'a') },
      { Addr: '127.0.0.12', DelegateCur: 4, DelegateMax: 5, DelegateMin: 2, Name: 'server-2.global', Port: 4648, ProtocolCur: 2, ProtocolMax: 5, ProtocolMin: 1, Status: 'alive', Tags: tags('1.9.7', 'b') },
      { Addr: '127.0.0.13', DelegateCur: 4, DelegateMax: 5, DelegateMin: 2, Name: 'server-3.global', Port: 4648, ProtocolCur: 2, ProtocolMax: 5, ProtocolMin: 1, Status: 'failed', Tags: tags('1.10.5', 'c') },
    ],
    ServerDC: 'dc1', ServerName: 'server-1.global', ServerRegion: 'global',
  }));
  write('cluster/leader.json', '"127.0.0.11:4647"');
  write('cluster/nodes.json', JSON.stringify([{ Address: '127.0.0.21', Datacenter: 'dc1', Drain: false, ID: NODE, Name: 'client-1', NodeClass: '', NodePool: 'default', SchedulingEligibility: 'eligible', Status: 'ready', StatusDescription: '', Version: '1.10.5' }]));
  write(`client/${NODE}/agent-host.json`,
    '{"AgentID":"' + NODE + '","HostData":{"Disk":{"/":{"DiskMB":1000,"UsedMB":970}},"Environment":{"DB_PASSWORD":"CANARY-db-pw-1","PATH":"/usr/bin","VAULT_TOKEN":"\\u003credacted\\u003e"},"OS":"x86_64 client-1 6.1.0 Linux"}}');
  write(`client/${NODE}/monitor.log`,
    '2026-11-22T10:15:00.000Z [ERROR] client.rpc: error performing RPC to server: error="rpc error: failed to get conn: dial tcp 127.0.0.13:4647: connect: connection refused" rpc=Node.UpdateAlloc server=127.0.0.13:4647\n' +
    'monitor: Unexpected response code: 500 (stream closed)\n');
  const health = { FailureTolerance: 0, Healthy: false, Leader: 'a', Servers: ['a', 'b', 'c'].map((id, i) => ({ Address: `127.0.0.1${i + 1}:4647`, Healthy: id !== 'c', ID: id, LastContact: '0s', LastIndex: 10, LastTerm: 2, Leader: id === 'a', Name: `server-${i + 1}.global`, SerfStatus: id === 'c' ? 'failed' : 'alive', StableSince: '2026-11-22T10:00:00Z', Version: '1.10.5', Voter: true })), Voters: ['a', 'b', 'c'] };
  write('interval/0000/operator-autopilot-health.json', JSON.stringify({ Error: `Unexpected response code: 429 (${JSON.stringify(health)})` }));
  write('interval/0000/license.json', '{"Error":"Nomad Enterprise only endpoint"}');

  const bundle = await readBundle(path.join(tmp, 'nomad-debug-2026-11-22-101500Z'));
  const r = analyze(bundle);
  const got = (check: string, subject: string, title: RegExp) => r.findings.find((f) => f.check === check && f.subject === subject && title.test(f.title))?.severity;
  assert.equal(got('member-status', 'server-3.global', /is failed/), 'critical');
  assert.equal(got('leader-raft', 'cluster', /autopilot reports the cluster unhealthy/i), 'critical');
  assert.equal(got('leader-raft', 'cluster', /Failure tolerance is 0/), 'critical');
  assert.equal(got('version-skew', 'cluster', /different Nomad versions/), 'warning');
  assert.equal(got('nodes', NODE, /97% full/), 'critical');
  assert.equal(got('secrets', NODE, /^DB_PASSWORD/), 'critical');
  assert.equal(got('secrets', NODE, /redacted/), 'info');
  assert.equal(got('logs', NODE, /incomplete/), 'info');
  assert.equal(got('capture-coverage', 'cluster', /without pprof/), 'info');
  assert.ok(!JSON.stringify(r).includes('CANARY'));
  assert.ok(r.notEvaluated.some((n) => n.check === 'agent-health'), 'Nomad bundles have no per-agent health: not evaluated, not a pass');
});
