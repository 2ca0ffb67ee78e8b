// Two analyses' findings side by side (`nomad-debug diff`): which were resolved, which are new,
// which changed. A finding is the same one in both when its check and its subjects match and its
// title says the same thing once counts, plurals and trailing lists are set aside; a grouped
// finding ("… on 3 of 5 agents") is the same as what it became on fewer agents, so a restart
// that fixed two of three shows as a change of subjects, not as one resolved and one new.
// Pure: no I/O.
import { isCheckFailure, sortFindings } from './run.ts';
import type { AnalysisResult, Finding } from './types.ts';

/** What differs between the two sides of a matched finding, most telling first. */
export type FindingChangeKind = 'severity' | 'subjects' | 'title' | 'detail';

export interface FindingChange {
  before: Finding;
  after: Finding;
  changes: FindingChangeKind[];
  /** With a change of subjects: those no longer affected ("restarted and fixed") and those newly affected. */
  subjectsGone?: string[];
  subjectsNew?: string[];
}

/** A finding of one side whose check could not run on the other: neither resolved nor new. */
export interface UncomparedFinding {
  finding: Finding;
  /** The side the finding is from. */
  side: 'before' | 'after';
  /** Why the check did not run on the other side. */
  reason: string;
}

export interface FindingsComparison {
  added: Finding[];
  resolved: Finding[];
  changed: FindingChange[];
  unchanged: number;
  uncompared: UncomparedFinding[];
}

/** Fuzzy candidates weighed at most: a crafted bundle with thousands of findings on one subject cannot stall the diff. */
const FUZZY_BUDGET = 200_000;

export function compareAnalyses(before: AnalysisResult, after: AnalysisResult): FindingsComparison {
  const { pairs, added, resolved } = matchFindings(before.findings, after.findings);
  const changed: FindingChange[] = [];
  let unchanged = 0;
  for (const [b, a] of pairs) {
    const changes = changesBetween(b, a);
    if (changes.length === 0) unchanged++;
    else if (!changes.includes('subjects')) changed.push({ before: b, after: a, changes });
    else if (wholeCluster(b) || wholeCluster(a)) {
      changed.push({ before: b, after: a, changes }); // the whole cluster against some agents: the titles say which
    } else {
      const was = new Set(subjectsOf(b));
      const now = new Set(subjectsOf(a));
      changed.push({ before: b, after: a, changes, subjectsGone: [...was].filter((s) => !now.has(s)), subjectsNew: [...now].filter((s) => !was.has(s)) });
    }
  }
  // A finding whose check could not run on the other side is not known to be resolved or new.
  const skippedBefore = unjudged(before);
  const skippedAfter = unjudged(after);
  const uncompared: UncomparedFinding[] = [];
  const keep = (list: Finding[], side: 'before' | 'after', skippedOther: Map<string, string>) =>
    list.filter((f) => {
      const reason = skippedOther.get(f.check);
      if (reason === undefined || isCheckFailure(f)) return true;
      uncompared.push({ finding: f, side, reason });
      return false;
    });
  return {
    added: sortFindings(keep(added, 'after', skippedBefore)),
    resolved: sortFindings(keep(resolved, 'before', skippedAfter)),
    changed: inFindingOrder(changed),
    unchanged,
    uncompared,
  };
}

/** Checks that did not judge this bundle, and why: not evaluated (no data), or stopped by an error (the runner's "incomplete" finding). */
function unjudged(r: AnalysisResult): Map<string, string> {
  const out = new Map(r.notEvaluated.map((n) => [n.check, n.reason]));
  for (const f of r.findings) if (isCheckFailure(f) && !out.has(f.check)) out.set(f.check, f.title);
  return out;
}

/** Changes in the report's order of their findings as they are now (critical first). */
function inFindingOrder(changed: FindingChange[]): FindingChange[] {
  const rank = new Map(sortFindings(changed.map((c) => c.after)).map((f, i) => [f, i]));
  return [...changed].sort((x, y) => rank.get(x.after)! - rank.get(y.after)!);
}

export function changesBetween(b: Finding, a: Finding): FindingChangeKind[] {
  const out: FindingChangeKind[] = [];
  if (b.severity !== a.severity) out.push('severity');
  if (subjectKey(b) !== subjectKey(a)) out.push('subjects');
  if (b.title !== a.title) out.push('title');
  if (b.detail !== a.detail) out.push('detail');
  return out;
}

/**
 * Pairs each finding of `after` with at most one of `before`, in passes from the surest to the
 * loosest; what a pass pairs, later passes no longer see.
 *  1. same check, same subjects, same title;
 *  2. same check, same subjects, same stem (the title without its counts, plurals and trailing list);
 *  3. same check, overlapping subjects, same stem (a grouped finding on fewer or more agents);
 *  4. same check, overlapping subjects where one side is grouped, and titles that share most of
 *     their words (the group of three became the single finding of the one agent left);
 *  5. same check, a finding about the whole cluster and one about a single agent whose stem is
 *     the cluster's plus " on <agent>" ("ACLs are disabled" → "ACLs are disabled on server-2").
 */
export function matchFindings(before: readonly Finding[], after: readonly Finding[]): { pairs: [Finding, Finding][]; added: Finding[]; resolved: Finding[] } {
  const B = before.map(describe);
  const A = after.map(describe);
  const pairs: [Finding, Finding][] = [];
  const takenB = new Set<number>();
  const takenA = new Set<number>();
  const pair = (i: number, j: number) => {
    takenB.add(i);
    takenA.add(j);
    pairs.push([B[i]!.f, A[j]!.f]);
  };

  for (const key of [(d: Described) => `${d.f.check}\0${d.subjects}\0${d.f.title}`, (d: Described) => `${d.f.check}\0${d.subjects}\0${d.stem}`]) {
    const open = new Map<string, number[]>();
    // reversed, so pop() hands them out in order (shift() is linear: a crafted bundle repeats one title)
    for (let j = A.length - 1; j >= 0; j--) if (!takenA.has(j)) push(open, key(A[j]!), j);
    B.forEach((d, i) => {
      if (takenB.has(i)) return;
      const j = open.get(key(d))?.pop();
      if (j !== undefined) pair(i, j);
    });
  }

  let budget = FUZZY_BUDGET;
  // 3: same stem, overlapping subjects
  const byStem = new Map<string, number[]>();
  A.forEach((d, j) => { if (!takenA.has(j)) push(byStem, `${d.f.check}\0${d.stem}`, j); });
  B.forEach((d, i) => {
    if (takenB.has(i)) return;
    for (const j of byStem.get(`${d.f.check}\0${d.stem}`) ?? []) {
      if (--budget < 0) return;
      if (!takenA.has(j) && overlaps(d, A[j]!)) {
        pair(i, j);
        return;
      }
    }
  });

  // 4: a grouped finding and what it became, by shared words; the best-scoring pairs first
  const bySubject = new Map<string, number[]>();
  A.forEach((d, j) => {
    if (takenA.has(j)) return;
    for (const s of d.subjectList) push(bySubject, `${d.f.check}\0${s}`, j);
  });
  const candidates: { i: number; j: number; score: number }[] = [];
  B.forEach((d, i) => {
    if (takenB.has(i)) return;
    const seen = new Set<number>();
    for (const s of d.subjectList) {
      for (const j of bySubject.get(`${d.f.check}\0${s}`) ?? []) {
        if (--budget < 0) return;
        if (seen.has(j)) continue;
        seen.add(j);
        const a = A[j]!;
        if (!d.grouped && !a.grouped) continue;
        const score = wordOverlap(d.words, a.words);
        if (score >= 0.5) candidates.push({ i, j, score });
      }
    }
  });
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  for (const c of candidates) if (!takenB.has(c.i) && !takenA.has(c.j)) pair(c.i, c.j);

  // 5: the whole cluster and the one agent still affected
  const clusterWide = new Map<string, number[]>();
  const key5 = (d: Described) => `${d.f.check}\0${d.stem}`;
  A.forEach((d, j) => {
    if (takenA.has(j) || d.grouped) return;
    if (wholeCluster(d.f)) push(clusterWide, key5(d), j);
    else if (d.onAgent !== undefined) push(clusterWide, `${d.f.check}\0${d.onAgent}`, j);
  });
  B.forEach((d, i) => {
    if (takenB.has(i) || d.grouped) return;
    const k = wholeCluster(d.f) ? key5(d) : d.onAgent !== undefined ? `${d.f.check}\0${d.onAgent}` : undefined;
    const j = k === undefined ? undefined : clusterWide.get(k)?.find((x) => --budget >= 0 && !takenA.has(x) && wholeCluster(A[x]!.f) !== wholeCluster(d.f));
    if (j !== undefined) pair(i, j);
  });

  return {
    pairs,
    added: A.filter((_, j) => !takenA.has(j)).map((d) => d.f),
    resolved: B.filter((_, i) => !takenB.has(i)).map((d) => d.f),
  };
}

interface Described {
  f: Finding;
  /** The subjects, sorted and joined: the key of "the same subjects". */
  subjects: string;
  subjectList: string[];
  subjectSet: Set<string>;
  grouped: boolean;
  stem: string;
  /** For a single agent's finding, its stem without a trailing " on <agent>". */
  onAgent?: string;
  /** The stem's words that carry meaning (no counts, no small words). */
  words: Set<string>;
}

function describe(f: Finding): Described {
  const subjectList = subjectsOf(f);
  const stem = titleStem(f.title);
  const on = stem.lastIndexOf(' on ');
  return {
    f,
    ...(f.subject !== 'cluster' && on > 0 ? { onAgent: stem.slice(0, on) } : {}),
    subjects: subjectKey(f),
    subjectList,
    subjectSet: new Set(subjectList),
    grouped: (f.subjects?.length ?? 0) > 0,
    stem,
    words: new Set(stem.split(/[\s,;:()"'×]+/).filter((w) => w && !SMALL_WORDS.has(w) && !/^[#%]+$/.test(w))),
  };
}

/** A finding about the cluster as a whole, not a list of agents. */
function wholeCluster(f: Finding): boolean {
  return f.subject === 'cluster' && !f.subjects?.length;
}

/** The agents, nodes or jobs a finding is about: a grouped finding's list, else its one subject. */
export function subjectsOf(f: Finding): string[] {
  return f.subjects?.length ? f.subjects : [f.subject];
}

function subjectKey(f: Finding): string {
  return [...new Set(subjectsOf(f))].sort().join('\0');
}

function overlaps(x: Described, y: Described): boolean {
  const [small, big] = x.subjectSet.size <= y.subjectSet.size ? [x, y] : [y, x];
  for (const s of small.subjectSet) if (big.subjectSet.has(s)) return true;
  return false;
}

/** Shared words over the shorter title's words; at least two must be shared. */
function wordOverlap(x: Set<string>, y: Set<string>): number {
  const [small, big] = x.size <= y.size ? [x, y] : [y, x];
  let shared = 0;
  for (const w of small) if (big.has(w)) shared++;
  return shared < 2 ? 0 : shared / small.size;
}

const SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'for', 'to', 'and', 'or', 'is', 'are', 'each', 'with', 'by', 'at', 'no', 'not', 'more']);

/**
 * The title with what changes from one capture to the next set aside: numbers become "#",
 * plurals their singular, "are" "is", and a list after the last ": " is dropped when what comes
 * before it says enough on its own (three words or more: "… in clear: A, B and 8 more").
 * The quoted part of a title ("\"i/o timeout\" logged 227 times") stays: it names the thing.
 */
export function titleStem(title: string): string {
  let t = title.toLowerCase();
  const cut = t.lastIndexOf(': ');
  if (cut > 0 && t.slice(0, cut).trim().split(/\s+/).length >= 3) t = t.slice(0, cut);
  return t
    .replace(/\d+(?:[.,]\d+)*/g, '#')
    .replace(/\b([a-z][a-z-]*?)(ies|s)\b/g, (w, stem: string, end: string) => (w.length <= 3 || w.endsWith('ss') ? w : end === 'ies' ? `${stem}y` : stem))
    .replace(/\bare\b/g, 'is')
    .replace(/\s+/g, ' ')
    .trim();
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
