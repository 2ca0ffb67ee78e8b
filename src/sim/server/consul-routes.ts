// The sim's Consul agent over HTTP: the read endpoints `nomad operator debug` and we capture,
// with Consul's ACL behaviour (consul-acl.ts) and its error answers: text/plain, 403 for ACL
// errors, 405 for other methods, and for unknown paths the 404 of agent/http.go's Index handler;
// `?pretty` with any value indents (http.go marshalJSON).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimCluster } from '../cluster/types.ts';
import { consulChecks, consulHost, consulLeader, consulMembers, consulMetrics, consulSelf, consulServices } from '../cluster/docs-consul.ts';
import { consulAllowed, consulDemand, consulPrincipal, type ConsulAclConfig, type ConsulPrincipal } from './consul-acl.ts';
import { HttpError, json, send, sendError, type Answer } from './respond.ts';

type ConsulHandler = (c: SimCluster, who: ConsulPrincipal, q: URLSearchParams) => Answer;

const ROUTES: Record<string, ConsulHandler> = {
  '/v1/status/leader': (c) => json(consulLeader(c)),
  '/v1/agent/self': (c, who, _q) => {
    consulDemand(who, 'agent:read', c.consul.nodeName);
    return json(consulSelf(c, who !== 'open'));
  },
  '/v1/agent/members': (c, who) => json(consulAllowed(who, 'node:read') ? consulMembers(c) : []),
  '/v1/agent/host': (c, who) => {
    consulDemand(who, 'operator:read');
    return json(consulHost(c, new Date()));
  },
  '/v1/agent/metrics': (c, who) => {
    consulDemand(who, 'agent:read', c.consul.nodeName);
    return json(consulMetrics(c, new Date()));
  },
  '/v1/agent/checks': (c, who) => json(consulAllowed(who, 'service:read') ? consulChecks(c) : {}),
  '/v1/agent/services': (c, who) => json(consulAllowed(who, 'service:read') ? consulServices(c) : {}),
};

export function makeConsulHandler(c: SimCluster, acl: ConsulAclConfig): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    try {
      const handler = ROUTES[url.pathname];
      if (!handler) {
        const text = url.pathname.includes('/v1/')
          ? 'Invalid URL path: not a recognized HTTP API endpoint\n'
          : 'Invalid URL path: if attempting to use the HTTP API, ensure the path starts with \'/v1/\'\n';
        throw new HttpError(404, text);
      }
      if (req.method !== 'GET') throw new HttpError(405, `method ${req.method ?? ''} not allowed`);
      const who = consulPrincipal(acl, req.headers);
      const answer = handler(c, who, url.searchParams);
      send(res, { ...answer, headers: { 'X-Consul-Default-Acl-Policy': acl.token ? 'deny' : 'allow', 'X-Consul-Knownleader': 'true', 'X-Consul-Lastcontact': '0' } }, url.searchParams.has('pretty'));
    } catch (err) {
      sendError(res, err instanceof HttpError ? err : new HttpError(500, err instanceof Error ? err.message : String(err)));
    }
  };
}
