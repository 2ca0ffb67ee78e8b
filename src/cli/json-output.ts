// -json FILE or -json -: where a command's JSON result goes, and so where its human account goes
// (stderr when stdout carries the JSON). One rule for analyze, redact and diff.
import path from 'node:path';
import { UsageError } from '../shared/errors.ts';
import type { Io } from './io.ts';

export interface JsonOutput {
  /** -json -: the JSON is the result on stdout. */
  toStdout: boolean;
  /** -json FILE, resolved against the working folder. */
  file?: string;
  /** Where what a person reads goes: stdout, or stderr when stdout carries the JSON. */
  human: NodeJS.WritableStream;
}

export function jsonOutput(flag: string | undefined, io: Io): JsonOutput {
  if (flag === '') throw new UsageError('Invalid -json "": give a file, or - for stdout');
  const toStdout = flag === '-';
  const human = toStdout ? io.stderr : io.stdout;
  return flag && !toStdout ? { toStdout, file: path.resolve(io.cwd, flag), human } : { toStdout, human };
}
