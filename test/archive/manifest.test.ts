import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MANIFEST_SCHEMA, manifestJson, type CaptureRecord, type Manifest } from '../../src/archive/manifest.ts';

function manifest(captures: number): Manifest {
  const records: CaptureRecord[] = Array.from({ length: captures }, (_, i) => ({
    path: `client/n${i}/agent-self.json`,
    endpoint: `/v1/agent/self?node_id=n${i}`,
    target: `client:n${i}`,
    status: i % 7 === 0 ? 'failed' : 'ok',
    code: i % 7 === 0 ? 'HTTP_403' : 'OK',
    bytes: i * 10,
    startedAt: '2026-12-02T01:00:00.000Z',
    ms: i,
    ...(i % 7 === 0 ? { error: 'Permission denied\nline "two"' } : {}),
  }));
  return {
    schema: MANIFEST_SCHEMA,
    tool: { name: 'nomad-debug', version: '0.1.0' },
    startedAt: '2026-12-02T01:00:00.000Z',
    finishedAt: '2026-12-02T01:00:10.000Z',
    interrupted: false,
    options: { duration: '10s', nested: { list: [1, 2], empty: [] } },
    targets: { servers: [], clients: [{ id: 'n1', status: 'ready' }], skipped: [] },
    captures: records,
    redactions: [{ path: 'server/s/agent-host.json', field: 'Environment.DB_PASSWORD', rule: 'env-name:PASSWORD' }],
  };
}

test('manifest.json in pieces is the text of JSON.stringify with two-space indentation', () => {
  for (const n of [0, 1, 199, 200, 201, 1000]) {
    const m = manifest(n);
    const pieces = [...manifestJson(m)];
    assert.equal(pieces.join(''), `${JSON.stringify(m, null, 2)}\n`, `${n} captures`);
    if (n >= 1000) assert.ok(Math.max(...pieces.map((p) => p.length)) < 100_000, 'no piece holds the whole list');
  }
});
