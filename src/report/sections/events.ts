// Event stream: what happened in the cluster, in raft order, from cluster/eventstream.json.
// A timeline by topic (red: nodes lost, allocations failed or restarting, deployments failed;
// blue: every other event) and the events worth reading one by one.
import { eventWeight } from '../../analyze/events.ts';
import type { StreamEvent } from '../../model/types.ts';
import { truncate } from '../escape.ts';
import { formatCount } from '../format.ts';
import { capped, LIMITS } from '../limits.ts';
import { errorTimelineSvg } from '../svg-timeline.ts';
import type { EventRow, EventsView, Fact } from '../view-types.ts';
import { absent, agentName, ok, type ReportContext } from './context.ts';

const TOPICS = ['Node', 'Allocation', 'Deployment', 'Job'];

export function buildEvents(ctx: ReportContext): EventsView {
  const es = ctx.bundle.cluster.events;
  const empty = { source: null, total: '0', facts: [], timeline: null, rows: [], more: 0 };
  if (!es) return { ...absent('no cluster/eventstream.json'), ...empty };
  const facts: Fact[] = TOPICS.map((t) => ({ label: t, value: formatCount(ctx.bundle.cluster.eventCounts?.value[t] ?? 0), cls: '' }));
  if (es.notKept) facts.push({ label: 'not read (over the cap)', value: formatCount(es.notKept), cls: 'warn' });
  if (es.unreadable) facts.push({ label: 'unreadable lines', value: formatCount(es.unreadable), cls: 'warn' });
  const { rows, more } = capped(notable(ctx, es.events), LIMITS.eventRows);
  return { ...ok(), source: es.file, total: formatCount(es.total), facts, timeline: timeline(es.events), rows, more };
}

/** Trouble and changes, in stream order; a node's status change, whichever way, counts. */
function notable(ctx: ReportContext, events: StreamEvent[]): EventRow[] {
  const lastStatus = new Map<string, string>();
  const out: EventRow[] = [];
  for (const e of events) {
    let weight = eventWeight(e);
    if (e.topic === 'Node' && e.status) {
      const id = e.node ?? e.key;
      const prev = lastStatus.get(id);
      lastStatus.set(id, e.status);
      if (weight === 'routine' && prev && prev !== e.status && prev !== 'initializing') weight = 'change';
    }
    if (weight === 'routine') continue;
    out.push({
      index: e.index,
      time: e.ts === undefined ? '' : new Date(e.ts).toISOString().replace(/\.\d+Z$/, 'Z'),
      topic: e.topic,
      type: e.type,
      subject: truncate(subjectOf(ctx, e), LIMITS.textCell),
      what: truncate(whatOf(e), LIMITS.textCell),
      cls: weight === 'trouble' ? 'bad' : 'warn',
      line: e.line,
    });
  }
  return out;
}

function subjectOf(ctx: ReportContext, e: StreamEvent): string {
  if (e.topic === 'Node') return agentName(ctx, 'client', e.node ?? e.key);
  if (e.topic === 'Allocation') return `${e.name ?? e.key.slice(0, 8)}${e.node ? ` on ${agentName(ctx, 'client', e.node)}` : ''}`;
  return e.job ?? e.key;
}

function whatOf(e: StreamEvent): string {
  const restarts = Object.entries(e.tasks ?? {}).filter(([, t]) => (t.Restarts ?? 0) > 0).map(([name, t]) => `${name} restarted ${t.Restarts}×`);
  return [e.status, e.description, ...restarts].filter(Boolean).join(': ');
}

/** One lane per topic over the events' own times; events without a time are left out of it. */
function timeline(events: StreamEvent[]): EventsView['timeline'] {
  const timed = events.filter((e) => e.ts !== undefined && TOPICS.includes(e.topic));
  if (timed.length === 0) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const e of timed) {
    start = Math.min(start, e.ts!);
    end = Math.max(end, e.ts!);
  }
  const buckets = LIMITS.timelineBuckets;
  const bucketMs = Math.max(1000, Math.ceil((end - start + 1) / buckets));
  const rows = TOPICS.map((label) => ({ label, errors: new Array<number>(buckets).fill(0), warns: new Array<number>(buckets).fill(0) }));
  for (const e of timed) {
    const row = rows[TOPICS.indexOf(e.topic)]!;
    const i = Math.min(buckets - 1, Math.floor((e.ts! - start) / bucketMs));
    if (eventWeight(e) === 'trouble') row.errors[i]!++;
    else row.warns[i]!++;
  }
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const svg = errorTimelineSvg({ start, bucketMs, rows, words: ['in trouble', 'other events'], second: 'quiet', ariaLabel: 'Cluster events over time, per topic' });
  return { svg, from: iso(start), to: iso(start + bucketMs * buckets), bucket: `${Math.round(bucketMs / 1000)} s`, untimed: events.length - timed.length };
}
