// `nomad-debug analyze BUNDLE`: bundle → model → findings → HTML (and JSON) → exit code.
import path from 'node:path';
import type { AnalysisResult } from '../../analyze/types.ts';
import { readBundle } from '../../model/read-bundle.ts';
import { EXIT, UsageError } from '../../shared/errors.ts';
import { jsonOutput } from '../json-output.ts';
import { say, sayPath, type Io } from '../io.ts';
import { summaryLines } from '../summary.ts';
import { writeFileAtomic } from '../write-file.ts';

export interface AnalyzeFlags {
  bundle?: string;
  out?: string;
  json?: string;
  'fail-on'?: string;
}

const FAIL_ON = ['critical', 'warning', 'never'] as const;

/** Report name from the bundle name: nomad-debug-…tar.gz → nomad-debug-….html */
export function defaultReportName(bundle: string): string {
  const base = path.basename(path.resolve(bundle)).replace(/\.(tar\.gz|tgz|tar|gz)$/i, '');
  return `${base || 'bundle'}.html`;
}

export function exitCodeFor(result: AnalysisResult, failOn: string): number {
  if (failOn === 'critical' && result.summary.critical > 0) return EXIT.critical;
  if (failOn === 'warning') {
    if (result.summary.critical > 0) return EXIT.critical;
    if (result.summary.warning > 0) return EXIT.warning;
  }
  return EXIT.ok;
}

/** findings.json's text, the same on stdout (-json -) and in a file. */
export const findingsJson = (result: AnalysisResult): string => JSON.stringify(result, null, 2) + '\n';

/** Analyzes one bundle and writes its report; returns the result and where the report went. */
export async function analyzeToFiles(
  input: string,
  out: string,
  jsonOut: string | undefined,
): Promise<{ result: AnalysisResult; reportPath: string }> {
  // The checks and the report load while the bundle is read, not before it: from the sources
  // the first entry is read about 50 ms sooner.
  const later = Promise.all([import('../../analyze/run.ts'), import('../../report/render.ts')]);
  later.catch(() => undefined); // awaited below; a bad bundle's error comes first
  const bundle = await readBundle(input);
  const [{ analyze }, { renderReport }] = await later;
  const result = analyze(bundle);
  const html = renderReport(bundle, result, { generatedAt: new Date().toISOString() });
  await writeFileAtomic(out, html);
  if (jsonOut) await writeFileAtomic(jsonOut, findingsJson(result));
  return { result, reportPath: out };
}

export async function runAnalyze(flags: AnalyzeFlags, io: Io): Promise<number> {
  if (!flags.bundle) throw new UsageError('Missing bundle: nomad-debug analyze BUNDLE (a .tar.gz, .tar or folder)');
  const failOn = (flags['fail-on'] ?? 'never').toLowerCase();
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(`Invalid -fail-on ${JSON.stringify(flags['fail-on'])}: want critical, warning or never`);
  }
  if (flags.out === '-') throw new UsageError('Invalid -out "-": the page is written to a file (-json - puts the JSON on stdout)');
  const input = path.resolve(io.cwd, flags.bundle);
  const out = path.resolve(io.cwd, flags.out ?? defaultReportName(input));
  const json = jsonOutput(flags.json, io);
  const jsonOut = json.file;
  const { result, reportPath } = await analyzeToFiles(input, out, jsonOut);
  if (json.toStdout) io.stdout.write(findingsJson(result));
  const human = json.human;
  for (const line of summaryLines(result)) say(human, line);
  if (jsonOut) sayPath(human, 'Findings written', jsonOut);
  sayPath(human, 'Report written', reportPath);
  return exitCodeFor(result, failOn);
}
