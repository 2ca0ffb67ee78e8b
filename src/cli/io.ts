// What a command may touch of the outside world, passed in so tests can run main() in-process.

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
