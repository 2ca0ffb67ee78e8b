// `nomad-debug collect`: flags + env → options → collector → "Created debug archive: PATH".
import { runCollect } from '../../collect/run.ts';
import type { CollectResult } from '../../collect/progress.ts';
import type { CollectOptions } from '../../collect/options.ts';
import { buildCollectOptions, describeCollect, type RawCollectFlags } from '../collect-options.ts';
import { say, sayPath, type Io } from '../io.ts';
import { createProgress, pickMode, type ProgressMode } from '../progress.ts';

export async function collectWithProgress(opts: CollectOptions, io: Io, mode: ProgressMode): Promise<CollectResult> {
  const progress = createProgress(mode, io.stderr);
  const signals = io.interrupts ?? { signal: new AbortController().signal, hardSignal: new AbortController().signal };
  let completed = false;
  try {
    const result = await runCollect(opts, { reporter: progress.reporter, signal: signals.signal, hardSignal: signals.hardSignal });
    completed = true;
    return result;
  } finally {
    // a failed run wrote nothing: its one error line says why, without a capture count beside it
    progress.finish(completed);
  }
}

export async function runCollectCommand(flags: RawCollectFlags & { json?: boolean }, argv: string[], io: Io): Promise<number> {
  const opts = buildCollectOptions(flags, io.env, io.cwd, argv);
  const mode = pickMode(io.stderr as NodeJS.WriteStream, io.env, flags.json ?? false);
  if (opts.noRedact) say(io.stderr, 'Warning: -no-redact: secrets will be written to the bundle as they are. Do not share it.');
  if (mode !== 'json') say(io.stderr, `Starting capture: ${describeCollect(opts)}`);
  const result = await collectWithProgress(opts, io, mode);
  // said on stdout beside the path, so a script that keeps only stdout still learns it
  if (result.interrupted) say(io.stdout, 'Interrupted: this bundle is partial (capture stopped early; manifest.json says "interrupted": true)');
  sayPath(io.stdout, result.kind === 'archive' ? 'Created debug archive' : 'Created debug directory', result.path);
  return 0;
}
