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

const membersRefused = {
  path: 'cluster/members.json', endpoint: '/v1/agent/members', target: 'cluster', status: 'failed' as const,
  code: 'CONNECT_REFUSED' as const, bytes: 0, startedAt: '', ms: 0, error: 'connect ECONNREFUSED 127.0.0.1:1',
};

function capture(mode: 'plain' | 'tty'): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  if (mode === 'tty') Object.assign(out, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true });
  return { out, text: () => text };
}

test('a run that fails before its plan prints nothing: its one error line says it all', () => {
  const c = capture('plain');
  const p = createProgress('plain', c.out, () => 0);
  p.reporter({ type: 'start', address: 'http://127.0.0.1:1' });
  p.reporter({ type: 'phase', name: 'plan' });
  p.reporter({ type: 'capture', record: membersRefused });
  p.finish(false);
  assert.equal(c.text(), '');
});

test('lines before the plan are shown once it comes, in order, and "plan…" is not one of them', () => {
  const c = capture('plain');
  const p = createProgress('plain', c.out, () => 0);
  p.reporter({ type: 'start', address: 'http://127.0.0.1:4646' });
  p.reporter({ type: 'phase', name: 'plan' });
  p.reporter({ type: 'capture', record: { ...membersRefused, path: 'cluster/leader.json', endpoint: '/v1/status/leader', error: 'no leader' } });
  p.reporter({ type: 'plan', servers: ['s1'], clients: [], membersTotal: 1, nodesTotal: 0, skipped: [], durationMs: 1000 });
  const lines = c.text().trim().split('\n');
  assert.equal(lines[0], 'Collecting from http://127.0.0.1:4646');
  assert.match(lines[1]!, /^ {2}failed: cluster \/v1\/status\/leader: CONNECT_REFUSED/);
  assert.equal(lines[2], 'Servers: (1/1) s1');
  assert.ok(!lines.includes('plan…'));
});

test('the first TTY frame says the cluster is being asked, never "agents 0/0 done … finishing"', (t) => {
  const c = capture('tty');
  const p = createProgress('tty', c.out, () => 0);
  t.after(() => p.finish(false)); // stops the live redraw even when an assertion fails
  p.reporter({ type: 'start', address: 'http://127.0.0.1:4646' });
  assert.match(c.text(), /asking the cluster for its members and nodes/);
  assert.doesNotMatch(c.text(), /0\/0 done|finishing/);
  // the held start line is shown with the plan, the status line beside it already counting its agents
  p.reporter({ type: 'plan', servers: ['s1'], clients: ['c1'], membersTotal: 1, nodesTotal: 1, skipped: [], durationMs: 5000 });
  assert.match(c.text(), /Collecting from/);
  assert.doesNotMatch(c.text(), /0\/0 done|finishing/);
  assert.match(c.text(), /agents 0\/2 done/);
});
