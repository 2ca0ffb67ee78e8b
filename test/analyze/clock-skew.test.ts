import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, skewMs } from '../../src/analyze/checks/clock-skew.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, capture, emptyBundle, healthyCluster, manifest, withClientStats } from './bundle-builder.ts';

const SENT = '2026-11-22T10:15:00.000Z';
const at = (offsetMs: number) => (Date.parse(SENT) + offsetMs) * 1e6;

test('clock skew: an agent stamping its stats 47 s after the request ended is named, with the direction', () => {
  const b = emptyBundle();
  const ahead = withClientStats(agent(b, 'client', 'n-ahead'), { Timestamp: at(47_000 + 120) });
  const fine = withClientStats(agent(b, 'client', 'n-fine'), { Timestamp: at(60) });
  const behind = withClientStats(agent(b, 'client', 'n-behind'), { Timestamp: at(-9_000) });
  manifest(b, { captures: [ahead, fine, behind].map((a) => capture(a.clientStats!.file, '/v1/client/stats', `client:${a.id}`, 'OK', { startedAt: SENT, ms: 120 })) });
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), ['warning n-ahead: n-ahead\'s clock is 47.0 s ahead', 'warning n-behind: n-behind\'s clock is 9.0 s behind']);
  assert.deepEqual(f[0]!.evidence[0], { file: 'client/n-ahead/client-stats.json', pointer: '/Timestamp' });
});

test('clock skew: inside the request window is no skew; no manifest, not evaluated', () => {
  assert.equal(skewMs(at(50), { startedAt: SENT, ms: 100 }), 0);
  assert.equal(skewMs(at(-1), { startedAt: SENT, ms: 100 }), -1);
  assert.equal(skewMs(at(0), { startedAt: 'not a time', ms: 1 }), undefined);
  notEvaluated(check.run(healthyCluster()));
});
