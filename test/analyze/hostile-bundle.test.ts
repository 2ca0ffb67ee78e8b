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
