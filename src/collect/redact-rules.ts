// The redaction rules, as data and small pure matchers. Nomad's own env rules (its deny list,
// names containing TOKEN or SECRET) plus ours for what Nomad leaves in clear.

import { NOMAD_ENV_DENY_LIST } from '../shared/nomad-env-redaction.ts';

export const REDACTED = '<redacted>';

const NAME_WORDS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASS', 'AUTH', 'CREDENTIAL', 'PRIVATE', 'API_KEY', 'APIKEY'];

/** Which rule (if any) makes an environment-like name secret. */
export function envNameRule(name: string): string | undefined {
  if (NOMAD_ENV_DENY_LIST.includes(name)) return 'env-deny-list';
  const upper = name.toUpperCase();
  for (const word of NAME_WORDS) if (upper.includes(word)) return `env-name:${word}`;
  if (/(^|_)KEY($|_)/.test(upper)) return 'env-name:_KEY';
  return undefined;
}

/** Struct fields that hold a secret wherever they appear (agent-self, job task config, ...). */
const SECRET_FIELDS = new Set([
  'token',
  'replicationtoken',
  'circonusapitoken',
  'auth',
  'password',
  'passwd',
  'secretid',
  'secretkey',
  'secret',
  'clientsecret',
  'apikey',
  'api_key',
  'privatekey',
  'private_key',
]);

export function secretFieldRule(key: string): string | undefined {
  return SECRET_FIELDS.has(key.toLowerCase()) ? `field:${key}` : undefined;
}

/** Objects whose keys are environment variable names. */
export function isEnvContainer(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'environment' || k === 'env';
}

export interface StringHit {
  rule: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@"'<>]+):([^\s/@"'<>]+)@/gi;
const BEARER = /\b(bearer)\s+([A-Za-z0-9._~+/=-]{8,})/gi;

/** Replaces secrets inside a free string (the ACL token, URL credentials, bearer tokens). */
export function redactInString(s: string, token: string | undefined): { text: string; hits: StringHit[] } {
  const hits: StringHit[] = [];
  let text = s;
  if (token && token.length >= 4 && text.includes(token)) {
    text = text.replace(new RegExp(escapeRe(token), 'g'), REDACTED);
    hits.push({ rule: 'acl-token' });
  }
  text = text.replace(URL_CREDENTIALS, (m, scheme: string, user: string, pass: string) => {
    if (pass === REDACTED) return m;
    hits.push({ rule: 'url-credentials' });
    return `${scheme}${user}:${REDACTED}@`;
  });
  text = text.replace(BEARER, (m, word: string, value: string) => {
    if (value.startsWith(REDACTED)) return m;
    hits.push({ rule: 'bearer-token' });
    return `${word} ${REDACTED}`;
  });
  return { text, hits };
}

// key=value / key: value pairs in log lines whose key names a secret.
const LOG_KEY_VALUE =
  /([A-Za-z0-9_.-]*(?:token|secret|password|passwd|api[_-]?key|credential)[A-Za-z0-9_.-]*)(\s*[=:]\s*)("?)([^\s"',;}&]+)/gi;

/** Log-line rules on top of the string rules. */
export function redactLogLine(line: string, token: string | undefined): { text: string; hits: StringHit[] } {
  const first = redactInString(line, token);
  const hits = first.hits;
  const text = first.text.replace(LOG_KEY_VALUE, (m, key: string, sep: string, quote: string, value: string) => {
    // source locations such as "acl_token_endpoint.go:123:" are not secrets
    if (/\.go$/i.test(key) || value === REDACTED || value.startsWith('<redacted')) return m;
    if (/^\d+$/.test(value) && sep.trim() === ':') return m;
    hits.push({ rule: 'log-key-value' });
    return `${key}${sep}${quote}${REDACTED}`;
  });
  return { text, hits };
}
