// Which listener each request arrived on and whether it carried an ACL token: lets tests prove
// where the collector sent the token. Counters only (one per address and token presence), so it
// stays small however long the sim runs.
import type { IncomingMessage } from 'node:http';
import { tokenOf } from './acl.ts';

export class RequestLog {
  readonly #counts = new Map<string, number>();

  note(req: IncomingMessage): void {
    const key = RequestLog.#key(req.socket.localAddress ?? '', tokenOf(req.headers) !== undefined);
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  /** Requests that arrived at the listener on `address`, with or without a token. */
  count(address: string, withToken: boolean): number {
    return this.#counts.get(RequestLog.#key(address, withToken)) ?? 0;
  }

  /** Listener addresses that received at least one request carrying a token. */
  addressesWithToken(): string[] {
    return [...this.#counts.keys()].filter((k) => k.endsWith('|token')).map((k) => k.slice(0, -'|token'.length)).sort();
  }

  static #key(address: string, withToken: boolean): string {
    // an IPv4 listener may report its address in IPv6-mapped form
    return `${address.replace(/^::ffff:/, '')}|${withToken ? 'token' : 'none'}`;
  }
}
