// Decodes a gzipped (or raw) pprof protobuf into a ProfileSummary: the sample type
// `go tool pprof` shows by default, its `-top` table and a pruned root-first flame tree.
// The only user of pprof-format (DESIGN §3).
import { gunzipSync } from 'node:zlib';
import { Profile, type Sample } from 'pprof-format';
import type { FlameNode, ProfileSummary, TopRow } from './types.ts';

/** What a summary keeps: the whole table and every tree for tests and tools, less in a bundle. */
export interface SummaryShape {
  /** Rows of the top table kept, in `-top` order. */
  topRows: number;
  /** Profile types that get a flame tree (undefined: all). */
  flameTypes?: readonly string[];
  /** Flame frames below this share of the total are dropped. */
  flameMinShare: number;
}

/** Everything `go tool pprof -top` shows (capped), a flame tree for every profile. */
export const FULL_SHAPE: SummaryShape = { topRows: 200, flameMinShare: 0.001 };

/**
 * What the analysis and the report read from a bundle's profiles: the first rows of each top
 * table and a CPU flame tree pruned where the report's flame graph stops drawing. Hundreds of
 * agents' summaries cross from the parse worker, so each is kept small.
 */
export const BUNDLE_SHAPE: SummaryShape = { topRows: 30, flameTypes: ['cpu'], flameMinShare: 0.004 };

/** Max decompressed size of one profile (a pprof bomb guard). */
const MAX_PROFILE_BYTES = 64 * 1024 * 1024;
/**
 * Frames of one stack kept in the flame tree, from the root. Go records at most 128 frames a
 * stack (runtime/pprof's maxStack since Go 1.23; 64 before): deeper is not Go's, and a tree as
 * deep as a hostile stack would overflow every recursive reader of it.
 */
export const MAX_FLAME_DEPTH = 512;

export class ProfileDecodeError extends Error {}

/** Decodes pprof bytes (gzipped as Go writes them, or raw protobuf). Throws ProfileDecodeError. */
export function parseProfile(bytes: Uint8Array, file: string, shape: SummaryShape = FULL_SHAPE): ProfileSummary {
  const profile = decode(bytes, file);
  const strings = profile.stringTable.strings;
  const { type, valueIndex, sampleType, unit } = sampleChoice(profile, strings, file);
  const names = new Names();
  const frames = locationFrames(profile, strings, names, file);
  const wantFlame = shape.flameTypes === undefined || shape.flameTypes.includes(type);
  const sums = accumulate(profile.sample, valueIndex, frames, names, wantFlame, file);
  const summary: ProfileSummary = {
    file,
    type,
    sampleType,
    unit,
    total: sums.total,
    top: topTable(names.list, sums.flat, sums.cum, sums.lastSample, sums.total, shape.topRows),
  };
  if (wantFlame) summary.flame = freezeFlame(sums.root, sums.total * shape.flameMinShare, names.list);
  const durationNanos = Number(profile.durationNanos ?? 0);
  const timeNanos = Number(profile.timeNanos ?? 0);
  if (durationNanos > 0) summary.durationNanos = durationNanos;
  if (timeNanos > 0) summary.timeNanos = timeNanos;
  return summary;
}

/** A string-table entry by index (a number or a BigInt in pprof-format); '' when out of range. */
function stringAt(strings: string[], i: unknown): string {
  return strings[Number(i)] ?? '';
}

/** The sample type shown (as `go tool pprof` picks it) and the profile's kind. */
function sampleChoice(profile: Profile, strings: string[], file: string): { type: string; valueIndex: number; sampleType: string; unit: string } {
  const types = profile.sampleType.map((t) => stringAt(strings, t.type));
  if (types.length === 0) throw new ProfileDecodeError(`${file}: no sample types`);
  // the string table is written last: a cut-off profile has samples but no names
  if (strings[0] !== '' || types.some((t) => t === '')) throw new ProfileDecodeError(`${file}: no string table for its sample types (a truncated or damaged profile)`);
  const valueIndex = chooseSampleIndex(types, stringAt(strings, profile.defaultSampleType));
  return { type: profileType(types, file), valueIndex, sampleType: types[valueIndex]!, unit: stringAt(strings, profile.sampleType[valueIndex]!.unit) };
}

/** Location id → its frames as name ids, innermost (inlined) first, like pprof expands them. */
function locationFrames(profile: Profile, strings: string[], names: Names, file: string): Map<number, number[]> {
  const functionName = new Map<number, number>();
  for (const fn of profile.function) {
    if (Number(fn.name) >= strings.length) dangling(file, 'string', fn.name);
    functionName.set(Number(fn.id), names.id(stringAt(strings, fn.name) || stringAt(strings, fn.systemName)));
  }
  const frames = new Map<number, number[]>();
  for (const loc of profile.location) {
    const ids = loc.line.map((l) => functionName.get(Number(l.functionId)) ?? dangling(file, 'function', l.functionId));
    frames.set(Number(loc.id), ids.length > 0 ? ids : [names.id(`0x${Number(loc.address).toString(16)}`)]);
  }
  return frames;
}

/** As Go's Profile.CheckValid: a reference to what the file does not hold means it was cut off or damaged. */
function dangling(file: string, what: string, id: unknown): never {
  throw new ProfileDecodeError(`${file}: refers to ${what} ${String(id)}, which it does not hold (a truncated or damaged profile)`);
}

interface Sums {
  total: number;
  flat: Float64Array;
  cum: Float64Array;
  /** Per name, the last sample that counted it in cum (-1: in no sample). */
  lastSample: Int32Array;
  root: MutableNode;
}

/** Flat and cum per name and the call tree (when wanted), over the samples' chosen value. */
function accumulate(samples: readonly Sample[], valueIndex: number, frames: Map<number, number[]>, names: Names, wantFlame: boolean, file: string): Sums {
  const sums: Sums = {
    total: 0,
    flat: new Float64Array(names.count),
    cum: new Float64Array(names.count),
    lastSample: new Int32Array(names.count).fill(-1),
    root: { name: -1, value: 0, children: new Map() },
  };
  const leafFirst: number[] = [];
  for (let s = 0; s < samples.length; s++) {
    const sample = samples[s]!;
    const value = Number(sample.value[valueIndex] ?? 0);
    if (value === 0) continue;
    sums.total += value;
    sums.root.value += value;
    leafFirst.length = 0;
    for (const id of sample.locationId) for (const name of frames.get(Number(id)) ?? dangling(file, 'location', id)) leafFirst.push(name);
    if (leafFirst.length === 0) continue;
    countSample(sums, leafFirst, value, s);
    if (wantFlame) addToTree(sums.root, leafFirst, value);
  }
  return sums;
}

/** flat for the leaf; cum once per function per sample, even when recursive. */
function countSample(sums: Sums, leafFirst: number[], value: number, s: number): void {
  sums.flat[leafFirst[0]!]! += value;
  for (const name of leafFirst) {
    if (sums.lastSample[name] === s) continue;
    sums.lastSample[name] = s;
    sums.cum[name]! += value;
  }
}

function addToTree(root: MutableNode, leafFirst: number[], value: number): void {
  let node = root;
  const stop = Math.max(0, leafFirst.length - MAX_FLAME_DEPTH);
  for (let i = leafFirst.length - 1; i >= stop; i--) {
    const name = leafFirst[i]!;
    let child = node.children.get(name);
    if (!child) {
      child = { name, value: 0, children: new Map() };
      node.children.set(name, child);
    }
    child.value += value;
    node = child;
  }
}

/** Distinct function names, numbered in order of first use. */
class Names {
  readonly list: string[] = [];
  readonly #ids = new Map<string, number>();
  get count(): number {
    return this.list.length;
  }
  id(name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(name);
      this.#ids.set(name, id);
    }
    return id;
  }
}

function decode(bytes: Uint8Array, file: string): Profile {
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes, { maxOutputLength: MAX_PROFILE_BYTES });
    } catch (err) {
      throw new ProfileDecodeError(`${file}: not a valid gzipped profile (${(err as Error).message})`);
    }
  }
  checkFraming(raw, file);
  try {
    // A plain Uint8Array view: the decoder slices a lot, and Buffer#subarray is slower.
    return Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  } catch (err) {
    throw new ProfileDecodeError(`${file}: not a pprof profile (${(err as Error).message})`);
  }
}

/**
 * Walks the top-level protobuf fields and checks each ends inside the bytes. pprof-format reads
 * a field cut off at the end as a shorter one; Go's decoder (and so `go tool pprof`) says
 * "unexpected EOF". A cut-off profile must be a gap, not a summary of half a file.
 */
function checkFraming(buf: Uint8Array, file: string): void {
  const cut = (): never => {
    throw new ProfileDecodeError(`${file}: the protobuf ends inside a field (a truncated or damaged profile)`);
  };
  const varint = (at: number): [number, number] => {
    let value = 0;
    let scale = 1;
    for (let i = at; i < buf.length && i < at + 10; i++) {
      const b = buf[i]!;
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return [value, i + 1];
    }
    return cut();
  };
  let at = 0;
  while (at < buf.length) {
    const [key, afterKey] = varint(at);
    const wire = key % 8;
    if (wire === 0) at = varint(afterKey)[1];
    else if (wire === 1) at = afterKey + 8;
    else if (wire === 5) at = afterKey + 4;
    else if (wire === 2) {
      const [len, afterLen] = varint(afterKey);
      at = afterLen + len;
    } else throw new ProfileDecodeError(`${file}: not a pprof profile (protobuf wire type ${wire})`);
    if (at > buf.length) cut();
  }
}

/** `go tool pprof` default: the profile's default_sample_type if set, else the last type. */
export function chooseSampleIndex(types: string[], defaultType: string): number {
  if (defaultType) {
    const i = types.indexOf(defaultType);
    if (i >= 0) return i;
  }
  return types.length - 1;
}

function profileType(types: string[], file: string): string {
  const base = file.split('/').pop() ?? file;
  const fromName = /^(profile|heap|allocs|goroutine|threadcreate|block|mutex)(?:_\d+)?\.prof$/.exec(base)?.[1];
  if (fromName) return fromName === 'profile' ? 'cpu' : fromName;
  if (types.includes('cpu')) return 'cpu';
  if (types.includes('inuse_space')) return 'heap';
  if (types.includes('alloc_space')) return 'allocs';
  if (types.includes('goroutine')) return 'goroutine';
  if (types.includes('threadcreate')) return 'threadcreate';
  if (types.includes('delay')) return 'block';
  return types[types.length - 1] ?? 'unknown';
}

/** pprof's default `-top` order: flat desc, then name, then cum desc; only names some sample holds (`seen` is not -1). */
function topTable(names: string[], flat: Float64Array, cum: Float64Array, seen: Int32Array, total: number, rows: number): TopRow[] {
  const ids: number[] = [];
  for (let i = 0; i < names.length; i++) if (seen[i] !== -1) ids.push(i);
  ids.sort((a, b) => {
    const fa = Math.abs(flat[a]!);
    const fb = Math.abs(flat[b]!);
    if (fa !== fb) return fb - fa;
    if (names[a] !== names[b]) return names[a]! < names[b]! ? -1 : 1;
    return Math.abs(cum[b]!) - Math.abs(cum[a]!);
  });
  const pct = (v: number) => (total === 0 ? 0 : (v / total) * 100);
  let running = 0;
  return ids.slice(0, rows).map((id) => {
    const f = flat[id]!;
    const c = cum[id]!;
    running += f;
    return { name: names[id]!, flat: f, flatPct: pct(f), sumPct: pct(running), cum: c, cumPct: pct(c) };
  });
}

interface MutableNode {
  /** Index into the profile's names; -1 for the root. */
  name: number;
  value: number;
  children: Map<number, MutableNode>;
}

/** Plain FlameNode tree, children largest first, frames under `minValue` dropped. A loop, not recursion: stacks can be deep. */
function freezeFlame(root: MutableNode, minValue: number, names: string[]): FlameNode {
  const frozen: FlameNode = { name: 'root', value: root.value, children: [] };
  const todo: [MutableNode, FlameNode][] = [[root, frozen]];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const [node, out] = next;
    for (const child of keptChildren(node, minValue, names)) {
      const f: FlameNode = { name: names[child.name]!, value: child.value, children: [] };
      out.children.push(f);
      todo.push([child, f]);
    }
  }
  return frozen;
}

function keptChildren(node: MutableNode, minValue: number, names: string[]): MutableNode[] {
  const kept: MutableNode[] = [];
  for (const c of node.children.values()) if (c.value >= minValue && c.value > 0) kept.push(c);
  return kept.sort((a, b) => b.value - a.value || (names[a.name]! < names[b.name]! ? -1 : 1));
}
