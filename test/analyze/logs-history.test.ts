// monitor_export.log (the history -log-lookback / -log-file-export exports) read like monitor.log:
// routed and parsed by the model, checked with monitor.log, each line once where the two overlap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/logs.ts';
import { check as secrets } from '../../src/analyze/checks/secrets.ts';
import { agentEntries, historyBefore, topMessages } from '../../src/analyze/log-aggregates.ts';
import { buildBundle } from '../../src/model/bundle-builder.ts';
import { routePath, entryHandling } from '../../src/model/route-path.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { has } from './bundle-builder.ts';

const ROOT = 'nomad-debug-2026-12-05-040000Z';
const T0 = Date.parse('2026-12-05T04:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const line = (ms: number, level: string, msg: string) => `${iso(ms)} [${level}]  client.rpc: ${msg}`;
const journald = (ms: number, text: string) => `Dec 05 ${iso(ms).slice(11, 19)} client-1 nomad[812]: ${text}`;

/** History: 40 errors an hour before the capture, then quiet lines up to 2 s into it (the overlap). */
function history(): string {
  const out: string[] = [];
  for (let i = 0; i < 40; i++) out.push(journald(T0 - 3600_000 + i * 1000, line(T0 - 3600_000 + i * 1000, 'ERROR', 'error performing RPC to server: error="connection refused"')));
  for (let i = 0; i < 10; i++) out.push(journald(T0 - 5000 + i * 700, line(T0 - 5000 + i * 700, i % 2 ? 'WARN' : 'INFO', `overlap line ${i}`)));
  return out.join('\n') + '\n';
}

/** The capture: starts at T0, its first 2 s repeat the history's last lines. */
function monitor(): string {
  const out: string[] = [];
  for (let i = 0; i < 10; i++) {
    const ms = T0 - 5000 + i * 700;
    if (ms >= T0) out.push(line(ms, i % 2 ? 'WARN' : 'INFO', `overlap line ${i}`));
  }
  out.push(line(T0 + 60_000, 'ERROR', 'one live error'));
  return out.join('\n') + '\n';
}

test('the model routes monitor_export.log as a log of the agent, parsed like monitor.log (journald prefix too)', () => {
  const r = routePath('client/abc/monitor_export.log');
  assert.deepEqual(r.area === 'agent' && r.file, { what: 'exportLog' });
  assert.equal(entryHandling(r), 'log');
  const b = buildBundle([[`${ROOT}/client/abc/monitor_export.log`, history()]]);
  const a = b.clients[0]!;
  assert.equal(a.log, undefined);
  assert.equal(a.exportLog?.file, 'client/abc/monitor_export.log');
  assert.equal(a.exportLog?.counts.ERROR, 40);
  assert.equal(a.exportLog?.unparsed, 0);
  assert.equal(a.exportLog?.firstTs, T0 - 3600_000);
});

test('lines in both files count once: the history stops where monitor.log begins', () => {
  const b = buildBundle([[`${ROOT}/client/abc/monitor.log`, monitor()], [`${ROOT}/client/abc/monitor_export.log`, history()]]);
  const a = b.clients[0]!;
  const h = historyBefore(a)!;
  assert.ok(h.entries.every((e) => e.ts! < a.log!.firstTs!));
  const overlapWarns = agentEntries(a).filter((e) => e.message.startsWith('overlap line'));
  // WARN lines 1, 3, 5, 7, 9 at T0-5000+i*700: up to 7 before monitor.log's first line (8, at
  // T0+600) from the history; 9 is in both files and counts once, from monitor.log
  assert.deepEqual(overlapWarns.map((e) => [e.message, e.file.split('/').pop()]), [
    ['overlap line 1', 'monitor_export.log'], ['overlap line 3', 'monitor_export.log'], ['overlap line 5', 'monitor_export.log'],
    ['overlap line 7', 'monitor_export.log'], ['overlap line 9', 'monitor.log'],
  ]);
  assert.equal(a.exportLog!.counts.WARN, 5);
  assert.equal(h.counts.WARN, 4);
  const top = topMessages(b).find((t) => t.message.startsWith('overlap line'));
  assert.ok(top);
});

test('the log checks cover the history: an hour-old burst is found, with evidence in monitor_export.log', () => {
  const b = buildBundle([[`${ROOT}/client/abc/monitor.log`, monitor()], [`${ROOT}/client/abc/monitor_export.log`, history()]]);
  const f = findingsOf(check.run(b));
  const burst = f.find((x) => /Error burst/.test(x.title));
  assert.ok(burst, JSON.stringify(f.map((x) => x.title)));
  assert.equal(burst.subject, 'abc');
  assert.match(burst.detail, /40 errors within one minute from 2026-12-05T03:00:00/);
  assert.deepEqual(burst.evidence[0], { file: 'client/abc/monitor_export.log', line: 1 });
  // the burst holds its messages: the pattern it matches is inside it, not a finding beside it
  assert.match(burst.detail, /Among its lines: "connection refused" logged 40 times/);
  assert.ok(!has(f, { subject: 'abc', title: /"connection refused" logged/ }));
  const counts = f.find((x) => x.subject === 'cluster' && /in 1 agent log/.test(x.title))!;
  assert.match(counts.title, /^1 error and 1 warning/, 'the capture counts only monitor.log');
  assert.match(counts.detail, /before the capture from 2026-12-05T03:00:00.000Z: 40 error, 4 warn/);
});

test('without the history the same capture finds no burst; with neither file the check is not evaluated', () => {
  const b = buildBundle([[`${ROOT}/client/abc/monitor.log`, monitor()]]);
  assert.ok(!findingsOf(check.run(b)).some((x) => /Error burst/.test(x.title)));
  notEvaluated(check.run(buildBundle([[`${ROOT}/client/abc/agent-host.json`, '{}']])));
});

test('an export that failed is said as such ("No nomad log file defined")', () => {
  const b = buildBundle([[`${ROOT}/client/abc/monitor.log`, monitor()], [`${ROOT}/client/abc/monitor_export.log`, 'monitor: Unexpected response code: 400 (No nomad log file defined)\n']]);
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'info', subject: 'abc', title: /Log history of abc is incomplete/ }));
});

test('a secret left in the history is found by the secrets check', () => {
  const leak = `${line(T0 - 100_000, 'WARN', 'vault request failed: X-Vault-Token: hvs.CAESIJ0abcdefghijklmnopqrstuvwxyz0123456789ABCDEF')}\n`;
  const b = buildBundle([[`${ROOT}/client/abc/monitor_export.log`, leak]]);
  const f = findingsOf(secrets.run(b));
  assert.ok(f.some((x) => x.severity === 'critical' && x.evidence.some((e) => e.file === 'client/abc/monitor_export.log')), JSON.stringify(f));
});
