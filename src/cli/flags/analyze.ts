// `nomad-debug analyze BUNDLE`.
import { str, type CommandSpec } from './spec.ts';

export const ANALYZE_COMMAND: CommandSpec = {
  name: 'analyze',
  positionals: [{ name: 'bundle', required: true, usage: 'The bundle: a .tar.gz, .tar or folder, ours or one from nomad operator debug.' }],
  summary: 'Read a bundle (.tar.gz, .tar or folder) and write one HTML report',
  description:
    'Reads the bundle as a stream, never unpacked to disk, runs every check and writes one self-contained HTML report. ' +
    'The summary and "Report written" go to stdout, or to stderr when -json - puts the findings there. ' +
    'Exit codes: 0 done, 1 unreadable or not a bundle, 2 the report could not be written, 3 and 4 with -fail-on.',
  flags: [
    str('out', 'Output', 'file', '<bundle name>.html in the current folder', 'Report file.'),
    str('json', 'Output', 'file', 'none', 'Also write the findings as JSON to this file; "-" for stdout.'),
    str('fail-on', 'Output', 'severity', 'never', 'Exit 3 on a critical finding (critical), or also 4 on a warning (warning).'),
  ],
  examples: [
    { command: 'nomad-debug analyze nomad-debug-2026-11-22-101500Z.tar.gz', description: 'Writes nomad-debug-2026-11-22-101500Z.html:' },
    { command: 'nomad-debug analyze bundle.tar.gz -json=- -fail-on=critical', description: 'For automation: findings on stdout, exit 3 when anything is critical:' },
  ],
};
