// Small seeded pseudo-random generator: the simulated content must be the same bytes for the
// same agent name and seed, and differ from one agent to the next.

/** FNV-1a 32-bit hash of a string (stable across runs and platforms). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** n lowercase hex digits. */
  hex(n: number): string;
}

/** mulberry32: tiny, fast, good enough for synthetic data (not for anything secret). */
export function makeRng(...parts: (string | number)[]): Rng {
  let state = hashString(parts.join('\u0000'));
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    hex: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(0, 15)];
      return s;
    },
  };
}

/** A UUID-shaped id (8-4-4-4-12 hex) from the generator, like Nomad's node and alloc ids. */
export function uuidFrom(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
}
