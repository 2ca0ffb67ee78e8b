// Reads of the model's decoded pprof data for the report: the latest round with a profile,
// top tables and goroutine groups.
import { groupFunction, isIdleGroup } from '../../analyze/profiles.ts';
import type { GoroutineDump, ProfileRound, ProfileSummary } from '../../model/types.ts';
import { formatPct, formatValue } from '../format.ts';
import type { FunctionRow, GoroutineGroupView } from '../view-types.ts';

type ProfileKey = 'cpu' | 'heap' | 'goroutine' | 'goroutineDebug1' | 'goroutineDebug2';

/** The profile of the latest round that holds one of `keys` (cpu, heap, goroutineDebug2, ...), the first key found. */
export function latestWith<K extends ProfileKey>(rounds: ProfileRound[], ...keys: K[]): NonNullable<ProfileRound[K]> | undefined {
  for (let k = rounds.length - 1; k >= 0; k--) {
    for (const key of keys) {
      const p = rounds[k]![key];
      if (p) return p as NonNullable<ProfileRound[K]>;
    }
  }
  return undefined;
}

export function topRows(p: ProfileSummary, n: number): FunctionRow[] {
  const rows = [...p.top].sort((a, b) => b.flat - a.flat).slice(0, n);
  const pct = (v: number) => (p.total > 0 ? (v / p.total) * 100 : 0);
  return rows.map((r) => ({
    name: r.name,
    flat: formatValue(r.flat, p.unit),
    flatPct: formatPct(pct(r.flat)),
    cum: formatValue(r.cum, p.unit),
    cumPct: formatPct(pct(r.cum)),
    bar: Math.max(0, Math.min(100, Math.round(pct(r.flat) * 10) / 10)),
  }));
}

export function goroutineGroups(dump: GoroutineDump, n: number, frames: number): GoroutineGroupView[] {
  return [...dump.groups]
    .sort((a, b) => b.count - a.count)
    .slice(0, n)
    .map((group) => ({
      count: group.count,
      state: [group.state ?? '', group.waitMinutes !== undefined ? `${group.waitMinutes} min` : ''].filter(Boolean).join(', '),
      fn: groupFunction(group),
      stack: [...group.stack.slice(0, frames), ...(group.stack.length > frames ? [`… ${group.stack.length - frames} more frames`] : []), ...(group.createdBy ? [`created by ${group.createdBy}`] : [])].join('\n'),
      idle: isIdleGroup(group),
    }));
}
