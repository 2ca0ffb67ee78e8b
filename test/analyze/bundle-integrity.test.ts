// Bundle integrity through the real reader: duplicate names, and files changed, removed or added
// after the collector wrote its manifest (sha256 per capture).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/bundle-integrity.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import { tarBytes, tempDir, writeTemp, type Entry } from '../model/bundle-helpers.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';

const R = 'nomad-debug-2026-11-22-101500Z';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const members = (name: string) => JSON.stringify({ Members: [{ Name: name, Addr: '127.0.0.11', Port: 4648, Status: 'alive', Tags: {} }] });
const files: Record<string, string> = {
  'cluster/members.json': members('server-1.global'),
  'cluster/leader.json': '"127.0.0.11:4647"',
  'server/server-1.global/monitor.log': '2026-11-22T10:15:00.000Z [INFO]  agent: started\n',
};

function manifestFor(contents: Record<string, string>): string {
  const captures = Object.entries(contents).map(([path, body]) => ({ path, endpoint: '/v1/x', target: 'cluster', status: 'ok', code: 'OK', bytes: body.length, sha256: sha(body), startedAt: '', ms: 1 }));
  return JSON.stringify({ schema: 'nomad-debug/manifest@1', startedAt: '2026-11-22T10:15:00Z', captures, redactions: [], targets: { servers: [], clients: [], skipped: [] } });
}

async function read(entries: Entry[]) {
  const t = tempDir();
  try {
    return await readBundle(writeTemp(t.dir, 'b.tar.gz', await tarBytes(entries.map(([n, b]) => [`${R}/${n}`, b]))));
  } finally {
    t.cleanup();
  }
}

test('an untouched bundle verifies every checksum', async () => {
  const b = await read([...Object.entries(files), ['manifest.json', manifestFor(files)], ['index.json', '[]']]);
  assert.deepEqual(b.integrity, { duplicates: [], changed: [], missing: [], added: [], verified: 3 });
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => [x.severity, x.title]), [['info', 'All 3 checksummed files match manifest.json']]);
});

test('changed, removed and added files after collection: one warning naming them', async () => {
  const entries: Entry[] = [
    ['cluster/members.json', members('server-9.global')],
    ['server/server-1.global/monitor.log', files['server/server-1.global/monitor.log']!],
    ['server/server-1.global/extra.json', '{}'],
    ['manifest.json', manifestFor(files)],
  ];
  const b = await read(entries);
  assert.deepEqual(b.integrity.changed.map((c) => c.file), ['cluster/members.json']);
  assert.equal(b.integrity.changed[0]!.expected, sha(files['cluster/members.json']!));
  assert.deepEqual(b.integrity.missing, ['cluster/leader.json']);
  assert.deepEqual(b.integrity.added, ['server/server-1.global/extra.json']);
  const [w] = findingsOf(check.run(b));
  assert.equal(w!.severity, 'warning');
  assert.equal(w!.title, 'This bundle was changed after it was collected');
  assert.match(w!.detail, /1 file differ.*cluster\/members\.json.*1 file .*missing \(cluster\/leader\.json\).*1 file not in the manifest were added \(server\/server-1\.global\/extra\.json\)/);
});

test('two members.json: the first copy is read, every time, and a warning names the name', async () => {
  const b = await read([['cluster/members.json', members('server-1.global')], ['cluster/members.json', members('evil.global')], ['cluster/leader.json', '"x"']]);
  assert.deepEqual(b.cluster.members!.value.Members.map((m) => m.Name), ['server-1.global']);
  assert.deepEqual(b.integrity.duplicates, [{ file: 'cluster/members.json', copies: 2 }]);
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => [x.severity, x.title]), [['warning', 'An entry name appears more than once in the bundle']]);
  assert.match(f[0]!.detail, /cluster\/members\.json \(2 copies\)\. The first copy of each was read/);
});

test("Nomad's own bundle (no manifest): not evaluated, unless names repeat", async () => {
  const b = await read([['cluster/members.json', members('server-1.global')]]);
  notEvaluated(check.run(b));
});
