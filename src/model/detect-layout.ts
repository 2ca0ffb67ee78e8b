// Which tool and Nomad version wrote a bundle, from its bundle-relative paths.
import {
  CLIENT_DIR,
  CLUSTER_DIR,
  INTERVAL_DIR,
  LEGACY_CLUSTER_DIR,
  LEGACY_INTERVAL_DIR,
  MANIFEST_FILE,
  SERVER_DIR,
} from '../archive/layout.ts';
import type { Layout } from './types.ts';

/** Paths are bundle-relative (root folder stripped). */
export function detectLayout(paths: Iterable<string>): Layout {
  let nomad = false;
  let legacy = false;
  let agents = false;
  for (const p of paths) {
    if (p === MANIFEST_FILE) return 'nomad-debug';
    const [top, second] = p.split('/');
    if (top === CLUSTER_DIR || (top === INTERVAL_DIR && second !== undefined && /^\d+$/.test(second))) nomad = true;
    else if (top === LEGACY_CLUSTER_DIR || (top === LEGACY_INTERVAL_DIR && second !== undefined && /^\d+$/.test(second))) legacy = true;
    else if (top === SERVER_DIR || top === CLIENT_DIR) agents = true;
  }
  if (nomad) return 'nomad';
  if (legacy) return 'nomad-legacy';
  return agents ? 'nomad' : 'unknown';
}

const TOP_LEVEL_NAMES = new Set([
  CLUSTER_DIR, SERVER_DIR, CLIENT_DIR, INTERVAL_DIR, LEGACY_CLUSTER_DIR, LEGACY_INTERVAL_DIR,
]);

/**
 * The archive's top folder ("nomad-debug-<ts>"), judged from the first entry's path:
 * a first segment that is not itself a bundle folder and has more below it.
 */
export function rootOf(firstPath: string): string {
  const parts = firstPath.split('/');
  if (parts.length < 2) return '';
  return TOP_LEVEL_NAMES.has(parts[0]!) ? '' : parts[0]!;
}

/** "nomad-debug-2024-07-09-153012Z" → "2024-07-09T15:30:12Z". */
export function timeFromRoot(root: string): string | undefined {
  const m = /(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})Z/.exec(root);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  return Number.isFinite(Date.parse(iso)) ? iso : undefined;
}
