// One request: faults first (tests ask for them), then who is asking, then the route. Every
// error leaves as Nomad's status plus text; nothing a client sends can crash the sim.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimAgent, SimCluster } from '../cluster/types.ts';
import { followAbort } from '../../shared/follow-abort.ts';
import { principalOf, type AclConfig } from './acl.ts';
import { wait, type Ctx, type Handler, type MutableState } from './context.ts';
import { resetAfter, sendHugeBody, sendSilence, sendTrickle, type Fault, type Faults } from './faults.ts';
import { resolveTarget } from './forward.ts';
import { HttpError, NOT_FOUND, send, sendError, text, wantsPretty } from './respond.ts';
import { subtreeRedirect } from './subtrees.ts';
import { AGENT_ROUTES } from './routes-agent.ts';
import { CLIENT_ROUTES } from './routes-client.ts';
import { CLUSTER_ROUTES } from './routes-cluster.ts';

const ROUTES: [string[], RegExp, Handler][] = [...AGENT_ROUTES, ...CLIENT_ROUTES, ...CLUSTER_ROUTES];

export interface RouterDeps {
  cluster: SimCluster;
  acl: AclConfig;
  faults: Faults;
  state: MutableState;
  /** Aborted when the sim closes: streams end, waits stop. */
  closing: AbortSignal;
}

/** The agent a request is for, as far as faults care; forwarding errors are the route's to give. */
function faultTarget(c: SimCluster, receiver: SimAgent, q: URLSearchParams): SimAgent | undefined {
  try {
    return resolveTarget(c, receiver, q, 'host');
  } catch {
    return undefined;
  }
}

/** Aborted when the client goes away or the sim closes; a request answered in full is not aborted (that costs a DOMException). */
function requestSignal(res: ServerResponse, closing: AbortSignal): AbortSignal {
  const ac = new AbortController();
  const unfollow = followAbort(closing, ac);
  res.on('close', () => {
    unfollow();
    if (!res.writableFinished) ac.abort();
  });
  return ac.signal;
}

async function applyFault(f: Fault, res: ServerResponse, signal: AbortSignal): Promise<'answered' | 'continue'> {
  if (f.delayMs && !(await wait(f.delayMs, signal))) return 'answered';
  if (f.hang) return 'answered'; // never answered; the client's timeout or the sim's close ends it
  if (f.bodyBytes !== undefined) {
    await sendHugeBody(res, f.bodyBytes, signal);
    return 'answered';
  }
  if (f.trickleMs !== undefined) {
    await sendTrickle(res, f.trickleMs, signal, wait);
    return 'answered';
  }
  if (f.silentAfterHeaders) {
    sendSilence(res);
    return 'answered';
  }
  if (f.resetAfterBytes !== undefined) resetAfter(res, f.resetAfterBytes);
  if (f.status !== undefined) {
    send(res, text(f.body ?? '', 'text/plain; charset=utf-8', f.status), false);
    return 'answered';
  }
  return 'continue';
}

function route(method: string, path: string): { handler: Handler; params: string[] } | HttpError {
  let pathMatched = false;
  for (const [methods, re, handler] of ROUTES) {
    const m = re.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (methods.includes(method)) return { handler, params: m.slice(1) };
  }
  return pathMatched ? new HttpError(405, 'Invalid method') : NOT_FOUND;
}

/** A subtree root asked without its slash is redirected by Go's ServeMux first (see NOT_FOUND). */
function sendNotFound(res: ServerResponse, method: string, url: URL): void {
  if (res.headersSent || res.destroyed) return;
  const moved = subtreeRedirect(method, url.pathname, url.search.slice(1));
  if (moved) {
    res.writeHead(moved.status, { Location: moved.location, ...(moved.contentType ? { 'Content-Type': moved.contentType } : {}) });
    res.end(moved.body);
    return;
  }
  res.writeHead(404, { 'Content-Length': '0' });
  res.end();
}

export function makeRouter(d: RouterDeps): (req: IncomingMessage, res: ServerResponse, receiver: SimAgent) => void {
  return (req, res, receiver) => {
    handle(d, req, res, receiver).catch((err: unknown) => {
      if (err === NOT_FOUND) sendNotFound(res, req.method ?? 'GET', new URL(req.url ?? '/', 'http://sim.invalid'));
      else if (err instanceof HttpError) sendError(res, err);
      else sendError(res, new HttpError(500, err instanceof Error ? err.message : String(err)));
    });
  };
}

async function handle(d: RouterDeps, req: IncomingMessage, res: ServerResponse, receiver: SimAgent): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const signal = requestSignal(res, d.closing);
  const fault = d.faults.match(url.pathname, () => faultTarget(d.cluster, receiver, url.searchParams));
  if (fault && (await applyFault(fault, res, signal)) === 'answered') return;
  const found = route(req.method ?? 'GET', url.pathname);
  if (found === NOT_FOUND) return sendNotFound(res, req.method ?? 'GET', url);
  if (found instanceof HttpError) throw found;
  const ctx: Ctx = {
    cluster: d.cluster,
    receiver,
    method: req.method ?? 'GET',
    path: url.pathname,
    q: url.searchParams,
    acl: d.acl,
    who: principalOf(d.acl, req.headers),
    req,
    res,
    signal,
    now: () => new Date(),
    state: d.state,
  };
  const answer = await found.handler(ctx, found.params);
  if (answer === 'streamed' || signal.aborted) return;
  send(res, answer, wantsPretty(url.searchParams), fault?.resetAfterBytes !== undefined);
}
