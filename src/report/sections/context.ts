// What every section builder reads: the bundle, the analysis, and a few lookups built once.
import type { AnalysisResult, Finding } from '../../analyze/types.ts';
import type { Bundle } from '../../model/types.ts';
import { isRec, list, recs, text } from '../safe.ts';
import type { SectionState } from '../view-types.ts';

export interface ReportContext {
  bundle: Bundle;
  result: AnalysisResult;
  /** Findings that pass a shape check (the result is ours, but stay tolerant anyway). */
  findings: Finding[];
  findingsBySubject: Map<string, Finding[]>;
  /** Client node id → node name, from the nodes list. */
  nodeNames: Map<string, string>;
}

export function makeContext(bundle: Bundle, result: AnalysisResult): ReportContext {
  const findings = list(result?.findings).filter(
    (f): f is Finding => isRec(f) && typeof f.title === 'string' && typeof f.severity === 'string',
  );
  const findingsBySubject = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = text(f.subject);
    findingsBySubject.set(k, [...(findingsBySubject.get(k) ?? []), f]);
  }
  return { bundle, result, findings, findingsBySubject, nodeNames: nodeNames(bundle) };
}

/** Nodes from cluster/nodes.json, else the latest interval with a nodes list. */
export function nodeList(bundle: Bundle): { file: string; nodes: Record<string, unknown>[] } | null {
  const c = bundle?.cluster?.nodes;
  if (c && Array.isArray(c.value)) return { file: text(c.file), nodes: recs(c.value) };
  const ivs = list(bundle?.intervals);
  for (let k = ivs.length - 1; k >= 0; k--) {
    const n = (ivs[k] as { nodes?: { file: unknown; value: unknown } } | null)?.nodes;
    if (n && Array.isArray(n.value)) return { file: text(n.file), nodes: recs(n.value) };
  }
  return null;
}

function nodeNames(bundle: Bundle): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of nodeList(bundle)?.nodes ?? []) {
    const id = text(n['ID']);
    if (id) m.set(id, text(n['Name']));
  }
  return m;
}

/** "client-2 (4f1c2a9e)" for a known client node id; the id itself otherwise. */
export function agentName(ctx: ReportContext, kind: unknown, id: string): string {
  if (kind !== 'client') return id;
  const name = ctx.nodeNames.get(id);
  return name ? `${name} (${id.slice(0, 8)})` : id;
}

export const ok = (): SectionState => ({ missing: null, error: null });
export const absent = (why: string): SectionState => ({ missing: `Not in this bundle: ${why}.`, error: null });
export const failed = (message: string): SectionState => ({ missing: null, error: `This section could not be built from the bundle data (${message}).` });
