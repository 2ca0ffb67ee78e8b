// What each endpoint needs when it answers 403, in an operator's words (reference
// nomad-operator-debug.md §6, nomad-real-data.md §3).

/** Short name of what a capture was about, from its API path. */
export function endpointKind(endpoint: string): string {
  const p = endpoint.split('?')[0] ?? endpoint;
  if (p.startsWith('/v1/agent/pprof')) return 'pprof';
  if (p.startsWith('/v1/agent/host')) return 'agent-host';
  if (p.startsWith('/v1/agent/monitor')) return 'monitor';
  if (p.startsWith('/v1/agent/self')) return 'agent-self';
  if (p.startsWith('/v1/agent/health')) return 'health';
  if (p.startsWith('/v1/agent/schedulers')) return 'schedulers';
  if (p.startsWith('/v1/agent/members')) return 'members';
  if (p.startsWith('/v1/operator/')) return p.replace('/v1/', '');
  if (p.startsWith('/v1/event/stream')) return 'event-stream';
  if (p.startsWith('/v1/client/')) return p.replace('/v1/', '');
  return p.replace(/^\/v1\//, '') || endpoint;
}

/** The permission a 403 on this endpoint points to. */
export function aclHint(endpoint: string): string {
  const p = endpoint.split('?')[0] ?? endpoint;
  if (p.startsWith('/v1/agent/pprof')) return 'pprof needs a token with agent:write, or enable_debug=true on the agent when ACLs are off';
  if (p.startsWith('/v1/agent/host')) return 'agent host data needs agent:read, or enable_debug=true on the agent when ACLs are off';
  if (p.startsWith('/v1/agent/')) return 'agent endpoints need agent:read';
  if (p.startsWith('/v1/operator/')) return 'operator endpoints need operator:read';
  if (p.startsWith('/v1/event/stream')) return 'the event stream needs a management token (or read on every topic asked)';
  if (p.startsWith('/v1/node') || p.startsWith('/v1/client/')) return 'node and client endpoints need node:read';
  if (/^\/v1\/(jobs?|allocations?|evaluations?|deployments?|csi)/.test(p)) return 'job data needs namespace read-job (list-jobs) on each namespace';
  if (p.startsWith('/v1/namespaces')) return 'namespaces need a token that can read them';
  return 'the token lacks the permission this endpoint needs';
}

/** Nomad answers some non-200s with the data itself: /v1/agent/health 500 (unhealthy) and
 * /v1/operator/autopilot/health 429 (cluster unhealthy). Those are findings, not failed captures. */
export function isAnswerNotFailure(c: { endpoint: string; httpStatus?: number }): boolean {
  const kind = endpointKind(c.endpoint);
  return (kind === 'health' && c.httpStatus === 500) || (kind === 'operator/autopilot/health' && c.httpStatus === 429);
}
