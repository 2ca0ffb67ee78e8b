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
 * Dumps hold thousands of goroutines in a few dozen distinct stacks, so a goroutine is kept as
 * positions in the text and compared with the groups seen so far; strings are cut only for a
 * new group. The output is the same as grouping by the joined names.
 */
export function parseDebug2(text: string, file: string): GoroutineDump {
  const grouper = new StackGrouper(text);
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const c = text.charCodeAt(pos);
    if (c === 9 /* \t */ || c === 32 || pos === nl) {
      // file:line of the frame above, or a blank line between goroutines
    } else if (c === 103 /* g */ && text.startsWith('goroutine ', pos)) {
      grouper.start(text.slice(pos, nl));
    } else if (c === 99 /* c */ && text.startsWith('created by ', pos)) {
      grouper.createdBy(pos + 11, nl);
    } else {
      grouper.frame(pos, nl);
    }
    pos = nl + 1;
  }
  grouper.finish();
  return { file, format: 'debug2', total: grouper.total, groups: sortGroups(grouper.groups) };
}

/** Collects one goroutine at a time as ranges of the text and counts it into its group. */
class StackGrouper {
  readonly groups: GoroutineGroup[] = [];
  total = 0;
  readonly #text: string;
  /** Groups by a hash of state, frame lengths and a few characters; candidates are compared exactly. */
  readonly #byHash = new Map<number, GoroutineGroup[]>();
  #open = false;
  #state = '';
  #minutes: number | undefined;
  /** Frame names as [start, end) pairs. */
  #frames = new Int32Array(256);
  #frameCount = 0;
  #creatorStart = -1;
  #creatorEnd = -1;

  constructor(text: string) {
    this.#text = text;
  }

  /** "goroutine 12 [chan receive, 3 minutes]:" ends the goroutine before; other text opens none. */
  start(line: string): void {
    this.finish();
    const head = /^goroutine \d+ \[([^\]]*)\]/.exec(line);
    if (!head) return;
    const { state, minutes } = parseState(head[1]!);
    this.#open = true;
    this.#state = state;
    this.#minutes = minutes;
    this.#frameCount = 0;
    this.#creatorStart = -1;
  }

  /** "pkg.fn(args)" → "pkg.fn" as a range, white space trimmed; keeps "(*T).m" receivers. */
  frame(pos: number, nl: number): void {
    if (!this.#open) return;
    const text = this.#text;
    let end = nl;
    while (end > pos && isTrimmedSpace(text.charCodeAt(end - 1))) end--;
    if (end > pos && text.charCodeAt(end - 1) === 41 /* ) */) {
      // The argument list is the last "(...)" group; receivers like "(*T)" come before it.
      let open = end - 2;
      while (open > pos && text.charCodeAt(open) !== 40 /* ( */) open--;
      if (open > pos) end = open;
    }
    if (this.#frameCount * 2 === this.#frames.length) {
      const grown = new Int32Array(this.#frames.length * 2);
      grown.set(this.#frames);
      this.#frames = grown;
    }
    this.#frames[this.#frameCount * 2] = pos;
    this.#frames[this.#frameCount * 2 + 1] = end;
    this.#frameCount++;
  }

  /** "created by main.main in goroutine 1": from `from` to the next space (or the line's end). */
  createdBy(from: number, nl: number): void {
    if (!this.#open) return;
    const space = this.#text.indexOf(' ', from);
    this.#creatorStart = from;
    this.#creatorEnd = space < 0 || space > nl ? nl : space;
  }

  /** Counts the open goroutine, if any, into the group of its identical stack (same state and creator too). */
  finish(): void {
    if (!this.#open) return;
    this.#open = false;
    this.total++;
    const hash = this.#hash();
    const candidates = this.#byHash.get(hash);
    const group = candidates && this.#match(candidates);
    if (group) {
      group.count++;
      if (this.#minutes !== undefined && this.#minutes > (group.waitMinutes ?? -1)) group.waitMinutes = this.#minutes;
      return;
    }
    const fresh = this.#newGroup();
    if (candidates) candidates.push(fresh);
    else this.#byHash.set(hash, [fresh]);
    this.groups.push(fresh);
  }

  #hash(): number {
    const text = this.#text;
    const f = this.#frames;
    let h = Math.imul(this.#state.length + 1, 0x9e3779b1) ^ this.#frameCount;
    for (let i = 0; i < this.#frameCount * 2; i += 2) {
      const s = f[i]!;
      const e = f[i + 1]!;
      const chars = e > s ? (text.charCodeAt(e - 1) << 8) ^ text.charCodeAt((s + e) >> 1) : 0;
      h = Math.imul(h ^ (e - s) ^ chars, 0x01000193);
    }
    if (this.#creatorStart >= 0) h = Math.imul(h ^ (this.#creatorEnd - this.#creatorStart) ^ 0x5bd1e995, 0x01000193);
    return h;
  }

  #match(candidates: GoroutineGroup[]): GoroutineGroup | undefined {
    for (const g of candidates) if (this.#matches(g)) return g;
    return undefined;
  }

  #matches(g: GoroutineGroup): boolean {
    if (g.state !== this.#state || g.stack.length !== this.#frameCount) return false;
    if (!this.#sameText(g.createdBy ?? '', this.#creatorStart, this.#creatorEnd)) return false;
    const f = this.#frames;
    for (let i = 0; i < this.#frameCount; i++) if (!this.#sameText(g.stack[i]!, f[i * 2]!, f[i * 2 + 1]!)) return false;
    return true;
  }

  /** Whether text[start, end) is `s`; an absent range (start < 0) is the empty string. */
  #sameText(s: string, start: number, end: number): boolean {
    if (start < 0) return s === '';
    return end - start === s.length && this.#text.startsWith(s, start);
  }

  #newGroup(): GoroutineGroup {
    const text = this.#text;
    const f = this.#frames;
    const stack: string[] = [];
    for (let i = 0; i < this.#frameCount; i++) stack.push(text.slice(f[i * 2]!, f[i * 2 + 1]!));
    const fresh: GoroutineGroup = { count: 1, state: this.#state, stack };
    if (this.#minutes !== undefined) fresh.waitMinutes = this.#minutes;
    const creator = this.#creatorStart >= 0 ? text.slice(this.#creatorStart, this.#creatorEnd) : '';
    if (creator) fresh.createdBy = creator;
    return fresh;
  }
}

/** The characters String.prototype.trimEnd removes (white space and line terminators). */
function isTrimmedSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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

function sum(groups: GoroutineGroup[]): number {
  return groups.reduce((n, g) => n + g.count, 0);
}

function sortGroups(groups: GoroutineGroup[]): GoroutineGroup[] {
  return groups.sort((a, b) => b.count - a.count);
}
