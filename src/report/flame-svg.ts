// Flame graph (icicle, root on top) as an inline SVG string. Pure and deterministic; every
// function name is escaped. Frames below `minFraction` of the total are pruned so a report
// with many agents stays small; click-to-zoom is done by the report's JS from data-x/data-w.
import type { FlameNode } from '../model/types.ts';
import { escapeHtml, truncate } from './escape.ts';
import { formatPct, formatValue } from './format.ts';

export interface FlameRect {
  name: string;
  value: number;
  depth: number;
  /** Left edge, as a fraction of the root's width (0–1). */
  x: number;
  /** Width, as a fraction of the root's width (0–1). */
  w: number;
}

export interface FlameLayout {
  total: number;
  rects: FlameRect[];
  /** Frames left out (below the threshold, too deep, or over the frame cap). */
  pruned: number;
  maxDepth: number;
}

export interface FlameOptions {
  /** Drop frames narrower than this share of the total (default 0.005 = 0.5%). */
  minFraction?: number;
  /** Deepest row drawn (root = 0). */
  maxDepth?: number;
  /** Hard cap on frames drawn, widest kept. */
  maxFrames?: number;
}

export function layoutFlame(root: FlameNode, opts: FlameOptions = {}): FlameLayout {
  const minFraction = opts.minFraction ?? 0.005;
  const maxDepth = opts.maxDepth ?? 64;
  const maxFrames = opts.maxFrames ?? 1500;
  const total = root.value > 0 ? root.value : root.children.reduce((s, c) => s + Math.max(0, c.value), 0);
  const rects: FlameRect[] = [];
  let pruned = 0;
  if (total <= 0) return { total: 0, rects, pruned, maxDepth: 0 };

  const visit = (node: FlameNode, depth: number, x: number, w: number): void => {
    rects.push({ name: node.name, value: node.value, depth, x, w });
    let cx = x;
    for (const c of node.children) {
      const cw = Math.max(0, c.value) / total;
      if (cw < minFraction || depth + 1 > maxDepth) {
        pruned += countFrames(c);
      } else {
        visit(c, depth + 1, cx, cw);
      }
      cx += cw;
    }
  };
  visit({ name: root.name || 'all', value: total, children: root.children }, 0, 0, 1);

  let kept = rects;
  if (rects.length > maxFrames) {
    // Widest first keeps every kept frame's parent (a parent is at least as wide as its child).
    kept = [...rects].sort((a, b) => b.w - a.w || a.depth - b.depth).slice(0, maxFrames);
    pruned += rects.length - kept.length;
    kept.sort((a, b) => a.depth - b.depth || a.x - b.x);
  }
  return { total, rects: kept, pruned, maxDepth: kept.reduce((m, r) => Math.max(m, r.depth), 0) };
}

function countFrames(n: FlameNode): number {
  let k = 1;
  for (const c of n.children) k += countFrames(c);
  return k;
}

/** Package part of a Go function name: "github.com/hashicorp/nomad/nomad.(*Server).x" → "github.com/hashicorp/nomad/nomad". */
export function packageOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot > 0 ? name.slice(0, dot) : name;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Warm colours for application code, cool ones for the Go runtime and standard library. */
export function frameColor(name: string): string {
  const pkg = packageOf(name);
  const h = hash(pkg);
  const std = !pkg.includes('.') || /^(runtime|internal|syscall|sync|net|os|time|reflect|encoding|crypto)/.test(pkg);
  const hue = std ? 190 + (h % 40) : 8 + (h % 42);
  const sat = std ? 35 + (h % 20) : 70 + (h % 20);
  const light = 62 + ((h >>> 8) % 14);
  return `hsl(${hue} ${sat}% ${light}%)`;
}

export const FLAME_WIDTH = 1200;
export const FLAME_ROW = 17;
const CHAR_PX = 6.6;

/** The label that fits a frame `px` wide ("" when too narrow). */
export function fitLabel(name: string, px: number): string {
  const chars = Math.floor((px - 6) / CHAR_PX);
  if (chars < 3) return '';
  return truncate(name, chars);
}

export function flameSvg(root: FlameNode, unit: string, opts: FlameOptions & { label?: string } = {}): string {
  const layout = layoutFlame(root, opts);
  if (layout.rects.length === 0) return '';
  const height = (layout.maxDepth + 1) * FLAME_ROW + 1;
  const parts: string[] = [];
  parts.push(
    `<svg class="flame" viewBox="0 0 ${FLAME_WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${escapeHtml(opts.label ?? 'flame graph')}" font-size="11">`,
  );
  for (const r of layout.rects) {
    const x = round(r.x * FLAME_WIDTH);
    const w = round(r.w * FLAME_WIDTH);
    const y = r.depth * FLAME_ROW;
    const pct = (r.value / layout.total) * 100;
    const label = fitLabel(r.name, w);
    parts.push(
      `<g class="fr" data-x="${round6(r.x)}" data-w="${round6(r.w)}"><title>${escapeHtml(r.name)}\n${escapeHtml(formatPct(pct))} · ${escapeHtml(formatValue(r.value, unit))}</title>` +
        `<rect x="${x}" y="${y}" width="${Math.max(0.5, w - 0.5)}" height="${FLAME_ROW - 1}" fill="${r.depth === 0 ? 'hsl(0 0% 78%)' : frameColor(r.name)}" rx="1.5"/>` +
        (label ? `<text x="${round(x + 3)}" y="${y + 12}">${escapeHtml(label)}</text>` : '') +
        `</g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
