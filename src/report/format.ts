// Small number formatters for the report's tables and SVG labels.

import { formatBytes, formatPct } from '../shared/format-number.ts';

export { formatBytes, formatPct };

export function formatNanos(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(ns >= 1e10 ? 1 : 2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(ns >= 1e7 ? 0 : 1)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(0)} µs`;
  return `${ns.toFixed(0)} ns`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const r = Math.round(n);
  // What toLocaleString('en-US') gives, without ICU's cost: a report formats thousands of counts.
  if (Math.abs(r) >= 1e21 || Object.is(r, -0)) return r.toLocaleString('en-US');
  return String(r).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A profile value in its unit: "12.5 ms", "3.2 MiB", "1,204". */
export function formatValue(v: number, unit: string): string {
  if (unit === 'nanoseconds') return formatNanos(v);
  if (unit === 'bytes') return formatBytes(v);
  return formatCount(v);
}

/** Compact axis labels: 1.2k, 3.4M. */
export function formatShort(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return `${+n.toFixed(a < 10 && a % 1 !== 0 ? 2 : 0)}`;
}
