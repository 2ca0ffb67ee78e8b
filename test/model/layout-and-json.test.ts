import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLayout, rootOf, timeFromRoot } from '../../src/model/detect-layout.ts';
import { readCollectionFile, readJsonFile, recoverEmbeddedJson } from '../../src/model/json-file.ts';
import { routePath } from '../../src/model/route-path.ts';

test('detectLayout: ours, Nomad 1.2+, pre-1.2, agents only, unknown', () => {
  assert.equal(detectLayout(['cluster/members.json', 'manifest.json']), 'nomad-debug');
  assert.equal(detectLayout(['index.json', 'cluster/members.json', 'interval/0000/jobs.json']), 'nomad');
  assert.equal(detectLayout(['version/members.json', 'nomad/00/jobs.json']), 'nomad-legacy');
  assert.equal(detectLayout(['server/s1/monitor.log']), 'nomad');
  assert.equal(detectLayout(['readme.txt', 'nomad/notes.txt']), 'unknown');
});

test('rootOf and timeFromRoot', () => {
  assert.equal(rootOf('nomad-debug-2024-07-09-153012Z/cluster/x.json'), 'nomad-debug-2024-07-09-153012Z');
  assert.equal(rootOf('cluster/x.json'), '');
  assert.equal(rootOf('index.json'), '');
  assert.equal(timeFromRoot('nomad-debug-2024-07-09-153012Z'), '2024-07-09T15:30:12Z');
  assert.equal(timeFromRoot('my-bundle'), undefined);
  assert.equal(timeFromRoot('nomad-debug-2024-13-45-999999Z'), undefined);
});

test('routePath: agent files, numbered and unnumbered profiles, intervals', () => {
  assert.deepEqual(routePath('server/s1.global/profile_0012.prof'), {
    area: 'agent', kind: 'server', id: 's1.global', dir: 'server/s1.global', file: { what: 'pprof', kind: 'cpu', round: 12 },
  });
  assert.deepEqual((routePath('client/abc/goroutine-debug1.txt') as { file: unknown }).file, { what: 'pprof', kind: 'goroutineDebug1', round: 0 });
  assert.deepEqual((routePath('client/abc/heap.txt') as { file: unknown }).file, { what: 'other' });
  assert.deepEqual((routePath('client/abc/allocation-stats/x.json') as { file: unknown }).file, { what: 'allocStats' });
  assert.deepEqual(routePath('interval/0003/jobs.json'), { area: 'interval', index: 3, dir: 'interval/0003', name: 'jobs.json' });
  assert.deepEqual(routePath('interval/abc/jobs.json'), { area: 'other' });
  assert.deepEqual(routePath('manifest.json'), { area: 'manifest' });
  assert.deepEqual(routePath('cluster/consul-agent-self.json'), { area: 'cluster', key: 'consulAgentSelf' });
  assert.deepEqual(routePath('cluster/vault-sys-health.json'), { area: 'cluster', key: 'vaultSysHealth' });
  assert.deepEqual(routePath('cluster/consul-unknown.json'), { area: 'other' });
});

test('readJsonFile: JSON, NDJSON, Error files, escaped <redacted>, BOM', () => {
  assert.deepEqual(readJsonFile('\ufeff{"a":"\\u003credacted\\u003e"}', 'f'), { ok: true, value: { a: '<redacted>' } });
  assert.deepEqual(readJsonFile('{"a":1}\n{"a":2}\n', 'f'), { ok: true, value: [{ a: 1 }, { a: 2 }] });
  assert.deepEqual(readJsonFile('{"Error":"Permission denied"}', 'f'), { ok: false, gap: { file: 'f', code: 'ERROR_FILE', reason: 'Permission denied' } });
  const bad = readJsonFile('{"a":1}\n{"a":', 'f');
  assert.equal(bad.ok, false);
  assert.match((bad as { gap: { reason: string } }).gap.reason, /line 2/);
});

test('recoverEmbeddedJson: only "Unexpected response code: NNN ({...})"', () => {
  assert.deepEqual(recoverEmbeddedJson('Unexpected response code: 429 ({"Healthy":false,"Servers":[]})'), { Healthy: false, Servers: [] });
  assert.equal(recoverEmbeddedJson('Unexpected response code: 403 (Permission denied)'), undefined);
  assert.equal(recoverEmbeddedJson('Unexpected response code: 429 ({broken)'), undefined);
});

test('readCollectionFile reuses values of identical lines from the previous interval', () => {
  const first = readCollectionFile(Buffer.from('{"ID":"a"}\n{"ID":"b"}\n'), 'i0');
  const second = readCollectionFile(Buffer.from('{"ID":"a"}\n{"ID":"c"}\n'), 'i1', first.lines);
  assert.ok(first.read.ok && second.read.ok);
  const v0 = first.read.value as object[];
  const v1 = second.read.value as object[];
  assert.equal(v1[0], v0[0], 'same object reused');
  assert.deepEqual(v1[1], { ID: 'c' });
  assert.deepEqual(readCollectionFile(Buffer.from('[{"ID":"a"}]'), 'x').read, { ok: true, value: [{ ID: 'a' }] });
});
