// Caps that keep the report a few MB and fast to render for big clusters: tables show the
// most relevant rows first and end with a "+N more" line.
export const LIMITS = {
  members: 200,
  clients: 200,
  findingsPerSeverity: 500,
  evidencePerFinding: 8,
  redactions: 200,
  captureTargets: 200,
  failedCaptures: 100,
  gaps: 100,
  logAgents: 100,
  topMessages: 20,
  timelineAgents: 25,
  timelineBuckets: 80,
  eventRows: 100,
  profileAgents: 12,
  profileOverview: 50,
  flameGraphs: 6,
  topFunctions: 12,
  goroutineGroups: 6,
  stackFrames: 12,
  chartSeries: 8,
  schedulers: 50,
  textCell: 200,
  /** Rows of a per-agent table shown open; the rest, up to its cap, in a collapsed list. */
  tableHead: 15,
  detail: 2000,
} as const;

/**
 * Worst-first rows of a per-agent table: the first `head` shown, the rest up to `max` for a
 * collapsed "and N more" list, and how many lie past `max`.
 */
export function headAndRest<T>(items: T[], head: number, max: number): { rows: T[]; rest: T[]; more: number } {
  const { rows, more } = capped(items, max);
  return { rows: rows.slice(0, head), rest: rows.slice(head), more };
}

/** The first `max` items and how many were left out. */
export function capped<T>(items: T[], max: number): { rows: T[]; more: number } {
  return items.length <= max ? { rows: items, more: 0 } : { rows: items.slice(0, max), more: items.length - max };
}
