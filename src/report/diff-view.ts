// BundleDiff → the diff page's view model, and the page itself: the report's style, CSP and
// escaping (every string made visible, then escaped by handlebars). Pure but for the templates.
import type { Finding } from '../analyze/types.ts';
import { listSome } from '../shared/list-some.ts';
import { subjectLabel, type BundleDiff, type DiffSide } from './bundle-diff.ts';
import { visibleView } from './escape.ts';
import { capped, LIMITS } from './limits.ts';
import { findingView } from './sections/findings.ts';
import { reportTemplate } from './templates.ts';
import type { Fact, FindingView } from './view-types.ts';

export interface ChangeView {
  finding: FindingView;
  /** "warning → critical", null when the severity stayed. */
  severity: string | null;
  /** The title before, when it changed. */
  titleBefore: string | null;
  subjectsGone: string | null;
  subjectsNew: string | null;
  /** The detail before, when it changed (the finding shows the detail now). */
  detailBefore: string | null;
  changes: string;
}

export interface DiffView {
  title: string;
  beforeName: string;
  afterName: string;
  generatedAt: string;
  tool: string;
  tiles: { label: string; count: number; cls: string; href: string }[];
  before: Fact[];
  after: Fact[];
  facts: { label: string; before: string; after: string; changed: boolean }[];
  factsMore: number;
  resolved: { items: FindingView[]; more: number; count: number };
  added: { items: FindingView[]; more: number; count: number };
  changed: { items: ChangeView[]; more: number; count: number };
  uncompared: { rows: { side: string; severity: string; check: string; subject: string; title: string; reason: string }[]; more: number };
}

export function renderDiffPage(diff: BundleDiff, opts: { generatedAt: string }): string {
  return reportTemplate().renderDiff(visibleView(buildDiffView(diff, opts)));
}

export function buildDiffView(d: BundleDiff, opts: { generatedAt: string }): DiffView {
  const label = (id: string) => subjectLabel(d, id);
  const list = (fs: Finding[]) => {
    const { rows, more } = capped(fs, LIMITS.findingsPerSeverity);
    return { items: rows.map(findingView), more, count: fs.length };
  };
  const changed = capped(d.changed, LIMITS.findingsPerSeverity);
  const facts = capped(d.facts, LIMITS.members + LIMITS.clients);
  const uncompared = capped(d.uncompared, LIMITS.findingsPerSeverity);
  const beforeName = name(d.before);
  const afterName = name(d.after);
  return {
    title: `Nomad debug diff: ${beforeName} → ${afterName}`,
    beforeName,
    afterName,
    generatedAt: opts.generatedAt,
    tool: `${d.tool.name} ${d.tool.version}`.trim(),
    tiles: [
      { label: 'resolved', count: d.resolved.length, cls: 'sev-ok', href: '#resolved' },
      { label: 'new', count: d.added.length, cls: `sev-${d.added[0]?.severity ?? 'info'}`, href: '#new' }, // added is worst first
      { label: 'changed', count: d.changed.length, cls: 'sev-info', href: '#changed' },
      { label: 'unchanged', count: d.unchanged, cls: 'neutral', href: '#summary' },
      { label: 'not compared', count: d.uncompared.length, cls: 'neutral', href: '#uncompared' },
    ],
    before: sideFacts(d.before),
    after: sideFacts(d.after),
    facts: facts.rows.map((f) => ({ label: f.label, before: f.before ?? 'not in bundle', after: f.after ?? 'not in bundle', changed: f.changed })),
    factsMore: facts.more,
    resolved: list(d.resolved),
    added: list(d.added),
    changed: {
      items: changed.rows.map((c) => {
        return {
          finding: findingView(c.after),
          severity: c.changes.includes('severity') ? `${c.before.severity} → ${c.after.severity}` : null,
          titleBefore: c.changes.includes('title') ? c.before.title : null,
          subjectsGone: c.subjectsGone?.length ? listSome(c.subjectsGone.map(label), 20) : null,
          subjectsNew: c.subjectsNew?.length ? listSome(c.subjectsNew.map(label), 20) : null,
          detailBefore: c.changes.includes('detail') ? findingView(c.before).detail : null,
          changes: c.changes.join(', '),
        };
      }),
      more: changed.more,
      count: d.changed.length,
    },
    uncompared: {
      rows: uncompared.rows.map((u) => ({
        side: u.side === 'before' ? 'only in BEFORE' : 'only in AFTER',
        severity: u.finding.severity, check: u.finding.check, subject: u.finding.subject, title: u.finding.title, reason: u.reason,
      })),
      more: uncompared.more,
    },
  };
}

function name(s: DiffSide): string {
  return s.root || s.file;
}

function sideFacts(s: DiffSide): Fact[] {
  const { critical, warning, info } = s.summary;
  return [
    { label: 'File', value: s.file, cls: '' },
    { label: 'Layout', value: s.bundle.layout, cls: '' },
    { label: 'Created', value: s.bundle.createdAt ?? 'unknown', cls: '' },
    { label: 'Servers · clients', value: `${s.bundle.servers} · ${s.bundle.clients}`, cls: '' },
    { label: 'Findings', value: `${critical} critical, ${warning} warning, ${info} info`, cls: critical ? 'bad' : warning ? 'warn' : 'ok' },
  ];
}
