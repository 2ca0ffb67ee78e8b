// Findings and their evidence: how a check builds what it reports (JSON pointers into the
// file, one finding per cause), and the reason it gives when a file could not be used.
import type { Bundle, Gap } from '../model/types.ts';
import { groupBy } from '../shared/group-by.ts';
import type { Evidence, Finding, Severity } from './types.ts';

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function finding(
  check: string,
  severity: Severity,
  subject: string,
  title: string,
  detail: string,
  evidence: Evidence[] = [],
): Finding {
  return { check, severity, subject, title, detail, evidence };
}

/**
 * One finding per cause: items whose signature is the same on several subjects become one
 * finding about "cluster" that keeps every subject; an item alone keeps its own finding.
 */
export function oneFindingPerCause<T>(items: T[], signature: (t: T) => string, subjectOf: (t: T) => string,
  single: (t: T) => Finding, many: (ts: T[]) => Finding): Finding[] {
  return [...groupBy(items, signature).values()].map((ts) => {
    if (ts.length === 1) return single(ts[0]!);
    return { ...many(ts), subject: 'cluster', subjects: ts.map(subjectOf) };
  });
}

/**
 * Why a file of this name could not be used, when the bundle holds one that way (a gap, of the
 * codes `counts` takes): the reason a check then gives for not judging.
 */
export function unreadable(bundle: Bundle, name: string, counts: (g: Gap) => boolean = () => true): string | undefined {
  const g = bundle.gaps.find((x) => (x.file === name || x.file.endsWith(`/${name}`)) && counts(x));
  return g && `${g.file} could not be used (${g.code}: ${g.reason})`;
}

/** RFC 6901 JSON pointer from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function evidence(file: string, ptr?: string, line?: number): Evidence {
  const e: Evidence = { file };
  if (ptr !== undefined) e.pointer = ptr;
  if (line !== undefined) e.line = line;
  return e;
}
