// Profiles per agent: an overview row for each agent with pprof data, and details (top CPU
// functions, a flame graph, heap, goroutine groups) for the agents that matter most: those
// with findings first, then the busiest by CPU. Caps keep a 500-client report small.
import { allAgents } from '../../model/facts.ts';
import { BUNDLE_SHAPE } from '../../model/pprof.ts';
import type { AgentData, ProfileSummary } from '../../model/types.ts';
import { flameSvg } from '../flame-svg.ts';
import { formatCount, formatNanos, formatValue } from '../format.ts';
import { capped, LIMITS } from '../limits.ts';
import type { AgentProfileView, ProfileOverviewRow, ProfilesView } from '../view-types.ts';
import { absent, agentName, ok, type ReportContext } from './context.ts';
import { goroutineGroups, latestWith, topRows } from './profile-data.ts';

interface Candidate {
  a: AgentData;
  label: string;
  priority: number;
  why: string;
  cpu: number;
}

export function buildProfiles(ctx: ReportContext): ProfilesView {
  const agents = allAgents(ctx.bundle).filter((a) => a.profiles.length > 0);
  if (agents.length === 0) return { ...absent('no pprof files for any agent (Nomad writes none on 403 or with enable_debug off)'), overview: [], overviewMore: 0, agents: [] };

  const candidates = agents.map((a) => candidate(ctx, a)).sort((x, y) => y.priority - x.priority || y.cpu - x.cpu);
  const detailed = candidates.slice(0, LIMITS.profileAgents);
  let flames = 0;
  const views = detailed.map((c, i) => {
    const v = agentView(c, `prof-${i}`, flames < LIMITS.flameGraphs);
    if (v.cpu?.svg) flames++;
    return v;
  });
  const anchors = new Map(detailed.map((c, i) => [c.a, `prof-${i}`]));
  const { rows, more } = capped(candidates, LIMITS.profileOverview);
  return { ...ok(), overview: rows.map((c) => overviewRow(c, anchors.get(c.a) ?? null)), overviewMore: more, agents: views };
}

function candidate(ctx: ReportContext, a: AgentData): Candidate {
  const mine = ctx.findingsBySubject.get(a.id) ?? [];
  const prof = mine.some((f) => f.check === 'profiles');
  return {
    a, label: agentName(ctx, a.kind, a.id),
    priority: prof ? 3 : mine.some((f) => f.severity !== 'info') ? 2 : mine.length ? 1 : 0,
    why: prof ? 'profile findings' : mine.length ? 'has findings' : 'busiest by CPU',
    cpu: latestWith(a.profiles, 'cpu')?.total ?? 0,
  };
}

function overviewRow(c: Candidate, anchor: string | null): ProfileOverviewRow {
  const p = c.a.profiles;
  const cpu = latestWith(p, 'cpu');
  const heap = latestWith(p, 'heap');
  const gr = latestWith(p, 'goroutineDebug2', 'goroutineDebug1', 'goroutine');
  return {
    anchor,
    agent: c.label,
    kind: c.a.kind,
    rounds: p.length,
    cpu: cpu ? formatValue(cpu.total, cpu.unit) : '',
    heap: heap ? heapText(heap) : '',
    goroutines: gr ? formatCount(gr.total) : '',
  };
}

function heapText(h: ProfileSummary): string {
  return `${formatValue(h.total, h.unit)} ${h.sampleType}`.trim();
}

function agentView(c: Candidate, anchor: string, wantFlame: boolean): AgentProfileView {
  const p = c.a.profiles;
  const prof = latestWith(p, 'cpu');
  const heap = latestWith(p, 'heap');
  const dump = latestWith(p, 'goroutineDebug2', 'goroutineDebug1');
  const grProf = latestWith(p, 'goroutine');

  let cpu: AgentProfileView['cpu'] = null;
  if (prof) {
    const dur = prof.durationNanos;
    const svg = wantFlame && prof.flame ? flameSvg(prof.flame, prof.unit, { label: `CPU flame graph of ${c.label}`, minFraction: BUNDLE_SHAPE.flameMinShare, maxFrames: 800 }) || null : null;
    cpu = {
      file: prof.file,
      total: `${formatValue(prof.total, prof.unit)} sampled${dur ? ` over ${formatNanos(dur)}` : ''}`,
      top: topRows(prof, LIMITS.topFunctions),
      svg,
      pruned: wantFlame ? '' : 'Flame graph left out to keep the report small (shown for the first agents only).',
    };
  }
  let goroutines: AgentProfileView['goroutines'] = null;
  if (dump) {
    const groups = goroutineGroups(dump, LIMITS.goroutineGroups, LIMITS.stackFrames);
    goroutines = { file: dump.file, total: formatCount(dump.total), groups, more: Math.max(0, dump.groups.length - groups.length) };
  } else if (grProf) {
    goroutines = { file: grProf.file, total: formatCount(grProf.total), groups: [], more: 0 };
  }
  return {
    anchor, agent: c.label, kind: c.a.kind, why: c.why, cpu,
    heap: heap ? { file: heap.file, inuse: heapText(heap), top: topRows(heap, 8) } : null,
    goroutines,
  };
}
