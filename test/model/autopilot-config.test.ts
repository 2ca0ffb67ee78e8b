// interval/NNNN/operator-autopilot-config.json: the model reads both forms of its durations, the
// Go duration strings Nomad's API writes (api/operator_autopilot.go MarshalJSON) and nanoseconds
// (older captures, other tools), both kept as nanoseconds; anything else is a gap on that file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildBundle } from '../../src/model/bundle-builder.ts';

const ROOT = 'nomad-debug-2026-12-05-040000Z';
const file = 'interval/0000/operator-autopilot-config.json';

test('Go duration strings and nanoseconds both read; a wrong type is a gap, the rest kept', () => {
  const strings = buildBundle([[`${ROOT}/${file}`, '{"LastContactThreshold":"200ms","ServerStabilizationTime":"10s","CleanupDeadServers":true,"MaxTrailingLogs":250}']]);
  assert.deepEqual(strings.intervals[0]!.autopilotConfig, { file, value: { LastContactThreshold: 200_000_000, ServerStabilizationTime: 10_000_000_000, CleanupDeadServers: true, MaxTrailingLogs: 250 } });
  const nanos = buildBundle([[`${ROOT}/${file}`, '{"LastContactThreshold":200000000,"ServerStabilizationTime":10000000000}']]);
  assert.equal(nanos.intervals[0]!.autopilotConfig!.value.LastContactThreshold, 200_000_000);
  assert.equal(nanos.gaps.length, 0);
  const wrong = buildBundle([[`${ROOT}/${file}`, '{"LastContactThreshold":true,"MaxTrailingLogs":250}']]);
  assert.equal(wrong.intervals[0]!.autopilotConfig!.value.MaxTrailingLogs, 250);
  assert.ok(wrong.gaps.some((g) => g.file === file && g.code === 'WRONG_FIELDS'));
});

test('an object with none of the autopilot configuration\'s fields is a gap, not an empty configuration', () => {
  const b = buildBundle([[`${ROOT}/${file}`, '{"x":1}']]);
  assert.equal(b.intervals[0]?.autopilotConfig, undefined);
  assert.match(b.gaps.find((g) => g.file === file)!.reason, /none of CleanupDeadServers, LastContactThreshold/);
});
