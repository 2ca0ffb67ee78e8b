import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/nodes.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, emptyBundle, has, interval, node, withClientStats, withEvents, withHost, withNodes } from './bundle-builder.ts';

const disk = (UsedPercent: number) => ({ Device: '/dev/sda1', Mountpoint: '/', Size: 100, Used: UsedPercent, Available: 100 - UsedPercent, UsedPercent, InodesUsedPercent: 3 });

test('nodes: down with live allocations is critical, without is a warning; disconnected, draining, ineligible', () => {
  const b = withNodes(emptyBundle(), [
    node('a', 'client-1', 'down'), node('b', 'client-2', 'down'), node('c', 'client-3', 'disconnected'),
    node('d', 'client-4', 'ready', { Drain: true, SchedulingEligibility: 'ineligible' }), node('e', 'client-5', 'ready', { SchedulingEligibility: 'ineligible' }),
    node('f', 'client-6'),
  ]);
  interval(b, 0).allocations = { file: 'interval/0000/allocations.json', value: [{ ID: 'x', NodeID: 'a', ClientStatus: 'running', JobID: 'web' }, { ID: 'y', NodeID: 'b', ClientStatus: 'complete', JobID: 'web' }] };
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { subject: 'a', severity: 'critical', title: /client-1.*is down/ }));
  assert.ok(has(f, { subject: 'b', severity: 'warning', title: /is down/ }));
  assert.ok(has(f, { subject: 'c', severity: 'warning', title: /disconnected/ }));
  assert.ok(has(f, { subject: 'd', title: /draining/ }));
  assert.ok(!has(f, { subject: 'd', title: /ineligible/ }), 'draining implies ineligible: say it once');
  assert.ok(has(f, { subject: 'e', severity: 'info', title: /ineligible/ }));
  assert.ok(!has(f, { subject: 'f' }));
  assert.equal(f.find((x) => x.subject === 'a')!.evidence[0]!.pointer, '/0/Status');
});

test('nodes: disk pressure from client stats (97% critical, 91% warning, 80% silent)', () => {
  const b = emptyBundle();
  withClientStats(agent(b, 'client', 'c97'), { DiskStats: [disk(40), disk(97)] });
  withClientStats(agent(b, 'client', 'c91'), { DiskStats: [disk(91)] });
  withClientStats(agent(b, 'client', 'c80'), { DiskStats: [disk(80)] });
  const f = findingsOf(check.run(b));
  const c = f.find((x) => x.subject === 'c97')!;
  assert.equal(c.severity, 'critical');
  assert.match(c.title, /97% full/);
  assert.equal(c.evidence[0]!.pointer, '/DiskStats/1/UsedPercent');
  assert.ok(has(f, { subject: 'c91', severity: 'warning' }));
  assert.ok(!has(f, { subject: 'c80' }));
});

test('nodes: disk pressure from host data, memory pressure from client stats', () => {
  const b = emptyBundle();
  withHost(agent(b, 'server', 'server-1.global'), { Disk: { '/': { DiskMB: 1000, UsedMB: 960 }, '/boot': { DiskMB: 100, UsedMB: 10 } } });
  withClientStats(agent(b, 'client', 'm'), { Memory: { Total: 1000, Available: 80, Used: 920, Free: 20 } });
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { subject: 'server-1.global', severity: 'critical', title: /disk \/ is 96% full/ }));
  assert.ok(has(f, { subject: 'm', severity: 'warning', title: /memory available/ }));
});

test('nodes: not evaluated without nodes or stats', () => {
  notEvaluated(check.run(emptyBundle()));
});

test('nodes: a status that changes back and forth across snapshots is flapping; once to down, lost during the capture', () => {
  const b = emptyBundle();
  const snap = (k: number, flap: string, lost: string) => {
    interval(b, k).nodes = { file: `interval/000${k}/nodes.json`, value: [node('n-flap', 'client-5', flap), node('n-lost', 'client-6', lost), node('n-ok', 'client-7')] };
  };
  snap(0, 'ready', 'ready');
  snap(1, 'down', 'ready');
  snap(2, 'ready', 'down');
  const f = findingsOf(check.run(b)).filter((x) => /flapping|during the capture/.test(x.title));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), [
    'warning n-flap: Node client-5 (n-flap) is flapping',
    'warning n-lost: Node client-6 (n-lost) went down during the capture',
  ]);
  assert.match(f[0]!.detail, /ready → down → ready/);
  assert.deepEqual(f[0]!.evidence.map((e) => `${e.file}#${e.pointer}`), ['interval/0000/nodes.json#/0/Status', 'interval/0001/nodes.json#/0/Status', 'interval/0002/nodes.json#/0/Status']);
});

test('nodes: Node events in the event stream show flapping too; with snapshots that agree, one finding with both evidences', () => {
  const b = emptyBundle();
  const ev = (id: string, name: string, type: string, status: string) => ({ topic: 'Node', type, key: id, node: id, name, status });
  withEvents(b, [
    ev('n-flap', 'client-5', 'NodeRegistration', 'initializing'),
    ev('n-flap', 'client-5', 'NodeRegistration', 'ready'),
    ev('n-ok', 'client-7', 'NodeRegistration', 'ready'),
    ev('n-flap', 'client-5', 'NodeStreamEvent', 'down'),
    ev('n-ok', 'client-7', 'NodeStreamEvent', 'ready'), // a node event without a status change
    ev('n-flap', 'client-5', 'NodeStreamEvent', 'ready'),
    ev('n-gone', 'client-8', 'NodeRegistration', 'ready'),
    ev('n-gone', 'client-8', 'NodeStreamEvent', 'down'),
  ]);
  let f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), [
    'warning n-flap: Node client-5 (n-flap) is flapping',
    'warning n-gone: Node client-8 (n-gone) went down in the event stream',
  ]);
  assert.match(f[0]!.detail, /2 times in the event stream \(ready → down → ready\)/);
  assert.deepEqual(f[0]!.evidence.map((e) => `${e.file}:${e.line}#${e.pointer}`), [
    'cluster/eventstream.json:2#/Payload/Node/Status', 'cluster/eventstream.json:4#/Payload/Node/Status', 'cluster/eventstream.json:6#/Payload/Node/Status',
  ]);
  // n-gone down in the nodes list too: one finding, the node is down (its going down is the same cause)
  withNodes(b, [node('n-gone', 'client-8', 'down')]);
  assert.deepEqual(findingsOf(check.run(b)).filter((x) => x.subject === 'n-gone').map((x) => x.title), ['Node client-8 (n-gone) is down']);
  b.cluster.nodes = undefined;
  // the snapshots say the same of n-flap: still one finding, evidence from both
  for (const k of [0, 1, 2]) interval(b, k).nodes = { file: `interval/000${k}/nodes.json`, value: [node('n-flap', 'client-5', k === 1 ? 'down' : 'ready')] };
  f = findingsOf(check.run(b)).filter((x) => x.subject === 'n-flap');
  assert.equal(f.length, 1);
  assert.match(f[0]!.detail, /across 3 snapshots .*, and 2 times in the event stream/);
  assert.ok(f[0]!.evidence.some((e) => e.file.startsWith('interval/')) && f[0]!.evidence.some((e) => e.file === 'cluster/eventstream.json'));
});

test('nodes: a healthy event stream (registrations, node events without status changes) flags nothing', () => {
  const b = emptyBundle();
  withEvents(b, ['a', 'b', 'c'].flatMap((id) => [
    { topic: 'Node', type: 'NodeRegistration', node: id, status: 'initializing' },
    { topic: 'Node', type: 'NodeRegistration', node: id, status: 'ready' },
    { topic: 'Node', type: 'NodeStreamEvent', node: id, status: 'ready' },
  ]));
  assert.deepEqual(findingsOf(check.run(b)), []);
});

test('nodes: many nodes flapping at once are one finding that keeps every node', () => {
  const b = emptyBundle();
  for (const k of [0, 1, 2]) {
    interval(b, k).nodes = { file: `interval/000${k}/nodes.json`, value: Array.from({ length: 50 }, (_, i) => node(`n${i}`, `client-${i}`, k === 1 ? 'down' : 'ready')) };
  }
  const f = findingsOf(check.run(b)).filter((x) => /flapping/.test(x.title));
  assert.deepEqual(f.map((x) => `${x.subject}: ${x.title}`), ['cluster: 50 nodes are flapping']);
  assert.equal(f[0]!.subjects!.length, 50);
  assert.match(f[0]!.detail, /network to the servers/);
});
