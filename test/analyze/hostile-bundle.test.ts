// Whole hostile bundles through the real reader, the checks and the report: nothing in them may
// crash the analysis, switch a check off quietly, or hide a fact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import { renderReport } from '../../src/report/render.ts';
import { tarBytes, tempDir, writeTemp, type Entry } from '../model/bundle-helpers.ts';

const R = 'nomad-debug-2026-11-22-101500Z';
const members = JSON.stringify({ Members: [{ Name: 'server-1.global', Addr: '127.0.0.11', Port: 4648, Status: 'alive', Tags: { region: 'global' } }] });

async function analyzeEntries(entries: Entry[]) {
  const t = tempDir();
  try {
    const bundle = await readBundle(writeTemp(t.dir, 'b.tar.gz', await tarBytes(entries.map(([n, b]) => [`${R}/${n}`, b]))));
    const result = analyze(bundle);
    const html = renderReport(bundle, result, { generatedAt: '2026-11-22T11:00:00Z' });
    return { bundle, result, html };
  } finally {
    t.cleanup();
  }
}

test('a value nested 100,000 levels deep cannot switch the secrets check off, and the secret under it is still found', async () => {
  const leaked = 'hvs.CAESIDeepDownHiddenVaultToken0123456789abcdef';
  const deep = `${'{"a":'.repeat(100_000)}{"VaultToken":"${leaked}"}${'}'.repeat(100_000)}`;
  // only below the 100,000 levels: a recursive walk would overflow before reaching it
  const self = `{"config":{"Deep":${deep}},"member":{"Name":"server-1.global"}}`;
  const { result, html } = await analyzeEntries([
    ['cluster/members.json', members],
    ['cluster/agent-self.json', self],
    ['server/server-1.global/agent-self.json', self],
  ]);
  assert.deepEqual(result.findings.filter((f) => f.title.startsWith('incomplete:')), []);
  assert.ok(!result.notEvaluated.some((n) => n.check === 'secrets'), JSON.stringify(result.notEvaluated));
  const leaks = result.findings.filter((f) => f.check === 'secrets' && f.severity === 'critical');
  assert.ok(leaks.length > 0, 'the leaked token is reported');
  assert.ok(!JSON.stringify(result).includes(leaked), 'never the value itself');
  assert.ok(!html.includes(leaked));
});

test('a members.json of the wrong shape is a gap naming what was wrong and a warning, never a quietly shorter list', async () => {
  const good = { Name: 'server-1.global', Addr: '127.0.0.11', Port: 4648, Status: 'alive', Tags: { region: 'global' } };
  const { bundle, result } = await analyzeEntries([
    ['cluster/members.json', JSON.stringify({ Members: [good, { ...good, Name: 42 }, { ...good, Name: 'server-3.global', Status: undefined }, { ...good, Name: 'server-4.global', Tags: 'x' }] })],
  ]);
  assert.deepEqual(bundle.cluster.members!.value.Members.map((m) => m.Name), ['server-1.global', 'server-4.global']);
  assert.equal(bundle.cluster.members!.value.Members[1]!.Tags, undefined, 'a field of the wrong type is dropped, the member kept');
  const gap = bundle.gaps.find((g) => g.file === 'cluster/members.json')!;
  assert.equal(gap.code, 'WRONG_FIELDS');
  assert.match(gap.reason, /^partly used: Members\[1\]\.Name: expected a string, found a number; Members\[1\]: a member left out; Members\[2\]\.Status: missing: a member left out; Members\[3\]\.Tags: expected an object, found a string/);
  const warn = result.findings.find((f) => f.check === 'capture-coverage' && f.severity === 'warning')!;
  assert.equal(warn.title, '1 file not in the shape Nomad writes');

  const { bundle: none, result: r2 } = await analyzeEntries([['cluster/members.json', JSON.stringify({ Members: { a: 1 } })]]);
  assert.equal(none.cluster.members, undefined);
  assert.match(none.gaps[0]!.reason, /^not used: Members: expected an array, found an object/);
  assert.ok(r2.notEvaluated.some((n) => n.check === 'member-status'), 'the member check says it could not run');
});

test('a manifest capture without its endpoint or sizes cannot make a check fail', async () => {
  const manifest = JSON.stringify({ startedAt: '2026-11-22T10:15:00Z', captures: [{ path: 'server/s1/agent-host.json', target: 'server:s1', status: 'failed', code: 'TIMEOUT' }] });
  const { result } = await analyzeEntries([['cluster/members.json', members], ['manifest.json', manifest]]);
  assert.deepEqual(result.findings.filter((f) => f.title.startsWith('incomplete:')), []);
});

test('allocations with fields of the wrong type: the bad ones are a gap on the file, the lost ones are still counted', async () => {
  const alloc = (id: string, extra: Record<string, unknown>) => JSON.stringify({ ID: id, JobID: 'web', NodeID: 'n1', ClientStatus: 'lost', ...extra });
  const lines = [alloc('a1', {}), alloc('a2', { ClientStatus: 7 }), alloc('a3', { JobID: { x: 1 } }), JSON.stringify({ JobID: 'no-id' })];
  const { bundle, result } = await analyzeEntries([['cluster/members.json', members], ['interval/0000/allocations.json', lines.join('\n')]]);
  const allocs = bundle.intervals[0]!.allocations!.value;
  assert.deepEqual(allocs.map((a) => [a.ID, a.ClientStatus, a.JobID]), [['a1', 'lost', 'web'], ['a2', undefined, 'web'], ['a3', 'lost', undefined]]);
  const gap = bundle.gaps.find((g) => g.file === 'interval/0000/allocations.json')!;
  assert.equal(gap.code, 'WRONG_FIELDS');
  assert.match(gap.reason, /\[1\]\.ClientStatus: expected a string, found a number/);
  assert.match(gap.reason, /\[3\]\.ID: missing: an allocation left out/);
  const lost = result.findings.find((f) => f.check === 'metrics-trends' && /lost/.test(f.title))!;
  assert.equal(lost.title, '2 allocations lost');
  assert.match(lost.detail, /web ×1, \? ×1|\? ×1, web ×1/);
});

test('a metrics file with none of the lists Nomad writes is a gap, not an agent silently missing from the charts', async () => {
  const { bundle, result } = await analyzeEntries([['cluster/members.json', members], ['interval/0000/metrics.json', '{"x":1}']]);
  assert.equal(bundle.intervals[0]?.metrics, undefined);
  assert.match(bundle.gaps.find((g) => g.file === 'interval/0000/metrics.json')!.reason, /none of Gauges, Counters, Samples/);
  assert.ok(result.findings.some((f) => f.check === 'capture-coverage' && f.severity === 'warning' && /shape/.test(f.title)));
});
