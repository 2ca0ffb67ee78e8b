// Metrics charts: goroutines, heap and blocked evaluations across the interval snapshots,
// one line per reporting host (named after its server member when one matches).
import { formatBytes, formatShort } from '../format.ts';
import { LIMITS } from '../limits.ts';
import { lineChart, type ChartSeries } from '../svg-chart.ts';
import type { ChartView, MetricsView } from '../view-types.ts';
import { absent, ok, type ReportContext } from './context.ts';
import { buildAgentMetrics } from './agent-metrics.ts';

const CHARTS: { metric: string; title: string; format: (n: number) => string }[] = [
  { metric: 'nomad.runtime.num_goroutines', title: 'Goroutines', format: formatShort },
  { metric: 'nomad.runtime.alloc_bytes', title: 'Heap allocated', format: formatBytes },
  { metric: 'nomad.runtime.heap_objects', title: 'Heap objects', format: formatShort },
  { metric: 'nomad.nomad.blocked_evals.total_blocked', title: 'Blocked evaluations', format: formatShort },
];

export function buildMetrics(ctx: ReportContext): MetricsView {
  const perAgent = buildAgentMetrics(ctx);
  const ivs = ctx.bundle.intervals.filter((iv) => iv.metrics);
  if (ivs.length === 0) {
    return perAgent.charts.length ? { ...ok(), intervals: 0, charts: [], perAgent } : { ...absent('no interval metrics snapshots'), intervals: 0, charts: [], perAgent };
  }
  const xLabels = ivs.map((iv) => `#${iv.index}`);
  const hostName = hostNamer(ctx);
  const charts: ChartView[] = [];
  for (const c of CHARTS) {
    const byHost = new Map<string, (number | null)[]>();
    ivs.forEach((iv, i) => {
      for (const g of iv.metrics!.value.Gauges ?? []) {
        if (g.Name !== c.metric) continue;
        const host = hostName(g.Labels?.['host'] ?? '');
        const values = byHost.get(host) ?? new Array<number | null>(ivs.length).fill(null);
        values[i] = g.Value;
        byHost.set(host, values);
      }
    });
    if (byHost.size === 0) continue;
    const series: ChartSeries[] = [...byHost].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, LIMITS.chartSeries).map(([name, values]) => ({ name, values }));
    const hidden = byHost.size - series.length;
    charts.push({
      title: `${c.title}${hidden > 0 ? ` (first ${series.length} of ${byHost.size} hosts)` : ''}`,
      metric: c.metric,
      svg: lineChart({ title: c.title, xLabels, series, format: c.format }),
    });
  }
  if (charts.length === 0 && perAgent.charts.length === 0) return { ...absent('the metrics snapshots hold none of the charted gauges'), intervals: ivs.length, charts: [], perAgent };
  return { ...ok(), intervals: ivs.length, charts, perAgent };
}

/** The metrics' host label is a hostname; show the server member it belongs to when one matches. */
function hostNamer(ctx: ReportContext): (host: string) => string {
  const names = (ctx.bundle.cluster.members?.value.Members ?? []).map((m) => m.Name).filter(Boolean);
  return (host) => {
    if (!host) return 'agent at -address';
    return names.find((n) => n === host || n.startsWith(host + '.')) ?? host;
  };
}
