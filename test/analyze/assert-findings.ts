// Narrow a CheckOutcome to its findings in tests (fails when it was not evaluated).
import assert from 'node:assert/strict';
import type { CheckOutcome, Finding } from '../../src/analyze/types.ts';

export function findingsOf(outcome: CheckOutcome): Finding[] {
  assert.ok(Array.isArray(outcome), `expected findings, got notEvaluated: ${JSON.stringify(outcome)}`);
  return outcome;
}

export function notEvaluated(outcome: CheckOutcome): string {
  assert.ok(!Array.isArray(outcome), `expected notEvaluated, got ${JSON.stringify(outcome)}`);
  return outcome.notEvaluated;
}
