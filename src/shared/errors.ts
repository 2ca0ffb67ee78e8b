// Error classes with stable codes. The CLI maps them to exit codes; the collector records
// capture codes in the manifest. Messages are one line, naming the flag, file or address.

export const EXIT = {
  ok: 0,
  usage: 1,
  output: 2,
  critical: 3,
  warning: 4,
  interrupted: 130,
} as const;

export class NomadDebugError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** A bad flag, value or argument: exit 1. */
export class UsageError extends NomadDebugError {
  constructor(message: string) {
    super('USAGE', message, EXIT.usage);
  }
}

/** A bad input file or unreachable cluster: exit 1. */
export class InputError extends NomadDebugError {
  constructor(code: string, message: string) {
    super(code, message, EXIT.usage);
  }
}

/** The output could not be written: exit 2. */
export class OutputError extends NomadDebugError {
  constructor(message: string) {
    super('OUTPUT', message, EXIT.output);
  }
}

/** Capture outcome codes recorded in manifest.json. */
export type CaptureCode =
  | 'OK'
  | `HTTP_${number}`
  | 'TIMEOUT'
  | 'CONNECT_REFUSED'
  /** No route to the host or its network (EHOSTUNREACH, ENETUNREACH). */
  | 'NO_ROUTE'
  | 'CONNECT_TIMEOUT'
  | 'RESET'
  | 'TLS'
  | 'ABORTED'
  | 'SKIPPED'
  | 'NOT_ADVERTISED'
  /** A direct ask refused because the token was kept from an unverified address. */
  | 'TOKEN_WITHHELD'
  | 'WRITE_FAILED'
  /** The answer was larger than the capture's size limit: not kept. */
  | 'TOO_LARGE'
  /** The run's time limit (-duration + -request-timeout) came before the capture could start. */
  | 'RUN_TIME_LIMIT'
  /** The agent does not have the endpoint (an older Nomad): not a failure of the run. */
  | 'UNSUPPORTED'
  | 'ERROR';

const NO_CONNECTION: CaptureCode[] = ['CONNECT_REFUSED', 'CONNECT_TIMEOUT', 'NO_ROUTE'];
/** Connection-level evidence that nothing listens at an address: the only grounds to call an agent down. */
export const NO_CONNECTION_CODES: ReadonlySet<string> = new Set(NO_CONNECTION);
/** The agent could not be reached at all: no connection, or the connection broke before an answer. */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([...NO_CONNECTION, 'TIMEOUT', 'RESET', 'TLS'] satisfies CaptureCode[]);

/** A failure of one capture: recorded in the manifest, never fatal to the run. */
export class CaptureError extends Error {
  readonly code: CaptureCode;
  readonly httpStatus: number | undefined;
  constructor(code: CaptureCode, message: string, httpStatus?: number) {
    super(message);
    this.name = 'CaptureError';
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
