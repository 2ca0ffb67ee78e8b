// A runtime/trace capture: Go's 16-byte header "go 1.23 trace\0\0\0", then event batches
// (EvEventBatch, generation, M, timestamp, length, payload). The payload is filler with the
// right framing: enough for tools that sniff the format and for size/timing checks.
import type { Rng } from './rand.ts';

export const TRACE_HEADER = 'go 1.23 trace\x00\x00\x00';
const EV_EVENT_BATCH = 1;

function uvarint(n: number, out: number[]): void {
  let v = Math.max(0, Math.floor(n));
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** About 12 KiB per second traced, in batches of 0.5 to 2 KiB. */
export function traceStream(rng: Rng, seconds: number): Buffer {
  const secs = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) : 1;
  const target = Math.round(secs * 12 * 1024);
  const bytes: number[] = [...Buffer.from(TRACE_HEADER, 'latin1')];
  let ts = rng.int(1e9, 9e9);
  let gen = 1;
  while (bytes.length < target) {
    const len = rng.int(512, 2048);
    bytes.push(EV_EVENT_BATCH);
    uvarint(gen, bytes);
    uvarint(rng.int(0, 7), bytes); // M id
    uvarint(ts, bytes);
    uvarint(len, bytes);
    for (let i = 0; i < len; i++) bytes.push(rng.int(0, 255));
    ts += rng.int(1e5, 5e6);
    if (rng.chance(0.1)) gen++;
  }
  return Buffer.from(bytes);
}
