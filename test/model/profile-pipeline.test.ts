// The profile pipeline: one add() per profile, lesser goroutine sources held until their
// round's best is known, every outcome given back to the target in entry order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProfileTarget } from '../../src/model/bundle-builder.ts';
import type { PprofOutcome } from '../../src/model/pprof-entry.ts';
import { ProfilePipeline } from '../../src/model/profile-pipeline.ts';

const DEBUG2 = 'goroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x1d\n';
const DEBUG1 = 'goroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.main+0x1\t/src/main.go:10\n';

/** Keeps the round's best source as the builder does: once a dump is kept, lesser ones are not wanted. */
function target(): ProfileTarget & { applied: [string, PprofOutcome['kind']][] } {
  let kept = false;
  const applied: [string, PprofOutcome['kind']][] = [];
  return {
    applied,
    goroutineWanted: (rel) => !kept || rel.endsWith('debug2.txt'),
    addPprofOutcome(rel, outcome) {
      applied.push([rel, outcome.kind]);
      if (outcome.kind === 'dump') kept = true;
    },
  };
}

const enc = (s: string) => new TextEncoder().encode(s);

test('a lesser source is held and dropped unparsed when the round\'s best one parses', async () => {
  const t = target();
  const p = new ProfilePipeline(t);
  await p.add('client/a/goroutine-debug1.txt', { text: true, round: 'client/a|0', lesser: true }, enc(DEBUG1));
  await p.add('client/a/goroutine-debug2.txt', { text: true, round: 'client/a|0', lesser: false }, enc(DEBUG2));
  await p.settle();
  await p.close();
  assert.deepEqual(t.applied, [['client/a/goroutine-debug2.txt', 'dump']]);
});

test('when the best source fails, the held lesser one is parsed at settle', async () => {
  const t = target();
  const p = new ProfilePipeline(t);
  await p.add('client/a/goroutine-debug1.txt', { text: true, round: 'client/a|0', lesser: true }, enc(DEBUG1));
  await p.add('client/a/goroutine-debug2.txt', { text: true, round: 'client/a|0', lesser: false }, enc(''));
  assert.deepEqual(t.applied, [['client/a/goroutine-debug2.txt', 'gap']], 'nothing held is parsed before settle');
  await p.settle();
  await p.close();
  assert.deepEqual(t.applied, [['client/a/goroutine-debug2.txt', 'gap'], ['client/a/goroutine-debug1.txt', 'dump']]);
});
