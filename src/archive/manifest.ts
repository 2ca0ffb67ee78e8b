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
  /** Why the agent's own address refused every connection (it was still asked through -address). */
  unreachable?: string;
}

/** One later pass of `nomad-debug redact` over the bundle. */
export interface ReRedactionRecord {
  tool: { name: string; version: string };
  at: string;
  /** "built-in" and the names of the user's rules (never a pattern's text). */
  rules: string[];
  /** The user's rules file, by content: sha256 of its bytes. */
  rulesFileSha256?: string;
  /** Values cut in this pass. */
  redactions: number;
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
  /** Each `redact` pass since the collection; captures[].sha256 and bytes are those of its output. */
  reRedactions?: ReRedactionRecord[];
}

/** Array entries joined into one piece of text at a time. */
const ENTRIES_PER_PIECE = 200;

/**
 * manifest.json's text, exactly `JSON.stringify(manifest, null, 2)` and a newline, in pieces:
 * captures and redactions hold an entry per capture (9,000 at 500 clients, 4.5 MB of text), and
 * the whole text as one string, with its copy in a buffer, came at the end of a run, when
 * memory is highest.
 */
export function* manifestJson(manifest: Manifest): Generator<string> {
  const fields = Object.entries(manifest).filter(([, v]) => v !== undefined);
  yield '{';
  for (const [i, [key, value]] of fields.entries()) {
    const head = `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      yield head + indent(JSON.stringify(value, null, 2), '  ');
      continue;
    }
    yield `${head}[`;
    for (let at = 0; at < value.length; at += ENTRIES_PER_PIECE) {
      const piece = value.slice(at, at + ENTRIES_PER_PIECE).map((v: unknown) => `\n    ${indent(JSON.stringify(v, null, 2) ?? 'null', '    ')}`);
      yield (at === 0 ? '' : ',') + piece.join(',');
    }
    yield '\n  ]';
  }
  yield fields.length === 0 ? '}\n' : '\n}\n';
}

/** JSON.stringify's own line breaks only: newlines inside strings are escaped as \n. */
function indent(json: string, prefix: string): string {
  return json.replaceAll('\n', `\n${prefix}`);
}
