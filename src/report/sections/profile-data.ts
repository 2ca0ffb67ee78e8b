// Sanitised reads of decoded pprof data for the report: top tables, flame trees and
// goroutine groups, with every number checked (a bad bundle can hold any shape).
import { groupFunction, isIdleGroup } from '../../analyze/profiles.ts';
import type { FlameNode, GoroutineGroup } from '../../model/types.ts';
import { formatPct, formatValue } from '../format.ts';
import { list, num, rec, recs, text, type Rec } from '../safe.ts';
import type { FunctionRow, GoroutineGroupView } from '../view-types.ts';

/** The latest round that holds `key` (cpu, heap, goroutineDebug2, ...). */
export function latestWith(profiles: unknown, ...keys: string[]): { round: Rec; key: string } | null {
  const rounds = list(profiles).map(rec);
  for (let k = rounds.length - 1; k >= 0; k--) {
    for (const key of keys) if (Object.keys(rec(rounds[k]![key])).length) return { round: rounds[k]!, key };
  }
  return null;
}

export function profileTotal(p: Rec): number {
  const t = num(p['total']);
  if (t !== null && t > 0) return t;
  return recs(p['top']).reduce((s, r) => s + Math.max(0, num(r['flat']) ?? 0), 0);
}

export function topRows(p: Rec, n: number): FunctionRow[] {
  const total = profileTotal(p);
  const unit = text(p['unit']);
  const rows = recs(p['top'])
    .map((r) => ({ name: text(r['name'], '?'), flat: num(r['flat']) ?? 0, cum: num(r['cum']) ?? 0 }))
    .sort((a, b) => b.flat - a.flat)
    .slice(0, n);
  const pct = (v: number) => (total > 0 ? (v / total) * 100 : 0);
  return rows.map((r) => ({
    name: r.name,
    flat: formatValue(r.flat, unit),
    flatPct: formatPct(pct(r.flat)),
    cum: formatValue(r.cum, unit),
    cumPct: formatPct(pct(r.cum)),
    bar: Math.max(0, Math.min(100, Math.round(pct(r.flat) * 10) / 10)),
  }));
}

/** A well-formed copy of a flame tree (depth-capped: flame-svg draws 64 rows at most). */
export function cleanFlame(node: unknown, depth = 0): FlameNode {
  const n = rec(node);
  return {
    name: text(n['name']),
    value: Math.max(0, num(n['value']) ?? 0),
    children: depth < 64 ? recs(n['children']).map((c) => cleanFlame(c, depth + 1)) : [],
  };
}

export function goroutineGroups(dump: Rec, n: number, frames: number): GoroutineGroupView[] {
  return recs(dump['groups'])
    .map((g) => {
      const group: GoroutineGroup = { count: num(g['count']) ?? 0, stack: list(g['stack']).map((f) => text(f, '?')) };
      const createdBy = text(g['createdBy']);
      if (createdBy) group.createdBy = createdBy;
      const wait = num(g['waitMinutes']);
      const state = [text(g['state']), wait !== null ? `${wait} min` : ''].filter(Boolean).join(', ');
      return { group, state };
    })
    .sort((a, b) => b.group.count - a.group.count)
    .slice(0, n)
    .map(({ group, state }) => ({
      count: group.count,
      state,
      fn: groupFunction(group),
      stack: [...group.stack.slice(0, frames), ...(group.stack.length > frames ? [`… ${group.stack.length - frames} more frames`] : []), ...(group.createdBy ? [`created by ${group.createdBy}`] : [])].join('\n'),
      idle: isIdleGroup(group),
    }));
}
