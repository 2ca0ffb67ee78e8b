// Logs: line counts by level per agent (noisiest first) and the most frequent normalised
// WARN/ERROR messages across agents.
import { agentLogs, errorTimeline, topMessages } from '../../analyze/log-aggregates.ts';
import { allAgents } from '../../model/facts.ts';
import { truncate } from '../escape.ts';
import { errorTimelineSvg } from '../svg-timeline.ts';
import { formatCount } from '../format.ts';
import { headAndRest, LIMITS } from '../limits.ts';
import type { LogAgentRow, LogMessageRow, LogsView } from '../view-types.ts';
import { absent, agentName, ok, type ReportContext } from './context.ts';

export function buildLogs(ctx: ReportContext): LogsView {
  const agents = allAgents(ctx.bundle).filter((a) => agentLogs(a).length > 0);
  if (agents.length === 0) return { ...absent('no monitor.log for any agent'), agents: [], agentsRest: [], agentsMore: 0, messages: [], timeline: null };

  // one row per log: the capture's monitor.log, and the history exported before it (each line once)
  const rows: LogAgentRow[] = agents.flatMap((a) => agentLogs(a).map((log) => {
    const c = log.counts;
    return {
      agent: agentName(ctx, a.kind, a.id),
      source: log === a.log ? 'capture' : `history${log.firstTs !== undefined ? ` from ${new Date(log.firstTs).toISOString().replace(/\.\d+Z$/, 'Z')}` : ''}`,
      file: log.file,
      lines: formatCount(log.lines),
      error: { text: formatCount(c.ERROR), cls: c.ERROR > 0 ? 'bad' : '' },
      warn: { text: formatCount(c.WARN), cls: c.WARN > 0 ? 'warn' : '' },
      info: c.INFO,
      debug: c.DEBUG,
      trace: c.TRACE,
      unparsed: log.unparsed,
      streamError: truncate(log.streamError ?? '', LIMITS.textCell),
    };
  }));
  const errorsOf = (r: LogAgentRow) => Number(r.error.text.replace(/,/g, '')) * 1000 + Number(r.warn.text.replace(/,/g, ''));
  rows.sort((x, y) => errorsOf(y) - errorsOf(x) || (x.agent < y.agent ? -1 : 1));
  const { rows: shown, rest, more } = headAndRest(rows, LIMITS.tableHead, LIMITS.logAgents);

  const messages: LogMessageRow[] = topMessages(ctx.bundle, { limit: LIMITS.topMessages }).map((m) => ({
    level: m.level,
    module: m.module,
    message: truncate(m.message, 300),
    count: m.count,
    agents: m.agents.slice(0, 3).map((x) => `${agentName(ctx, ctx.nodeNames.has(x.id) ? 'client' : 'server', x.id)} ×${x.count}`).join(', ') + (m.agents.length > 3 ? ` +${m.agents.length - 3} more` : ''),
    first: `${m.first.file}:${m.first.line}`,
  }));
  // Log summaries are parsed by the model, not decoded from JSON: topMessages cannot fail on their shape.
  return { ...ok(), agents: shown, agentsRest: rest, agentsMore: more, messages, timeline: buildTimeline(ctx) };
}

function buildTimeline(ctx: ReportContext): LogsView['timeline'] {
  const t = errorTimeline(ctx.bundle, { buckets: LIMITS.timelineBuckets, maxAgents: LIMITS.timelineAgents });
  if (!t || t.rows.length === 0) return null;
  const rows = t.rows.map((r) => ({ label: agentName(ctx, r.agent.kind, r.agent.id), errors: r.errors, warns: r.warns }));
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const secs = t.bucketMs / 1000;
  return { svg: errorTimelineSvg({ start: t.start, bucketMs: t.bucketMs, rows }), from: iso(t.start), to: iso(t.end), bucket: secs >= 1 ? `${secs.toFixed(secs >= 10 ? 0 : 1)} s` : `${t.bucketMs} ms`, more: t.more };
}
