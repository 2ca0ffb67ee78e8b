// The subtree patterns Nomad registers on its ServeMux (command/agent/http.go registerHandlers,
// the ones ending in "/"). Go's ServeMux answers a request for such a root without its trailing
// slash with a 301 to the slashed path (net/http ServeMux, http.Redirect).

const SUBTREES = new Set([
  '/v1/job/', '/v1/node/', '/v1/node/pool/', '/v1/allocation/', '/v1/evaluation/', '/v1/deployment/', '/v1/volume/csi/',
  '/v1/plugin/csi/', '/v1/volume/host/', '/v1/volumes/claim/', '/v1/acl/policy/', '/v1/acl/token/', '/v1/acl/role/',
  '/v1/acl/auth-method/', '/v1/acl/binding-rule/', '/v1/client/fs/', '/v1/client/allocation/', '/v1/agent/keyring/', '/v1/service/',
  '/v1/agent/pprof/', '/v1/scaling/policy/', '/v1/operator/raft/', '/v1/operator/keyring/', '/v1/operator/upgrade-check/',
  '/v1/namespace/', '/v1/var/',
]);

export interface Redirect {
  status: 301;
  location: string;
  /** http.Redirect's body for GET (Fprintln of the anchor), none for other methods. */
  body: string;
  contentType?: string;
}

/** The redirect Go's ServeMux sends for a subtree root asked without its slash, or undefined. */
export function subtreeRedirect(method: string, path: string, rawQuery: string): Redirect | undefined {
  if (!SUBTREES.has(`${path}/`)) return undefined;
  const location = `${path}/${rawQuery ? `?${rawQuery}` : ''}`;
  const get = method === 'GET' || method === 'HEAD';
  const r: Redirect = { status: 301, location, body: method === 'GET' ? `<a href="${escapeHtml(location)}">Moved Permanently</a>.\n\n` : '' };
  if (get) r.contentType = 'text/html; charset=utf-8';
  return r;
}

/** net/http htmlEscape: & < > " ' */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
}
