// What every section builder reads: the bundle, the analysis, and a few lookups built once.
// The bundle is the model's: its types were checked field by field when it was read.
import type { AnalysisResult, Finding } from '../../analyze/types.ts';
import { nodesOf } from '../../model/facts.ts';
import type { Bundle } from '../../model/types.ts';
import type { SectionState } from '../view-types.ts';

export interface ReportContext {
  bundle: Bundle;
  result: AnalysisResult;
  findings: Finding[];
  findingsBySubject: Map<string, Finding[]>;
  /** Client node id → node name, from the nodes list. */
  nodeNames: Map<string, string>;
}

export function makeContext(bundle: Bundle, result: AnalysisResult): ReportContext {
  const findingsBySubject = new Map<string, Finding[]>();
  for (const f of result.findings) {
    // An info line grouped over many agents ("hottest X on 212 of 300 clients") is inventory,
    // not something wrong with each of them: it does not count toward any agent's findings.
    if (f.severity === 'info' && (f.subjects?.length ?? 0) > 1) continue;
    for (const subject of f.subjects ?? [f.subject]) {
      const list = findingsBySubject.get(subject);
      if (list) list.push(f);
      else findingsBySubject.set(subject, [f]);
    }
  }
  return { bundle, result, findings: result.findings, findingsBySubject, nodeNames: nodeNames(bundle) };
}

function nodeNames(bundle: Bundle): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of nodesOf(bundle)?.nodes ?? []) m.set(n.ID, n.Name ?? '');
  return m;
}

/** "client-2 (4f1c2a9e)" for a known client node id; the id itself otherwise. */
export function agentName(ctx: ReportContext, kind: string, id: string): string {
  if (kind !== 'client') return id;
  const name = ctx.nodeNames.get(id);
  return name ? `${name} (${id.slice(0, 8)})` : id;
}

export const ok = (): SectionState => ({ missing: null, error: null });
export const absent = (why: string): SectionState => ({ missing: `Not in this bundle: ${why}.`, error: null });
export const failed = (message: string): SectionState => ({ missing: null, error: `This section could not be built from the bundle data (${message}).` });
