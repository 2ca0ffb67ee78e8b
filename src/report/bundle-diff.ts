// What `nomad-debug diff` finds between two analysed bundles: the findings compared (see
// analyze/compare-findings.ts) and the key facts side by side. This is what -json writes, and
// what the terminal lines and the HTML page are made from. Pure.
import { compareAnalyses, type FindingChange, type UncomparedFinding } from '../analyze/compare-findings.ts';
import type { AnalysisResult, Finding } from '../analyze/types.ts';
import { nodeLabel } from '../analyze/names.ts';
import { nodeById } from '../model/facts.ts';
import type { Bundle } from '../model/types.ts';
import { compareKeyFacts, type KeyFactChange } from './key-facts.ts';

export interface DiffInput {
  /** The path as the user gave it. */
  file: string;
  bundle: Bundle;
  result: AnalysisResult;
}

export interface DiffSide {
  file: string;
  /** Top folder of the bundle ("nomad-debug-2026-…"), "" when none. */
  root: string;
  /** As in `analyze -json`: layout, createdAt, servers, clients. */
  bundle: AnalysisResult['bundle'];
  summary: AnalysisResult['summary'];
}

export interface BundleDiff {
  tool: { name: string; version: string };
  before: DiffSide;
  after: DiffSide;
  /** New in AFTER. */
  added: Finding[];
  /** In BEFORE, gone from AFTER. */
  resolved: Finding[];
  /** In both, with another severity, subjects, title or detail. */
  changed: FindingChange[];
  unchanged: number;
  /** In one bundle only, from a check that could not run on the other: neither resolved nor new. */
  uncompared: UncomparedFinding[];
  /** Cluster-wide facts always; per-server and per-node facts where they differ. */
  facts: KeyFactChange[];
  /** "client-2 (38a5a263)" for the node ids in subjectsGone and subjectsNew that either bundle names. */
  labels: Record<string, string>;
}

export function diffBundles(before: DiffInput, after: DiffInput): BundleDiff {
  const findings = compareAnalyses(before.result, after.result);
  const labels = new Map<string, string>();
  for (const c of findings.changed) {
    for (const id of [...(c.subjectsGone ?? []), ...(c.subjectsNew ?? [])]) {
      const label = nodeLabel(nodeById(after.bundle, id)?.node.Name ? after.bundle : before.bundle, id);
      if (label !== id) labels.set(id, label);
    }
  }
  return {
    tool: after.result.tool,
    before: side(before),
    after: side(after),
    ...findings,
    facts: compareKeyFacts(before.bundle, after.bundle),
    labels: Object.fromEntries(labels), // own keys, even a crafted "__proto__"
  };
}

function side(x: DiffInput): DiffSide {
  return { file: x.file, root: x.bundle.root, bundle: x.result.bundle, summary: x.result.summary };
}

/** A subject as people read it: the node's name with its short id, when a bundle names it. */
export function subjectLabel(d: BundleDiff, id: string): string {
  return Object.hasOwn(d.labels, id) ? d.labels[id]! : id;
}
