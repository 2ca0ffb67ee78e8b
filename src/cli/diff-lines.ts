// The terminal account of a diff: resolved (-), new (+) and changed (~) findings, then the key
// facts that changed. Every piece of bundle text goes through visibleText.
import type { Finding } from '../analyze/types.ts';
import { subjectLabel, type BundleDiff, type DiffSide } from '../report/bundle-diff.ts';
import { listSome } from '../shared/list-some.ts';
import { visibleText } from '../shared/visible-text.ts';

/** Lines per list before "… and N more": a diff of two big clusters stays readable. */
const MAX_LINES = 25;

export function diffLines(d: BundleDiff): string[] {
  const label = (id: string) => subjectLabel(d, id);
  const lines = [
    `Before: ${side(d.before)}`,
    `After:  ${side(d.after)}`,
    `Findings: ${d.resolved.length} resolved, ${d.added.length} new, ${d.changed.length} changed, ${d.unchanged} unchanged` +
      (d.uncompared.length ? `; ${d.uncompared.length} not compared (check not evaluated on the other side)` : ''),
  ];
  const capped = <T>(items: T[], line: (x: T) => string[]) => {
    for (const x of items.slice(0, MAX_LINES)) lines.push(...line(x));
    if (items.length > MAX_LINES) lines.push(`  … and ${items.length - MAX_LINES} more`);
  };
  capped(d.resolved, (f) => [findingLine('-', f)]);
  capped(d.added, (f) => [findingLine('+', f)]);
  capped(d.changed, (c) => {
    const sev = c.changes.includes('severity') ? `${c.before.severity.toUpperCase()}→${c.after.severity.toUpperCase()}` : c.after.severity.toUpperCase();
    const out = [`~ ${sev.padEnd(8)} ${c.after.check} ${c.after.subject}: ${c.after.title}`];
    if (c.subjectsGone?.length) out.push(`      no longer on: ${listSome(c.subjectsGone.map(label), 10)}`);
    if (c.subjectsNew?.length) out.push(`      now also on: ${listSome(c.subjectsNew.map(label), 10)}`);
    if (c.changes.includes('title')) out.push(`      was: ${c.before.title}`);
    if (c.changes.length === 1 && c.changes[0] === 'detail') out.push('      (detail changed)');
    return out;
  });
  const facts = d.facts.filter((f) => f.changed);
  lines.push(facts.length ? 'Key facts that changed:' : 'Key facts: no change');
  capped(facts, (f) => [`  ${f.label}: ${f.before ?? 'not in bundle'} → ${f.after ?? 'not in bundle'}`]);
  // names, titles, dates and paths come from the bundles: nothing in them may steer the terminal
  return lines.map(visibleText);
}

function findingLine(mark: string, f: Finding): string {
  const on = f.subjects?.length ? ` (${listSome(f.subjects, 5)})` : '';
  return `${mark} ${f.severity.toUpperCase().padEnd(8)} ${f.check} ${f.subject}: ${f.title}${on}`;
}

function side(s: DiffSide): string {
  const b = s.bundle;
  return `${s.file} (${b.layout}, ${b.createdAt ?? 'created ?'}, ${b.servers} servers, ${b.clients} clients; ` +
    `${s.summary.critical} critical, ${s.summary.warning} warning, ${s.summary.info} info)`;
}
