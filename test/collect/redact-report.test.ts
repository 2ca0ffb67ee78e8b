import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReportBuilder, reportLines } from '../../src/collect/redact-report.ts';

test('grouped by rule (most first) and file, counts only; the terminal lines name the first files of each rule', () => {
  const b = new ReportBuilder();
  b.file('a.json', [{ rule: 'name:TOKEN' }, { rule: 'name:TOKEN' }, { rule: 'jwt' }]);
  b.file('b.log', [{ rule: 'name:TOKEN' }]);
  b.file('c.json', []);
  for (let i = 0; i < 7; i++) b.file(`m${i}.log`, [{ rule: 'key-value' }]);
  b.copied('p.prof', 'profiles');
  b.skipped('../x', 'UNSAFE_NAME', 'unsafe');
  const r = b.build({ tool: { name: 'nomad-debug', version: '1' }, input: 'in', output: 'out', layout: 'nomad', rules: ['built-in'], manifest: 'none' });
  assert.deepEqual(r.summary, { files: 10, filesChanged: 9, redactions: 11 });
  assert.deepEqual(r.byRule.map((g) => [g.rule, g.count, g.files.length]), [['key-value', 7, 7], ['name:TOKEN', 3, 2], ['jwt', 1, 1]]);
  assert.deepEqual(r.byRule[1]!.files, [{ path: 'a.json', count: 2 }, { path: 'b.log', count: 1 }]);
  const lines = reportLines(r);
  assert.equal(lines[0], 'Redacted 11 values in 9 of 10 files (rules: built-in)');
  assert.ok(lines.includes('    … and 2 more files'));
  assert.ok(lines.includes('Copied unchanged: 1 file, profiles'));
  assert.ok(lines.includes('Not copied: ../x: UNSAFE_NAME: unsafe'));
});
