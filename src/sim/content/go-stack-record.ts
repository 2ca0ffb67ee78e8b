// runtime/pprof's legacy text pieces shared by every debug=1 profile (runtime/pprof/pprof.go):
// the "@ pc pc ..." key of return PCs, printStackRecord's "#\tpc\tfn+off\tfile:line" rows, and
// text/tabwriter with minwidth 1, tabwidth 8, padding 1, padchar '\t'.
import type { Frame } from './go-stacks.ts';
import { GOEXIT_PC, goFunc, pcAt } from './go-symbols.ts';

export const hex = (n: number): string => `0x${n.toString(16)}`;

/** The call PC of each frame of a stack. */
export function stackPcs(frames: readonly Frame[]): number[] {
  return frames.map((f) => pcAt(goFunc(f.fn), f.line));
}

/** "@ 0x.. 0x.." as printCountProfile keys a stack: return PCs (call PC + 1), ending in runtime.goexit. */
export function pcKey(pcs: readonly number[]): string {
  return ['@', ...pcs.map((pc) => hex(pc + 1)), hex(GOEXIT_PC + 1)].join(' ');
}

/**
 * printStackRecord: one row per frame; runtime.goexit is never shown and, unless `allFrames`,
 * neither are the leading runtime.* frames (unless nothing else is left).
 */
export function stackRows(frames: readonly Frame[], pcs: readonly number[], allFrames: boolean): string[][] {
  const row = (f: Frame, i: number): string[] => {
    const fn = goFunc(f.fn);
    return ['#', hex(pcs[i]!), `${f.fn}+${hex(pcs[i]! - fn.entry)}`, `${fn.file}:${f.line}`];
  };
  const rows: string[][] = [];
  let show = allFrames;
  frames.forEach((f, i) => {
    if (!show && f.fn.startsWith('runtime.')) return;
    show = true;
    rows.push(row(f, i));
  });
  return rows.length > 0 ? rows : frames.map(row);
}

/**
 * text/tabwriter as runtime/pprof sets it up: within a block of rows, every cell but the last is
 * padded with tabs to its column's width (plus one) rounded up to 8.
 */
export function tabAlign(rows: string[][]): string {
  const cols = Math.max(0, ...rows.map((r) => r.length - 1));
  const widths: number[] = [];
  for (let c = 0; c < cols; c++) {
    const w = Math.max(...rows.map((r) => (c < r.length - 1 ? r[c]!.length : 0))) + 1;
    widths.push(Math.ceil(w / 8) * 8);
  }
  return rows
    .map((r) => r.map((cell, c) => (c < r.length - 1 ? cell + '\t'.repeat(Math.ceil((widths[c]! - cell.length) / 8)) : cell)).join('') + '\n')
    .join('');
}
