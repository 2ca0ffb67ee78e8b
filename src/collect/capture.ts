// One capture = one request, redacted, written to staging, recorded in the manifest. Every
// failure becomes a record; nothing here throws.
import { performance } from 'node:perf_hooks';
import type { CaptureRecord, CaptureStatus } from '../archive/manifest.ts';
import type { Staging, WrittenFile } from '../archive/staging.ts';
import { NomadClient, endpointText, type Query } from '../nomad/client.ts';
import type { DirectAsk } from '../nomad/direct-trust.ts';
import { httpCaptureError, unexpectedResponseText } from '../nomad/http-errors.ts';
import { FrameDecoder, LineSplitter, MAX_EVENT_LINE_CHARS, MAX_LINE_CHARS } from '../nomad/monitor-frames.ts';
import { CaptureError, errorMessage, type CaptureCode } from '../shared/errors.ts';
import { formatBytes } from '../shared/format-number.ts';
import type { Recorder } from './recorder.ts';
import { LogRedactor, redactJson, redactPlainText, type RedactOptions } from './redact.ts';
import { ErrorText, MAX_JSON_BYTES, MAX_RAW_BYTES, type BodyStore } from './body-store.ts';
import { RawBody } from './raw-body.ts';
import { unsupportedReason } from './log-export.ts';

export interface CaptureEnv {
  client: NomadClient;
  staging: Staging;
  recorder: Recorder;
  redact: RedactOptions;
  /** Aborted when the run must stop capturing (first Ctrl-C, or hard stop). */
  signal: AbortSignal;
  requestTimeoutMs: number;
  /** When the whole run must be over (epoch ms): -duration + -request-timeout after it began. */
  runDeadline: number;
  /** Answers between the wire and redaction, under one memory budget. */
  bodies: BodyStore;
  now: () => Date;
}

/** The longest a request starting now may take: its own limit, cut to what is left of the run. */
export function requestLimit(env: CaptureEnv, wantedMs = env.requestTimeoutMs): number {
  return Math.min(wantedMs, env.runDeadline - Date.now());
}

function runOverError(): CaptureError {
  return new CaptureError('RUN_TIME_LIMIT', "Not asked: the run's time limit (-duration plus -request-timeout) was reached first");
}

export interface CaptureBase {
  /** Bundle-relative file path. */
  rel: string;
  path: string;
  query?: Query;
  target: string;
  /** Another agent's advertised base URL (direct asks). */
  baseUrl?: string;
  /** With baseUrl: the agent's role and region, which decide whether the token goes. */
  direct?: DirectAsk;
  timeoutMs?: number;
}

export interface JsonCapture extends CaptureBase {
  ndjson?: boolean;
  sortBy?: string;
  bodyOnStatus?: readonly number[];
  errorFile?: boolean;
  /** Text written in the error file for a 204 (license on CE). */
  noContentError?: string;
}

function statusOf(code: CaptureCode): CaptureStatus {
  if (code === 'TIMEOUT' || code === 'CONNECT_TIMEOUT') return 'timeout';
  if (code === 'ABORTED' || code === 'SKIPPED' || code === 'NOT_ADVERTISED' || code === 'UNSUPPORTED') return 'skipped';
  return 'failed';
}

class Timer {
  readonly startedAt: string;
  readonly #t0 = performance.now();
  constructor(now: () => Date) {
    this.startedAt = now().toISOString();
  }
  ms(): number {
    return Math.round(performance.now() - this.#t0);
  }
}

function failRecord(env: CaptureEnv, c: CaptureBase, timer: Timer, err: CaptureError, bytes = 0, sha256?: string, status = statusOf(err.code)): CaptureRecord {
  const rec: CaptureRecord = {
    path: c.rel,
    endpoint: endpointText(c.path, c.query),
    target: c.target,
    status,
    code: err.code,
    bytes,
    startedAt: timer.startedAt,
    ms: timer.ms(),
    error: redactPlainText(err.message, env.redact).value,
  };
  if (err.httpStatus !== undefined) rec.httpStatus = err.httpStatus;
  if (sha256) rec.sha256 = sha256;
  return env.recorder.add(rec);
}

/** Records a capture that was not attempted (agent unreachable, no advertised address, ...). */
export function recordSkipped(env: CaptureEnv, c: CaptureBase, code: CaptureCode, reason: string): CaptureRecord {
  return failRecord(env, c, new Timer(env.now), new CaptureError(code, reason));
}

async function writeAndRecord(
  env: CaptureEnv,
  c: CaptureBase,
  timer: Timer,
  data: Buffer | string,
  httpStatus: number | undefined,
): Promise<CaptureRecord> {
  let w: WrittenFile;
  try {
    w = await env.staging.write(c.rel, data);
  } catch (err) {
    return failRecord(env, c, timer, new CaptureError('WRITE_FAILED', errorMessage(err)));
  }
  return recordOk(env, c, timer, w, httpStatus);
}

function recordOk(env: CaptureEnv, c: CaptureBase, timer: Timer, w: WrittenFile, httpStatus: number | undefined): CaptureRecord {
  const rec: CaptureRecord = {
    path: c.rel,
    endpoint: endpointText(c.path, c.query),
    target: c.target,
    status: 'ok',
    code: 'OK',
    bytes: w.bytes,
    sha256: w.sha256,
    startedAt: timer.startedAt,
    ms: timer.ms(),
  };
  if (httpStatus !== undefined) rec.httpStatus = httpStatus;
  return env.recorder.add(rec);
}

/** Nomad's error file: {"Error":"Unexpected response code: 403 (Permission denied)"}; what was written, for the record. */
async function writeErrorFile(env: CaptureEnv, c: CaptureBase, message: string): Promise<{ bytes: number; sha256?: string }> {
  const text = redactPlainText(message, env.redact).value;
  return env.staging.write(c.rel, JSON.stringify({ Error: text })).catch(() => ({ bytes: 0 }));
}

function serialize(value: unknown, c: JsonCapture): string {
  if (c.ndjson && Array.isArray(value)) {
    let items = value;
    if (c.sortBy) {
      const key = c.sortBy;
      items = [...value].sort((a, b) => {
        const x = String((a as Record<string, unknown>)?.[key] ?? '');
        const y = String((b as Record<string, unknown>)?.[key] ?? '');
        return x < y ? -1 : x > y ? 1 : 0;
      });
    }
    return items.map((v) => `${JSON.stringify(v)}\n`).join('');
  }
  return JSON.stringify(value);
}

export interface JsonResult {
  record: CaptureRecord;
  /** The parsed (redacted) document, when the capture succeeded. */
  value?: unknown;
}

export async function captureJson(env: CaptureEnv, c: JsonCapture): Promise<JsonResult> {
  try {
    return await captureJsonOnce(env, c);
  } catch (err) {
    // nothing one answer does may end the run: whatever slipped through is this capture's failure
    return { record: failRecord(env, c, new Timer(env.now), new CaptureError('ERROR', errorMessage(err))) };
  }
}

async function captureJsonOnce(env: CaptureEnv, c: JsonCapture): Promise<JsonResult> {
  const timer = new Timer(env.now);
  const fail = async (err: CaptureError): Promise<JsonResult> => {
    const w = c.errorFile && err.code !== 'ABORTED' ? await writeErrorFile(env, c, err.message) : { bytes: 0 };
    return { record: failRecord(env, c, timer, err, w.bytes, w.sha256) };
  };
  const timeoutMs = requestLimit(env, c.timeoutMs);
  if (timeoutMs <= 0) return fail(runOverError());
  const body = env.bodies.hold();
  const errorText = new ErrorText();
  let answer;
  try {
    answer = await env.client.fetch(
      { path: c.path, query: c.query, baseUrl: c.baseUrl, direct: c.direct, timeoutMs, signal: env.signal, maxBytes: MAX_JSON_BYTES },
      (status) => (isOk(status) || c.bodyOnStatus?.includes(status) ? body : errorText),
    );
  } catch (err) {
    await body.release();
    return fail(err instanceof CaptureError ? err : new CaptureError('ERROR', errorMessage(err)));
  }
  const okStatus = isOk(answer.status);
  if (answer.status === 204 || (okStatus && answer.bytes === 0)) {
    await body.release();
    const text = c.noContentError ?? unexpectedResponseText(answer.status, 'no content');
    const w = c.errorFile ? await writeErrorFile(env, c, text) : { bytes: 0 };
    // An expected empty answer (the license on Nomad CE) is not a failure: there is nothing to capture.
    const status = c.noContentError && answer.status === 204 ? 'skipped' : undefined;
    return { record: failRecord(env, c, timer, new CaptureError(`HTTP_${answer.status}`, text, answer.status), w.bytes, w.sha256, status) };
  }
  if (!okStatus && !c.bodyOnStatus?.includes(answer.status)) return fail(httpCaptureError(answer.status, errorText.bytes(), answer.tokenWithheld));
  const status = answer.status;
  return env.bodies.use(body, async (bytes) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      if (!okStatus) return fail(httpCaptureError(status, bytes.subarray(0, 2000), answer.tokenWithheld));
      return fail(new CaptureError('ERROR', `Invalid JSON answer (${bytes.length} bytes, ${answer.contentType || 'no content type'})`, status));
    }
    let text: string;
    let red: ReturnType<typeof redactJson>;
    try {
      red = redactJson(parsed, env.redact);
      text = serialize(red.value, c);
    } catch (err) {
      // JSON.stringify recurses: a document nested some thousands of levels deep cannot be
      // written back. It fails alone; JSON.parse itself took it.
      return fail(new CaptureError('ERROR', `Answer not kept: ${errorMessage(err)} (nested too deep to write back?)`, status));
    }
    env.recorder.addRedactions(c.rel, red.redactions);
    const record = await writeAndRecord(env, c, timer, text, status);
    return { record, value: red.value };
  }, env.runDeadline, () => fail(runOverError()));
}

function isOk(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * captureJson for callers that need only the outcome: the parsed document is dropped at once, so
 * a caller waiting on more work (an agent's whole window, say) does not keep it alive.
 */
export async function captureJsonRecord(env: CaptureEnv, c: JsonCapture): Promise<CaptureRecord> {
  return (await captureJson(env, c)).record;
}

/** Binary or text payloads stored as they come (pprof). No file on failure. */
export async function captureRaw(env: CaptureEnv, c: CaptureBase): Promise<CaptureRecord> {
  const timer = new Timer(env.now);
  const timeoutMs = requestLimit(env, c.timeoutMs);
  if (timeoutMs <= 0) return failRecord(env, c, timer, runOverError());
  const body = new RawBody(env.bodies.budget, env.staging, c.rel, env.redact.enabled ? env.redact.tokens : undefined);
  const errorText = new ErrorText();
  try {
    const answer = await env.client.fetch(
      { path: c.path, query: c.query, baseUrl: c.baseUrl, direct: c.direct, timeoutMs, signal: env.signal, maxBytes: MAX_RAW_BYTES },
      (status) => (isOk(status) ? body : errorText),
    );
    if (!isOk(answer.status)) return failRecord(env, c, timer, httpCaptureError(answer.status, errorText.bytes(), answer.tokenWithheld));
    const w = await body.keep();
    if (body.tokenHits > 0) env.recorder.addRedactions(c.rel, [{ field: 'bytes', rule: 'acl-token' }]);
    return recordOk(env, c, timer, w, answer.status);
  } catch (err) {
    await body.drop();
    const code = err instanceof CaptureError ? err : new CaptureError(isWriteError(err) ? 'WRITE_FAILED' : 'ERROR', errorMessage(err));
    return failRecord(env, c, timer, code);
  }
}

function isWriteError(err: unknown): boolean {
  return typeof (err as NodeJS.ErrnoException)?.syscall === 'string';
}

/** One stream's file stops growing here: a server that floods its log must not fill the disk. */
export const MAX_STREAM_BYTES = 256 * 1024 * 1024;

export interface StreamCapture extends CaptureBase {
  /** export: monitor_export.log, framed and written like monitor.log, and ends when the agent has sent it all. */
  kind: 'monitor' | 'export' | 'events';
  windowMs: number;
  /** The target's Nomad version, when known (export: tells an older agent's empty answer apart). */
  version?: string;
}

/** Keeps the keys Nomad's api.Event has (the server's Namespace is dropped, as Nomad does). */
function eventLine(ev: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['Topic', 'Type', 'Key', 'FilterKeys', 'Index', 'Payload']) if (k in ev) out[k] = ev[k];
  return out;
}

/** A stream written for its whole window: monitor.log or monitor_export.log (decoded frames), or eventstream.json. */
export async function captureStream(env: CaptureEnv, c: StreamCapture): Promise<CaptureRecord> {
  const timer = new Timer(env.now);
  let file;
  try {
    file = await env.staging.openAppend(c.rel);
  } catch (err) {
    return failRecord(env, c, timer, new CaptureError('WRITE_FAILED', errorMessage(err)));
  }
  const decoder = new FrameDecoder();
  const isLog = c.kind !== 'events';
  const lines = new LineSplitter(isLog ? MAX_LINE_CHARS : MAX_EVENT_LINE_CHARS);
  let lineNo = 1;
  const logRedactor = new LogRedactor(env.redact);
  const writeLogLines = async (list: string[]) => {
    if (list.length === 0) return;
    const red = logRedactor.lines(list);
    env.recorder.addRedactions(c.rel, red.redactions);
    await file.write(red.value.map((l) => `${l}\n`).join(''));
  };
  const writeEvents = async (list: string[]) => {
    let out = '';
    for (const line of list) {
      if (line.trim() === '') continue;
      let frame: { Events?: unknown };
      try {
        frame = JSON.parse(line) as { Events?: unknown };
      } catch {
        continue;
      }
      if (!Array.isArray(frame.Events)) continue; // heartbeat {}
      for (const ev of frame.Events) {
        const red = redactJson(eventLine(ev as Record<string, unknown>), env.redact);
        env.recorder.addRedactions(c.rel, red.redactions.map((r) => ({ ...r, field: `line ${lineNo}${r.field ? `: ${r.field}` : ''}` })));
        lineNo++;
        out += `${JSON.stringify(red.value)}\n`;
      }
    }
    if (out) await file.write(out);
  };
  const outcome = await env.client.stream({
    path: c.path,
    query: c.query,
    baseUrl: c.baseUrl,
    direct: c.direct,
    windowMs: Math.max(1, c.windowMs),
    headersMarginMs: 1000,
    signal: env.signal,
    onData: async (chunk) => {
      if (isLog) await writeLogLines(lines.push(decoder.push(chunk)));
      else await writeEvents(lines.push(chunk.toString('utf8')));
      return file.bytes < MAX_STREAM_BYTES;
    },
  });
  const tail = lines.flush();
  if (tail !== undefined) {
    if (isLog) await writeLogLines([tail]);
    else await writeEvents([tail]);
  }
  let err: CaptureError | undefined = outcome.error;
  if (outcome.errorBody !== undefined) err = httpCaptureError(outcome.status, outcome.errorBody, outcome.tokenWithheld);
  if (outcome.stopped) err = new CaptureError('TOO_LARGE', `Stream stopped at ${formatBytes(file.bytes)}: the limit of one stream is ${formatBytes(MAX_STREAM_BYTES)}`);
  if (outcome.cut && c.kind === 'export') {
    // an export ends when the agent has sent it all; one still going is history cut short
    err = new CaptureError('TIMEOUT', 'The log export had not ended when the capture window closed: the history is cut short (a longer -duration gives it time)', outcome.status);
  }
  if (c.kind === 'export') {
    const why = unsupportedReason({ httpStatus: err?.httpStatus ?? (err ? outcome.status : undefined), error: err?.message, bytes: file.bytes, version: c.version });
    if (why) {
      // not a failure: an older agent; no file, a record that says so
      await file.discard();
      return failRecord(env, c, timer, new CaptureError('UNSUPPORTED', why, err?.httpStatus ?? outcome.status));
    }
  }
  if (err && isLog && err.code !== 'ABORTED') {
    // as Nomad: the stream's error becomes the last line of monitor.log (and monitor_export.log)
    await file.write(`monitor: ${redactPlainText(err.message, env.redact).value}\n`);
  }
  // an event stream that sent nothing leaves no file
  const written =
    c.kind === 'events' && file.bytes === 0
      ? await file.discard().then(() => ({ bytes: 0, sha256: '' }))
      : await file.close().catch(() => ({ bytes: 0, sha256: '' }));
  if (err) {
    if (err.httpStatus === undefined && outcome.status) {
      return failRecord(env, c, timer, new CaptureError(err.code, err.message, outcome.status), written.bytes, written.sha256 || undefined);
    }
    return failRecord(env, c, timer, err, written.bytes, written.bytes > 0 ? written.sha256 : undefined);
  }
  return recordOk(env, c, timer, written, outcome.status);
}
