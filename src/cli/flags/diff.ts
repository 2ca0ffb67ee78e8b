// `nomad-debug diff BEFORE AFTER`.
import { str, type CommandSpec } from './spec.ts';

export const DIFF_COMMAND: CommandSpec = {
  name: 'diff',
  positionals: [
    { name: 'before', required: true, usage: 'The earlier bundle: a .tar.gz, .tar or folder, ours or Nomad\'s.' },
    { name: 'after', required: true, usage: 'The later bundle.' },
  ],
  summary: 'Compare two bundles: findings resolved, new and changed, and key facts',
  description:
    'Analyzes both bundles as analyze does and matches their findings by check and subject: resolved (-), new (+) and ' +
    'changed (~), then the key facts that changed (versions, leader, server and node statuses, jobs and allocations). ' +
    'Exit codes: 0 done, 1 a bundle unreadable, 2 an output could not be written.',
  flags: [
    str('out', 'Output', 'file', 'none', 'Also write the diff as one self-contained HTML page to this file.'),
    str('json', 'Output', 'file', 'none', 'Also write the diff as JSON to this file; "-" for stdout.'),
  ],
  examples: [
    { command: 'nomad-debug diff before.tar.gz after.tar.gz -out=diff.html', description: 'Did the restart fix it?' },
    { command: 'nomad-debug diff monday.tar.gz today.tar.gz -json=-', description: 'For automation: the diff as JSON on stdout:' },
  ],
};
