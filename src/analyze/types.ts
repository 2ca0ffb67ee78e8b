// Findings and checks (DESIGN §4). A check is a small pure function over the Bundle.
import type { Bundle } from '../model/types.ts';

export type Severity = 'critical' | 'warning' | 'info';

export interface Evidence {
  /** Bundle-relative path. */
  file: string;
  /** JSON pointer into the file, e.g. "/Members/2/Status". */
  pointer?: string;
  /** 1-based line, for text files. */
  line?: number;
}

export interface Finding {
  /** The check id, e.g. "member-status". */
  check: string;
  severity: Severity;
  /** The member, node or agent concerned ("srv2.global", a node id), or "cluster". */
  subject: string;
  /** One finding for a cause shared by many agents: every one of them ("cluster" is then the subject). */
  subjects?: string[];
  title: string;
  detail: string;
  evidence: Evidence[];
}

/** A check's answer: its findings (possibly none), or why it could not be evaluated. */
export type CheckOutcome = Finding[] | { notEvaluated: string };

export interface Check {
  id: string;
  title: string;
  run(bundle: Bundle): CheckOutcome;
}

/** What `analyze -json` writes. */
export interface AnalysisResult {
  tool: { name: string; version: string };
  bundle: { layout: string; createdAt: string | null; servers: number; clients: number };
  summary: { critical: number; warning: number; info: number };
  findings: Finding[];
  /** Checks that could not run because their data was missing: "not evaluated", never "pass". */
  notEvaluated: { check: string; reason: string }[];
}
