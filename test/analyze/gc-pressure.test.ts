import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/gc-pressure.ts';
import type { AgentData, MetricsSummary } from '../../src/model/types.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, capture, emptyBundle, manifest } from './bundle-builder.ts';

const T0 = Date.UTC(2026, 10, 22, 10, 30, 0);

/** Three metrics rounds 5 s apart: cumulative pause grows by `pausePerSec` ns each second; one pause sample max. */
function withGc(a: AgentData, pausePerSec: number, maxPauseNs: number, heaps = [200e6, 200e6, 200e6]): string[] {
  const files: string[] = [];
  for (let r = 0; r < 3; r++) {
    const file = `${a.dir}/metrics_000${r}.json`;
    const value: MetricsSummary = {
      Timestamp: '2026-11-22 10:30:00 +0000 UTC', // the same 10 s bucket for every round: useless for a rate
      Gauges: [
        { Name: 'nomad.runtime.num_goroutines', Value: 300 },
        { Name: 'nomad.runtime.total_gc_pause_ns', Value: 90e6 + r * 5 * pausePerSec },
        { Name: 'nomad.runtime.total_gc_runs', Value: 100 + r * 10 },
        { Name: 'nomad.runtime.alloc_bytes', Value: heaps[r]! },
      ],
      Samples: [{ Name: 'nomad.runtime.gc_pause_ns', Count: 10, Sum: 10 * maxPauseNs / 2, Mean: maxPauseNs / 2, Max: maxPauseNs }],
    };
    a.metrics.push({ round: r, file, value });
    files.push(file);
  }
  return files;
}

function timed(b: ReturnType<typeof emptyBundle>, files: string[], target: string) {
  manifest(b, { captures: files.map((f, r) => capture(f, '/v1/metrics', target, 'OK', { startedAt: new Date(T0 + r * 5000).toISOString(), ms: 0 })) });
}

test('gc-pressure: pauses taking 8% of the time between rounds are a warning, timed by the manifest, with the heap beside it', () => {
  const b = emptyBundle();
  const s = agent(b, 'server', 'server-2.global');
  const files = withGc(s, 0.08e9, 20e6, [300e6, 420e6, 610e6]);
  withGc(agent(b, 'server', 'server-1.global'), 0.0003e9, 1e6);
  timed(b, files, 'server:server-2.global');
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), ['warning server-2.global: server-2.global: GC pauses take 8.0% of the time']);
  assert.match(f[0]!.detail, /of the 10\.0 s between its first and last metrics round, 20 collections/);
  assert.match(f[0]!.detail, /286 MiB → 401 MiB → 582 MiB/);
  assert.match(f[0]!.detail, /sends no raft heartbeat/);
  assert.deepEqual(f[0]!.evidence.map((e) => `${e.file}#${e.pointer}`), [`${files[0]}#/Gauges/1/Value`, `${files[2]}#/Gauges/1/Value`]);
});

test('gc-pressure: one long pause is a warning even without times; short ones and a healthy share are not', () => {
  const b = emptyBundle();
  withGc(agent(b, 'client', 'c-1'), 0.0003e9, 180e6);
  withGc(agent(b, 'client', 'c-2'), 0.0003e9, 2e6);
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.subject}: ${x.title}`), ['c-1: c-1: a GC pause of 180 ms']);
  assert.deepEqual(f[0]!.evidence.map((e) => e.pointer), ['/Samples/0/Max']);
  // without the manifest the rounds share one 10 s bucket: no share is claimed from them
  assert.doesNotMatch(f[0]!.detail, /of the time|between its first/);
});

test('gc-pressure: a counter that goes back (a restart) or grows faster than time (crafted) claims no share of the time', () => {
  const b = emptyBundle();
  const back = agent(b, 'server', 'server-1.global');
  withGc(back, -0.5e9, 180e6);
  const crafted = agent(b, 'server', 'server-2.global');
  withGc(crafted, 1e21, 1e6);
  manifest(b, { captures: [back, crafted].flatMap((a) => a.metrics.map((m, r) => capture(m.file, '/v1/metrics', `server:${a.id}`, 'OK', { startedAt: new Date(T0 + r * 5000).toISOString(), ms: 0 }))) });
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.subject}: ${x.title}`), ['server-1.global: server-1.global: a GC pause of 180 ms']);
  assert.doesNotMatch(f[0]!.detail, /of the time|GC pauses took/);
});

test('gc-pressure: healthy agents flag nothing; without GC metrics the check is not evaluated', () => {
  const b = emptyBundle();
  const files = withGc(agent(b, 'server', 's1'), 0.0003e9, 1e6);
  timed(b, files, 'server:s1');
  assert.deepEqual(findingsOf(check.run(b)), []);
  notEvaluated(check.run(emptyBundle()));
});
