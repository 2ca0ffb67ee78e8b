// The Consul and Vault checks on hand-built bundles (services-bundle.ts), and the model reading
// the Consul and Vault files: Consul's serf status numbers, maps by ID, hostile shapes as gaps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check as consul } from '../../src/analyze/checks/consul.ts';
import { check as consulChecks } from '../../src/analyze/checks/consul-checks.ts';
import { check as serviceCoverage } from '../../src/analyze/checks/service-coverage.ts';
import { check as vault } from '../../src/analyze/checks/vault.ts';
import { analyze } from '../../src/analyze/run.ts';
import { buildBundle } from '../../src/model/bundle-builder.ts';
import type { Json } from '../../src/model/types.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { degradedBundle, emptyBundle, healthyCluster, node, nodeIdOf as C, withNodes } from './bundle-builder.ts';
import { withServices } from './services-bundle.ts';

const healthy = () => {
  const b = healthyCluster();
  withNodes(b, [1, 2, 3, 4, 5].map((n) => node(C(n), `client-${n}`)));
  return withServices(b, 'healthy');
};

test('degraded: the failed Consul member, each Nomad agent Consul sees critical (named), the sealed Vault', () => {
  const b = degradedBundle();
  const cf = findingsOf(consul.run(b));
  assert.deepEqual(cf.map((f) => [f.severity, f.subject, f.title]), [['warning', 'client-3', 'Consul member client-3 is failed']]);
  assert.deepEqual(cf[0]!.evidence, [{ file: 'cluster/consul-agent-members.json', pointer: '/8/Status' }]);
  // Consul's view of three sick agents is one finding (each the echo of its own trouble) that names and keeps them all
  const kf = findingsOf(consulChecks.run(b));
  assert.equal(kf.length, 1);
  assert.deepEqual([kf[0]!.severity, kf[0]!.subject, kf[0]!.title], ['warning', 'cluster', 'Consul sees 3 Nomad agents as critical']);
  assert.deepEqual([...kf[0]!.subjects!].sort(), [C(2), C(3), 'server-3.global'].sort());
  assert.match(kf[0]!.detail, /client client-2 \(00000002\)/);
  assert.match(kf[0]!.detail, /Nomad Client HTTP Check \(critical\)/);
  assert.match(kf[0]!.detail, /no known servers/);
  assert.match(kf[0]!.detail, /Nomad Server HTTP Check \(critical\), Nomad Server Serf Check \(critical\)/);
  // one sick agent alone keeps its own finding
  const one = degradedBundle();
  one.cluster.consul!.checks!.value = one.cluster.consul!.checks!.value.filter((c) => c.ServiceName === 'nomad-client' && !c.CheckID.includes('client127013'));
  const single = findingsOf(consulChecks.run(one));
  assert.deepEqual(single.map((f) => f.title), ['Consul sees Nomad client client-2 (00000002) as critical']);
  const vf = findingsOf(vault.run(b));
  assert.deepEqual(vf.map((f) => [f.severity, f.subject, f.title]), [['critical', 'vault', 'Vault is sealed']]);
  assert.deepEqual(vf[0]!.evidence, [{ file: 'cluster/vault-sys-health.json', pointer: '/sealed' }]);
});

test('healthy: none of the Consul and Vault checks finds anything', () => {
  const b = healthy();
  for (const c of [consul, consulChecks, vault]) assert.deepEqual(findingsOf(c.run(b)), [], c.id);
  const r = analyze(b);
  assert.deepEqual(r.findings.filter((f) => ['consul', 'consul-checks', 'vault', 'service-coverage'].includes(f.check)), []);
});

test('Consul without a leader is critical', () => {
  const b = healthy();
  b.cluster.consul!.leader!.value = '';
  const f = findingsOf(consul.run(b));
  assert.deepEqual(f.map((x) => [x.severity, x.subject, x.title]), [['critical', 'consul', 'Consul has no leader']]);
});

test('Vault uninitialised is critical; a DR secondary is only said', () => {
  const b = healthy();
  b.cluster.vault!.value = { ...b.cluster.vault!.value, initialized: false, sealed: true };
  assert.deepEqual(findingsOf(vault.run(b)).map((f) => [f.severity, f.title]), [['critical', 'Vault is not initialised']]);
  b.cluster.vault!.value = { ...b.cluster.vault!.value, initialized: true, sealed: false, replication_dr_mode: 'secondary' };
  assert.deepEqual(findingsOf(vault.run(b)).map((f) => f.severity), ['info']);
});

test('a failed Consul server is critical, a left client agent only info', () => {
  const b = healthy();
  b.cluster.consul!.members!.value[1]!.Status = 'failed';
  b.cluster.consul!.members!.value[4]!.Status = 'left';
  const f = findingsOf(consul.run(b));
  assert.deepEqual(f.map((x) => [x.severity, x.subject]), [['critical', 'consul-server-2'], ['info', 'server-2']]);
});

test('not evaluated without Consul or Vault data, never a pass', () => {
  const b = emptyBundle();
  assert.match(notEvaluated(consul.run(b)), /-consul-http-addr/);
  assert.match(notEvaluated(consulChecks.run(b)), /consul-agent-checks\.json/);
  assert.match(notEvaluated(vault.run(b)), /-vault-address/);
  assert.match(notEvaluated(serviceCoverage.run(b)), /agent-self/);
});

test("coverage: Nomad's config uses Consul and Vault (1.7+ lists, or the old objects) but the bundle has neither: name the flag", () => {
  const configs: Record<string, Json>[] = [
    { Consuls: [{ Name: 'default', Addr: '10.0.0.5:8500' }], Vaults: [{ Name: 'default', Enabled: true, Addr: 'https://vault.example:8200' }] },
    { Consul: { Addr: '10.0.0.5:8500' }, Vault: { Enabled: true, Addr: 'https://vault.example:8200' } },
  ];
  for (const config of configs) {
    const b = emptyBundle();
    b.cluster.agentSelf = { file: 'cluster/agent-self.json', value: { config } };
    const f = findingsOf(serviceCoverage.run(b));
    assert.deepEqual(f.map((x) => [x.severity, x.subject]), [['info', 'consul'], ['info', 'vault']]);
    assert.match(f[0]!.detail, /-consul-http-addr=http:\/\/10\.0\.0\.5:8500/);
    assert.match(f[1]!.detail, /-vault-address=https:\/\/vault\.example:8200/);
    assert.match(f[0]!.evidence[0]!.pointer!, /^\/config\/Consuls?(\/0)?\/Addr$/);
  }
  const off = emptyBundle();
  off.cluster.agentSelf = { file: 'cluster/agent-self.json', value: { config: { Vaults: [{ Enabled: false, Addr: 'https://v:8200' }] } } };
  assert.deepEqual(findingsOf(serviceCoverage.run(off)), []);
  const captured = withServices(healthyCluster(), 'healthy');
  captured.cluster.agentSelf = { file: 'cluster/agent-self.json', value: { config: { Consuls: [{ Addr: '127.0.0.2:8500' }], Vaults: [{ Enabled: true, Addr: 'http://127.0.0.3:8200' }] } } };
  assert.deepEqual(findingsOf(serviceCoverage.run(captured)), []);
});

const ROOT = 'nomad-debug-2026-11-22-101500Z';

test("the model reads Consul's files as Consul writes them: serf numbers, maps by ID, the leader string, Vault's body", () => {
  const b = buildBundle([
    [`${ROOT}/cluster/consul-leader.json`, '"127.0.0.2:8300"'],
    [`${ROOT}/cluster/consul-agent-members.json`, JSON.stringify([{ Name: 'a', Addr: '127.0.0.2', Port: 8301, Tags: { role: 'consul' }, Status: 1 }, { Name: 'b', Status: 4 }, { Name: 'c', Status: 'left' }, { Name: 'd', Status: 9 }])],
    [`${ROOT}/cluster/consul-agent-checks.json`, JSON.stringify({ x: { CheckID: 'x', Name: 'Nomad Client HTTP Check', Status: 'critical', ServiceID: '_nomad-client-abc' } })],
    [`${ROOT}/cluster/consul-agent-services.json`, JSON.stringify({ s: { ID: 's', Service: 'nomad-client', Address: '10.0.0.1', Port: 4646, Tags: ['http'] } })],
    [`${ROOT}/cluster/vault-sys-health.json`, '{"initialized":true,"sealed":true,"standby":true,"version":"1.18.3"}\n'],
  ]);
  assert.deepEqual(b.gaps, []);
  assert.equal(b.cluster.consul?.leader?.value, '127.0.0.2:8300');
  assert.deepEqual(b.cluster.consul?.members?.value.map((m) => m.Status), ['alive', 'failed', 'left', '9']);
  assert.equal(b.cluster.consul?.checks?.value[0]?.Name, 'Nomad Client HTTP Check');
  assert.equal(b.cluster.consul?.services?.value[0]?.Address, '10.0.0.1');
  assert.equal(b.cluster.vault?.value.sealed, true);
});

test('hostile Consul and Vault files become gaps on those files, never a crash or a silenced check', () => {
  const b = buildBundle([
    [`${ROOT}/cluster/consul-leader.json`, '{"not":"a string"}'],
    [`${ROOT}/cluster/consul-agent-members.json`, '{"Members": 3}'],
    [`${ROOT}/cluster/consul-agent-self.json`, '[1,2,3]'],
    [`${ROOT}/cluster/consul-agent-checks.json`, JSON.stringify({ x: { CheckID: 7 }, y: 'nope', z: { CheckID: 'z', Name: 'n', Status: 'critical' } })],
    [`${ROOT}/cluster/consul-agent-services.json`, '"text"'],
    [`${ROOT}/cluster/consul-agent-host.json`, '{"Memory": {'],
    [`${ROOT}/cluster/vault-sys-health.json`, '{"sealed":"yes"}'],
  ]);
  const gap = (f: string) => b.gaps.find((g) => g.file === `cluster/${f}`);
  for (const f of ['consul-leader.json', 'consul-agent-members.json', 'consul-agent-self.json', 'consul-agent-services.json', 'vault-sys-health.json']) {
    assert.equal(gap(f)?.code, 'WRONG_TYPE', f);
  }
  assert.equal(gap('consul-agent-host.json')?.code, 'INVALID_JSON');
  assert.equal(gap('consul-agent-checks.json')?.code, 'WRONG_FIELDS', 'the good check is kept, the rest said');
  assert.deepEqual(b.cluster.consul?.checks?.value.map((c) => c.CheckID), ['z']);
  assert.equal(b.cluster.vault, undefined);
  const r = analyze(b);
  assert.deepEqual(r.findings.filter((f) => f.title.startsWith('incomplete:')), []);
  // the unreadable Vault file is not a pass, nor a claim that Vault is down: the check says why it could not judge,
  // and the coverage check warns that the file is not in the shape Vault writes
  assert.ok(!r.findings.some((f) => f.check === 'vault'));
  assert.match(r.notEvaluated.find((n) => n.check === 'vault')!.reason, /^cluster\/vault-sys-health\.json could not be used \(WRONG_/);
  assert.ok(r.findings.some((f) => f.check === 'capture-coverage' && f.severity === 'warning' && /shape/.test(f.title)));
});

test('300,000 failed Consul members are one finding per kind of trouble, not a finding each (nor a crash)', () => {
  const members = Array.from({ length: 300_000 }, (_, i) => ({ Name: `c${i}`, Addr: '127.0.0.9', Port: 8301, Tags: { role: 'node' }, Status: 4 }));
  members.push({ Name: 'srv', Addr: '127.0.0.8', Port: 8301, Tags: { role: 'consul' }, Status: 4 });
  const b = buildBundle([
    [`${ROOT}/cluster/consul-leader.json`, '"127.0.0.8:8300"'],
    [`${ROOT}/cluster/consul-agent-members.json`, JSON.stringify(members)],
  ]);
  const r = analyze(b);
  const consul = r.findings.filter((f) => f.check === 'consul');
  assert.deepEqual(consul.map((f) => `${f.severity} ${f.subject}: ${f.title}`), ['critical srv: Consul member srv is failed', 'warning cluster: 300000 Consul client agents are failed']);
  assert.equal(consul[1]!.subjects?.length, 300_000);
});

test("a Nomad bundle's raw Consul 403 body is that error, and the consul check names the permission", () => {
  const b = buildBundle([
    ['nomad-debug-2026-11-22-101500Z/cluster/consul-leader.json', '"10.0.0.2:8300"'],
    ['nomad-debug-2026-11-22-101500Z/cluster/consul-agent-self.json', "Permission denied: token with AccessorID 'abc' lacks permission 'agent:read' on \"consul-1\""],
    ['nomad-debug-2026-11-22-101500Z/cluster/vault-sys-health.json', 'true'],
  ]);
  const gap = b.gaps.find((g) => g.file === 'cluster/consul-agent-self.json')!;
  assert.equal(gap.code, 'ERROR_FILE');
  assert.match(gap.reason, /^Consul or Vault answered: Permission denied: token with AccessorID 'abc'/);
  assert.equal(b.gaps.find((g) => g.file === 'cluster/vault-sys-health.json')?.code, 'WRONG_TYPE', 'JSON of the wrong shape is not a raw error');
  const f = findingsOf(consul.run(b));
  assert.deepEqual(f.map((x) => x.title), ['Consul refused 1 of its answers']);
  assert.match(f[0]!.detail, /agent:read/);
});

test("a failing Nomad check whose address no member or node has is still said, about Consul, with the address", () => {
  const b = healthy();
  const checks = b.cluster.consul!.checks!.value;
  checks.push({ CheckID: 'orphan', Name: 'Nomad Client HTTP Check', Status: 'critical', ServiceID: '_nomad-client-zzz', Output: 'Get "http://10.9.9.9:4646/v1/agent/health?type=client": dial tcp 10.9.9.9:4646: i/o timeout' });
  checks.push({ CheckID: 'web', Name: 'Service web check', Status: 'critical', ServiceID: '_nomad-task-abc-web-http' });
  const f = findingsOf(consulChecks.run(b));
  assert.deepEqual(f.map((x) => [x.severity, x.subject, x.title]), [['warning', 'consul', 'A Nomad client check in Consul is critical']]);
  assert.match(f[0]!.detail, /at 10\.9\.9\.9/);
});
