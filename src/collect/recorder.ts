// Collects every capture outcome and redaction of a run, and reports each as it happens.
import type { CaptureRecord, RedactionRecord } from '../archive/manifest.ts';
import type { Reporter } from './progress.ts';
import type { FieldRedaction } from './redact.ts';

export class Recorder {
  readonly captures: CaptureRecord[] = [];
  readonly redactions: RedactionRecord[] = [];
  readonly #reporter: Reporter;

  constructor(reporter: Reporter) {
    this.#reporter = reporter;
  }

  add(record: CaptureRecord): CaptureRecord {
    this.captures.push(record);
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
    let ok = 0;
    let failed = 0;
    for (const c of this.captures) {
      if (c.target !== target) continue;
      if (c.status === 'ok') ok++;
      else if (c.status !== 'skipped') failed++;
    }
    return { ok, failed };
  }
}
