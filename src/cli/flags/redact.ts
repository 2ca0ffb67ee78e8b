// `nomad-debug redact BUNDLE`.
import { str, type CommandSpec } from './spec.ts';

export const REDACT_COMMAND: CommandSpec = {
  name: 'redact',
  positionals: [{ name: 'bundle', required: true, usage: 'The bundle to copy: a .tar.gz, .tar or folder, ours or Nomad\'s; never changed.' }],
  summary: 'Write a copy of a bundle (ours or Nomad\'s) with secrets redacted, safe to share',
  description:
    'Streams the bundle entry by entry, applies the collector\'s secret rules (and yours with -rules) to every file it ' +
    'understands, copies profiles unchanged and writes a new .tar.gz atomically. What was cut is listed by rule and file, ' +
    'never the values; "Redacted archive" is the last line on stdout. ' +
    'Exit codes: 0 done, 1 unreadable input or rules, 2 the archive could not be written.',
  flags: [
    str('out', 'Output', 'file', '<bundle name>-redacted.tar.gz in the current folder', 'The redacted .tar.gz.'),
    str('json', 'Output', 'file', 'none', 'Also write what was redacted, by rule and file, as JSON to this file; "-" for stdout.'),
    str('rules', 'Rules', 'file', 'none', 'Extra rules of yours: a JSON file of names, value patterns and JSON paths (format in the README, "Redacting a bundle").'),
  ],
  examples: [
    { command: 'nomad-debug redact nomad-debug-2026-11-22-101500Z.tar.gz', description: 'Writes nomad-debug-2026-11-22-101500Z-redacted.tar.gz:' },
    { command: 'nomad-debug redact old-bundle/ -rules=my-rules.json -out=safe.tar.gz', description: 'A Nomad bundle folder, with your own rules:' },
  ],
};
