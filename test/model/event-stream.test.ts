import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventStreamReader } from '../../src/model/event-stream.ts';
import { ndjson } from './bundle-helpers.ts';

const FILE = 'cluster/eventstream.json';

function read(text: string, limits = {}) {
  const r = new EventStreamReader(FILE, limits);
  // in small chunks, so lines are split across pushes
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += 7) r.push(buf.subarray(i, i + 7));
  return r.end();
}

const nodeEvent = (status: string, index: number) => ({
  Topic: 'Node', Type: 'NodeStreamEvent', Key: 'n1', Index: index,
  Payload: { Node: { ID: 'n1', Name: 'client-1', Status: status, StatusDescription: `now ${status}`, StatusUpdatedAt: 1_700_000_000 + index } },
});

test('event stream: Node, Allocation, Job and Deployment events are kept with what the checks read; other topics only counted', () => {
  const alloc = {
    Topic: 'Allocation', Type: 'AllocationUpdated', Key: 'a1', Index: 9,
    Payload: { Allocation: { ID: 'a1', Name: 'web.web[0]', JobID: 'web', TaskGroup: 'web', NodeID: 'n1', ClientStatus: 'failed', ModifyTime: 1_700_000_000_000_000_000,
      TaskStates: { app: { State: 'dead', Failed: true, Restarts: 4, Events: [{ Type: 'Terminated', ExitCode: 137, Details: { oom_killed: 'true' }, DisplayMessage: 'x'.repeat(10_000) }] } } } },
  };
  const { counts, data, gaps } = read(ndjson([
    {}, nodeEvent('ready', 5), alloc,
    { Topic: 'Evaluation', Type: 'EvaluationUpdated', Key: 'e1', Index: 10, Payload: { Evaluation: { ID: 'e1' } } },
    // a raw frame (as the API streams it) holds several events
    { Index: 11, Events: [nodeEvent('down', 11), { Topic: 'Deployment', Type: 'DeploymentStatusUpdate', Key: 'd1', Index: 11, Payload: { Deployment: { ID: 'd1', JobID: 'web', Status: 'failed', StatusDescription: 'Failed due to progress deadline' } } }] },
    'not json', '{"Topic": "Node", "Payload": 12',
  ]).replace('"not json"', 'not json'));
  assert.deepEqual(counts, { Node: 2, Allocation: 1, Evaluation: 1, Deployment: 1 });
  assert.equal(data.total, 5);
  assert.equal(data.unreadable, 2, 'the bare word and the cut line');
  assert.deepEqual(data.events.map((e) => `${e.line}:${e.at ?? '-'} ${e.topic} ${e.status}`), ['2:- Node ready', '3:- Allocation failed', '5:0 Node down', '5:1 Deployment failed']);
  const a = data.events[1]!;
  assert.equal(a.job, 'web');
  assert.equal(a.node, 'n1');
  assert.equal(a.ts, 1_700_000_000_000);
  assert.equal(a.tasks!['app']!.Restarts, 4);
  assert.equal(a.tasks!['app']!.Events![0]!.DisplayMessage!.length, 300, 'texts are cut short');
  assert.equal(data.events[0]!.ts, (1_700_000_000 + 5) * 1000);
  assert.equal(data.events[3]!.description, 'Failed due to progress deadline');
  assert.deepEqual(gaps, []);
});

test('event stream: secrets in payloads are found by the shared rules, masked, with a pointer into their line', () => {
  const token = 'hvs.CAESIJ' + 'k'.repeat(40);
  const job = { Topic: 'Job', Type: 'JobRegistered', Key: 'web', Index: 3, Payload: { Job: { ID: 'web', TaskGroups: [{ Tasks: [{ Env: { VAULT_TOKEN: token } }] }] } } };
  const { data } = read(ndjson([job, { Index: 4, Events: [{ ...job, Index: 4 }] }]));
  assert.equal(data.secrets.length, 2);
  assert.deepEqual(data.secrets[0]!.keys, ['Payload', 'Job', 'TaskGroups', 0, 'Tasks', 0, 'Env', 'VAULT_TOKEN']);
  assert.deepEqual(data.secrets[1]!.keys.slice(0, 3), ['Events', 0, 'Payload']);
  assert.equal(data.secrets[1]!.line, 2);
  assert.ok(!JSON.stringify(data).includes(token), 'the value is never kept');
});

test('event stream: a secret in a text the checks show (description, names, task messages) is cut from what is kept', () => {
  const token = 'hvs.CAESIJ' + 'k'.repeat(40);
  const { data } = read(ndjson([
    { Topic: 'Deployment', Type: 'DeploymentStatusUpdate', Key: 'd1', Index: 2, Payload: { Deployment: { ID: 'd1', JobID: token, Status: 'failed', StatusDescription: `token=${token}` } } },
    { Topic: 'Node', Type: 'NodeRegistration', Key: token, Index: 3, Payload: { Node: { ID: 'n1', Name: token, Status: 'down' } } },
    { Topic: 'Allocation', Type: 'AllocationUpdated', Key: 'a1', Index: 4, Payload: { Allocation: { ID: 'a1', JobID: 'j', ClientStatus: 'failed',
      TaskStates: { t: { State: 'dead', Failed: true, Events: [{ Type: 'Driver Failure', DisplayMessage: `${'x'.repeat(290)} VAULT_TOKEN=${token}`, Details: { auth: `Bearer ${token}` } }] } } } } },
  ]));
  assert.equal(data.events.length, 3);
  assert.ok(!JSON.stringify(data.events).includes('CAESIJ'), JSON.stringify(data.events).slice(0, 600));
  assert.equal(data.events[0]!.status, 'failed', 'what is not secret stays');
  assert.match(data.events[0]!.description!, /^token=<redacted>/);
});

test('event stream: a hostile stream of many events keeps a capped number and says so in gaps', () => {
  const lines: unknown[] = [];
  for (let i = 0; i < 5_000; i++) lines.push(nodeEvent(i % 2 ? 'down' : 'ready', i));
  const { counts, data, gaps } = read(ndjson(lines), { maxKept: 100, scanChars: 20_000 });
  assert.equal(counts['Node'], 5_000);
  assert.equal(data.events.length, 100);
  assert.equal(data.notKept, 4_900);
  assert.ok(data.notScanned > 4_000);
  assert.deepEqual(gaps.map((g) => g.code), ['TOO_MANY', 'TOO_MANY']);
  assert.match(gaps[0]!.reason, /4900 Node, Job, Allocation and Deployment events past the first 100/);
  assert.match(gaps[1]!.reason, /not searched for secrets/);
});

test('event stream: an absurdly long line is counted unreadable, not held', () => {
  const r = new EventStreamReader(FILE);
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  r.push(Buffer.from('{"Topic":"Node","x":"'));
  for (let i = 0; i < 20; i++) r.push(chunk);
  r.push(Buffer.from('"}\n' + JSON.stringify(nodeEvent('ready', 1)) + '\n'));
  const { data } = r.end();
  assert.equal(data.unreadable, 1);
  assert.equal(data.events.length, 1);
});
