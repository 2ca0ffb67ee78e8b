// Runs main() in-process with captured output, for CLI tests.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], opts: { cwd: string; env?: Record<string, string>; signal?: AbortSignal; hardSignal?: AbortSignal }): Promise<RunResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const never = new AbortController().signal;
  const code = await main(argv, {
    stdout: out,
    stderr: err,
    cwd: opts.cwd,
    env: { CI: 'true', ...(opts.env ?? {}) },
    interrupts: { signal: opts.signal ?? never, hardSignal: opts.hardSignal ?? never },
  });
  return { code, stdout, stderr };
}
