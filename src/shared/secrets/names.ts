// Secret-looking names: environment variables, config and meta keys, header and flag names.
// Names are compared in upper snake case, so "ReplicationToken", "replication-token" and
// "REPLICATION_TOKEN" are one name.
import { NOMAD_ENV_DENY_LIST } from '../nomad-env-redaction.ts';

/** "env" adds Nomad's exact deny list to the word rules; "key" is any other name. */
export type NameContext = 'env' | 'key';

const SECRET_WORD =
  /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|(?:^|_)PASS(?:_|$)|(?:^|_)PWD(?:_|$)|(?:^|_)AUTH(?:_|$)|AUTHORIZATION|CREDENTIAL|ENCRYPT|COOKIE|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|_KEY$|_KEY_(?:B64|BASE64|HEX|DATA|RAW)$/;

/** Names that contain a secret word but hold a path, a switch, a duration or a reference. */
const HARMLESS_NAME =
  /(?:^|_)(?:FILE|PATH|DIR|SOCK|SOCKET|TTL|TIMEOUT|TYPE|METHOD|ENABLED|BACKEND|ACCESSOR|ADDR|ADDRESS|URL|HEADER|ROLE|POLICY|POLICIES|THRESHOLD|INTERVAL|EXPIRATION_TTL|NAME|LENGTH|COUNT|MODE)$|PUBLIC_KEY|ACCESSOR/;

const DENY = new Set(NOMAD_ENV_DENY_LIST);

/** Upper snake case: "ReplicationToken" → "REPLICATION_TOKEN", "ACLTokenTTL" → "ACL_TOKEN_TTL", "x-vault-token" → "X_VAULT_TOKEN". */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

// Agent configs and environments repeat the same few hundred names: remember the verdicts.
const memo = new Map<string, string | null>();
const MEMO_MAX = 20_000;

/** The rule that makes `name` secret-looking ("env-deny-list", "name:TOKEN", ...), or undefined. */
export function secretNameRule(name: string, context: NameContext): string | undefined {
  if (name === '' || name.length > 200) return undefined;
  if (context === 'env' && DENY.has(name)) return 'env-deny-list';
  let rule = memo.get(name);
  if (rule === undefined) {
    const n = normalizeName(name);
    const word = SECRET_WORD.exec(n);
    rule = word && !HARMLESS_NAME.test(n) ? `name:${word[0].replace(/^_|_$/g, '')}` : null;
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(name, rule);
  }
  return rule ?? undefined;
}
