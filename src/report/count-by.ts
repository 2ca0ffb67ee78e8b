// Counting for the report's tallies (clients by status, failed captures by code, versions).

/** Counts by key, most first (ties by key). */
export function countBy<T>(items: T[], key: (x: T) => string): { key: string; count: number }[] {
  const m = new Map<string, number>();
  for (const x of items) {
    const k = key(x);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
