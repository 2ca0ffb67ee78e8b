import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followAbort } from '../../src/shared/follow-abort.ts';

test('followers abort with their signal, an undone one does not, and an aborted signal aborts at once', () => {
  const parent = new AbortController();
  const a = new AbortController();
  const b = new AbortController();
  followAbort(parent.signal, a);
  const undo = followAbort(parent.signal, b);
  undo();
  parent.abort();
  assert.equal(a.signal.aborted, true);
  assert.equal(b.signal.aborted, false);
  const late = new AbortController();
  followAbort(parent.signal, late);
  assert.equal(late.signal.aborted, true);
});
