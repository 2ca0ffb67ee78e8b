// The analyzer's side of the JSON rules: every value of a document that still looks secret.
import { judgeField } from './field.ts';
import { walkJsonStrings } from './json-walk.ts';
import { mask, type SecretHit } from './text.ts';

export interface JsonSecret extends SecretHit {
  /** The name the value stands under (key, variable, flag), or "" for a bare string. */
  name: string;
  /** "Consuls[0].Auth". */
  path: string;
  /** The same as keys and indexes, for a JSON pointer. */
  keys: (string | number)[];
}

/** Reads `doc` without changing it. */
export function findSecretsInJson(doc: unknown): JsonSecret[] {
  const out: JsonSecret[] = [];
  walkJsonStrings(doc, (value, at) => {
    const v = judgeField(at.name, at.context, value);
    if (v.kind !== 'secret') return undefined;
    const path = at.path();
    const keys = at.keys();
    for (const s of v.spans) out.push({ rule: s.rule, masked: mask(value.slice(s.start, s.end)), name: s.name ?? at.name ?? '', path, keys });
    return undefined;
  });
  return out;
}
