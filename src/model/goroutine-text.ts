// Parses Go's text goroutine dumps (`/debug/pprof/goroutine?debug=1` and `?debug=2`)
// into groups of identical stacks, largest first.
import type { GoroutineDump, GoroutineGroup } from './types.ts';

/** Detects the format and parses; returns undefined when the text is neither form. */
export function parseGoroutineText(text: string, file: string): GoroutineDump | undefined {
  const head = text.trimStart().slice(0, 64);
  if (/^goroutine profile: total \d+/.test(head)) return parseDebug1(text, file);
  if (/^goroutine \d+ \[/.test(head)) return parseDebug2(text, file);
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

/**
 * debug=2: blocks "goroutine N [state, M minutes]:" + "func(args)" / "\tfile:line +0x.." pairs.
 * One pass over the lines (dumps of thousands of goroutines are common); the steps are small
 * functions so that V8, which re-optimizes this loop a few times as dumps vary, recompiles
 * little each time.
 */
export function parseDebug2(text: string, file: string): GoroutineDump {
  const groups = new Map<string, GoroutineGroup>();
  let total = 0;
  let current: Goroutine | undefined;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const c = text.charCodeAt(pos);
    if (c === 9 /* \t */ || c === 32 || pos === nl) {
      // file:line of the frame above, or a blank line between goroutines
    } else if (text.startsWith('goroutine ', pos)) {
      if (current) {
        total++;
        addToGroup(groups, current);
      }
      current = goroutineHead(text.slice(pos, nl));
    } else if (current) {
      if (text.startsWith('created by ', pos)) current.createdBy = creator(text, pos, nl);
      else current.stack.push(functionName(text.slice(pos, nl)));
    }
    pos = nl + 1;
  }
  if (current) {
    total++;
    addToGroup(groups, current);
  }
  return { file, format: 'debug2', total, groups: sortGroups([...groups.values()]) };
}

interface Goroutine {
  state: string;
  minutes: number | undefined;
  stack: string[];
  createdBy: string | undefined;
}

/** "goroutine 12 [chan receive, 3 minutes]:" → a goroutine with no frames yet; undefined for other text. */
function goroutineHead(line: string): Goroutine | undefined {
  const head = /^goroutine \d+ \[([^\]]*)\]/.exec(line);
  if (!head) return undefined;
  const { state, minutes } = parseState(head[1]!);
  return { state, minutes, stack: [], createdBy: undefined };
}

/** "created by main.main in goroutine 1" → "main.main". */
function creator(text: string, pos: number, nl: number): string {
  const end = text.indexOf(' ', pos + 11);
  return text.slice(pos + 11, end < 0 || end > nl ? nl : end);
}

/** Counts a goroutine in the group of its identical stack (same state and creator too). */
function addToGroup(groups: Map<string, GoroutineGroup>, g: Goroutine): void {
  const key = `${g.state}\n${g.stack.join('\n')}\n${g.createdBy ?? ''}`;
  const group = groups.get(key);
  if (group) {
    group.count++;
    if (g.minutes !== undefined && g.minutes > (group.waitMinutes ?? -1)) group.waitMinutes = g.minutes;
    return;
  }
  const fresh: GoroutineGroup = { count: 1, state: g.state, stack: g.stack };
  if (g.minutes !== undefined) fresh.waitMinutes = g.minutes;
  if (g.createdBy) fresh.createdBy = g.createdBy;
  groups.set(key, fresh);
}

const stateCache = new Map<string, { state: string; minutes: number | undefined }>();

/** "chan receive, 12 minutes, locked to thread" → state "chan receive", 12. Few distinct texts: cached. */
function parseState(text: string): { state: string; minutes: number | undefined } {
  let parsed = stateCache.get(text);
  if (!parsed) {
    parsed = parseStateText(text);
    if (stateCache.size > 1000) stateCache.clear();
    stateCache.set(text, parsed);
  }
  return parsed;
}

function parseStateText(text: string): { state: string; minutes: number | undefined } {
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
  const trimmed = line.trimEnd();
  if (!trimmed.endsWith(')')) return trimmed;
  // The argument list is the last "(...)" group; receivers like "(*T)" come before it.
  const open = trimmed.lastIndexOf('(');
  return open > 0 ? trimmed.slice(0, open) : trimmed;
}

function sum(groups: GoroutineGroup[]): number {
  return groups.reduce((n, g) => n + g.count, 0);
}

function sortGroups(groups: GoroutineGroup[]): GoroutineGroup[] {
  return groups.sort((a, b) => b.count - a.count);
}
