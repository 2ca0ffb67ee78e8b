// Bundle entry names come from the cluster (member names, node ids, plugin ids) and from
// untrusted archives. These helpers make sure no name can reach outside the bundle root.
import path from 'node:path';
import { NomadDebugError } from './errors.ts';

export class UnsafePathError extends NomadDebugError {
  constructor(message: string) {
    super('UNSAFE_PATH', message);
  }
}

/** Nomad's cleaning of a file name: / \ < > : " | ? * become _ (helper.CleanFilename). */
export function cleanFileName(name: string): string {
  return name.replace(/[/\\<>:"|?*]/g, '_');
}

/**
 * Makes one path element from an untrusted name (member name, node id): Nomad's cleaning,
 * control characters dropped, and the special names "", "." and ".." refused.
 */
export function safeSegment(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = cleanFileName(name).replace(/[\x00-\x1f\x7f]/g, '_');
  if (cleaned === '' || cleaned === '.' || cleaned === '..') {
    throw new UnsafePathError(`Unsafe bundle path element ${JSON.stringify(name)}`);
  }
  return cleaned.length > 200 ? cleaned.slice(0, 200) : cleaned;
}

/**
 * Normalises a relative bundle path ("a/b/c") and refuses absolute paths, drive letters,
 * NUL bytes and any ".." segment. Returns the posix form without a leading "./".
 */
export function normalizeEntryPath(rel: string): string {
  if (rel.includes('\0')) throw new UnsafePathError(`Unsafe bundle path ${JSON.stringify(rel)}: NUL byte`);
  const posix = rel.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix)) {
    throw new UnsafePathError(`Unsafe bundle path ${JSON.stringify(rel)}: absolute`);
  }
  const parts = posix.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) {
    throw new UnsafePathError(`Unsafe bundle path ${JSON.stringify(rel)}: contains ".."`);
  }
  if (parts.length === 0) throw new UnsafePathError(`Unsafe bundle path ${JSON.stringify(rel)}: empty`);
  return parts.join('/');
}

/** Joins a root folder and a relative bundle path, refusing anything that would escape root. */
export function safeJoin(root: string, ...rel: string[]): string {
  const normalized = normalizeEntryPath(rel.join('/'));
  const full = path.resolve(root, ...normalized.split('/'));
  const base = path.resolve(root);
  if (full !== base && !full.startsWith(base + path.sep)) {
    throw new UnsafePathError(`Unsafe bundle path ${JSON.stringify(rel.join('/'))}: escapes ${base}`);
  }
  return full;
}
