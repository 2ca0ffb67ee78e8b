// Nomad version strings as the checks compare them.

/** Parsed "1.10.5", "v1.9.7+ent", "1.11.0-beta.1" → [1, 10, 5]; undefined when not a version. */
export function parseVersion(v: string | undefined): [number, number, number] | undefined {
  if (v === undefined) return undefined;
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
