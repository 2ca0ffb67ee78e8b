// The terminal summary of an analysis: counts by severity and the top findings.
import type { AnalysisResult } from '../analyze/types.ts';

export function summaryLines(result: AnalysisResult, top = 5): string[] {
  const { critical, warning, info } = result.summary;
  const lines = [`Findings: ${critical} critical, ${warning} warning, ${info} info`];
  for (const f of result.findings.slice(0, top)) {
    lines.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.subject}: ${f.title}`);
  }
  if (result.findings.length > top) lines.push(`  … and ${result.findings.length - top} more in the report`);
  return lines;
}
