// Progress events the collector emits; src/cli renders them (TTY line, plain lines, NDJSON).
import type { CaptureRecord, Manifest } from '../archive/manifest.ts';
import type { AgentSummary } from './agent-summary.ts';

/** The last event of a run that wrote its bundle: where it is and what is in it, per agent. */
export interface DoneEvent {
  type: 'done';
  path: string;
  kind: 'archive' | 'directory';
  interrupted: boolean;
  captures: { ok: number; failed: number; skipped: number };
  /** Worst first; agents with gaps say which files are missing and why. */
  agents: AgentSummary[];
}

export type ProgressEvent =
  | { type: 'start'; address: string; region?: string; namespace?: string }
  | {
      type: 'plan';
      servers: string[];
      clients: string[];
      membersTotal: number;
      nodesTotal: number;
      skipped: { id: string; reason: string }[];
      durationMs: number;
    }
  | { type: 'capture'; record: CaptureRecord }
  | { type: 'agent-done'; target: string; ok: number; failed: number }
  | { type: 'phase'; name: string }
  | { type: 'warning'; message: string }
  | { type: 'interrupted' }
  | DoneEvent;

export type Reporter = (event: ProgressEvent) => void;

export interface CollectResult {
  /** Absolute path of the archive (or folder with noArchive). */
  path: string;
  kind: 'archive' | 'directory';
  manifest: Manifest;
  interrupted: boolean;
  agents: AgentSummary[];
}
