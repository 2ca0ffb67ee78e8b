// Capture coverage: every manifest capture by status and code per target, the targets the
// collector skipped and why, the failed captures, and the files the model found missing or bad.
import { truncate } from '../escape.ts';
import { capped, LIMITS } from '../limits.ts';
import { countBy } from '../count-by.ts';
import type { CoverageView, Fact } from '../view-types.ts';
import { groupBy } from '../../shared/group-by.ts';
import { agentName, ok, type ReportContext } from './context.ts';

const STATUSES = ['ok', 'failed', 'timeout', 'skipped'] as const;
/** Gap codes that say a cap was hit (src/archive/read-limits.ts and the collector's size limits). */
const LIMIT_CODES = new Set(['TOO_LARGE', 'TOO_MANY', 'TOO_DEEP']);

export function buildCoverage(ctx: ReportContext): CoverageView {
  const m = ctx.bundle.manifest?.value;
  const captures = m?.captures ?? [];
  const gapsAll = ctx.bundle.gaps.map((g) => ({ file: g.file, code: g.code, reason: truncate(g.reason, LIMITS.textCell) }));
  const gaps = capped(gapsAll, LIMITS.gaps);
  const hasManifest = m !== undefined;

  const totals: Fact[] = STATUSES.map((s) => {
    const n = captures.filter((c) => c.status === s).length;
    return { label: s, value: String(n), cls: n === 0 ? '' : s === 'ok' ? 'ok' : s === 'skipped' ? '' : 'bad' };
  });

  const byTarget = groupBy(captures, (c) => c.target);
  const targetRows = [...byTarget].map(([target, cs]) => {
    const count = (s: string) => cs.filter((c) => c.status === s).length;
    const failed = count('failed');
    const timeout = count('timeout');
    const codes = countBy(cs.filter((c) => c.status !== 'ok'), (c) => c.code).map((x) => `${x.key} ×${x.count}`).join(', ');
    return { target: targetLabel(ctx, target), total: cs.length, ok: count('ok'), failed, timeout, skipped: count('skipped'), codes, cls: failed + timeout === 0 ? 'ok' : failed + timeout === cs.length ? 'bad' : 'warn' };
  });
  targetRows.sort((a, b) => b.failed + b.timeout - (a.failed + a.timeout) || (a.target < b.target ? -1 : 1));
  const targets = capped(targetRows, LIMITS.captureTargets);

  const failedAll = captures
    .filter((c) => c.status === 'failed' || c.status === 'timeout')
    .map((c) => ({ path: c.path, endpoint: c.endpoint, target: targetLabel(ctx, c.target), code: c.code, error: truncate(c.error ?? '', LIMITS.textCell) }));
  const failed = capped(failedAll, LIMITS.failedCaptures);
  const skippedTargets = (m?.targets.skipped ?? []).slice(0, LIMITS.captureTargets).map((s) => ({ id: s.id, reason: s.reason }));

  const state = hasManifest
    ? ok()
    : { missing: 'Not in this bundle: no manifest.json (bundles made by nomad operator debug have none), so what was asked versus what arrived is unknown; the files found missing or unreadable are listed below.', error: null };
  return {
    ...state,
    totals: hasManifest ? totals : [],
    targets: targets.rows,
    targetsMore: targets.more,
    skippedTargets,
    failed: failed.rows,
    failedMore: failed.more,
    limits: gapsAll.filter((g) => LIMIT_CODES.has(g.code)).slice(0, LIMITS.gaps).map((g) => ({ ...g, file: g.file || '(whole bundle)' })),
    gaps: gaps.rows,
    gapsMore: gaps.more,
  };
}

/** "server:srv1.global" → "server srv1.global"; client targets get the node name. */
function targetLabel(ctx: ReportContext, target: string): string {
  const m = /^(server|client):(.+)$/.exec(target);
  if (!m) return target;
  return `${m[1]} ${agentName(ctx, m[1]!, m[2]!)}`;
}

