// PUT /v1/agent/schedulers/config: the body decoded as Go's encoding/json decodes it into
// api.AgentSchedulerWorkerConfigRequest, then checked as nomad/server.go
// SchedulerWorkerPoolArgs.IsValid checks it. Decoding errors answer "Invalid request: <error>",
// invalid arguments plain "Invalid request" (command/agent/agent_endpoint.go updateScheduleWorkersConfig).
import { HttpError } from './respond.ts';

export interface WorkerArgs {
  num_schedulers: number;
  enabled_schedulers: string[];
}

/** scheduler.BuiltinSchedulers, plus _core which IsValid accepts on its own. */
const BUILTIN = new Set(['service', 'batch', 'system', 'sysbatch']);
const STRUCT = 'AgentSchedulerWorkerConfigRequest';

function typeError(what: string, field: string, goType: string): HttpError {
  return new HttpError(400, `Invalid request: json: cannot unmarshal ${what} into Go struct field ${STRUCT}.${field} of type ${goType}`);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** A Go syntax error for a body JSON.parse refused: the first character no JSON value starts with, or a cut-off value. */
function syntaxError(body: string): HttpError {
  const first = body.trimStart()[0];
  const why = first !== undefined && !/[{["\-0-9tfn]/.test(first) ? `invalid character '${first}' looking for beginning of value` : 'unexpected EOF';
  return new HttpError(400, `Invalid request: ${why}`);
}

/** Field by name as encoding/json matches it: exact first, then case-insensitively. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : obj[key];
}

export function decodeWorkerArgs(body: string): WorkerArgs {
  if (body === '') throw new HttpError(400, 'Invalid request: Request body is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw syntaxError(body);
  }
  const out: WorkerArgs = { num_schedulers: 0, enabled_schedulers: [] };
  if (doc === null) return out;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new HttpError(400, `Invalid request: json: cannot unmarshal ${jsonKind(doc)} into Go value of type api.${STRUCT}`);
  }
  const n = field(doc as Record<string, unknown>, 'num_schedulers');
  if (n !== undefined && n !== null) {
    if (typeof n !== 'number') throw typeError(jsonKind(n), 'num_schedulers', 'int');
    if (!Number.isInteger(n)) throw typeError(`number ${n}`, 'num_schedulers', 'int');
    out.num_schedulers = n;
  }
  const list = field(doc as Record<string, unknown>, 'enabled_schedulers');
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) throw typeError(jsonKind(list), 'enabled_schedulers', '[]string');
    const bad = list.find((s) => typeof s !== 'string' && s !== null);
    if (bad !== undefined) throw typeError(jsonKind(bad), 'enabled_schedulers', 'string');
    out.enabled_schedulers = list.map((s) => (s === null ? '' : String(s)));
  }
  return out;
}

/** SchedulerWorkerPoolArgs.IsValid: 0 to NumCPU workers, _core enabled, nothing but built-in schedulers. */
export function validWorkerArgs(a: WorkerArgs, numCpu: number): boolean {
  if (a.num_schedulers < 0 || a.num_schedulers > numCpu) return false;
  return a.enabled_schedulers.includes('_core') && a.enabled_schedulers.every((s) => s === '_core' || BUILTIN.has(s));
}
