import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createProgress, FAILURE_LINES } from '../../src/cli/progress.ts';

test('2,000 agents with 4,000 failed captures: a bounded number of lines, every failure counted', () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  const p = createProgress('plain', out, () => 0);
  const clients = Array.from({ length: 2000 }, (_, i) => `c${i}`);
  p.reporter({ type: 'plan', servers: ['s1'], clients, membersTotal: 1, nodesTotal: 2000, skipped: [], durationMs: 10_000 });
  for (let i = 0; i < 4000; i++) {
    const record = { path: `client/c${i % 2000}/agent-host.json`, endpoint: '/v1/agent/host', target: `client:c${i % 2000}`, status: 'failed' as const, code: 'TIMEOUT' as const, bytes: 0, startedAt: '', ms: 0 };
    p.reporter({ type: 'capture', record });
  }
  p.finish();
  const lines = text.trim().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('  failed: ')).length, FAILURE_LINES);
  assert.ok(lines.some((l) => l.startsWith('  … more failures')));
  assert.ok(lines.length < FAILURE_LINES + 10, `${lines.length} lines`);
  assert.match(lines.at(-1)!, /^Captured 0 files in .*; 4000 failed \(TIMEOUT×4000\)$/);
});
