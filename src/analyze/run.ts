// The runner: every check over one Bundle → AnalysisResult. A check that throws becomes a
// warning finding, "incomplete: check X failed", so the report, the summary and -fail-on
// warning all say so: a bundle must not be able to switch a check off quietly.
import type { Bundle } from '../model/types.ts';
import { TOOL } from '../shared/version.ts';
import { allChecks } from './checks/index.ts';
import type { AnalysisResult, Check, Finding } from './types.ts';
import { SEVERITY_ORDER } from './finding.ts';
import { membersOf, nodesOf } from '../model/facts.ts';

export interface AnalyzeOptions {
  /** Defaults to every check; tests pass their own. */
  checks?: Check[];
}

export function analyze(bundle: Bundle, opts: AnalyzeOptions = {}): AnalysisResult {
  const findings: Finding[] = [];
  const notEvaluated: { check: string; reason: string }[] = [];
  for (const check of opts.checks ?? allChecks) {
    try {
      const outcome = check.run(bundle);
      // a loop, not a spread: a hostile bundle can make a check return more findings than a call takes arguments
      if (Array.isArray(outcome)) for (const f of outcome) findings.push(f);
      else notEvaluated.push({ check: check.id, reason: outcome.notEvaluated });
    } catch (err) {
      findings.push(checkFailed(check, err));
    }
  }
  return {
    tool: TOOL,
    bundle: bundleHeader(bundle),
    summary: summarize(findings),
    findings: sortFindings(findings),
    notEvaluated,
  };
}

/** Thrown by a check that knows which file it was reading, so its failure can name it. */
export class CheckFileError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(message);
    this.file = file;
  }
}

/** True for the finding checkFailed makes: the check stopped, so it judged nothing else. */
export function isCheckFailure(f: Finding): boolean {
  return f.title.startsWith(`incomplete: check ${f.check} failed`);
}

function checkFailed(check: Check, err: unknown): Finding {
  const msg = err instanceof Error ? err.message : String(err);
  const file = err instanceof CheckFileError ? err.file : undefined;
  return {
    check: check.id,
    severity: 'warning',
    subject: 'cluster',
    title: `incomplete: check ${check.id} failed${file ? ` on ${file}` : ''}`,
    detail:
      `The check "${check.title}" stopped with an error (${msg.length > 200 ? `${msg.slice(0, 197)}...` : msg}), so whatever it would have ` +
      'found is missing from this report. The bundle may be damaged or crafted; look at the files this check reads by hand.',
    evidence: file ? [{ file }] : [],
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
