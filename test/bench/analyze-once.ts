// One analyze run in its own process: prints wall ms, peak RSS and the report size.
import { statSync } from 'node:fs';
import { analyzeToFiles } from '../../src/cli/commands/analyze.ts';

const [bundle, out] = process.argv.slice(2);
if (!bundle || !out) throw new Error('usage: analyze-once.ts BUNDLE OUT.html');
const started = performance.now();
const { result } = await analyzeToFiles(bundle, out, undefined);
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, reportBytes: statSync(out).size, findings: result.findings.length }) + '\n',
);
