// Sockets: one listener at the sim's address (the agent a collector talks to) and one at each
// alive agent's own advertised loopback address, all on the same port, as a real cluster's agents
// all listen on 4646. Plain HTTP or mutual TLS, each agent with its own certificate. Loopback
// only: anything else is refused.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { SimAgent } from '../cluster/types.ts';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
}

/** The certificate an agent's listeners serve. */
export type TlsFor = (agent: SimAgent) => TlsMaterial;

export type AgentHandler = (req: http.IncomingMessage, res: http.ServerResponse, receiver: SimAgent) => void;

export interface Listening {
  port: number;
  close(): Promise<void>;
}

const BIND_TRIES = 8;

export function isLoopback(host: string): boolean {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

function makeServer(tls: TlsMaterial | undefined, onRequest: http.RequestListener, sockets: Set<Socket>): http.Server {
  const server = tls
    ? https.createServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: true }, onRequest)
    : http.createServer(onRequest);
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  server.on(tls ? 'secureConnection' : 'connection', track);
  if (tls) server.on('connection', track);
  server.on('clientError', (_err, socket) => socket.destroy());
  server.keepAliveTimeout = 5000;
  return server;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    });
  });
}

function closeAll(servers: http.Server[], sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return Promise.all(servers.map((s) => new Promise<void>((r) => (s.listening ? s.close(() => r()) : r())))).then(() => undefined);
}

/**
 * Binds `host:port` for `entry` and every listening agent at its address on the same port. With
 * port 0 the first free port is taken, and the whole set is tried again on a clash.
 */
export async function listenAll(host: string, port: number, entry: SimAgent, agents: SimAgent[], tls: TlsFor | undefined, handler: AgentHandler): Promise<Listening> {
  if (!isLoopback(host)) throw new Error(`The simulated cluster listens on loopback only, not ${host}`);
  for (let attempt = 0; ; attempt++) {
    const servers: http.Server[] = [];
    const sockets = new Set<Socket>();
    try {
      const main = makeServer(tls?.(entry), (req, res) => handler(req, res, entry), sockets);
      servers.push(main);
      const bound = await listen(main, host, port);
      if (entry.listening && entry.address !== host) {
        const own = makeServer(tls?.(entry), (req, res) => handler(req, res, entry), sockets);
        servers.push(own);
        await listen(own, entry.address, bound);
      }
      for (const a of agents) {
        if (!a.listening || a === entry) continue;
        if (!isLoopback(a.address)) throw new Error(`agent ${a.name} advertises ${a.address}, outside 127.0.0.0/8`);
        const s = makeServer(tls?.(a), (req, res) => handler(req, res, a), sockets);
        servers.push(s);
        await listen(s, a.address, bound);
      }
      return { port: bound, close: () => closeAll(servers, sockets) };
    } catch (err) {
      await closeAll(servers, sockets);
      if (port !== 0 || attempt >= BIND_TRIES || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
}

/**
 * One listener of a service beside the cluster (the sim's Consul and Vault), at its own loopback
 * address; plain HTTP, or mutual TLS with `tls`. Port 0 takes a free one.
 */
export async function listenService(host: string, port: number, handler: http.RequestListener, tls?: TlsMaterial): Promise<Listening> {
  if (!isLoopback(host)) throw new Error(`The simulated cluster listens on loopback only, not ${host}`);
  const sockets = new Set<Socket>();
  const server = makeServer(tls, handler, sockets);
  try {
    const bound = await listen(server, host, port);
    return { port: bound, close: () => closeAll([server], sockets) };
  } catch (err) {
    await closeAll([server], sockets);
    throw err;
  }
}
