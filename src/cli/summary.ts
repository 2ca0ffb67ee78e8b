// The terminal summary of an analysis: counts by severity and the top findings.
import type { AnalysisResult } from '../analyze/types.ts';
import { visibleText } from '../shared/visible-text.ts';

export function summaryLines(result: AnalysisResult, top = 5): string[] {
  const { critical, warning, info } = result.summary;
  const skipped = result.notEvaluated.length;
  const lines = [`Findings: ${critical} critical, ${warning} warning, ${info} info${skipped ? `; ${skipped} check${skipped === 1 ? '' : 's'} not evaluated (no data)` : ''}`];
  for (const f of result.findings.slice(0, top)) {
    // subjects and titles carry bundle text: nothing in them may steer the terminal
    lines.push(visibleText(`  ${f.severity.toUpperCase().padEnd(8)} ${f.subject}: ${f.title}`));
  }
  if (result.findings.length > top) lines.push(`  … and ${result.findings.length - top} more in the report`);
  return lines;
}
