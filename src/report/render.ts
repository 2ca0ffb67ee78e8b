// renderReport: Bundle + AnalysisResult → one self-contained HTML document (DESIGN §5).
import type { AnalysisResult } from '../analyze/types.ts';
import type { Bundle } from '../model/types.ts';
import { visibleView } from './escape.ts';
import { reportTemplate } from './templates.ts';
import { buildViewModel } from './view-model.ts';

export function renderReport(bundle: Bundle, result: AnalysisResult, opts: { generatedAt: string }): string {
  return reportTemplate().render(visibleView(buildViewModel(bundle, result, opts)));
}
