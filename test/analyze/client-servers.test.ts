import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import { buildBundle } from '../../src/model/bundle-builder.ts';

const ROOT = 'nomad-debug-2026-11-22-101500Z';
const ID = '0c5a2a1e-1111-4222-8333-444455556666';

test('client-servers: an empty list is a client that knows no servers; a list the model emptied from a bad file is only that file\'s gap', () => {
  const empty = analyze(buildBundle([[`${ROOT}/client/${ID}/agent-servers.json`, '[]']]));
  assert.ok(empty.findings.some((f) => f.check === 'client-servers' && f.severity === 'warning' && f.subject === ID));
  const bad = analyze(buildBundle([[`${ROOT}/client/${ID}/agent-servers.json`, '[[["127.0.0.11:4647"]]]']]));
  assert.ok(!bad.findings.some((f) => f.check === 'client-servers' && f.severity === 'warning'), 'no claim from a file not in Nomad\'s shape');
  assert.ok(bad.findings.some((f) => f.check === 'capture-coverage' && /shape/.test(f.title)));
});
