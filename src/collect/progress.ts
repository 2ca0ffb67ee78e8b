// Progress events the collector emits; src/cli renders them (TTY line, plain lines, NDJSON).
import type { CaptureRecord, Manifest } from '../archive/manifest.ts';

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
  | { type: 'interrupted' };

export type Reporter = (event: ProgressEvent) => void;

export interface CollectResult {
  /** Absolute path of the archive (or folder with noArchive). */
  path: string;
  kind: 'archive' | 'directory';
  manifest: Manifest;
  interrupted: boolean;
}
