// Logs: line counts by level per agent (noisiest first) and the most frequent normalised
// WARN/ERROR messages across agents.
import { errorTimeline, topMessages } from '../../analyze/logs.ts';
import type { AgentData, Bundle } from '../../model/types.ts';
import { truncate } from '../escape.ts';
import { errorTimelineSvg } from '../svg-timeline.ts';
import { formatCount } from '../format.ts';
import { capped, LIMITS } from '../limits.ts';
import { guard, isRec, list, num, rec, text, type Rec } from '../safe.ts';
import type { LogAgentRow, LogMessageRow, LogsView } from '../view-types.ts';
import { absent, agentName, ok, type ReportContext } from './context.ts';

export function buildLogs(ctx: ReportContext): LogsView {
  const agents = [...list(ctx.bundle?.servers), ...list(ctx.bundle?.clients)].map(rec).filter((a) => Object.keys(rec(a['log'])).length > 0);
  if (agents.length === 0) return { ...absent('no monitor.log for any agent'), agents: [], agentsMore: 0, messages: [], messagesError: null, timeline: null };

  const rows: LogAgentRow[] = agents.map((a) => {
    const log = rec(a['log']);
    const c = rec(log['counts']);
    const n = (k: string) => num(c[k]) ?? 0;
    const err = n('ERROR');
    const warn = n('WARN');
    return {
      agent: agentName(ctx, a['kind'], text(a['id'])),
      file: text(log['file']),
      lines: formatCount(num(log['lines']) ?? 0),
      error: { text: formatCount(err), cls: err > 0 ? 'bad' : '' },
      warn: { text: formatCount(warn), cls: warn > 0 ? 'warn' : '' },
      info: n('INFO'),
      debug: n('DEBUG'),
      trace: n('TRACE'),
      unparsed: num(log['unparsed']) ?? 0,
      streamError: truncate(text(log['streamError']), LIMITS.textCell),
    };
  });
  const errorsOf = (r: LogAgentRow) => Number(r.error.text.replace(/,/g, '')) * 1000 + Number(r.warn.text.replace(/,/g, ''));
  rows.sort((x, y) => errorsOf(y) - errorsOf(x) || (x.agent < y.agent ? -1 : 1));
  const { rows: shown, more } = capped(rows, LIMITS.logAgents);

  let messagesError: string | null = null;
  const clean = guard<Bundle | null>(() => withCleanLogs(ctx.bundle, agents), () => null);
  const messages = guard<LogMessageRow[]>(
    () =>
      topMessages(clean ?? withCleanLogs(ctx.bundle, agents), { limit: LIMITS.topMessages }).map((m) => ({
        level: text(m.level),
        module: text(m.module),
        message: truncate(text(m.message), 300),
        count: m.count,
        agents: m.agents.slice(0, 3).map((x) => `${agentName(ctx, ctx.nodeNames.has(x.id) ? 'client' : 'server', x.id)} ×${x.count}`).join(', ') + (m.agents.length > 3 ? ` +${m.agents.length - 3} more` : ''),
        first: `${text(m.first.file)}:${m.first.line}`,
      })),
    (msg) => {
      messagesError = `Top messages could not be computed (${msg}).`;
      return [];
    },
  );
  const timeline = guard<LogsView['timeline']>(() => buildTimeline(ctx, clean ?? withCleanLogs(ctx.bundle, agents)), () => null);
  return { ...ok(), agents: shown, agentsMore: more, messages, messagesError, timeline };
}

function buildTimeline(ctx: ReportContext, bundle: Bundle): LogsView['timeline'] {
  const t = errorTimeline(bundle, { buckets: LIMITS.timelineBuckets, maxAgents: LIMITS.timelineAgents });
  if (!t || t.rows.length === 0) return null;
  const rows = t.rows.map((r) => ({ label: agentName(ctx, r.agent.kind, r.agent.id), errors: r.errors, warns: r.warns }));
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const secs = t.bucketMs / 1000;
  return { svg: errorTimelineSvg({ start: t.start, bucketMs: t.bucketMs, rows }), from: iso(t.start), to: iso(t.end), bucket: secs >= 1 ? `${secs.toFixed(secs >= 10 ? 0 : 1)} s` : `${t.bucketMs} ms`, more: t.more };
}

/** A shallow copy of the bundle whose agents and log entries have the shapes topMessages reads. */
function withCleanLogs(bundle: Bundle, agents: Rec[]): Bundle {
  const clean = (a: Rec): AgentData => {
    const log = rec(a['log']);
    const entries = list(log['entries']).filter(
      (e): e is Rec => isRec(e) && typeof e['message'] === 'string' && typeof e['level'] === 'string' && typeof e['module'] === 'string' && typeof e['line'] === 'number',
    );
    return { ...a, id: text(a['id']), log: { ...log, file: text(log['file']), entries } } as unknown as AgentData;
  };
  return { ...bundle, servers: agents.filter((a) => a['kind'] !== 'client').map(clean), clients: agents.filter((a) => a['kind'] === 'client').map(clean) };
}
