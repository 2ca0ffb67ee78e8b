// How many requests may be open at once under the process's open-file limit. Every capture in
// flight holds a socket and the file it is written to; monitor streams hold theirs for the whole
// window, so on a cluster larger than the limit allows the window is split among the agents:
// each agent's monitor.log then covers one part of it. Never an EMFILE half-way through a run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { InputError } from '../shared/errors.ts';

/** A capture in flight: its socket and its file. */
export const DESCRIPTORS_PER_CAPTURE = 2;
/** Kept free for everything else: the archive, scratch files, stdio, Node's own. */
export const DESCRIPTOR_MARGIN = 64;
/** Where the limit cannot be read at all: macOS's default soft limit. */
export const FALLBACK_OPEN_FILES = 256;

export interface DescriptorWants {
  /** The open-file limit (soft; Node raises it to the hard limit at start). */
  limit: number;
  /** Descriptors already open when the run starts. */
  inUse: number;
  /** Agents with a monitor stream each. */
  agents: number;
  /** -concurrency: one-shot requests in flight. */
  oneShot: number;
  /** pprof windows (CPU profile, trace) in flight. */
  windowed: number;
  /** Streams and requests of the cluster work (snapshots, event stream). */
  cluster: number;
}

export interface DescriptorPlan {
  limit: number;
  oneShot: number;
  windowed: number;
  /** Monitor streams open at once. */
  monitors: number;
  /** 1: every agent streams the whole window; n: each streams 1/n of it, n groups in turn. */
  slices: number;
  /** The limit that would give every agent the whole window at the asked concurrency. */
  fullWindowLimit: number;
}

/** Pure: shares the descriptors the limit leaves between one-shot work, pprof windows and monitors. */
export function planDescriptors(w: DescriptorWants): DescriptorPlan {
  const perCapture = DESCRIPTORS_PER_CAPTURE;
  const fullWindowLimit = w.inUse + DESCRIPTOR_MARGIN + perCapture * (w.cluster + w.oneShot + w.windowed + w.agents);
  const slots = Math.floor(Math.max(0, w.limit - w.inUse - DESCRIPTOR_MARGIN) / perCapture);
  const rest = slots - w.cluster;
  if (rest < 3) {
    throw new InputError(
      'OPEN_FILES',
      `the open-file limit (${w.limit}, ${w.inUse} in use) leaves too few for a capture; raise it, e.g. \`ulimit -n ${fullWindowLimit}\``,
    );
  }
  if (w.agents === 0 || rest >= w.oneShot + w.windowed + w.agents) {
    return { limit: w.limit, oneShot: w.oneShot, windowed: w.windowed, monitors: Math.max(1, w.agents), slices: 1, fullWindowLimit };
  }
  // Too few for all: one-shot work and pprof windows keep a share, the monitors take turns in the rest.
  const oneShot = Math.min(w.oneShot, Math.max(1, Math.floor(rest / 8)));
  const windowed = Math.min(w.windowed, Math.max(1, Math.floor(rest / 4)));
  const monitors = Math.max(1, Math.min(w.agents, rest - oneShot - windowed));
  return { limit: w.limit, oneShot, windowed, monitors, slices: Math.ceil(w.agents / monitors), fullWindowLimit };
}

/** The soft open-file limit now: Linux's /proc/self/limits, else a shell's `ulimit -n` (it inherits ours). */
export function openFileLimit(): number {
  const parse = (v: string | undefined) => (v === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(v));
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    if (m) return parse(m[1]);
  } catch {
    // not Linux
  }
  try {
    const n = parse(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 }).trim());
    if (Number.isFinite(n) && n > 0) return n;
  } catch {
    // no POSIX shell
  }
  return FALLBACK_OPEN_FILES;
}

/** Descriptors open now (Linux: /proc/self/fd); a guess elsewhere. */
export function openDescriptors(): number {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return 32;
  }
}
