// Turns what can go wrong on the wire into the stable capture codes of the manifest.
import { CaptureError, type CaptureCode } from '../shared/errors.ts';

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'EPROTO',
]);

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: unknown } | null;
  if (e && typeof e.code === 'string') return e.code;
  return undefined;
}

/** Walks err and its causes; the first code we know decides. */
export function captureCodeOfError(err: unknown): CaptureCode {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = codeOf(cur);
    const name = (cur as { name?: string }).name;
    const msg = String((cur as { message?: string }).message ?? '');
    if (name === 'TimeoutError') return 'TIMEOUT';
    if (code === 'ECONNREFUSED') return 'CONNECT_REFUSED';
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'NO_ROUTE';
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'CONNECT_TIMEOUT';
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'TIMEOUT';
    // "Invalid EOF state": the server closed a `connection: close` socket before its answer ended
    const cutShort = name === 'HTTPParserError' && /EOF/.test(msg);
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED' || cutShort) {
      return 'RESET';
    }
    if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) return 'TLS';
    if (/certificate|SSL routines|tls/i.test(msg) && code !== 'UND_ERR_ABORTED') return 'TLS';
    if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return 'ABORTED';
    cur = (cur as { cause?: unknown }).cause;
  }
  return 'ERROR';
}

/** One line describing a network error, with the innermost useful message. */
export function describeNetworkError(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    const msg = (cur as { message?: string }).message;
    const code = codeOf(cur);
    const text = msg ? (code && !msg.includes(code) ? `${msg} (${code})` : msg) : String(cur);
    if (!parts.includes(text)) parts.push(text);
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join(': ').replace(/\s+/g, ' ').trim();
}

export function toCaptureError(err: unknown): CaptureError {
  if (err instanceof CaptureError) return err;
  return new CaptureError(captureCodeOfError(err), describeNetworkError(err));
}

/** The Go API client's text for a non-2xx answer: `Unexpected response code: 403 (Permission denied)`. */
export function unexpectedResponseText(status: number, body: Buffer | string): string {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).trim();
  const short = text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  return `Unexpected response code: ${status} (${short})`;
}

/** `tokenWithheld`: why the request went without the token; a 401/403 is then that, not the token's rights. */
export function httpCaptureError(status: number, body: Buffer | string, tokenWithheld?: string): CaptureError {
  if (tokenWithheld && (status === 401 || status === 403)) {
    return new CaptureError('TOKEN_WITHHELD', `${tokenWithheld}: ${unexpectedResponseText(status, body)}`, status);
  }
  return new CaptureError(`HTTP_${status}`, unexpectedResponseText(status, body), status);
}
