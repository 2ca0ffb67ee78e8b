// Consul's ACLs on the agent endpoints the collector reads, with Consul's texts: a token Consul
// does not know is "ACL not found"; a known token without the right gets
// PermissionDeniedError's text (hashicorp/consul acl/errors.go; the resource name quoted as
// acl/acl_ce.go ResourceDescriptor.ToString does); no token is the anonymous token. Lists
// (members, checks, services) are filtered, not refused (agent/agent_endpoint.go).
import type { IncomingHttpHeaders } from 'node:http';
import { tokenFrom } from './acl.ts';
import { HttpError } from './respond.ts';

export interface ConsulAclConfig {
  /** ACLs on (default deny) when set: the management token's SecretID. */
  token?: string;
  /** A token with node:read and service:read only (no agent:read, no operator:read). */
  limitedToken?: string;
}

export type ConsulPrincipal = 'open' | 'management' | 'limited' | 'anonymous';

/** The anonymous token's AccessorID, fixed in every Consul. */
export const ANONYMOUS_ACCESSOR = '00000000-0000-0000-0000-000000000002';
export const LIMITED_ACCESSOR = '6a1253d2-1785-24fd-91c2-f8e78c745511';

export type ConsulRight = 'agent:read' | 'operator:read' | 'node:read' | 'service:read';

export function consulPrincipal(acl: ConsulAclConfig, headers: IncomingHttpHeaders): ConsulPrincipal {
  if (!acl.token) return 'open';
  const t = tokenFrom(headers, 'x-consul-token');
  if (t === undefined) return 'anonymous';
  if (t === acl.token) return 'management';
  if (acl.limitedToken && t === acl.limitedToken) return 'limited';
  throw new HttpError(403, 'ACL not found');
}

export function consulAllowed(who: ConsulPrincipal, right: ConsulRight): boolean {
  if (who === 'open' || who === 'management') return true;
  if (who === 'limited') return right === 'node:read' || right === 'service:read';
  return false;
}

/** Refuses with Consul's text; `on` names the resource (the agent's node name) when the rule is named. */
export function consulDemand(who: ConsulPrincipal, right: ConsulRight, on?: string): void {
  if (consulAllowed(who, right)) return;
  const target = on === undefined ? '' : ` on "${on}"`;
  if (who === 'anonymous') {
    throw new HttpError(403, `Permission denied: anonymous token lacks permission '${right}'${target}. The anonymous token is used implicitly when a request does not specify a token.`);
  }
  throw new HttpError(403, `Permission denied: token with AccessorID '${LIMITED_ACCESSOR}' lacks permission '${right}'${target}`);
}
