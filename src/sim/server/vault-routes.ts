// The sim's Vault over HTTP: /v1/sys/health as Vault's http/sys_health.go answers it (the body
// whatever the status, json.Encoder's trailing newline; `{"errors":[]}` when it has no body),
// and Vault's JSON errors elsewhere.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimCluster } from '../cluster/types.ts';
import { vaultHealth } from '../cluster/vault.ts';
import { send, text } from './respond.ts';

function vaultJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, text(`${JSON.stringify(body)}\n`, 'application/json', status), false);
}

export function makeVaultHandler(c: SimCluster): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    if (url.pathname !== '/v1/sys/health') {
      // every other path needs a token this sim never accepts
      vaultJson(res, 403, { errors: ['permission denied'] });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      vaultJson(res, 405, { errors: [] });
      return;
    }
    const h = vaultHealth(c.vault, url.searchParams, new Date());
    if (!h.body) vaultJson(res, h.status, { errors: [] });
    else vaultJson(res, h.status, h.body);
  };
}
