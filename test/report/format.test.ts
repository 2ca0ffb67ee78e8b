import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount } from '../../src/report/format.ts';

test('counts get en-US thousands separators, as toLocaleString gives them', () => {
  const values = [0, -0, 1, 12, 123, 999, 1000, 1234.5, -1234, 99_999, 1_000_000, 123_456_789, -987_654_321, 2 ** 53, 1e21, 3.7e25, -0.4];
  for (const v of values) assert.equal(formatCount(v), Math.round(v).toLocaleString('en-US'), String(v));
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(Number.NaN), '–');
  assert.equal(formatCount(Infinity), '–');
});
