import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extraNameRule, extraPatternSpans, judgeField, secretSpans, type Span } from '../../../src/shared/secrets/index.ts';

const extra = { names: new Map([['CUSTOMER_ID', 'user-name:customer_id']]), patterns: [{ rule: 'user-pattern:k', re: /K-(\d+)|Z*/dg }] };

test('a user name matches in any spelling; nothing without the rules', () => {
  for (const n of ['customerId', 'customer-id', 'CUSTOMER_ID']) assert.equal(extraNameRule(n, extra), 'user-name:customer_id', n);
  assert.equal(extraNameRule('customer', extra), undefined);
  assert.equal(extraNameRule('customerId', undefined), undefined);
  assert.deepEqual(judgeField('customerId', 'key', 'c-1', extra), { kind: 'secret', spans: [{ start: 0, end: 3, rule: 'user-name:customer_id' }] });
  assert.deepEqual(judgeField('customerId', 'key', 'c-1'), { kind: 'clear' });
});

test('patterns: group 1 when there is one, empty matches skipped, also in URL-encoded text', () => {
  const out: Span[] = [];
  extraPatternSpans('a K-12 b', extra, out);
  assert.deepEqual(out, [{ start: 4, end: 6, rule: 'user-pattern:k' }]);
  assert.deepEqual(secretSpans('x=K%2D77', extra).map((s) => s.rule), ['user-pattern:k']);
  assert.deepEqual(secretSpans('x=K%2D77'), []);
});
