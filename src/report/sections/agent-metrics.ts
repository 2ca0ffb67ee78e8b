// Charts of every agent's own metrics (metrics_NNNN.json): runtime gauges with one line per agent
// (the highest first), and the gauges only the leader keeps live (eval broker, blocked
// evaluations, plan queue, heartbeats), read from the leader's own file. Followers publish them
// too, as 0 (nomad/server.go starts their loops on every server), so the leader is named.
import type { AgentData, MetricsSummary } from '../../model/types.ts';
import { allAgents, clusterLeader } from '../../model/facts.ts';
import { formatBytes, formatShort } from '../format.ts';
import { LIMITS } from '../limits.ts';
import { lineChart, type ChartSeries } from '../svg-chart.ts';
import type { ChartView } from '../view-types.ts';
import { agentName, type ReportContext } from './context.ts';

const PER_AGENT: { metric: string; title: string; format: (n: number) => string }[] = [
  { metric: 'nomad.runtime.num_goroutines', title: 'Goroutines per agent', format: formatShort },
  { metric: 'nomad.runtime.alloc_bytes', title: 'Heap allocated per agent', format: formatBytes },
  { metric: 'nomad.client.allocations.running', title: 'Running allocations per client', format: formatShort },
];

export const LEADER_GAUGES: { metric: string; title: string }[] = [
  { metric: 'nomad.nomad.broker.total_ready', title: 'Eval broker: ready evaluations' },
  { metric: 'nomad.nomad.blocked_evals.total_blocked', title: 'Blocked evaluations' },
  { metric: 'nomad.nomad.plan.queue_depth', title: 'Plan queue depth' },
  { metric: 'nomad.nomad.heartbeat.active', title: 'Client heartbeats tracked' },
];

/** Gauges hashicorp/raft publishes on the leader alone: who has them led when they were taken. */
const RAFT_LEADER_GAUGE = /^nomad\.raft\.leader\./;

export interface AgentMetricsView {
  /** Agents with at least one metrics_NNNN.json. */
  agents: number;
  /** The server whose gauges are the leader's, or null when none is known. */
  leader: string | null;
  charts: ChartView[];
}

function gauge(m: MetricsSummary, name: string): number | undefined {
  return (m.Gauges ?? []).find((g) => g.Name === name)?.Value;
}

/** The leader's agent: by raft configuration or leader.json, else the one server whose own metrics carry raft.leader.* gauges. */
function leaderAgent(ctx: ReportContext, servers: AgentData[]): AgentData | undefined {
  const name = clusterLeader(ctx.bundle).name;
  const named = name ? servers.find((a) => a.id === name || a.id.startsWith(`${name}.`)) : undefined;
  if (named) return named;
  const leading = servers.filter((a) => a.metrics.some((m) => (m.value.Gauges ?? []).some((g) => RAFT_LEADER_GAUGE.test(g.Name))));
  return leading.length === 1 ? leading[0] : undefined;
}

export function buildAgentMetrics(ctx: ReportContext): AgentMetricsView {
  const agents = allAgents(ctx.bundle).filter((a) => a.metrics.length > 0);
  if (agents.length === 0) return { agents: 0, leader: null, charts: [] };
  const rounds = [...new Set(agents.flatMap((a) => a.metrics.map((m) => m.round)))].sort((a, b) => a - b);
  const xLabels = rounds.map((r) => `#${r}`);
  const at = new Map(rounds.map((r, i) => [r, i]));
  const leader = leaderAgent(ctx, agents.filter((a) => a.kind === 'server'));
  const label = (a: AgentData) => `${agentName(ctx, a.kind, a.id)}${a === leader ? ' (leader)' : ''}`;
  const valuesOf = (a: AgentData, metric: string) => {
    const values = new Array<number | null>(rounds.length).fill(null);
    for (const m of a.metrics) {
      const v = gauge(m.value, metric);
      if (v !== undefined) values[at.get(m.round)!] = v;
    }
    return values;
  };
  const charts: ChartView[] = [];
  for (const c of PER_AGENT) {
    const all = agents
      .map((a) => ({ name: label(a), values: valuesOf(a, c.metric) }))
      .filter((s) => s.values.some((v) => v !== null))
      .map((s) => ({ ...s, peak: Math.max(...s.values.map((v) => v ?? -Infinity)) }))
      .sort((x, y) => y.peak - x.peak || (x.name < y.name ? -1 : 1));
    if (all.length === 0) continue;
    const series: ChartSeries[] = all.slice(0, LIMITS.chartSeries).map(({ name, values }) => ({ name, values }));
    const more = all.length > series.length ? ` (highest ${series.length} of ${all.length} agents)` : '';
    charts.push({ title: `${c.title}${more}`, metric: c.metric, svg: lineChart({ title: c.title, xLabels, series, format: c.format }) });
  }
  if (leader) {
    for (const c of LEADER_GAUGES) {
      const values = valuesOf(leader, c.metric);
      if (!values.some((v) => v !== null)) continue;
      const title = `${c.title}, on the leader ${leader.id}`;
      charts.push({ title, metric: c.metric, svg: lineChart({ title, xLabels, series: [{ name: label(leader), values }], format: formatShort }) });
    }
  }
  return { agents: agents.length, leader: leader?.id ?? null, charts };
}
