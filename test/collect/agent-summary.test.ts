import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeAgents } from '../../src/collect/agent-summary.ts';
import { agentGapLines } from '../../src/cli/agent-gaps.ts';
import type { CaptureRecord } from '../../src/archive/manifest.ts';

const rec = (target: string, path: string, status: CaptureRecord['status'], code: string, error?: string): CaptureRecord => ({
  path, endpoint: '/v1/x', target, status, code: code as CaptureRecord['code'], bytes: 0, startedAt: '', ms: 0, ...(error ? { error } : {}),
});

test('agents worst first, with each missing file, its code and why; the license on CE is no gap', () => {
  const agents = summarizeAgents(
    [
      rec('server:s1', 'server/s1/agent-host.json', 'ok', 'OK'),
      rec('client:c1', 'client/c1/agent-host.json', 'timeout', 'TIMEOUT', 'No complete answer within 30000 ms'),
      rec('client:c1', 'client/c1/health.json', 'skipped', 'NOT_ADVERTISED', 'no advertised HTTP address'),
      rec('client:c1', 'client/c1/monitor.log', 'ok', 'OK'),
      rec('cluster', 'interval/0000/license.json', 'skipped', 'HTTP_204'),
    ],
    [{ id: 's1' }],
    [{ id: 'c1', name: 'web-1', unreachable: 'no connection to http://127.0.1.1:4646' }],
  );
  assert.deepEqual(agents.map((a) => a.target), ['client:c1', 'server:s1']);
  assert.deepEqual(agents[0], {
    target: 'client:c1',
    name: 'web-1',
    ok: 1,
    failed: 2,
    unreachable: 'no connection to http://127.0.1.1:4646',
    missing: [
      { file: 'agent-host.json', code: 'TIMEOUT', why: 'No complete answer within 30000 ms' },
      { file: 'health.json', code: 'NOT_ADVERTISED', why: 'no advertised HTTP address' },
    ],
  });
  const lines = agentGapLines(agents);
  assert.equal(lines[0], 'Agents: 1 of 2 captured in full; missing data from 1:');
  assert.match(lines[1]!, /^ {2}client:c1 \(web-1\): unreachable: no connection to http:\/\/127\.0\.1\.1:4646; 2 of 3 missing$/);
  assert.equal(lines[2], '    agent-host.json: TIMEOUT (No complete answer within 30000 ms)');
  assert.deepEqual(agentGapLines(agents.slice(1)), ['Agents: all 1 captured in full']);
});

test('many agents with gaps: the first ten by name, the rest counted', () => {
  const records = Array.from({ length: 14 }, (_, i) => rec(`client:c${i}`, `client/c${i}/monitor.log`, 'failed', 'HTTP_500', 'boom'));
  const agents = summarizeAgents(records, [], Array.from({ length: 14 }, (_, i) => ({ id: `c${i}` })));
  const lines = agentGapLines(agents);
  assert.equal(lines.at(-1), '  … and 4 more agents with gaps: manifest.json lists every capture');
  assert.equal(lines.filter((l) => /^ {2}client:/.test(l)).length, 10);
});

test('an endpoint the agent does not have (UNSUPPORTED) is no gap: said apart, after the agents', () => {
  const agents = summarizeAgents(
    [
      rec('server:s1', 'server/s1/monitor_export.log', 'skipped', 'UNSUPPORTED', 'endpoint unknown to this agent: it answered 404'),
      rec('server:s2', 'server/s2/monitor_export.log', 'skipped', 'UNSUPPORTED', 'endpoint unknown to this agent: it answered 404'),
      rec('client:c1', 'client/c1/monitor.log', 'failed', 'HTTP_500', 'boom'),
    ],
    [{ id: 's1' }, { id: 's2' }],
    [{ id: 'c1' }],
  );
  const s1 = agents.find((a) => a.target === 'server:s1')!;
  assert.deepEqual(s1.missing, []);
  assert.deepEqual(s1.unsupported, ['monitor_export.log']);
  const lines = agentGapLines(agents);
  assert.equal(lines[0], 'Agents: 2 of 3 captured in full; missing data from 1:');
  assert.equal(lines.at(-1), 'Not supported by 2 agents (older Nomad, not a failure): monitor_export.log of server:s1, server:s2');
  assert.deepEqual(agentGapLines(agents.filter((a) => a.target !== 'client:c1')), [
    'Agents: all 2 captured in full',
    'Not supported by 2 agents (older Nomad, not a failure): monitor_export.log of server:s1, server:s2',
  ]);
});
