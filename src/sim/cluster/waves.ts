// Smooth, deterministic variation over time: values drift like a real gauge between samples
// but are the same for the same (key, time), so runs are reproducible.
import { hashString } from '../content/rand.ts';

/** A sine of the given period (ms) and a phase taken from `key`, in [-1, 1]. */
export function wave(key: string, at: Date, periodMs: number): number {
  const phase = (hashString(key) / 4294967296) * 2 * Math.PI;
  return Math.sin((at.getTime() / periodMs) * 2 * Math.PI + phase);
}

/** Two waves mixed, so series are not plain sines. */
export function drift(key: string, at: Date): number {
  return 0.7 * wave(key, at, 97_000) + 0.3 * wave(key + '\u0000b', at, 13_000);
}

/** Seconds since the cluster started, kept within an hour so growth stays bounded. */
export function elapsedSeconds(startedAt: Date, at: Date): number {
  const ms = at.getTime() - startedAt.getTime();
  const hour = 3_600_000;
  return (((ms % hour) + hour) % hour) / 1000;
}
