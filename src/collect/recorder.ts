// Collects every capture outcome and redaction of a run, and reports each as it happens.
import type { CaptureRecord, RedactionRecord } from '../archive/manifest.ts';
import type { Reporter } from './progress.ts';
import type { FieldRedaction } from './redact.ts';

export class Recorder {
  readonly captures: CaptureRecord[] = [];
  readonly redactions: RedactionRecord[] = [];
  readonly #reporter: Reporter;
  /** Per target, kept as records come: an agent-done event must not scan thousands of records. */
  readonly #counts = new Map<string, { ok: number; failed: number }>();

  constructor(reporter: Reporter) {
    this.#reporter = reporter;
  }

  add(record: CaptureRecord): CaptureRecord {
    this.captures.push(record);
    let count = this.#counts.get(record.target);
    if (!count) this.#counts.set(record.target, (count = { ok: 0, failed: 0 }));
    if (record.status === 'ok') count.ok++;
    else if (record.status !== 'skipped') count.failed++;
    this.#report({ type: 'capture', record });
    return record;
  }

  addRedactions(path: string, list: readonly FieldRedaction[]): void {
    for (const r of list) this.redactions.push({ path, field: r.field, rule: r.rule });
  }

  warn(message: string): void {
    this.#report({ type: 'warning', message });
  }

  report(event: Parameters<Reporter>[0]): void {
    this.#report(event);
  }

  #report(event: Parameters<Reporter>[0]): void {
    try {
      this.#reporter(event);
    } catch {
      // a broken progress renderer must not break the capture
    }
  }

  /** ok / failed counts of one target, for the agent-done event. */
  countFor(target: string): { ok: number; failed: number } {
    const count = this.#counts.get(target);
    return { ok: count?.ok ?? 0, failed: count?.failed ?? 0 };
  }
}
