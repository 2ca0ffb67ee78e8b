// What a parse outcome looks like crossing from the worker (parse-worker.ts) to this thread
// (parse-pool.ts). A CPU profile's flame tree crosses as JSON text and is parsed when first
// read: the report draws six flame graphs whatever the bundle's size, and copying 500 trees
// object by object cost this thread ~0.1 s of a 500-client analyze for nothing.
import type { PprofOutcome } from './pprof-entry.ts';
import type { FlameNode, ProfileSummary } from './types.ts';

export type WireOutcome = PprofOutcome | { kind: 'profile'; value: Omit<ProfileSummary, 'flame'>; flameJson: string };

export function toWire(outcome: PprofOutcome): WireOutcome {
  if (outcome.kind !== 'profile' || !outcome.value.flame) return outcome;
  const { flame, ...rest } = outcome.value;
  return { kind: 'profile', value: rest, flameJson: JSON.stringify(flame) };
}

/** The outcome as parsed in place: `flame` is an ordinary (enumerable) property once read. */
export function fromWire(wire: WireOutcome): PprofOutcome {
  if (!('flameJson' in wire)) return wire;
  const summary = wire.value as ProfileSummary;
  const json = wire.flameJson;
  Object.defineProperty(summary, 'flame', {
    enumerable: true,
    configurable: true,
    get(): FlameNode {
      const flame = JSON.parse(json) as FlameNode;
      Object.defineProperty(summary, 'flame', { value: flame, enumerable: true, configurable: true, writable: true });
      return flame;
    },
  });
  return { kind: 'profile', value: summary };
}
