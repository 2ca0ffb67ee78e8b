// One pprof-round file → its parsed summary or the Gap it deserves. Pure, so it can run
// inline or in a worker thread (see parse-pool.ts).
import { parseGoroutineText } from './goroutine-text.ts';
import { errorText } from './json-file.ts';
import { BUNDLE_SHAPE, parseProfile } from './pprof.ts';
import type { Gap, GoroutineDump, Json, ProfileSummary } from './types.ts';

export type PprofOutcome =
  | { kind: 'profile'; value: ProfileSummary }
  | { kind: 'dump'; value: GoroutineDump }
  | { kind: 'gap'; gap: Gap };

/** `text` is true for goroutine-debug1/2 dumps, false for binary pprof files. */
export function parsePprofEntry(rel: string, text: boolean, bytes: Uint8Array): PprofOutcome {
  if (bytes.length === 0) return { kind: 'gap', gap: { file: rel, code: 'EMPTY', reason: 'empty file' } };
  const notData = errorFileText(bytes);
  if (notData !== undefined) return { kind: 'gap', gap: { file: rel, code: 'ERROR_FILE', reason: notData } };
  if (text) {
    const dump = parseGoroutineText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), rel);
    return dump ? { kind: 'dump', value: dump } : { kind: 'gap', gap: { file: rel, code: 'INVALID_TEXT', reason: 'not a Go goroutine dump' } };
  }
  try {
    return { kind: 'profile', value: parseProfile(bytes, rel, BUNDLE_SHAPE) };
  } catch (err) {
    return { kind: 'gap', gap: { file: rel, code: 'INVALID_PROFILE', reason: (err as Error).message } };
  }
}

/** A small file that is `{"Error": ...}` instead of profile data. */
function errorFileText(bytes: Uint8Array): string | undefined {
  if (bytes.length > 1024 * 1024 || bytes[0] !== 0x7b /* { */) return undefined;
  try {
    return errorText(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as Json);
  } catch {
    return undefined;
  }
}
