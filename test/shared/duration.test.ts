import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, formatDurationNs, parseDuration, parseDurationNs } from '../../src/shared/duration.ts';

// Cases from Go's time package tests (parseDurationTests / durationTests).
const good: [string, bigint][] = [
  ['0', 0n], ['5s', 5_000_000_000n], ['30s', 30_000_000_000n], ['1478s', 1_478_000_000_000n],
  ['-5s', -5_000_000_000n], ['+5s', 5_000_000_000n], ['-0', 0n], ['+0', 0n],
  ['5.0s', 5_000_000_000n], ['5.6s', 5_600_000_000n], ['5.s', 5_000_000_000n], ['.5s', 500_000_000n],
  ['1.0s', 1_000_000_000n], ['1.00s', 1_000_000_000n], ['1.004s', 1_004_000_000n], ['1.0040s', 1_004_000_000n],
  ['100.00100s', 100_001_000_000n], ['10ns', 10n], ['11us', 11_000n], ['12µs', 12_000n], ['12μs', 12_000n],
  ['13ms', 13_000_000n], ['14s', 14_000_000_000n], ['15m', 900_000_000_000n], ['16h', 57_600_000_000_000n],
  ['3h30m', 12_600_000_000_000n], ['10.5s4m', 250_500_000_000n], ['-2m3.4s', -123_400_000_000n],
  ['1h2m3s4ms5us6ns', 3_723_004_005_006n], ['39h9m14.425s', 140_954_425_000_000n],
  ['52763797000ns', 52_763_797_000n], ['0.3333333333333333333h', 1_200_000_000_000n],
  ['9007199254740993ns', 9_007_199_254_740_993n], ['9223372036854775807ns', 9_223_372_036_854_775_807n],
  ['9223372036854775.807us', 9_223_372_036_854_775_807n], ['9223372036s854ms775us807ns', 9_223_372_036_854_775_807n],
  ['-9223372036854775808ns', -9_223_372_036_854_775_808n], ['0.100000000000000000000h', 360_000_000_000n],
  ['0.830103483285477580700h', 2_988_372_539_827n],
];

test('parseDurationNs matches Go on valid input', () => {
  for (const [s, want] of good) assert.equal(parseDurationNs(s), want, s);
});

test('parseDurationNs rejects what Go rejects, with Go’s messages', () => {
  const bad: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['2x', 'time: unknown unit "x" in duration "2x"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['foo', 'time: invalid duration "foo"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['1µ', 'time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"'],
  ];
  for (const [s, msg] of bad) assert.throws(() => parseDurationNs(s), { message: msg }, s);
});

test('parseDuration gives milliseconds', () => {
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('1.5s'), 1500);
});

test('formatDurationNs matches Go’s Duration.String', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'], [1n, '1ns'], [1_100n, '1.1µs'], [2_200_000n, '2.2ms'], [3_300_000_000n, '3.3s'],
    [240_000_000_000n, '4m0s'], [300_000_000_000n, '5m0s'], [3_723_000_000_000n, '1h2m3s'],
    [18_000_000_000_000n, '5h0m0s'], [18_300_000_000_000n, '5h5m0s'], [-1n, '-1ns'],
    [150_000_000_000n, '2m30s'], [9_223_372_036_854_775_807n, '2562047h47m16.854775807s'],
    [-9_223_372_036_854_775_807n, '-2562047h47m16.854775807s'],
  ];
  for (const [ns, want] of cases) assert.equal(formatDurationNs(ns), want, String(ns));
  assert.equal(formatDuration(30_000), '30s');
});
