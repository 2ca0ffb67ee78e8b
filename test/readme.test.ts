// The README documents every file the collector writes into an agent folder or an interval, and
// the collect flags of the historical log export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AGENT_FILES, INDEX_FILE, INDEX_HTML_FILE, INTERVAL_FILES, agentMetricsFileName } from '../src/archive/layout.ts';

const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');

test("the README's layout names every agent and interval file, and the per-agent metrics pattern", () => {
  for (const f of Object.values(AGENT_FILES)) assert.ok(readme.includes(f), f);
  for (const f of Object.values(INTERVAL_FILES)) assert.ok(readme.includes(f.replace(/\.json$/, '')), f);
  for (const f of [INDEX_FILE, INDEX_HTML_FILE]) assert.ok(readme.includes(f), f);
  assert.equal(agentMetricsFileName(3), 'metrics_0003.json');
  assert.ok(readme.includes('metrics_NNNN.json'));
});

test('the README documents -log-lookback and -log-file-export in the flags table, and UNSUPPORTED', () => {
  assert.match(readme, /^\| `-log-lookback=<duration>` \|/m);
  assert.match(readme, /^\| `-log-file-export` \|/m);
  assert.match(readme, /UNSUPPORTED/);
});
