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

test('a pattern that backtracks catastrophically runs in bounded time; one the linear engine refuses is named', () => {
  const rules = parseRules(JSON.stringify({ patterns: ['(a+)+$', '(x+x+)+y'] }));
  const line = `${'a'.repeat(30)}! ${'x'.repeat(30)}`;
  const t = Date.now();
  assert.equal(redactPlainText(line, { enabled: true, extra: rules.extra }).value, line);
  assert.ok(Date.now() - t < 2000, `took ${Date.now() - t} ms`);
  assert.equal(redactPlainText('aaa', { enabled: true, extra: rules.extra }).value, '<redacted>');
  for (const p of ['(a)\\1', '(?=a)a', '(?<!b)a', '[0-9]{32}']) {
    assert.throws(() => parseRules(JSON.stringify({ patterns: [p] })), /patterns\[0\]: cannot run in bounded time/, p);
  }
  assert.throws(() => parseRules(JSON.stringify({ patterns: ['(x'] })), /patterns\[0\]: Invalid regular expression: \/\(x\/g: Unterminated group/);
});

test('ignoreCase folds ASCII letters, outside and inside classes, not escapes or group names', () => {
  const rules = parseRules(JSON.stringify({ patterns: [{ regex: 'acme-(?<Id>[a-f0-9]{4})\\x2Dz\\b', ignoreCase: true }] }));
  const opts = { enabled: true, extra: rules.extra };
  assert.equal(redactPlainText('x ACME-BEEF-Z y', opts).value, 'x ACME-<redacted>-Z y');
  assert.equal(redactPlainText('x Acme-beef-z y', opts).value, 'x Acme-<redacted>-z y');
  assert.equal(redactPlainText('x acme-beeg-z y', opts).value, 'x acme-beeg-z y');
});

test('group 1 found twice in its match: the whole match is cut, never the wrong copy', () => {
  const rules = parseRules(JSON.stringify({ patterns: ['order=(\\w+)'] }));
  assert.equal(redactPlainText('order=order done', { enabled: true, extra: rules.extra }).value, '<redacted> done');
  assert.equal(redactPlainText('order=abc done', { enabled: true, extra: rules.extra }).value, 'order=<redacted> done');
});
