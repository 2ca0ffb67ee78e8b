// ACLs as Nomad enforces them on the endpoints the collector uses: a management token, a limited
// token (node:read, agent:read, read-job in `default`), anonymous requests denied; with ACLs off,
// host and pprof still need enable_debug (AllowAgentDebug).
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './respond.ts';

export type Capability =
  | 'none'
  | 'agent:read'
  | 'agent:write'
  | 'node:read'
  | 'node:write'
  | 'operator:read'
  | 'operator:write'
  | 'read-job'
  | 'submit-job'
  | 'read-fs'
  | 'read-logs'
  | 'plugin:read'
  | 'csi-list-volume'
  | 'management'
  /** AllowAgentDebug: management, agent:read or agent:write; with ACLs off, enable_debug. */
  | 'agent-debug';

export interface AclConfig {
  /** The management token; ACLs are on when set. */
  token?: string;
  limitedToken?: string;
  enableDebug: boolean;
}

export type Principal = 'management' | 'limited' | 'anonymous' | 'open';

const LIMITED_CAPS: ReadonlySet<Capability> = new Set(['node:read', 'agent:read', 'read-job', 'plugin:read', 'agent-debug']);
const LIMITED_NAMESPACES: ReadonlySet<string> = new Set(['default']);

/** The token in `header` (x-nomad-token, x-consul-token), or `Authorization: Bearer`. */
export function tokenFrom(headers: IncomingHttpHeaders, header: string): string | undefined {
  const t = headers[header];
  if (typeof t === 'string' && t !== '') return t;
  const auth = headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return m ? m[1] : undefined;
}

/** X-Nomad-Token, or `Authorization: Bearer`. */
export function tokenOf(headers: IncomingHttpHeaders): string | undefined {
  return tokenFrom(headers, 'x-nomad-token');
}

export function principalOf(acl: AclConfig, headers: IncomingHttpHeaders): Principal {
  if (!acl.token) return 'open';
  const t = tokenOf(headers);
  if (t === undefined) return 'anonymous';
  if (t === acl.token) return 'management';
  if (acl.limitedToken && t === acl.limitedToken) return 'limited';
  throw new HttpError(403, 'ACL token not found');
}

/** May this principal use `cap` (in namespace `ns`, for namespaced capabilities)? */
export function allowed(acl: AclConfig, who: Principal, cap: Capability, ns = 'default'): boolean {
  if (cap === 'none') return true;
  if (who === 'open') return cap === 'agent-debug' ? acl.enableDebug : true;
  if (who === 'management') return true;
  if (who === 'anonymous') return false;
  if (!LIMITED_CAPS.has(cap)) return false;
  const namespaced = cap === 'read-job' || cap === 'read-fs' || cap === 'read-logs' || cap === 'submit-job';
  return !namespaced || ns === '*' || LIMITED_NAMESPACES.has(ns);
}

export function demand(acl: AclConfig, who: Principal, cap: Capability, ns?: string): void {
  if (!allowed(acl, who, cap, ns)) throw new HttpError(403, 'Permission denied');
}

/** Namespaces a principal may list jobs in (for `namespace=*` lists). */
export function visibleNamespace(who: Principal, ns: string): boolean {
  return who !== 'limited' || LIMITED_NAMESPACES.has(ns);
}
