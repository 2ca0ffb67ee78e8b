// Whether a bundle is as it was written: names that appear twice, and (for our bundles) files
// whose bytes differ from the sha256 manifest.json recorded, files it lists that are gone, and
// files beside it that it does not list. "This bundle was changed after it was collected" is
// what a support engineer must know before trusting anything else in it. Pure.
import { CLUSTER_DIR, CLUSTER_FILES, INDEX_FILE, INDEX_HTML_FILE, MANIFEST_FILE } from '../archive/layout.ts';
import type { Manifest } from '../archive/manifest.ts';
import type { BundleIntegrity } from './types.ts';

/** Files our collector writes without a capture record of their own. */
const UNRECORDED = new Set([MANIFEST_FILE, INDEX_FILE, INDEX_HTML_FILE, `${CLUSTER_DIR}/${CLUSTER_FILES.cliFlags}`]);

export function checkIntegrity(
  manifest: Manifest | undefined,
  files: readonly string[],
  digests: ReadonlyMap<string, string>,
  duplicates: ReadonlyMap<string, number>,
): BundleIntegrity {
  const out: BundleIntegrity = {
    duplicates: [...duplicates].map(([file, copies]) => ({ file, copies })),
    changed: [],
    missing: [],
    added: [],
    verified: 0,
  };
  if (!manifest || !Array.isArray(manifest.captures)) return out;
  const present = new Set(files);
  const listed = new Set<string>();
  for (const c of manifest.captures) {
    if (c === null || typeof c !== 'object' || typeof c.path !== 'string') continue;
    listed.add(c.path);
    const written = typeof c.sha256 === 'string' && c.sha256 !== '' && (c.bytes ?? 0) > 0;
    if (!present.has(c.path)) {
      if (c.status === 'ok' || written) out.missing.push(c.path);
      continue;
    }
    if (!written) continue;
    const actual = digests.get(c.path);
    if (actual === undefined) continue; // not read (over a cap): that is a gap already
    out.verified++;
    if (actual !== c.sha256) out.changed.push({ file: c.path, expected: c.sha256!, actual });
  }
  for (const f of files) if (!listed.has(f) && !UNRECORDED.has(f)) out.added.push(f);
  return out;
}
