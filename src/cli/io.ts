// What a command may touch of the outside world, passed in so tests can run main() in-process.
import { visibleText } from '../shared/visible-text.ts';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Ctrl-C handling; tests pass their own controllers. */
  interrupts?: { signal: AbortSignal; hardSignal: AbortSignal };
}

export const say = (stream: NodeJS.WritableStream, line: string): void => {
  stream.write(line + '\n');
};

/** "Report written: PATH": a path made from a bundle's or the operator's names may hold control characters. */
export const sayPath = (stream: NodeJS.WritableStream, label: string, file: string): void => {
  say(stream, `${label}: ${visibleText(file)}`);
};
