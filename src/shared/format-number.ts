// Numbers as people read them: byte counts (KiB, MiB, ...) and percentages. One formatter of
// each for the report, the findings' text and the collector's messages.

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const s = v >= 10 || u === 0 ? v.toFixed(0) : v.toFixed(1);
  return `${n < 0 ? '-' : ''}${s} ${units[u]}`;
}

/** "7.5%", "42%": one decimal below 10. */
export function formatPct(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}
