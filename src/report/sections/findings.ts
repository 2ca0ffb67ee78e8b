// Findings grouped by severity (critical first) with their evidence, and the checks that
// could not be evaluated.
import type { Evidence, Finding } from '../../analyze/types.ts';
import { truncate } from '../escape.ts';
import { capped, LIMITS } from '../limits.ts';
import type { EvidenceView, FindingsView, FindingView } from '../view-types.ts';
import { ok, type ReportContext } from './context.ts';
import { SEVERITIES, severityCounts } from './summary.ts';

export function buildFindings(ctx: ReportContext): FindingsView {
  const groups = SEVERITIES.map((s) => {
    const all = ctx.findings.filter((f) => f.severity === s.severity);
    const { rows, more } = capped(all, LIMITS.findingsPerSeverity);
    return { ...s, count: all.length, items: rows.map(findingView), more, open: true };
  }).filter((g) => g.count > 0);
  const serious = groups.some((g) => g.severity !== 'info');
  for (const g of groups) g.open = g.severity !== 'info' || !serious;
  const notEvaluated = ctx.result.notEvaluated.map((n) => ({ check: n.check, reason: n.reason }));
  return { ...ok(), total: ctx.findings.length, filters: severityCounts(ctx), groups, notEvaluated };
}

export function findingView(f: Finding): FindingView {
  const { rows, more } = capped(f.evidence, LIMITS.evidencePerFinding);
  const detail = truncate(f.detail, LIMITS.detail);
  return {
    severity: f.severity,
    check: f.check,
    subject: f.subject,
    title: f.title,
    detail,
    detailParts: splitCode(detail),
    evidence: rows.map(evidenceView),
    evidenceMore: more,
  };
}

export function evidenceView(e: Evidence): EvidenceView {
  const where = e.pointer || (e.line !== undefined ? `line ${e.line}` : '');
  return { file: e.file, where: where || null };
}

/** "run `nomad eval status <id>` now" → text, code, text parts (odd parts are code). */
export function splitCode(detail: string): { text: string; code: boolean }[] {
  return detail.split('`').map((part, i) => ({ text: part, code: i % 2 === 1 })).filter((p) => p.text !== '');
}
