// Small pure helpers shared by the checks: finding construction, JSON pointers, agent
// names, version comparison. No I/O here (src/analyze is pure).
import type { AgentData, Bundle, Gap, IntervalData, Json, Member, NodeStub } from '../model/types.ts';
import type { Evidence, Finding, Severity } from './types.ts';

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function finding(
  check: string,
  severity: Severity,
  subject: string,
  title: string,
  detail: string,
  evidence: Evidence[] = [],
): Finding {
  return { check, severity, subject, title, detail, evidence };
}

/** Items by key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/**
 * One finding per cause: items whose signature is the same on several subjects become one
 * finding about "cluster" that keeps every subject; an item alone keeps its own finding.
 */
export function oneFindingPerCause<T>(items: T[], signature: (t: T) => string, subjectOf: (t: T) => string,
  single: (t: T) => Finding, many: (ts: T[]) => Finding): Finding[] {
  return [...groupBy(items, signature).values()].map((ts) => {
    if (ts.length === 1) return single(ts[0]!);
    return { ...many(ts), subject: 'cluster', subjects: ts.map(subjectOf) };
  });
}

/**
 * Why a file of this name could not be used, when the bundle holds one that way (a gap, of the
 * codes `counts` takes): the reason a check then gives for not judging.
 */
export function unreadable(bundle: Bundle, name: string, counts: (g: Gap) => boolean = () => true): string | undefined {
  const g = bundle.gaps.find((x) => (x.file === name || x.file.endsWith(`/${name}`)) && counts(x));
  return g && `${g.file} could not be used (${g.code}: ${g.reason})`;
}

/** RFC 6901 JSON pointer from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function evidence(file: string, ptr?: string, line?: number): Evidence {
  const e: Evidence = { file };
  if (ptr !== undefined) e.pointer = ptr;
  if (line !== undefined) e.line = line;
  return e;
}

export function allAgents(bundle: Bundle): AgentData[] {
  return [...bundle.servers, ...bundle.clients];
}

/** The nodes list: cluster/nodes.json, else the latest interval that has one. */
export function nodesOf(bundle: Bundle): { file: string; nodes: NodeStub[] } | undefined {
  const list = bundle.cluster.nodes ?? latest(bundle, (i) => i.nodes)?.nodes;
  return list && { file: list.file, nodes: list.value };
}

/** The last interval for which `pick` gives a value. */
export function latest<T>(bundle: Bundle, pick: (i: IntervalData) => T | undefined): IntervalData | undefined {
  for (let k = bundle.intervals.length - 1; k >= 0; k--) {
    const iv = bundle.intervals[k]!;
    if (pick(iv) !== undefined) return iv;
  }
  return undefined;
}

/** "client-2 (4f1c2a9e)" for a client node id when the node list knows it; else the id. */
export function agentLabel(bundle: Bundle, agent: Pick<AgentData, 'kind' | 'id'>): string {
  if (agent.kind === 'server') return agent.id;
  return nodeLabel(bundle, agent.id);
}

export function nodeLabel(bundle: Bundle, nodeId: string): string {
  const node = nodeById(bundle, nodeId)?.node;
  const short = nodeId.slice(0, 8);
  return node?.Name ? `${node.Name} (${short})` : nodeId;
}

/** Node lists indexed by ID, made once per list: checks name 500 clients many times over. */
const nodeIndexes = new WeakMap<NodeStub[], Map<string, { node: NodeStub; index: number }>>();

/** A node of the nodes list (see nodesOf) by ID, with its index in the list (the first, if repeated). */
export function nodeById(bundle: Bundle, nodeId: string): { node: NodeStub; index: number } | undefined {
  const nodes = nodesOf(bundle)?.nodes;
  if (!nodes) return undefined;
  let byId = nodeIndexes.get(nodes);
  if (!byId) {
    byId = new Map();
    nodes.forEach((node, index) => {
      if (!byId!.has(node.ID)) byId!.set(node.ID, { node, index });
    });
    nodeIndexes.set(nodes, byId);
  }
  return byId.get(nodeId);
}

/** Members listed in members.json, with their index (for pointers). */
export function membersOf(bundle: Bundle): { file: string; members: { m: Member; i: number }[] } | undefined {
  const s = bundle.cluster.members;
  return s && { file: s.file, members: s.value.Members.map((m, i) => ({ m, i })) };
}

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

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b, c and 4 more" */
export { listSome } from '../shared/list-some.ts';

// Readers for the parts of the model the decoders leave unchecked (typed Json: agent-self's
// config contents, the interval collections' items, client metadata): one place to ask.

/** The object a Json value is, or undefined. */
export function jsonObject(v: Json | undefined): { [k: string]: Json } | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}

/** The value at a path of object keys, or undefined where a step is not an object or lacks the key. */
export function jsonAt(v: Json | undefined, ...keys: string[]): Json | undefined {
  let at = v;
  for (const k of keys) {
    const o = jsonObject(at);
    at = o && Object.hasOwn(o, k) ? o[k] : undefined; // own keys only: "constructor" is not in the file
  }
  return at;
}

/** The string at a path of object keys, or undefined when there is none. */
export function jsonString(v: Json | undefined, ...keys: string[]): string | undefined {
  const at = jsonAt(v, ...keys);
  return typeof at === 'string' ? at : undefined;
}

/** The agent a bundle path belongs to: "server/x/..." → {kind, id}; undefined for cluster/interval files. */
export function agentOfPath(path: string): { kind: 'server' | 'client'; id: string } | undefined {
  const m = /^(server|client)\/([^/]+)\//.exec(path);
  return m ? { kind: m[1] as 'server' | 'client', id: m[2]! } : undefined;
}

/** "server:srv1.global" / "client:<id>" manifest targets → {kind, id}. */
export function agentOfTarget(target: string): { kind: 'server' | 'client'; id: string } | undefined {
  const m = /^(server|client):(.+)$/.exec(target);
  return m ? { kind: m[1] as 'server' | 'client', id: m[2]! } : undefined;
}

/** Strictly rising across at least 3 rounds and up by at least `minRise` overall. */
export function growsMonotonically(values: number[], minRise = 0.2): boolean {
  if (values.length < 3) return false;
  for (let i = 1; i < values.length; i++) if (!(values[i]! > values[i - 1]!)) return false;
  const first = values[0]!;
  return first > 0 ? values[values.length - 1]! / first - 1 >= minRise : values[values.length - 1]! > 0;
}
