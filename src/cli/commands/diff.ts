// `nomad-debug diff BEFORE AFTER`: both bundles through the analyze pipeline, compared; the
// account to stdout, and with -json / -out the diff as JSON and as one HTML page.
import path from 'node:path';
import { readBundle } from '../../model/read-bundle.ts';
import { UsageError, EXIT } from '../../shared/errors.ts';
import { diffLines } from '../diff-lines.ts';
import { jsonOutput } from '../json-output.ts';
import { say, sayPath, type Io } from '../io.ts';
import { writeFileAtomic } from '../write-file.ts';

export interface DiffFlags {
  before?: string;
  after?: string;
  out?: string;
  json?: string;
}

export async function runDiff(flags: DiffFlags, io: Io): Promise<number> {
  if (!flags.before || !flags.after) throw new UsageError('Missing bundle: nomad-debug diff BEFORE AFTER (each a .tar.gz, .tar or folder)');
  if (flags.out === '-') throw new UsageError('Invalid -out "-": the page is written to a file (-json - puts the JSON on stdout)');
  const out = flags.out ? path.resolve(io.cwd, flags.out) : undefined;
  const json = jsonOutput(flags.json, io);
  const jsonOut = json.file;
  const [{ analyze }, { diffBundles }] = await Promise.all([import('../../analyze/run.ts'), import('../../report/bundle-diff.ts')]);
  // BEFORE first: a bundle that cannot be read fails, with its name, before the other is read.
  const sides = [];
  for (const given of [flags.before, flags.after]) {
    const bundle = await readBundle(path.resolve(io.cwd, given));
    sides.push({ file: given, bundle, result: analyze(bundle) });
  }
  const diff = diffBundles(sides[0]!, sides[1]!);
  if (jsonOut) await writeFileAtomic(jsonOut, JSON.stringify(diff, null, 2) + '\n');
  if (out) {
    const { renderDiffPage } = await import('../../report/diff-view.ts');
    await writeFileAtomic(out, renderDiffPage(diff, { generatedAt: new Date().toISOString() }));
  }
  if (json.toStdout) io.stdout.write(JSON.stringify(diff, null, 2) + '\n');
  const human = json.human;
  for (const line of diffLines(diff)) say(human, line);
  if (jsonOut) sayPath(io.stderr, 'Diff JSON written', jsonOut);
  if (out) sayPath(human, 'Diff page written', out);
  return EXIT.ok;
}
