// The runner: every check over one Bundle → AnalysisResult. A check that throws becomes a
// "not evaluated" entry with its error; the analysis itself never crashes on bad data.
import type { Bundle } from '../model/types.ts';
import { allChecks } from './checks/index.ts';
import type { AnalysisResult, Check, Finding } from './types.ts';
import { SEVERITY_ORDER, membersOf, nodesOf } from './util.ts';

export interface AnalyzeOptions {
  tool?: { name: string; version: string };
  /** Defaults to every check; tests pass their own. */
  checks?: Check[];
}

export function analyze(bundle: Bundle, opts: AnalyzeOptions = {}): AnalysisResult {
  const findings: Finding[] = [];
  const notEvaluated: { check: string; reason: string }[] = [];
  for (const check of opts.checks ?? allChecks) {
    try {
      const outcome = check.run(bundle);
      if (Array.isArray(outcome)) findings.push(...outcome);
      else notEvaluated.push({ check: check.id, reason: outcome.notEvaluated });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      notEvaluated.push({ check: check.id, reason: `check failed: ${msg}` });
    }
  }
  return {
    tool: opts.tool ?? { name: 'nomad-debug', version: '0.0.0' },
    bundle: bundleHeader(bundle),
    summary: summarize(findings),
    findings: sortFindings(findings),
    notEvaluated,
  };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.check, b.check) ||
      cmp(a.subject, b.subject),
  );
}

export function summarize(findings: Finding[]): AnalysisResult['summary'] {
  const summary = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return summary;
}

function bundleHeader(bundle: Bundle): AnalysisResult['bundle'] {
  const servers = bundle.servers.length || (membersOf(bundle)?.members.length ?? 0);
  const clients = bundle.clients.length || (nodesOf(bundle)?.nodes.length ?? 0);
  return { layout: bundle.layout, createdAt: bundle.createdAt ?? null, servers, clients };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
