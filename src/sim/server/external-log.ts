// For tests: what reached the sim's Consul and Vault listeners, and which credential headers
// came with each request (names only, never values). Bounded.
import type { IncomingMessage } from 'node:http';

export interface ExternalRequest {
  path: string;
  /** Credential header names present on the request (x-consul-token, x-vault-token, x-nomad-token, authorization). */
  credentials: string[];
}

const KEPT = 2000;
const CREDENTIALS = ['x-consul-token', 'x-vault-token', 'x-nomad-token', 'authorization'];

export class ExternalLog {
  readonly list: ExternalRequest[] = [];

  note(req: IncomingMessage): void {
    if (this.list.length >= KEPT) return;
    const path = new URL(req.url ?? '/', 'http://sim.invalid').pathname;
    this.list.push({ path, credentials: CREDENTIALS.filter((h) => req.headers[h] !== undefined) });
  }
}
