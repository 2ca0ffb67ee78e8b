// A runtime/trace capture: Go's 16-byte header "go 1.23 trace\0\0\0", then event batches
// (EvEventBatch, generation, M, timestamp, length, payload). The payload is filler with the
// right framing: enough for tools that sniff the format and for size/timing checks.
import type { Rng } from './rand.ts';

export const TRACE_HEADER = 'go 1.23 trace\x00\x00\x00';
const EV_EVENT_BATCH = 1;

function uvarint(n: number, out: Buffer, at: number): number {
  let v = Math.max(0, Math.floor(n));
  while (v >= 0x80) {
    out[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[at++] = v;
  return at;
}

/** About 12 KiB per second traced, in batches of 0.5 to 2 KiB. */
export function traceStream(rng: Rng, seconds: number): Buffer {
  const secs = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) : 1;
  const target = Math.round(secs * 12 * 1024);
  // room for the last batch: header fields (at most 5 uvarints) and a 2 KiB payload
  const out = Buffer.alloc(target + 2048 + 64);
  let at = out.write(TRACE_HEADER, 0, 'latin1');
  let ts = rng.int(1e9, 9e9);
  let gen = 1;
  while (at < target) {
    const len = rng.int(512, 2048);
    out[at++] = EV_EVENT_BATCH;
    at = uvarint(gen, out, at);
    at = uvarint(rng.int(0, 7), out, at); // M id
    at = uvarint(ts, out, at);
    at = uvarint(len, out, at);
    // filler, four bytes per draw
    for (let i = 0; i < len; i += 4) {
      const word = Math.floor(rng.next() * 0x100000000);
      for (let k = 0; k < 4 && i + k < len; k++) out[at + i + k] = (word >>> (8 * k)) & 0xff;
    }
    at += len;
    ts += rng.int(1e5, 5e6);
    if (rng.chance(0.1)) gen++;
  }
  return out.subarray(0, at);
}
