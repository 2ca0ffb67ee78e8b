// A timeline as an inline SVG: one row per lane (an agent's log, a topic of the event stream),
// one cell per time bucket, red for the first series (errors, trouble) and amber or a quiet
// blue for the second (warnings, other events), darker for more. Pure; every label is escaped.
import { escapeHtml, truncate } from './escape.ts';

export interface TimelineRowView {
  label: string;
  errors: number[];
  warns: number[];
}

export interface TimelineOptions {
  start: number;
  bucketMs: number;
  rows: TimelineRowView[];
  width?: number;
  /** What the two series count, for the tooltips; errors and warnings by default. */
  words?: [string, string];
  /** The second series in amber (warnings, the default) or a quiet blue (ordinary events). */
  second?: 'warn' | 'quiet';
  ariaLabel?: string;
}

const ROW_H = 16;
const LABEL_W = 190;
const AXIS_H = 20;

/** HH:MM:SS in UTC (bundles come from anywhere; the report says which zone), with milliseconds for short spans. */
function clock(ms: number, fine: boolean): string {
  return new Date(ms).toISOString().slice(11, fine ? 23 : 19);
}

function cellColor(errors: number, warns: number, maxErrors: number, maxWarns: number, second: 'warn' | 'quiet'): string | undefined {
  if (errors > 0) return `rgba(220,38,38,${(0.25 + 0.75 * (errors / maxErrors)).toFixed(2)})`;
  if (warns > 0) return `rgba(${second === 'warn' ? '217,119,6' : '37,99,235'},${(0.2 + 0.6 * (warns / maxWarns)).toFixed(2)})`;
  return undefined;
}

export function errorTimelineSvg(opts: TimelineOptions): string {
  const width = opts.width ?? 1100;
  const buckets = Math.max(1, opts.rows[0]?.errors.length ?? 1);
  const cellW = (width - LABEL_W - 8) / buckets;
  const height = opts.rows.length * ROW_H + AXIS_H + 4;
  const fine = opts.bucketMs * buckets < 60_000;
  const maxErrors = Math.max(1, ...opts.rows.flatMap((r) => r.errors));
  const maxWarns = Math.max(1, ...opts.rows.flatMap((r) => r.warns));
  const [first, second] = opts.words ?? ['errors', 'warnings'];
  const aria = opts.ariaLabel ?? 'Errors and warnings over time, per agent';
  const out = [`<svg class="timeline" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(aria)}" font-size="11">`];
  opts.rows.forEach((r, ri) => {
    const y = ri * ROW_H;
    out.push(`<text class="axis" x="${LABEL_W - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(truncate(r.label, 30))}</text>`);
    out.push(`<rect class="lane" x="${LABEL_W}" y="${y + 1}" width="${(cellW * buckets).toFixed(1)}" height="${ROW_H - 2}"/>`);
    for (let i = 0; i < buckets; i++) {
      const color = cellColor(r.errors[i] ?? 0, r.warns[i] ?? 0, maxErrors, maxWarns, opts.second ?? 'warn');
      if (!color) continue;
      const from = clock(opts.start + i * opts.bucketMs, fine);
      const tip = `${r.label} ${from}: ${r.errors[i] ?? 0} ${first}, ${r.warns[i] ?? 0} ${second}`;
      out.push(`<rect x="${(LABEL_W + i * cellW).toFixed(1)}" y="${y + 1}" width="${Math.max(1, cellW - 0.5).toFixed(1)}" height="${ROW_H - 2}" fill="${color}"><title>${escapeHtml(tip)}</title></rect>`);
    }
  });
  const axisY = opts.rows.length * ROW_H + 14;
  const ticks = Math.min(6, buckets);
  for (let k = 0; k <= ticks; k++) {
    const i = Math.round((k * buckets) / ticks);
    const x = LABEL_W + i * cellW;
    out.push(`<text class="axis" x="${x.toFixed(1)}" y="${axisY}" text-anchor="${k === 0 ? 'start' : k === ticks ? 'end' : 'middle'}">${escapeHtml(clock(opts.start + i * opts.bucketMs, fine))}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}
