// Decodes a gzipped (or raw) pprof protobuf into a ProfileSummary: the sample type
// `go tool pprof` shows by default, its `-top` table and a pruned root-first flame tree.
// The only user of pprof-format (DESIGN §3).
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import type { FlameNode, ProfileSummary, TopRow } from './types.ts';

const TOP_ROWS_CAP = 200;
/** Flame frames below this share of the total are dropped. */
const FLAME_PRUNE_SHARE = 0.001;
/** Max decompressed size of one profile (a pprof bomb guard). */
const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

export class ProfileDecodeError extends Error {}

/** Decodes pprof bytes (gzipped as Go writes them, or raw protobuf). Throws ProfileDecodeError. */
export function parseProfile(bytes: Uint8Array, file: string): ProfileSummary {
  const profile = decode(bytes, file);
  const strings = profile.stringTable.strings;
  const str = (i: unknown) => strings[Number(i)] ?? '';

  const sampleTypes = profile.sampleType.map((t) => ({ type: str(t.type), unit: str(t.unit) }));
  if (sampleTypes.length === 0) throw new ProfileDecodeError(`${file}: no sample types`);
  const valueIndex = chooseSampleIndex(sampleTypes.map((t) => t.type), str(profile.defaultSampleType));
  const chosen = sampleTypes[valueIndex]!;

  const functionNames = new Map<number, string>();
  for (const fn of profile.function) functionNames.set(Number(fn.id), str(fn.name) || str(fn.systemName));
  // Each location expands to its frames, innermost (inlined) first, like pprof does.
  const locationFrames = new Map<number, string[]>();
  for (const loc of profile.location) {
    const frames = loc.line.map((l) => functionNames.get(Number(l.functionId)) ?? '?');
    locationFrames.set(Number(loc.id), frames.length > 0 ? frames : [`0x${Number(loc.address).toString(16)}`]);
  }

  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  const root: MutableNode = { name: 'root', value: 0, children: new Map() };
  let total = 0;

  for (const sample of profile.sample) {
    const value = Number(sample.value[valueIndex] ?? 0);
    if (value === 0) continue;
    total += value;
    const leafFirst: string[] = [];
    for (const id of sample.locationId) leafFirst.push(...(locationFrames.get(Number(id)) ?? ['?']));
    if (leafFirst.length === 0) {
      root.value += value;
      continue;
    }
    add(flat, leafFirst[0]!, value);
    // cum counts a function once per sample, even when recursive.
    for (const name of new Set(leafFirst)) add(cum, name, value);
    root.value += value;
    let node = root;
    for (let i = leafFirst.length - 1; i >= 0; i--) {
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

  const summary: ProfileSummary = {
    file,
    type: profileType(sampleTypes.map((t) => t.type), file),
    sampleType: chosen.type,
    unit: chosen.unit,
    total,
    top: topTable(flat, cum, total),
    flame: freezeFlame(root, total * FLAME_PRUNE_SHARE),
  };
  const durationNanos = Number(profile.durationNanos ?? 0);
  const timeNanos = Number(profile.timeNanos ?? 0);
  if (durationNanos > 0) summary.durationNanos = durationNanos;
  if (timeNanos > 0) summary.timeNanos = timeNanos;
  return summary;
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
  try {
    // A plain Uint8Array view: the decoder slices a lot, and Buffer#subarray is slower.
    return Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  } catch (err) {
    throw new ProfileDecodeError(`${file}: not a pprof profile (${(err as Error).message})`);
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

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** pprof's default `-top` order: flat desc, then name, then cum desc. */
function topTable(flat: Map<string, number>, cum: Map<string, number>, total: number): TopRow[] {
  const names = [...cum.keys()];
  names.sort((a, b) => {
    const fa = Math.abs(flat.get(a) ?? 0);
    const fb = Math.abs(flat.get(b) ?? 0);
    if (fa !== fb) return fb - fa;
    if (a !== b) return a < b ? -1 : 1;
    return Math.abs(cum.get(b) ?? 0) - Math.abs(cum.get(a) ?? 0);
  });
  const pct = (v: number) => (total === 0 ? 0 : (v / total) * 100);
  let running = 0;
  return names.slice(0, TOP_ROWS_CAP).map((name) => {
    const f = flat.get(name) ?? 0;
    const c = cum.get(name) ?? 0;
    running += f;
    return { name, flat: f, flatPct: pct(f), sumPct: pct(running), cum: c, cumPct: pct(c) };
  });
}

interface MutableNode {
  name: string;
  value: number;
  children: Map<string, MutableNode>;
}

/** Plain FlameNode tree, children largest first, frames under `minValue` dropped. */
function freezeFlame(node: MutableNode, minValue: number): FlameNode {
  const children = [...node.children.values()]
    .filter((c) => c.value >= minValue && c.value > 0)
    .sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1))
    .map((c) => freezeFlame(c, minValue));
  return { name: node.name, value: node.value, children };
}
