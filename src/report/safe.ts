// Tolerant readers for bundle values. The model is typed, but its content is untrusted input
// (and a hostile or odd bundle can hold any JSON shape), so the view model reads every field
// through these: a wrong type becomes a fallback, never a throw.

export type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object itself, or an empty one. */
export function rec(v: unknown): Rec {
  return isRec(v) ? v : {};
}

/** The array itself, or an empty one. */
export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The objects of an array; other items are dropped. */
export function recs(v: unknown): Rec[] {
  return list(v).filter(isRec);
}

/** A string for display: strings as is, numbers and booleans as text, anything else the fallback. */
export function text(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return fallback;
}

/** A finite number, or null. Numeric strings count ("97.1"). */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

/** Runs a section builder; if odd data still makes it throw, the section says so instead of the report failing. */
export function guard<T>(build: () => T, fallback: (message: string) => T): T {
  try {
    return build();
  } catch (err) {
    return fallback(err instanceof Error ? err.message : String(err));
  }
}

/** Counts by key, most first (ties by key). */
export function countBy<T>(items: T[], key: (x: T) => string): { key: string; count: number }[] {
  const m = new Map<string, number>();
  for (const x of items) {
    const k = key(x);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
