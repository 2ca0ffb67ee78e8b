import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactJson, redactPlainText } from '../../src/collect/redact.ts';
import { parseRules } from '../../src/collect/rules-file.ts';

test('names match in any spelling, in JSON, env and text; patterns cut group 1 or the match', () => {
  const rules = parseRules(JSON.stringify({ names: ['customer_id'], patterns: ['ACME-\\d{4}', { name: 'order', regex: 'order=(\\w+)', ignoreCase: true }] }));
  const opts = { enabled: true, extra: rules.extra, paths: rules.paths };
  const doc = { CustomerId: 'c-123', note: 'for ACME-1234 ORDER=abc9 done', other: 'plain' };
  const r = redactJson(doc, opts);
  assert.deepEqual(r.value, { CustomerId: '<redacted>', note: 'for <redacted> ORDER=<redacted> done', other: 'plain' });
  assert.deepEqual(r.redactions.map((x) => x.rule).sort(), ['user-name:customer_id', 'user-pattern:1', 'user-pattern:order']);
  assert.equal(redactPlainText('customer-id=c-9 --customer_id c-10 ok', opts).value, 'customer-id=<redacted> --customer_id <redacted> ok');
  assert.equal(redactPlainText('customer-id=c-9', { enabled: true }).value, 'customer-id=c-9', 'only with the rules');
});

test('bad rules files: each problem named in one line', () => {
  const cases: [unknown, RegExp][] = [
    [[], /want a JSON object/],
    [{ names: [''] }, /names\[0\] must be a non-empty string/],
    [{ names: [3] }, /names\[0\] must be a non-empty string/],
    [{ patterns: [{ regex: 'a', flags: 'g' }] }, /patterns\[0\]: unknown field "flags"/],
    [{ patterns: [{ name: 'x' }] }, /patterns\[0\]\.regex must be a non-empty string/],
    [{ patterns: ['a|'] }, /matches the empty string/],
    [{ patterns: [{ regex: 'a', ignoreCase: 'yes' }] }, /ignoreCase must be true or false/],
    [{ paths: Array(201).fill('a') }, /at most 200/],
    [{ extra: 1 }, /unknown field "extra"/],
  ];
  for (const [doc, re] of cases) assert.throws(() => parseRules(JSON.stringify(doc)), (err: Error) => re.test(err.message) && !err.message.includes('\n'), JSON.stringify(doc));
});
