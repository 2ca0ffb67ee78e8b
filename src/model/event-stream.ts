// Reads eventstream.json as it streams in: counts every event by topic (EventCounter), keeps the
// Node, Job, Allocation and Deployment events reduced to what the checks and the timeline read,
// and searches payloads for secrets with the shared rules. Bounded: a stream of millions of
// events keeps at most MAX_KEPT of them and scans at most SCAN_BUDGET_CHARS of payload; what lies
// past either cap is counted and becomes a TOO_MANY gap, never a silent cut.
import { findSecretsInJson, redactText } from '../shared/secrets/index.ts';
import { Issues } from './decode.ts';
import { taskStates } from './decoders.ts';
import { EventCounter } from './event-counter.ts';
import type { EventStreamData, Gap, StreamEvent, TaskState } from './types.ts';

export const EVENT_LIMITS = {
  /** Node, Job, Allocation and Deployment events kept for the checks and the timeline. */
  maxKept: 20_000,
  /** Characters of event lines searched for secrets. */
  scanChars: 64 * 1024 * 1024,
  /** Secrets kept (each is one finding's evidence at most). */
  maxSecrets: 200,
  /** Characters kept of any text of a kept event. */
  textChars: 300,
  /** Tasks kept per allocation, and task events per task (Nomad keeps 10). */
  maxTasks: 20,
  maxTaskEvents: 10,
};

const KEPT_TOPICS = new Set(['Node', 'Job', 'Allocation', 'Deployment']);

export class EventStreamReader {
  readonly #file: string;
  readonly #counter: EventCounter;
  readonly #data: EventStreamData;
  readonly #limits: typeof EVENT_LIMITS;
  #scanned = 0;

  constructor(file: string, limits: Partial<typeof EVENT_LIMITS> = {}) {
    this.#file = file;
    this.#limits = { ...EVENT_LIMITS, ...limits };
    this.#data = { file, total: 0, events: [], notKept: 0, unreadable: 0, secrets: [], notScanned: 0 };
    this.#counter = new EventCounter((ev, line, at, chars) => this.#visit(ev, line, at, chars));
  }

  push(chunk: Buffer): void {
    this.#counter.push(chunk);
  }

  end(): { counts: Record<string, number>; data: EventStreamData; gaps: Gap[] } {
    const counts = this.#counter.end();
    const d = this.#data;
    d.unreadable = this.#counter.unreadable;
    const gaps: Gap[] = [];
    if (d.notKept > 0) {
      gaps.push({ file: this.#file, code: 'TOO_MANY', reason: `${d.notKept} Node, Job, Allocation and Deployment events past the first ${this.#limits.maxKept} were counted, not read by the checks or the timeline` });
    }
    if (d.notScanned > 0) {
      gaps.push({ file: this.#file, code: 'TOO_MANY', reason: `${d.notScanned} events past the first ${bytes(this.#limits.scanChars)} characters of the stream were not searched for secrets` });
    }
    return { counts, data: d, gaps };
  }

  #visit(ev: Record<string, unknown>, line: number, at: number | undefined, chars: number): void {
    const d = this.#data;
    d.total++;
    this.#scan(ev, line, at, chars);
    if (!KEPT_TOPICS.has(ev.Topic as string)) return;
    if (d.events.length >= this.#limits.maxKept) {
      d.notKept++;
      return;
    }
    d.events.push(reduce(ev, line, at));
  }

  /** Each line's length counts once against the budget, with its first event. */
  #scan(ev: Record<string, unknown>, line: number, at: number | undefined, chars: number): void {
    const d = this.#data;
    if (!at) this.#scanned += chars;
    if (this.#scanned > this.#limits.scanChars) {
      d.notScanned++;
      return;
    }
    // a raw frame's events sit under Events/N of their line; the CLI's are the line itself
    const base = at === undefined ? [] : ['Events', at];
    for (const s of findSecretsInJson(ev.Payload)) {
      if (d.secrets.length >= this.#limits.maxSecrets) return;
      d.secrets.push({ line, keys: [...base, 'Payload', ...s.keys], name: s.name || s.path, rule: s.rule, masked: s.masked });
    }
  }
}

function bytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} Mi` : String(n);
}

/**
 * A payload text as the checks and the report may show it: cut short, and without the secrets
 * the shared rules find (a token in a deployment's description or a task's message is reported
 * by the secrets check; it must not also be printed). Redacted before the cut, with a margin, so a
 * secret across the cut is still recognised.
 */
function keep(text: string): string {
  return redactText(text.slice(0, EVENT_LIMITS.textChars * 4)).text.slice(0, EVENT_LIMITS.textChars);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? keep(v) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The payload's object of the event's topic, and what the checks read from it. */
function reduce(ev: Record<string, unknown>, line: number, at: number | undefined): StreamEvent {
  const topic = ev.Topic as string;
  const out: StreamEvent = { line, ...(at === undefined ? {} : { at }), topic, type: str(ev.Type) ?? '', key: str(ev.Key) ?? '', index: num(ev.Index) ?? 0 };
  const p = obj(obj(ev.Payload)?.[topic]);
  if (!p) return out;
  const set = <K extends keyof StreamEvent>(k: K, v: StreamEvent[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  switch (topic) {
    case 'Node': {
      set('node', str(p.ID));
      set('name', str(p.Name));
      set('status', str(p.Status));
      set('description', str(p.StatusDescription));
      const at = num(p.StatusUpdatedAt); // seconds
      if (at) out.ts = at * 1000;
      break;
    }
    case 'Allocation': {
      set('name', str(p.Name));
      set('node', str(p.NodeID));
      set('job', str(p.JobID));
      set('taskGroup', str(p.TaskGroup));
      set('status', str(p.ClientStatus));
      set('description', str(p.ClientDescription));
      set('ts', nanosToMs(p.ModifyTime));
      set('tasks', tasksOf(p.TaskStates));
      break;
    }
    case 'Job': {
      set('job', str(p.ID));
      set('status', str(p.Status));
      set('ts', nanosToMs(p.SubmitTime));
      break;
    }
    case 'Deployment': {
      set('job', str(p.JobID));
      set('status', str(p.Status));
      set('description', str(p.StatusDescription));
      set('ts', nanosToMs(p.ModifyTime));
      break;
    }
  }
  return out;
}

function nanosToMs(v: unknown): number | undefined {
  const n = num(v);
  return n && n > 0 ? Math.floor(n / 1e6) : undefined;
}

/** TaskStates as the model types them, capped and with every text cut short. */
function tasksOf(v: unknown): Record<string, TaskState> | undefined {
  const states = obj(v);
  if (!states) return undefined;
  const few: Record<string, unknown> = {};
  for (const name of Object.keys(states).slice(0, EVENT_LIMITS.maxTasks)) {
    const st = obj(states[name]);
    if (!st) continue;
    const events = Array.isArray(st.Events) ? st.Events.slice(-EVENT_LIMITS.maxTaskEvents) : st.Events;
    few[name] = { ...st, Events: events };
  }
  const decoded = taskStates(few, 'TaskStates', new Issues());
  if (!decoded) return undefined;
  for (const st of Object.values(decoded)) {
    for (const e of st.Events ?? []) {
      for (const k of ['DisplayMessage', 'DriverError', 'SetupError', 'VaultError', 'KillReason'] as const) if (e[k] !== undefined) e[k] = keep(e[k]!);
      if (e.Details) e.Details = Object.fromEntries(Object.entries(e.Details).slice(0, 20).map(([k, x]) => [k.slice(0, 80), keep(x)]));
    }
  }
  return decoded;
}
