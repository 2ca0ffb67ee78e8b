import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reRedactManifest } from '../../src/collect/redact-manifest.ts';

const record = { tool: { name: 'nomad-debug', version: '9.9.9' }, at: '2026-12-05T07:00:00.000Z', rules: ['built-in'], redactions: 1 };

test('the pass is recorded, changed files get their new sha256 and size, the manifest itself is redacted', () => {
  const doc = {
    schema: 'nomad-debug/manifest@1',
    captures: [
      { path: 'a.json', sha256: 'old-a', bytes: 10, status: 'ok' },
      { path: 'b.json', sha256: 'old-b', bytes: 20, status: 'ok' },
      { path: 'c.json', status: 'failed', bytes: 0, error: 'GET /v1/x?token=hvs.CAESIJ1234567890abcdefghijklmnop failed' },
    ],
    redactions: [{ path: 'a.json', field: 'x', rule: 'nomad' }],
    reRedactions: [{ ...record, at: 'earlier' }],
  };
  const changed = new Map([['a.json', { sha256: 'new-a', bytes: 7 }], ['c.json', { sha256: 'new-c', bytes: 3 }]]);
  const made = reRedactManifest(doc, { changed, redactions: [{ path: 'a.json', field: 'Env.X_TOKEN', rule: 'name:TOKEN' }], record }, { enabled: true })!;
  const m = made.manifest;
  assert.deepEqual(m.captures.map((c) => [c.path, c.sha256, c.bytes]), [['a.json', 'new-a', 7], ['b.json', 'old-b', 20], ['c.json', undefined, 0]]);
  assert.match(m.captures[2]!.error!, /token=<redacted> failed/);
  assert.deepEqual(made.redactions.map((r) => [r.path, r.field, r.rule]), [['manifest.json', 'captures[2].error', 'vault-token']]);
  assert.deepEqual(m.redactions.map((r) => r.rule), ['nomad', 'name:TOKEN', 'vault-token']);
  assert.deepEqual(m.reRedactions!.map((r) => [r.at, r.redactions]), [['earlier', 1], [record.at, 2]]);
});

test('a manifest that is not ours is left to the caller', () => {
  for (const doc of [null, [], 'x', { captures: 'no' }]) assert.equal(reRedactManifest(doc, { changed: new Map(), redactions: [], record }, { enabled: true }), undefined);
});
