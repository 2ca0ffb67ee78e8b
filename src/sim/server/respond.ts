// Writing answers the way Nomad's HTTP layer does: compact JSON (or 4-space `?pretty`), errors as
// a status plus a text/plain body, and the blocking-query headers on reads.
import type { ServerResponse } from 'node:http';

export interface Answer {
  status: number;
  /** A JSON value; a Buffer, or a string with a contentType, is sent as it is. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** An error as Nomad writes it: the status and its text. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** What the HTTP mux answers for a path it does not know (also a path newer than the agent). */
/**
 * A path no handler is registered for falls through to Nomad's root handler, which writes a bare
 * 404: no body, no Content-Type (command/agent/http.go handleRootFallthrough). Older agents answer
 * so for endpoints they do not have yet (monitor/export before 1.10.4).
 */
export const NOT_FOUND = new HttpError(404, '');

export function json(body: unknown, status = 200, headers?: Record<string, string>): Answer {
  const a: Answer = { status, body };
  if (headers) a.headers = headers;
  return a;
}

export function text(body: string | Buffer, contentType = 'text/plain; charset=utf-8', status = 200): Answer {
  return { status, body, contentType };
}

/** Nomad's go-msgpack JSON encoder writes <, > and & as they are (HTMLCharsAsIs). */
function encodeJson(value: unknown, pretty: boolean): string {
  return pretty ? `${JSON.stringify(value, null, 4)}\n` : JSON.stringify(value);
}

/** `?pretty` with any value but 0 turns indentation on. */
export function wantsPretty(q: URLSearchParams): boolean {
  return q.has('pretty') && q.get('pretty') !== '0';
}

/** `viaWrite` sends the body with write() so a reset-after-bytes fault can cut it. */
export function send(res: ServerResponse, a: Answer, pretty: boolean, viaWrite = false): void {
  if (res.headersSent || res.destroyed) return;
  let payload: string | Buffer;
  let type: string;
  // Raw bodies come from text() (with a content type) or are bytes; anything else is JSON, strings too.
  if (Buffer.isBuffer(a.body) || (typeof a.body === 'string' && a.contentType !== undefined)) {
    payload = a.body as string | Buffer;
    type = a.contentType ?? 'application/octet-stream';
  } else {
    payload = encodeJson(a.body, pretty);
    type = a.contentType ?? 'application/json';
  }
  res.writeHead(a.status, { 'Content-Type': type, ...(a.headers ?? {}) });
  if (a.status === 204) {
    res.end();
  } else if (viaWrite) {
    res.write(payload);
    res.end();
  } else {
    res.end(payload);
  }
}

export function sendError(res: ServerResponse, err: HttpError): void {
  send(res, text(err.message, 'text/plain; charset=utf-8', err.status), false);
}

/** X-Nomad-Index / KnownLeader / LastContact, as on every blocking-query read. */
export function queryMeta(index: number, knownLeader: boolean): Record<string, string> {
  return { 'X-Nomad-Index': String(index), 'X-Nomad-KnownLeader': String(knownLeader), 'X-Nomad-LastContact': '0' };
}
