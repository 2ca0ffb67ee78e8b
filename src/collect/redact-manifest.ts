// Our manifest.json after a `redact` pass: the pass is recorded (tool version, rules), its cuts
// join the redaction audit, and the sha256 and size of every file it changed are those of the
// new bytes, so `analyze` does not take the redacted bundle for one changed after collection.
// The manifest is itself redacted first: a -no-redact run may have kept a secret in an error text.
import type { Manifest, RedactionRecord, ReRedactionRecord } from '../archive/manifest.ts';
import { redactJson, type RedactOptions } from './redact.ts';

export interface WrittenEntry {
  sha256: string;
  bytes: number;
}

export interface ReRedaction {
  /** Bundle-relative path → the bytes written, for every entry whose bytes changed. */
  changed: ReadonlyMap<string, WrittenEntry>;
  redactions: readonly RedactionRecord[];
  record: ReRedactionRecord;
}

/** A parsed manifest.json made over (in place; it must be the caller's own), or undefined when it is not one of ours. */
export function reRedactManifest(doc: unknown, pass: ReRedaction, opts: RedactOptions): { manifest: Manifest; redactions: RedactionRecord[] } | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const m = doc as Partial<Manifest>;
  if (!Array.isArray(m.captures)) return undefined;
  const own = redactJson(m, opts).redactions.filter((r) => r.rule !== 'nomad').map((r) => ({ path: 'manifest.json', ...r }));
  for (const c of m.captures) {
    if (c === null || typeof c !== 'object' || typeof c.path !== 'string') continue;
    const w = pass.changed.get(c.path);
    if (!w || typeof c.sha256 !== 'string' || c.sha256 === '') continue;
    c.sha256 = w.sha256;
    c.bytes = w.bytes;
  }
  const before = Array.isArray(m.redactions) ? m.redactions : [];
  m.redactions = [...before, ...pass.redactions, ...own];
  const passes = Array.isArray(m.reRedactions) ? m.reRedactions : [];
  m.reRedactions = [...passes, { ...pass.record, redactions: pass.record.redactions + own.length }];
  return { manifest: m as Manifest, redactions: own };
}
