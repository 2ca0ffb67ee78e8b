// Parses Go's text goroutine dumps (`/debug/pprof/goroutine?debug=1` and `?debug=2`)
// into groups of identical stacks, largest first.
import type { GoroutineDump, GoroutineGroup } from './types.ts';

/** Detects the format and parses; returns undefined when the text is neither form. */
export function parseGoroutineText(text: string, file: string): GoroutineDump | undefined {
  if (/^goroutine profile: total \d+/m.test(text)) return parseDebug1(text, file);
  if (/^goroutine \d+ \[/m.test(text)) return parseDebug2(text, file);
  return undefined;
}

/** debug=1: "goroutine profile: total N", then groups "N @ 0x.." with "#\t0x..\tfunc+0x..\tfile:line". */
export function parseDebug1(text: string, file: string): GoroutineDump {
  const total = Number(/^goroutine profile: total (\d+)/m.exec(text)?.[1] ?? 0);
  const groups: GoroutineGroup[] = [];
  let current: GoroutineGroup | undefined;
  for (const line of text.split('\n')) {
    const head = /^(\d+) @(?: 0x[0-9a-f]+)*\s*$/.exec(line);
    if (head) {
      current = { count: Number(head[1]), stack: [] };
      groups.push(current);
      continue;
    }
    const frame = /^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s/.exec(line);
    if (frame && current) current.stack.push(frame[1]!);
    else if (line.trim() === '') current = undefined;
  }
  return { file, format: 'debug1', total: total || sum(groups), groups: sortGroups(groups) };
}

/** debug=2: blocks "goroutine N [state, M minutes]:" + "func(args)" / "\tfile:line +0x.." pairs. */
export function parseDebug2(text: string, file: string): GoroutineDump {
  const byKey = new Map<string, GoroutineGroup>();
  let total = 0;
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    const startIdx = lines.findIndex((l) => /^goroutine \d+ \[/.test(l));
    if (startIdx < 0) continue;
    const head = /^goroutine \d+ \[([^\]]*)\]/.exec(lines[startIdx]!)!;
    const { state, minutes } = parseState(head[1]!);
    const stack: string[] = [];
    let createdBy: string | undefined;
    for (const line of lines.slice(startIdx + 1)) {
      if (line.startsWith('\t') || line.startsWith(' ') || line === '') continue;
      const created = /^created by (\S+)/.exec(line);
      if (created) {
        createdBy = created[1];
        continue;
      }
      stack.push(functionName(line));
    }
    total++;
    const key = `${state}\n${stack.join('\n')}\n${createdBy ?? ''}`;
    const group = byKey.get(key);
    if (group) {
      group.count++;
      if (minutes !== undefined && minutes > (group.waitMinutes ?? -1)) group.waitMinutes = minutes;
    } else {
      const g: GoroutineGroup = { count: 1, state, stack };
      if (minutes !== undefined) g.waitMinutes = minutes;
      if (createdBy) g.createdBy = createdBy;
      byKey.set(key, g);
    }
  }
  return { file, format: 'debug2', total, groups: sortGroups([...byKey.values()]) };
}

/** "chan receive, 12 minutes, locked to thread" → state "chan receive", 12. */
function parseState(text: string): { state: string; minutes: number | undefined } {
  const parts = text.split(',').map((p) => p.trim());
  let minutes: number | undefined;
  const stateParts: string[] = [];
  for (const p of parts) {
    const m = /^(\d+) minutes?$/.exec(p);
    if (m) minutes = Number(m[1]);
    else if (p !== 'locked to thread' && p !== '') stateParts.push(p);
  }
  return { state: stateParts[0] ?? '', minutes };
}

/** "main.leakyWorker(0x0?)" → "main.leakyWorker"; keeps "(*T).m" receivers. */
function functionName(line: string): string {
  const trimmed = line.trim();
  const m = /^(.*?)\((?:[^()]|\.\.\.)*\)$/.exec(trimmed);
  return m && m[1] ? m[1] : trimmed;
}

function sum(groups: GoroutineGroup[]): number {
  return groups.reduce((n, g) => n + g.count, 0);
}

function sortGroups(groups: GoroutineGroup[]): GoroutineGroup[] {
  return groups.sort((a, b) => b.count - a.count);
}
