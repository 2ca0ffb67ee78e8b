// Logs: level counts per agent, top normalised WARN/ERROR messages, known bad patterns,
// error bursts (an agent far above the others, or many errors in a short window), and logs cut
// short by a stream error. monitor.log and the exported history (monitor_export.log) are read
// together, each line once (historyBefore); counts compared across agents are monitor.log's, the
// window every agent shares.
import type { AgentData, Bundle, LogSummary } from '../../model/types.ts';
import { agentEntries, agentLogs, agentsWithLogs, historyBefore, maxErrorsInWindow, patternHits, topMessages, type TopMessage } from '../log-aggregates.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding, oneFindingPerCause, pointer } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { plural } from '../text.ts';
import { agentOfTarget, membersOf, nodeById } from '../../model/facts.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'logs';
const BURST_MIN_ERRORS = 10;
const BURST_FACTOR = 3;
const WINDOW_MS = 60_000;
const WINDOW_MIN_ERRORS = 30;

export const check: Check = {
  id: ID,
  title: 'Agent logs',
  run(bundle) {
    const agents = agentsWithLogs(bundle);
    if (agents.length === 0) return { notEvaluated: 'no monitor.log or monitor_export.log in the bundle' };
    const top = topMessages(bundle);
    const [pats, burst] = foldIntoBursts(patterns(bundle), bursts(bundle, agents, top));
    return [...levelCounts(bundle, agents, top), ...pats, ...burst, ...incomplete(bundle, agents), ...noHistory(bundle)];
  },
};

const NO_COUNTS: LogSummary['counts'] = { TRACE: 0, DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0 };

/** One inventory finding: lines by level per agent, and the most frequent messages across agents. */
function levelCounts(bundle: Bundle, agents: AgentData[], top: TopMessage[]): Finding[] {
  const rows = agents
    .map((a) => ({ a, c: a.log?.counts ?? NO_COUNTS, h: historyBefore(a) }))
    .sort((x, y) => (y.c.ERROR ?? 0) - (x.c.ERROR ?? 0) || (y.c.WARN ?? 0) - (x.c.WARN ?? 0));
  const since = (h: LogSummary) => (h.firstTs !== undefined ? ` from ${new Date(h.firstTs).toISOString()}` : '');
  const text = rows.map(({ a, c, h }) =>
    `${agentLabel(bundle, a)}: ${c.ERROR ?? 0} error, ${c.WARN ?? 0} warn, ${c.INFO ?? 0} info, ${(c.DEBUG ?? 0) + (c.TRACE ?? 0)} debug/trace` +
    (h ? ` (before the capture${since(h)}: ${h.counts.ERROR ?? 0} error, ${h.counts.WARN ?? 0} warn)` : ''));
  const errors = rows.reduce((s, { c }) => s + (c.ERROR ?? 0), 0);
  const warns = rows.reduce((s, { c }) => s + (c.WARN ?? 0), 0);
  const withHistory = rows.filter((r) => r.h);
  const history = withHistory.length
    ? ` The history exported before the capture (monitor_export.log) of ${plural(withHistory.length, 'agent')} holds ${plural(withHistory.reduce((s, r) => s + (r.h!.counts.ERROR ?? 0), 0), 'error')} and ${plural(withHistory.reduce((s, r) => s + (r.h!.counts.WARN ?? 0), 0), 'warning')} more.`
    : '';
  const files = rows.slice(0, 5).map(({ a, h }) => a.log?.file ?? h!.file);
  const frequent = top.slice(0, 10).map((t) => `[${t.level}] ${t.module}: ${t.message} ×${t.count} (${plural(t.agents.length, 'agent')})`);
  const most = frequent.length ? ` Most frequent error and warning messages across agents, variable parts replaced: ${frequent.join('; ')}.` : '';
  return [finding(ID, 'info', 'cluster', `${plural(errors, 'error')} and ${plural(warns, 'warning')} in ${plural(rows.filter((r) => r.a.log).length, 'agent log')}`,
    `Log lines by level during the capture (monitor.log), most errors first: ${listSome(text, 15)}.${history}${most}`,
    [...files.map((f) => evidence(f)), ...top.slice(0, 3).map((t) => evidence(t.first.file, undefined, t.first.line))])];
}

function patterns(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const { pattern, hits } of patternHits(bundle)) {
    const total = hits.reduce((s, h) => s + h.entries.length, 0);
    // counted from the entries kept: past the per-log cap the true count is higher
    const atLeast = hits.some((h) => agentLogs(h.agent).some((l) => l.capped)) ? 'at least ' : '';
    const subject = hits.length === 1 ? hits[0]!.agent.id : 'cluster';
    const who = hits
      .sort((x, y) => y.entries.length - x.entries.length)
      .map((h) => `${agentLabel(bundle, h.agent)} ×${h.entries.length}`);
    const where = hits.length === 1 ? ` on ${agentLabel(bundle, hits[0]!.agent)}` : ` on ${hits.length} agents`;
    out.push(finding(ID, pattern.id === 'monitor dropped' ? 'info' : 'warning', subject, `"${pattern.id}" logged ${atLeast}${total} time${total === 1 ? '' : 's'}${where}`,
      `Log lines matching "${pattern.id}": ${listSome(who)}. This usually means ${pattern.meaning}.`,
      hits.slice(0, 5).map((h) => evidence(h.entries[0]!.file, undefined, h.entries[0]!.line))));
  }
  return out;
}

/**
 * An error burst is one finding with its messages inside: the known patterns logged by that
 * agent alone become part of its burst finding instead of findings of their own.
 */
function foldIntoBursts(pats: Finding[], burst: Finding[]): [Finding[], Finding[]] {
  const bySubject = new Map(burst.map((b) => [b.subject, b]));
  const folded = new Map<string, Finding[]>();
  const rest = pats.filter((p) => {
    if (!bySubject.has(p.subject) || p.severity !== 'warning') return true;
    folded.set(p.subject, [...(folded.get(p.subject) ?? []), p]);
    return false;
  });
  const merged = burst.map((b) => {
    const inside = folded.get(b.subject);
    if (!inside) return b;
    return { ...b, detail: `${b.detail} Among its lines: ${inside.map((p) => `${p.title.replace(/ on .*$/, '')} (${p.detail.replace(/^.*This usually means /, '').replace(/\.$/, '')})`).join('; ')}.`,
      evidence: [...b.evidence, ...inside.flatMap((p) => p.evidence)] };
  });
  return [rest, merged];
}

function bursts(bundle: Bundle, agents: AgentData[], all: TopMessage[]): Finding[] {
  const out: Finding[] = [];
  const errors = agents.map((a) => a.log?.counts.ERROR ?? 0);
  const sorted = [...errors].sort((a, b) => a - b);
  const others = errors.length - 1;
  agents.forEach((a, i) => {
    const mine = errors[i]!;
    const othersMedian = medianWithout(sorted, mine);
    const baseline = Math.max(1, othersMedian);
    const aboveOthers = others > 0 && mine >= BURST_MIN_ERRORS && mine >= BURST_FACTOR * baseline;
    const win = maxErrorsInWindow(agentEntries(a), WINDOW_MS);
    const dense = win.count >= WINDOW_MIN_ERRORS;
    if (!aboveOthers && !dense) return;
    const label = agentLabel(bundle, a);
    const top = mostFrequentError(all, a.id);
    const parts: string[] = [];
    if (aboveOthers) parts.push(`${mine} ERROR lines against a median of ${othersMedian} on the other ${plural(others, 'agent')}`);
    // past the model's entry cap the window saw only the first entries kept: say "at least"
    const atLeast = agentLogs(a).some((l) => l.capped) ? 'at least ' : '';
    if (dense) parts.push(`${atLeast}${win.count} errors within one minute${win.start?.time ? ` from ${win.start.time}` : ''}`);
    out.push(finding(ID, 'warning', a.id, `Error burst on ${label}`,
      `${label} logged ${parts.join(', and ')}.` + (top ? ` Most common: ${top.module}: ${top.message} (×${top.count}).` : '') +
      ' Read this agent\'s log around the burst: it often shows the first failure that the others only echo.',
      [evidenceAt(win.start ?? agentEntries(a).find((e) => e.level === 'ERROR'), a)]));
  });
  return out;
}

/** Agents asked for their history whose Nomad has no export endpoint (the collector's UNSUPPORTED). */
function noHistory(bundle: Bundle): Finding[] {
  const m = bundle.manifest;
  if (!m) return [];
  const hits = m.value.captures.map((c, i) => ({ c, i })).filter(({ c }) => c.code === 'UNSUPPORTED' && c.path.endsWith('/monitor_export.log'));
  if (hits.length === 0) return [];
  const who = hits.map(({ c }) => {
    const a = agentOfTarget(c.target);
    return a ? agentLabel(bundle, a) : c.target;
  });
  return [finding(ID, 'info', hits.length === 1 ? agentOfTarget(hits[0]!.c.target)?.id ?? 'cluster' : 'cluster',
    `No log history from ${plural(hits.length, 'agent')}: Nomad before 1.10.4`,
    `The log history was asked for (-log-lookback or -log-file-export) but ${listSome(who)} ${hits.length === 1 ? 'runs' : 'run'} a Nomad without /v1/agent/monitor/export ` +
    '(added in 1.10.4), so only the capture\'s own monitor.log is there for them. This is not a failure of the collection.',
    hits.slice(0, 5).map(({ i }) => evidence(m.file, pointer('captures', i))))];
}

function evidenceAt(e: { file: string; line: number } | undefined, a: AgentData): ReturnType<typeof evidence> {
  return e ? evidence(e.file, undefined, e.line) : evidence((a.log ?? a.exportLog)!.file);
}

/** Logs cut short, one finding per kind of log and error shared by several agents. */
function incomplete(bundle: Bundle, agents: AgentData[]): Finding[] {
  // a failed, left or down agent could not be asked: agent-health says so, its logs are the same cause
  const each = incompleteEach(bundle, agents.filter((a) => !expectedGone(bundle, a)));
  return oneFindingPerCause(each, (x) => x.error, (x) => x.f.subject, (x) => x.f, (xs) => {
    const kinds = new Set(xs.map((x) => x.kind));
    const agentsCut = new Set(xs.map((x) => x.f.subject)).size;
    const what = kinds.size === 2 ? 'Logs and log history' : kinds.has('log') ? 'Log' : 'Log history';
    return finding(ID, 'info', 'cluster', `${what} of ${agentsCut} agents ${kinds.size === 2 ? 'are' : 'is'} incomplete: ${truncate(xs[0]!.error, 80)}`,
      `The log streams (monitor.log, monitor_export.log) of ${listSome([...new Set(xs.map((x) => x.label))], 8)} ended with an error ("${truncate(xs[0]!.error, 160)}"), ` +
        'so they stop early or are empty. A 403 means the token lacks agent:read; a capture window that ended first means the agents answered too slowly.',
      xs.slice(0, 5).flatMap((x) => x.f.evidence));
  }).map((f) => (f.subjects ? { ...f, subjects: [...new Set(f.subjects)] } : f));
}

/** A server member that failed or left, or a client node that is down: nobody expects its log. */
function expectedGone(bundle: Bundle, a: AgentData): boolean {
  const status = a.kind === 'server'
    ? membersOf(bundle)?.members.find(({ m }) => m.Name === a.id)?.m.Status
    : nodeById(bundle, a.id)?.node.Status;
  return ['failed', 'left', 'down'].includes(status?.toLowerCase() ?? '');
}

function incompleteEach(bundle: Bundle, agents: AgentData[]): { kind: 'log' | 'history'; error: string; label: string; f: Finding }[] {
  const out: { kind: 'log' | 'history'; error: string; label: string; f: Finding }[] = [];
  for (const a of agents) {
    const label = agentLabel(bundle, a);
    const log = a.log;
    if (log?.streamError) {
      out.push({ kind: 'log', error: log.streamError, label, f: finding(ID, 'info', a.id, `Log of ${label} is incomplete`,
        `The log stream of ${label} ended with an error ("${truncate(log.streamError, 160)}"), so its monitor.log stops early or is empty. ` +
        'A 403 here means the token lacks agent:read.',
        [evidence(log.file, undefined, log.lines || undefined)]) });
    }
    const h = a.exportLog;
    if (h?.streamError) {
      out.push({ kind: 'history', error: h.streamError, label, f: finding(ID, 'info', a.id, `Log history of ${label} is incomplete`,
        `The log export of ${label} ended with an error ("${truncate(h.streamError, 160)}"), so its monitor_export.log stops early or is empty. ` +
        '"No nomad log file defined" means the agent has no log_file (use -log-lookback for journald instead); a 403 means the token lacks agent:read.',
        [evidence(h.file, undefined, h.lines || undefined)]) });
    }
  }
  return out;
}

/** This agent's most frequent ERROR message, from the cluster-wide aggregation. */
function mostFrequentError(all: TopMessage[], agentId: string): { module: string; message: string; count: number } | undefined {
  let best: { module: string; message: string; count: number } | undefined;
  for (const t of all) {
    if (t.level !== 'ERROR') continue;
    const mine = t.agents.find((x) => x.id === agentId)?.count ?? 0;
    if (mine > (best?.count ?? 0)) best = { module: t.module, message: t.message, count: mine };
  }
  return best;
}

/**
 * The median of `sorted` (ascending) with one `value` taken out: every agent's count against
 * the others' without sorting the others again for each of 500 agents.
 */
export function medianWithout(sorted: readonly number[], value: number): number {
  const n = sorted.length - 1;
  if (n <= 0) return 0;
  const k = sorted.indexOf(value);
  const at = (j: number) => sorted[k >= 0 && j >= k ? j + 1 : j]!;
  const m = n >> 1;
  return n % 2 ? at(m) : (at(m - 1) + at(m)) / 2;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
