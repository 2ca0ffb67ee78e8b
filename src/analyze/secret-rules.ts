// What looks like a secret: by variable/key name, or by the shape of the value. Pure; never
// returns the value itself, only a masked hint.

const REDACTED = new Set(['<redacted>', '[redacted]', '[REDACTED]', '<REDACTED>', 'REDACTED', '***', '']);

const SECRET_NAME = /PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|_KEY\b|_KEY_|AUTH|CREDENTIAL|PRIVATE/;
/** Names that match SECRET_NAME but hold a path, a switch or a reference, not a secret. */
const HARMLESS_NAME = /(_FILE|_PATH|_DIR|_SOCK|_URL_PATH|_TTL|_TIMEOUT|_TYPE|_METHOD|_ENABLED|_BACKEND|_HEADER|_REQUIRED)$|^SSH_AUTH_SOCK$|PASSTHROUGH|COMPASS|BYPASS|ACCESSOR|_AUTH_METHOD|AUTHOR/;

export function isRedactedValue(v: string): boolean {
  return REDACTED.has(v.trim());
}

/** Upper snake case: "ReplicationToken" → "REPLICATION_TOKEN", "consul-token" → "CONSUL_TOKEN". */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

const nameMemo = new Map<string, boolean>();

export function isSecretName(name: string): boolean {
  let yes = nameMemo.get(name);
  if (yes === undefined) {
    const n = normalizeName(name);
    yes = SECRET_NAME.test(n) && !HARMLESS_NAME.test(n);
    if (nameMemo.size > 10_000) nameMemo.clear();
    nameMemo.set(name, yes);
  }
  return yes;
}

/** Values that never count as a secret even under a secret-looking name. */
function isHarmlessValue(v: string): boolean {
  const t = v.trim();
  return (
    /^(true|false|yes|no|on|off|none|null|nil|0|1)$/i.test(t) ||
    /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)?$/.test(t) || // numbers, durations
    /^(\/|\.\/|~\/|[A-Za-z]:\\)[^\s]*$/.test(t) || // file paths
    /^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(t) // IP addresses
  );
}

export interface SecretHit {
  /** Why it looks secret: "secret-looking name", "credentials in URL", "bearer token", ... */
  reason: string;
  /** A masked hint, never the value: "s3c…" */
  masked: string;
}

const VALUE_RULES: { reason: string; re: RegExp; secretGroup?: number }[] = [
  { reason: 'password inside a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@/i, secretGroup: 1 },
  { reason: 'bearer token', re: /\bBearer\s+([A-Za-z0-9._~+/=-]{8,})/, secretGroup: 1 },
  { reason: 'AWS access key id', re: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/, secretGroup: 1 },
  { reason: 'private key', re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { reason: 'Vault token', re: /\b(hv[sbr]\.[A-Za-z0-9_-]{20,})/, secretGroup: 1 },
  { reason: 'GitHub token', re: /\b(gh[pousr]_[A-Za-z0-9]{30,})/, secretGroup: 1 },
  { reason: 'Slack token', re: /\b(xox[abpr]-[A-Za-z0-9-]{10,})/, secretGroup: 1 },
  { reason: 'Stripe key', re: /\b((?:sk|rk)_live_[A-Za-z0-9]{10,})/, secretGroup: 1 },
];

/** Cheap first test: could any value rule match at all? */
const ANY_VALUE_RULE = /:\/\/|Bearer|AKIA|ASIA|-----BEGIN|hv[sbr]\.|gh[pousr]_|xox[abpr]-|_live_/;

/** Secret shapes found in a value regardless of its name. */
export function secretInValue(value: string): SecretHit | undefined {
  if (!ANY_VALUE_RULE.test(value)) return undefined;
  for (const rule of VALUE_RULES) {
    const m = rule.re.exec(value);
    if (!m) continue;
    const secret = rule.secretGroup ? m[rule.secretGroup] ?? '' : '';
    if (rule.secretGroup && (isRedactedValue(secret) || /^<?redacted>?$/i.test(secret) || /^\*+$/.test(secret))) continue;
    return { reason: rule.reason, masked: rule.secretGroup ? mask(secret) : '(PEM block)' };
  }
  return undefined;
}

/** A name/value pair that looks like a leaked secret, or undefined. */
export function secretHit(name: string, value: unknown): SecretHit | undefined {
  if (typeof value !== 'string' || isRedactedValue(value)) return undefined;
  const byValue = secretInValue(value);
  if (byValue) return byValue;
  if (isSecretName(name) && !isHarmlessValue(value)) return { reason: 'secret-looking name', masked: mask(value) };
  return undefined;
}

/** "s3c…" for long values, "…" for short ones: enough to recognise, never enough to use. */
export function mask(value: string): string {
  const v = value.trim();
  return v.length >= 12 ? `${v.slice(0, 3)}…` : '…';
}
