// Small inline SVG line charts (one line per series across the interval snapshots). Pure and
// deterministic; every label is escaped because series names come from the bundle.
import { escapeHtml, truncate } from './escape.ts';
import { formatShort } from './format.ts';

export interface ChartSeries {
  name: string;
  /** One value per x position; null where the series has no point. */
  values: (number | null)[];
}

export interface LineChartOptions {
  /** For the SVG's accessible name. */
  title: string;
  xLabels: string[];
  series: ChartSeries[];
  /** Axis and tooltip values; defaults to 1.2k / 3.4M style. */
  format?: (n: number) => string;
  width?: number;
}

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

const HEIGHT = 180;
const M = { left: 52, right: 14, top: 10, bottom: 24 };
const LEGEND_ROW = 16;

export function lineChart(opts: LineChartOptions): string {
  const width = opts.width ?? 560;
  const fmt = opts.format ?? formatShort;
  const n = Math.max(1, opts.xLabels.length);
  const values = opts.series.flatMap((s) => s.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  const top = niceMax(values.length ? Math.max(...values) : 1);
  const plotW = width - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const xAt = (i: number) => r1(M.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1)));
  const yAt = (v: number) => r1(M.top + plotH - (Math.max(0, v) / top) * plotH);

  const legend = legendLayout(opts.series.map((s) => s.name), width);
  const height = HEIGHT + legend.rows * LEGEND_ROW + 6;
  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(opts.title)}" font-size="11">`,
  ];
  // Grid and y axis labels.
  for (let k = 0; k <= 4; k++) {
    const v = (top * k) / 4;
    const y = yAt(v);
    out.push(`<line class="grid" x1="${M.left}" x2="${width - M.right}" y1="${y}" y2="${y}"/>`);
    out.push(`<text class="axis" x="${M.left - 6}" y="${r1(y + 3.5)}" text-anchor="end">${escapeHtml(fmt(v))}</text>`);
  }
  // X labels: at most ~10, evenly spaced.
  const step = Math.max(1, Math.ceil(n / 10));
  for (let i = 0; i < opts.xLabels.length; i += step) {
    out.push(`<text class="axis" x="${xAt(i)}" y="${HEIGHT - 6}" text-anchor="middle">${escapeHtml(truncate(opts.xLabels[i] ?? '', 12))}</text>`);
  }
  opts.series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length]!;
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${xAt(i)} ${yAt(v)}`;
      pen = true;
    });
    if (d) out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"/>`);
    s.values.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      out.push(`<circle cx="${xAt(i)}" cy="${yAt(v)}" r="3" fill="${color}"><title>${escapeHtml(s.name)} · ${escapeHtml(opts.xLabels[i] ?? '')}: ${escapeHtml(fmt(v))}</title></circle>`);
    });
  });
  legend.items.forEach((it, si) => {
    const y = HEIGHT + it.row * LEGEND_ROW + 8;
    out.push(`<rect x="${it.x}" y="${y - 8}" width="10" height="10" rx="2" fill="${PALETTE[si % PALETTE.length]}"/>`);
    out.push(`<text class="legend" x="${it.x + 14}" y="${y + 1}">${escapeHtml(it.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** Upper axis bound: 1, 2 or 5 times a power of ten, at or above `max`. */
export function niceMax(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= max) return m * pow;
  return 10 * pow;
}

function legendLayout(names: string[], width: number): { rows: number; items: { x: number; row: number; label: string }[] } {
  const items: { x: number; row: number; label: string }[] = [];
  let x = M.left;
  let row = 0;
  for (const name of names) {
    const label = truncate(name, 40);
    const w = 14 + label.length * 6.2 + 14;
    if (x + w > width - M.right && x > M.left) {
      row++;
      x = M.left;
    }
    items.push({ x: r1(x), row, label });
    x += w;
  }
  return { rows: names.length ? row + 1 : 0, items };
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
