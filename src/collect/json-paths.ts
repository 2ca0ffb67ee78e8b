// JSON paths of a user's rules file ("config.Vault.Token", "Payload.Job.Meta.*",
// "Consuls[*].Auth"): parsed once, then matched against the keys of each string a walk visits.
// A path names a string or anything below it; "*" and "[*]" stand for any one key or index.

export interface JsonPathRule {
  /** The name the report gives it: "user-path:<path as written>". */
  rule: string;
  /** Keys and indexes from the document's root; null matches any one. */
  segments: (string | number | null)[];
}

const SEGMENT = /\.?([^.[\]]+)|\[(\d+|\*)\]/y;

/** Parses "a.b[0].c" / "a.*" / "a[*].b"; returns an error text for a path it cannot read. */
export function parseJsonPath(path: string): JsonPathRule | string {
  if (path === '' || path.length > 1000) return 'a path must be 1 to 1000 characters';
  const segments: (string | number | null)[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const at = SEGMENT.lastIndex;
    const m = SEGMENT.exec(path);
    if (!m || (at === 0 && path[0] === '.')) return `cannot read the path at character ${at + 1}`;
    if (m[1] !== undefined) segments.push(m[1] === '*' ? null : m[1]);
    else segments.push(m[2] === '*' ? null : Number(m[2]));
  }
  return { rule: `user-path:${path}`, segments };
}

/** The first rule whose path is `keys` or a prefix of it, or undefined. */
export function matchJsonPath(rules: readonly JsonPathRule[], keys: readonly (string | number)[]): string | undefined {
  for (const r of rules) {
    if (r.segments.length > keys.length) continue;
    if (r.segments.every((s, i) => s === null || s === keys[i])) return r.rule;
  }
  return undefined;
}
