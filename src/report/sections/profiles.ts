// Profiles per agent: an overview row for each agent with pprof data, and details (top CPU
// functions, a flame graph, heap, goroutine groups) for the agents that matter most: those
// with findings first, then the busiest by CPU. Caps keep a 500-client report small.
import { BUNDLE_SHAPE } from '../../model/pprof.ts';
import { flameSvg } from '../flame-svg.ts';
import { formatCount, formatNanos, formatValue } from '../format.ts';
import { capped, LIMITS } from '../limits.ts';
import { guard, list, num, rec, text, type Rec } from '../safe.ts';
import type { AgentProfileView, ProfileOverviewRow, ProfilesView } from '../view-types.ts';
import { absent, agentName, ok, type ReportContext } from './context.ts';
import { cleanFlame, goroutineGroups, latestWith, profileTotal, topRows } from './profile-data.ts';

interface Candidate {
  a: Rec;
  id: string;
  label: string;
  priority: number;
  why: string;
  cpu: number;
}

export function buildProfiles(ctx: ReportContext): ProfilesView {
  const agents = [...list(ctx.bundle?.servers), ...list(ctx.bundle?.clients)].map(rec).filter((a) => list(a['profiles']).length > 0);
  if (agents.length === 0) return { ...absent('no pprof files for any agent (Nomad writes none on 403 or with enable_debug off)'), overview: [], overviewMore: 0, agents: [] };

  const candidates = agents.map((a) => candidate(ctx, a)).sort((x, y) => y.priority - x.priority || y.cpu - x.cpu);
  const detailed = candidates.slice(0, LIMITS.profileAgents);
  let flames = 0;
  const views = detailed.map((c, i) => {
    const wantFlame = flames < LIMITS.flameGraphs;
    const v = guard(() => agentView(c, `prof-${i}`, wantFlame), (msg) => emptyView(c, `prof-${i}`, msg));
    if (v.cpu?.svg) flames++;
    return v;
  });
  const anchors = new Map(detailed.map((c, i) => [c.id + '\u0000' + text(c.a['kind']), `prof-${i}`]));
  const { rows, more } = capped(candidates, LIMITS.profileOverview);
  const overview = rows.map((c) => guard(() => overviewRow(c, anchors.get(c.id + '\u0000' + text(c.a['kind'])) ?? null), () => ({ anchor: null, agent: c.label, kind: text(c.a['kind']), rounds: 0, cpu: '', heap: '', goroutines: '' })));
  return { ...ok(), overview, overviewMore: more, agents: views };
}

function candidate(ctx: ReportContext, a: Rec): Candidate {
  const id = text(a['id']);
  const mine = ctx.findingsBySubject.get(id) ?? [];
  const prof = mine.some((f) => f.check === 'profiles');
  const cpu = latestWith(a['profiles'], 'cpu');
  return {
    a, id, label: agentName(ctx, a['kind'], id),
    priority: prof ? 3 : mine.some((f) => f.severity !== 'info') ? 2 : mine.length ? 1 : 0,
    why: prof ? 'profile findings' : mine.length ? 'has findings' : 'busiest by CPU',
    cpu: cpu ? profileTotal(rec(cpu.round['cpu'])) : 0,
  };
}

function overviewRow(c: Candidate, anchor: string | null): ProfileOverviewRow {
  const p = c.a['profiles'];
  const cpu = latestWith(p, 'cpu');
  const heap = latestWith(p, 'heap');
  const gr = latestWith(p, 'goroutineDebug2', 'goroutineDebug1', 'goroutine');
  return {
    anchor,
    agent: c.label,
    kind: text(c.a['kind']),
    rounds: list(p).length,
    cpu: cpu ? formatValue(profileTotal(rec(cpu.round['cpu'])), text(rec(cpu.round['cpu'])['unit'])) : '',
    heap: heap ? heapText(rec(heap.round['heap'])) : '',
    goroutines: gr ? formatCount(num(rec(gr.round[gr.key])['total']) ?? 0) : '',
  };
}

function heapText(h: Rec): string {
  return `${formatValue(profileTotal(h), text(h['unit']))} ${text(h['sampleType'])}`.trim();
}

function agentView(c: Candidate, anchor: string, wantFlame: boolean): AgentProfileView {
  const p = c.a['profiles'];
  const cpuAt = latestWith(p, 'cpu');
  const heapAt = latestWith(p, 'heap');
  const grAt = latestWith(p, 'goroutineDebug2', 'goroutineDebug1');
  const grProfAt = latestWith(p, 'goroutine');

  let cpu: AgentProfileView['cpu'] = null;
  if (cpuAt) {
    const prof = rec(cpuAt.round['cpu']);
    const unit = text(prof['unit']);
    const total = profileTotal(prof);
    const dur = num(prof['durationNanos']);
    const svg = wantFlame ? flameSvg(cleanFlame(prof['flame']), unit, { label: `CPU flame graph of ${c.label}`, minFraction: BUNDLE_SHAPE.flameMinShare, maxFrames: 800 }) || null : null;
    cpu = {
      file: text(prof['file']),
      total: `${formatValue(total, unit)} sampled${dur ? ` over ${formatNanos(dur)}` : ''}`,
      top: topRows(prof, LIMITS.topFunctions),
      svg,
      pruned: wantFlame ? '' : 'Flame graph left out to keep the report small (shown for the first agents only).',
    };
  }
  let heap: AgentProfileView['heap'] = null;
  if (heapAt) {
    const h = rec(heapAt.round['heap']);
    heap = { file: text(h['file']), inuse: heapText(h), top: topRows(h, 8) };
  }
  let goroutines: AgentProfileView['goroutines'] = null;
  if (grAt) {
    const d = rec(grAt.round[grAt.key]);
    const groups = goroutineGroups(d, LIMITS.goroutineGroups, LIMITS.stackFrames);
    goroutines = { file: text(d['file']), total: formatCount(num(d['total']) ?? 0), groups, more: Math.max(0, list(d['groups']).length - groups.length) };
  } else if (grProfAt) {
    const g = rec(grProfAt.round['goroutine']);
    goroutines = { file: text(g['file']), total: formatCount(profileTotal(g)), groups: [], more: 0 };
  }
  return { anchor, agent: c.label, kind: text(c.a['kind']), why: c.why, cpu, heap, goroutines, error: null };
}

function emptyView(c: Candidate, anchor: string, msg: string): AgentProfileView {
  return { anchor, agent: c.label, kind: text(c.a['kind']), why: c.why, cpu: null, heap: null, goroutines: null, error: `Profiles of this agent could not be shown (${msg}).` };
}

