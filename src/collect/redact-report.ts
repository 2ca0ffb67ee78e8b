// What a `redact` pass did, grouped by rule and file, for the terminal and `-json`. Names rules,
// files and counts; never a value.
import type { RedactionRecord } from '../archive/manifest.ts';

export interface RedactReport {
  tool: { name: string; version: string };
  input: string;
  output: string;
  /** "nomad-debug" (ours), "nomad" (Nomad 1.2+), "nomad-legacy" (before 1.2). */
  layout: string;
  /** "built-in" and the user's rule names. */
  rules: string[];
  /** What happened to manifest.json. */
  manifest: 'updated' | 'none' | 'unreadable';
  summary: { files: number; filesChanged: number; redactions: number };
  byRule: { rule: string; count: number; files: { path: string; count: number }[] }[];
  /** Files copied as they were because no rule can read them (profiles, binary files), by reason. */
  copied: { reason: string; files: string[] }[];
  /** Entries of the input not written to the output (unsafe names, over a size cap), and caps hit. */
  skipped: { path: string; code: string; reason: string }[];
}

export class ReportBuilder {
  readonly #counts = new Map<string, Map<string, number>>();
  readonly #copied = new Map<string, string[]>();
  readonly #skipped: RedactReport['skipped'] = [];
  readonly #changed = new Set<string>();
  #files = 0;
  #total = 0;

  /** Every file written to the output, redacted or not; `count` stands for several cuts of a rule. */
  file(path: string, redactions: readonly { rule: string; count?: number }[]): void {
    this.#files++;
    if (redactions.length > 0) this.#changed.add(path);
    for (const r of redactions) {
      const n = r.count ?? 1;
      this.#total += n;
      let byFile = this.#counts.get(r.rule);
      if (!byFile) this.#counts.set(r.rule, (byFile = new Map()));
      byFile.set(path, (byFile.get(path) ?? 0) + n);
    }
  }

  copied(path: string, reason: string): void {
    const list = this.#copied.get(reason);
    if (list) list.push(path);
    else this.#copied.set(reason, [path]);
  }

  skipped(path: string, code: string, reason: string): void {
    this.#skipped.push({ path, code, reason });
  }

  build(head: Pick<RedactReport, 'tool' | 'input' | 'output' | 'layout' | 'rules' | 'manifest'>, manifestCuts: readonly RedactionRecord[] = []): RedactReport {
    if (manifestCuts.length > 0) this.file('manifest.json', manifestCuts);
    const byRule = [...this.#counts]
      .map(([rule, files]) => ({
        rule,
        count: [...files.values()].reduce((a, b) => a + b, 0),
        files: [...files].map(([path, count]) => ({ path, count })).sort((a, b) => b.count - a.count || a.path.localeCompare(b.path)),
      }))
      .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
    return {
      ...head,
      summary: { files: this.#files - (manifestCuts.length > 0 ? 1 : 0), filesChanged: this.#changed.size, redactions: this.#total },
      byRule,
      copied: [...this.#copied].map(([reason, files]) => ({ reason, files })),
      skipped: this.#skipped,
    };
  }
}

/** Terminal lines: per rule, its count and its files (the first few of each). */
export function reportLines(r: RedactReport, filesPerRule = 5): string[] {
  const out = [`Redacted ${r.summary.redactions} value${r.summary.redactions === 1 ? '' : 's'} in ${r.summary.filesChanged} of ${r.summary.files} files (rules: ${r.rules.join(', ')})`];
  for (const g of r.byRule) {
    out.push(`  ${g.rule}: ${g.count} in ${g.files.length} file${g.files.length === 1 ? '' : 's'}`);
    for (const f of g.files.slice(0, filesPerRule)) out.push(`    ${f.path} (${f.count})`);
    if (g.files.length > filesPerRule) out.push(`    … and ${g.files.length - filesPerRule} more files`);
  }
  for (const c of r.copied) out.push(`Copied unchanged: ${c.files.length} file${c.files.length === 1 ? '' : 's'}, ${c.reason}`);
  for (const s of r.skipped) out.push(`Not copied: ${s.path || '(bundle)'}: ${s.code}: ${s.reason}`);
  if (r.manifest === 'updated') out.push('manifest.json: records this pass and the new sha256 of every changed file');
  if (r.manifest === 'unreadable') out.push('manifest.json: not one of ours (unreadable), redacted as any JSON file and not updated');
  return out;
}
