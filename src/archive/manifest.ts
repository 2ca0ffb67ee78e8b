// manifest.json: every capture with its outcome (DESIGN §2). Written by the collector,
// read by the model. Never holds a secret value: redactions name only where and which rule.
import type { CaptureCode } from '../shared/errors.ts';

export const MANIFEST_SCHEMA = 'nomad-debug/manifest@1';

export type CaptureStatus = 'ok' | 'failed' | 'timeout' | 'skipped';

export interface CaptureRecord {
  /** Bundle-relative path of the file written (or that would have been written). */
  path: string;
  /** The API path asked, e.g. "/v1/agent/host?server_id=srv1.global" (no token). */
  endpoint: string;
  /** "cluster", "server:<name>" or "client:<node id>". */
  target: string;
  status: CaptureStatus;
  code: CaptureCode;
  httpStatus?: number;
  bytes: number;
  sha256?: string;
  startedAt: string;
  ms: number;
  error?: string;
}

export interface RedactionRecord {
  path: string;
  /** Where in the file, e.g. "HostData.Environment.DB_PASSWORD" or "line 12". */
  field: string;
  /** Which rule, e.g. "env-name:PASSWORD", "url-credentials", "bearer-token", "acl-token". */
  rule: string;
}

export interface TargetRecord {
  id: string;
  name?: string;
  /** The advertised HTTP address asked directly, when known. */
  address?: string;
  status?: string;
}

export interface Manifest {
  schema: string;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  /** Options as run, secrets removed (token never present). */
  options: Record<string, unknown>;
  targets: {
    servers: TargetRecord[];
    clients: TargetRecord[];
    skipped: { id: string; reason: string }[];
  };
  captures: CaptureRecord[];
  redactions: RedactionRecord[];
}
