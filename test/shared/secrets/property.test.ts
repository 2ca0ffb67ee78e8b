// The collector and the analyzer hold each other: whatever the collector leaves, the analyzer's
// detector finds nothing in; and what support needs stays readable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactJson, redactLogLines } from '../../../src/collect/redact.ts';
import { findSecretsInJson, findSecretsInText } from '../../../src/shared/secrets/index.ts';
import { plant, seeded } from './corpus.ts';

const SEEDS = 200;

test('after redaction the detector finds nothing, no planted value survives plain or URL-encoded, look-alikes stay', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const { doc, secrets, lookAlikes } = plant(seeded(seed));
    assert.ok(findSecretsInJson(doc).length > 0, `seed ${seed}: the corpus itself is detected`);
    const r = redactJson(doc, { enabled: true });
    const out = JSON.stringify(r.value);
    assert.deepEqual(findSecretsInJson(r.value), [], `seed ${seed}: ${out}`);
    for (const v of secrets) {
      assert.ok(!out.includes(v) && !out.includes(encodeURIComponent(v)) && !out.includes(JSON.stringify(v).slice(1, -1)), `seed ${seed}: ${v} survived in ${out}`);
    }
    const env = (r.value as { HostData: { Environment: Record<string, string> } }).HostData.Environment;
    for (const [k, v] of Object.entries(lookAlikes)) if (k in env) assert.equal(env[k], v, `seed ${seed}: ${k}`);
    assert.ok(r.redactions.every((x) => !secrets.some((v) => x.field.includes(v) || x.rule.includes(v))), 'records hold where and which rule only');
  }
});

test('log lines: the same, line by line', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const { doc, secrets } = plant(seeded(seed));
    const lines = doc['Log'] as string[];
    const r = redactLogLines(lines, 1, { enabled: true });
    for (const line of r.value) assert.deepEqual(findSecretsInText(line), [], `seed ${seed}: ${line}`);
    const text = r.value.join('\n');
    for (const v of secrets) assert.ok(!text.includes(v) && !text.includes(encodeURIComponent(v)), `seed ${seed}: ${v} survived`);
  }
});
