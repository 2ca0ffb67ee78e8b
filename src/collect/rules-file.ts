// A user's extra redaction rules (redact -rules FILE): a small JSON document, checked field by
// field so a mistake is named in one line. Pure: the caller reads the file.
//
//   {
//     "names":    ["customer_id", "X-Internal-Key"],        secret names, in JSON, env and text
//     "patterns": ["ACME-[0-9]{8}",                          secret values (JavaScript regex)
//                  {"name": "order", "regex": "order=(\\w+)", "ignoreCase": true}],
//     "paths":    ["config.Vault.Token", "Payload.Job.Meta.*"]   JSON strings at or below a path
//   }
import { compileUserPattern, normalizeName, type ExtraPattern, type ExtraRules } from '../shared/secrets/index.ts';
import { parseJsonPath, type JsonPathRule } from './json-paths.ts';

export interface UserRules {
  extra: ExtraRules;
  paths: JsonPathRule[];
  /** The rule names, for the manifest and the report (never a pattern's text: it may spell a secret). */
  ruleNames: string[];
}

/** Entries of each list at most: each one runs on every string of the bundle. */
const MAX_RULES = 200;
const MAX_PATTERN_CHARS = 1000;
const FIELDS = ['names', 'patterns', 'paths'];

function list(doc: Record<string, unknown>, key: string): unknown[] {
  const v = doc[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`"${key}" must be a list`);
  if (v.length > MAX_RULES) throw new Error(`"${key}" holds ${v.length} entries; at most ${MAX_RULES}`);
  return v;
}

function nonEmpty(v: unknown, where: string, max: number): string {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${where} must be a non-empty string`);
  if (v.length > max) throw new Error(`${where} is over ${max} characters`);
  return v;
}

function pattern(v: unknown, i: number): ExtraPattern {
  const where = `patterns[${i}]`;
  let source: unknown = v;
  let name = String(i + 1);
  let ignoreCase = false;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const unknown = Object.keys(o).find((k) => !['name', 'regex', 'ignoreCase'].includes(k));
    if (unknown) throw new Error(`${where}: unknown field "${unknown}" (want name, regex, ignoreCase)`);
    source = o['regex'];
    if (o['name'] !== undefined) name = nonEmpty(o['name'], `${where}.name`, 100);
    if (o['ignoreCase'] !== undefined && typeof o['ignoreCase'] !== 'boolean') throw new Error(`${where}.ignoreCase must be true or false`);
    ignoreCase = o['ignoreCase'] === true;
  }
  const text = nonEmpty(source, typeof v === 'string' ? where : `${where}.regex`, MAX_PATTERN_CHARS);
  const re = compileUserPattern(text, ignoreCase);
  if (re instanceof Error) throw new Error(`${where}: ${re.message}`);
  // a pattern that matches nothing at all would cut every string to its edges
  if (new RegExp(`^(?:${re.source})$`).test('')) throw new Error(`${where} matches the empty string`);
  return { rule: `user-pattern:${name}`, re };
}

/** Parses and checks the rules; throws an Error whose message names the problem (the caller adds the file). */
export function parseRules(text: string): UserRules {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('want a JSON object with "names", "patterns" and/or "paths"');
  const o = doc as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !FIELDS.includes(k));
  if (unknown) throw new Error(`unknown field "${unknown}" (want names, patterns, paths)`);
  const names = new Map<string, string>();
  list(o, 'names').forEach((v, i) => {
    const name = nonEmpty(v, `names[${i}]`, 200);
    names.set(normalizeName(name), `user-name:${name}`);
  });
  const patterns = list(o, 'patterns').map(pattern);
  const paths = list(o, 'paths').map((v, i) => {
    const r = parseJsonPath(nonEmpty(v, `paths[${i}]`, 1000));
    if (typeof r === 'string') throw new Error(`paths[${i}]: ${r}`);
    return r;
  });
  if (names.size + patterns.length + paths.length === 0) throw new Error('no rules: give at least one of "names", "patterns" or "paths"');
  return { extra: { names, patterns }, paths, ruleNames: [...names.values(), ...patterns.map((p) => p.rule), ...paths.map((p) => p.rule)] };
}
