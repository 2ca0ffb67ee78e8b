// The HTTP client for Nomad's API: the one place that talks undici. Every call carries a
// deadline and the run's abort signal, and the token where request-routes.ts allows it;
// failures become CaptureErrors.
import { request } from 'undici';
import type { DirectAsk } from './direct-trust.ts';
import { RequestRoutes } from './request-routes.ts';
import type { TlsConnect } from './tls.ts';
import { toCaptureError } from './http-errors.ts';
import { CaptureError } from '../shared/errors.ts';
import { formatBytes } from '../shared/format-number.ts';
import { followAbort } from '../shared/follow-abort.ts';

export type Query = Record<string, string | string[] | undefined>;

export interface NomadClientOptions {
  address: string;
  token?: string;
  httpAuth?: string;
  tls: TlsConnect;
  /** -trust-advertised: direct asks carry the token without proof of identity. */
  trustAdvertised?: boolean;
  /** The header the token goes in: X-Nomad-Token, or X-Consul-Token / X-Vault-Token for the services beside Nomad. */
  tokenHeader?: 'x-nomad-token' | 'x-consul-token' | 'x-vault-token';
}

export interface GetSpec {
  path: string;
  query?: Query;
  /** Another agent's base URL (advertised address); default: the -address agent. */
  baseUrl?: string;
  /** With baseUrl: the agent's role and region, which decide whether the token goes. */
  direct?: DirectAsk;
  timeoutMs: number;
  signal: AbortSignal;
  /** Cap on the body; larger answers fail with TOO_LARGE. */
  maxBytes?: number;
}

export interface HttpAnswer {
  status: number;
  body: Buffer;
  contentType: string;
  /** Why the token was not sent (a 403 then means that, not a weak token). */
  tokenWithheld?: string;
}

/** What fetch() learnt of an answer whose body went to a sink. */
export interface AnswerHead {
  status: number;
  contentType: string;
  /** Body bytes read. */
  bytes: number;
  /** False when the sink ended the read before the body ended. */
  complete: boolean;
  /** Why the token was not sent (a 403 then means that, not a weak token). */
  tokenWithheld?: string;
}

/** Where fetch() puts a body. A write that returns false (or resolves to false) ends the read. */
export interface BodySink {
  write(chunk: Buffer): void | boolean | Promise<void | boolean>;
}

export interface StreamSpec {
  path: string;
  query?: Query;
  baseUrl?: string;
  direct?: DirectAsk;
  /** How long the stream runs; ending then is the normal outcome. */
  windowMs: number;
  /** Extra time allowed for the headers beyond the window. */
  headersMarginMs: number;
  signal: AbortSignal;
  /** Takes each chunk; returning false ends the stream early (the capture has enough). */
  onData: (chunk: Buffer) => void | boolean | Promise<void | boolean>;
}

export interface StreamOutcome {
  status: number;
  /** Body of a non-2xx answer (streams are not kept then). */
  errorBody?: Buffer;
  /** Why the stream stopped before its window ended, when it did. */
  error?: CaptureError;
  bytes: number;
  tokenWithheld?: string;
  /** True when onData ended it. */
  stopped?: boolean;
  /** True when the window ended while the answer was still coming (the normal end of a monitor). */
  cut?: boolean;
}

/** The text kept of a stream's non-2xx answer (Nomad's errors are one line). */
const STREAM_ERROR_BYTES = 64 * 1024;

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

interface Deadline {
  signal: AbortSignal;
  /** True once the time ran out (not when `signal` was stopped from outside). */
  expired(): boolean;
  /** Releases the timer and the link to the outer signal. */
  done(): void;
}

/**
 * A signal that follows the run's `signal` and also fires after `ms`: one controller and one
 * timer per request (AbortSignal.any keeps more alive for longer).
 */
function deadline(signal: AbortSignal, ms: number): Deadline {
  const ac = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    ac.abort();
  }, ms);
  const unfollow = followAbort(signal, ac);
  return {
    signal: ac.signal,
    expired: () => expired,
    done: () => {
      clearTimeout(timer);
      unfollow();
    },
  };
}

function urlFor(base: string, path: string, query: Query): URL {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, item);
  }
  // Nomad reads "?stale" as a flag; URLSearchParams writes "stale=" which Nomad also accepts.
  return url;
}

export function buildUrl(base: string, path: string, query: Query = {}): string {
  return urlFor(base, path, query).toString();
}

/** The endpoint as recorded in the manifest: path and query, never the token. */
export function endpointText(path: string, query: Query = {}): string {
  const u = urlFor('http://x', path, query);
  return u.pathname + u.search;
}

export class NomadClient {
  readonly address: string;
  readonly #routes: RequestRoutes;

  constructor(opts: NomadClientOptions) {
    this.address = opts.address.replace(/\/+$/, '');
    const headers: Record<string, string> = { 'user-agent': 'nomad-debug collect' };
    if (opts.token) headers[opts.tokenHeader ?? 'x-nomad-token'] = opts.token;
    if (opts.httpAuth) headers.authorization = `Basic ${Buffer.from(opts.httpAuth).toString('base64')}`;
    this.#routes = new RequestRoutes({ address: this.address, tls: opts.tls, headers, trustAdvertised: opts.trustAdvertised ?? false });
  }

  /** One request, whole body in memory (up to `maxBytes`). Non-2xx answers are returned, not thrown. */
  async get(spec: GetSpec): Promise<HttpAnswer> {
    const chunks: Buffer[] = [];
    let size = 0;
    const head = await this.fetch(spec, () => ({
      write: (b) => {
        chunks.push(b);
        size += b.length;
      },
    }));
    // one chunk is kept as it is unless it is a small view of a bigger read buffer (it would hold it all)
    const only = chunks.length === 1 ? chunks[0]! : undefined;
    const body = only && only.buffer.byteLength <= 2 * only.length ? only : Buffer.concat(chunks, size);
    const answer: HttpAnswer = { status: head.status, body, contentType: head.contentType };
    if (head.tokenWithheld) answer.tokenWithheld = head.tokenWithheld;
    return answer;
  }

  /**
   * One request whose body goes, chunk by chunk, to the sink `open` returns once the headers are
   * in. The time limit covers the whole answer, headers and body, however the server paces it;
   * a body past `maxBytes` fails with TOO_LARGE; a sink whose write returns false ends the read
   * early (it has what it wants). Non-2xx answers are handed over too, not thrown.
   */
  async fetch(spec: GetSpec, open: (status: number, contentType: string) => BodySink): Promise<AnswerHead> {
    const limit = deadline(spec.signal, spec.timeoutMs);
    const signal = limit.signal;
    const url = buildUrl(spec.baseUrl ?? this.address, spec.path, spec.query);
    const max = spec.maxBytes ?? DEFAULT_MAX_BYTES;
    const route = this.#routes.pick(spec.baseUrl, spec.direct);
    try {
      const res = await request(url, {
        method: 'GET',
        headers: route.headers,
        dispatcher: route.dispatcher,
        reset: route.closeAfter,
        signal,
        headersTimeout: spec.timeoutMs + 1000,
        bodyTimeout: spec.timeoutMs + 1000,
      });
      const head: AnswerHead = { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), bytes: 0, complete: true };
      if (route.withheld) head.tokenWithheld = route.withheld;
      const sink = open(head.status, head.contentType);
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        head.bytes += b.length;
        if (head.bytes > max) {
          res.body.destroy();
          throw new CaptureError('TOO_LARGE', `Answer larger than ${formatBytes(max)}, the limit for this capture: not kept`, res.statusCode);
        }
        if ((await sink.write(b)) === false) {
          res.body.destroy();
          head.complete = false;
          break;
        }
      }
      return head;
    } catch (err) {
      if (limit.expired() && !spec.signal.aborted) {
        throw new CaptureError('TIMEOUT', `No complete answer within ${spec.timeoutMs} ms`);
      }
      if (spec.signal.aborted) throw new CaptureError('ABORTED', 'Capture stopped (interrupted)');
      throw this.#routes.explain(toCaptureError(err), route);
    } finally {
      limit.done();
    }
  }

  /**
   * Streams a body to onData until the window ends (normal end), the server closes it, or
   * something breaks. Bytes already handed to onData are kept in every case.
   */
  async stream(spec: StreamSpec): Promise<StreamOutcome> {
    const window = deadline(spec.signal, spec.windowMs);
    const signal = window.signal;
    const url = buildUrl(spec.baseUrl ?? this.address, spec.path, spec.query);
    let status = 0;
    let bytes = 0;
    const route = this.#routes.pick(spec.baseUrl, spec.direct);
    const withheld = route.withheld ? { tokenWithheld: route.withheld } : {};
    try {
      const res = await request(url, {
        method: 'GET',
        headers: route.headers,
        dispatcher: route.dispatcher,
        reset: route.closeAfter,
        signal,
        headersTimeout: spec.windowMs + spec.headersMarginMs,
        bodyTimeout: 0,
      });
      status = res.statusCode;
      if (status < 200 || status > 299) {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of res.body) {
          chunks.push(c as Buffer);
          size += (c as Buffer).length;
          if (size >= STREAM_ERROR_BYTES) break; // an endless error body: the start says it all
        }
        res.body.destroy();
        return { status, errorBody: Buffer.concat(chunks).subarray(0, STREAM_ERROR_BYTES), bytes: 0, ...withheld };
      }
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        bytes += b.length;
        if ((await spec.onData(b)) === false) {
          res.body.destroy();
          return { status, bytes, stopped: true };
        }
      }
      return { status, bytes };
    } catch (err) {
      if (window.expired() || spec.signal.aborted) {
        if (status === 0) {
          const code = spec.signal.aborted ? 'ABORTED' : 'TIMEOUT';
          return { status, bytes, error: new CaptureError(code, 'No answer before the capture window ended') };
        }
        return spec.signal.aborted ? { status, bytes } : { status, bytes, cut: true };
      }
      return { status, bytes, error: this.#routes.explain(toCaptureError(err), route) };
    } finally {
      window.done();
    }
  }

  /** Closes the connections; whatever a hostile server still holds open is cut after a moment. */
  async close(graceMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
      timer.unref();
    });
    const closed = this.#routes.close().then(
      () => true,
      () => false,
    );
    const done = await Promise.race([closed, late.then(() => false)]);
    clearTimeout(timer);
    if (!done) this.#routes.destroy();
  }

  destroy(): void {
    this.#routes.destroy();
  }
}
