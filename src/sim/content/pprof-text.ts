// runtime/pprof's legacy text (debug != 0) for the profiles other than goroutine, as Nomad's
// /v1/agent/pprof/<name>?debug=1 serves them (command/agent/pprof/pprof.go Profile → WriteTo):
// heap and allocs (writeHeapInternal: records by in-use bytes, then runtime.MemStats), threadcreate
// (printCountProfile) and block/mutex (writeProfileInternal: cycles, count, every frame shown).
// The numbers are those of the protobuf profiles of the same agent.
import { goroutineGroups } from './go-goroutines.ts';
import { pcKey, stackPcs, stackRows, tabAlign } from './go-stack-record.ts';
import { blockRecords, memoryRecords, mutexRecords, threadCount, totalGoroutines, type ContentionRecord, type ProfileSeed } from './profiles.ts';
import { makeRng } from './rand.ts';

/** runtime.MemProfileRate is 512 KiB; the header says twice that, as pprof expects. */
const HEAP_RATE = 2 * 512 * 1024;

/** writeHeapInternal with debug != 0 (the allocs profile writes the very same text). */
export function heapText(a: ProfileSeed, at?: Date): string {
  const records = memoryRecords(a, at).sort((x, y) => y.inuseBytes - x.inuseBytes);
  const sum = (f: (r: (typeof records)[number]) => number) => records.reduce((n, r) => n + f(r), 0);
  const inuseObjects = sum((r) => r.inuseObjects);
  const inuseBytes = sum((r) => r.inuseBytes);
  const allocObjects = sum((r) => r.allocObjects);
  let allocBytes = sum((r) => r.allocBytes);
  if (allocBytes === inuseBytes) allocBytes++; // Go keeps the header a "4-column" profile
  let out = `heap profile: ${inuseObjects}: ${inuseBytes} [${allocObjects}: ${allocBytes}] @ heap/${HEAP_RATE}\n`;
  for (const r of records) {
    const pcs = stackPcs(r.frames);
    out += `${r.inuseObjects}: ${r.inuseBytes} [${r.allocObjects}: ${r.allocBytes}] ${pcKey(pcs)}\n`;
    out += tabAlign(stackRows(r.frames, pcs, false)) + '\n';
  }
  return out + memStats(a, at, { inuseObjects, inuseBytes, allocObjects, allocBytes });
}

interface HeapTotals {
  inuseObjects: number;
  inuseBytes: number;
  allocObjects: number;
  allocBytes: number;
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** The "# runtime.MemStats" trailer, consistent with the records (PauseNs/PauseEnd are Go's [256]uint64). */
function memStats(a: ProfileSeed, at: Date | undefined, t: HeapTotals): string {
  const rng = makeRng('memstats', a.kind, a.name, a.seed, at ? at.getTime() : 0);
  const heapInuse = roundUp(t.inuseBytes * 1.12, 8192);
  const heapSys = roundUp(heapInuse * (1.5 + rng.next() * 0.5), 1 << 20);
  const heapIdle = heapSys - heapInuse;
  const heapReleased = roundUp(heapIdle * (0.5 + rng.next() * 0.4), 8192);
  const stackInuse = roundUp(totalGoroutines(goroutineGroups(a)) * 8192, 32768);
  const mspanInuse = roundUp(heapInuse / 60, 160);
  const numGC = rng.int(40, 400);
  const lastGC = BigInt(at ? at.getTime() : Date.UTC(2026, 10, 22, 10, 15, 0)) * 1_000_000n - BigInt(rng.int(1, 120_000)) * 1_000_000n;
  const pauses = Array.from({ length: 256 }, (_, i) => (i < numGC ? rng.int(20_000, 900_000) : 0));
  const pauseEnds = pauses.map((p, i) => (p === 0 ? 0n : lastGC - BigInt(i) * 2_000_000_000n));
  const sys = heapSys + stackInuse + mspanInuse * 1.2 + 15600 + 1_500_000 + 6_000_000 + 1_200_000;
  const lines: [string, string | number | bigint][] = [
    ['Alloc', t.inuseBytes],
    ['TotalAlloc', t.allocBytes],
    ['Sys', Math.round(sys)],
    ['Lookups', 0],
    ['Mallocs', t.allocObjects],
    ['Frees', t.allocObjects - t.inuseObjects],
    ['HeapAlloc', t.inuseBytes],
    ['HeapSys', heapSys],
    ['HeapIdle', heapIdle],
    ['HeapInuse', heapInuse],
    ['HeapReleased', heapReleased],
    ['HeapObjects', t.inuseObjects],
    ['Stack', `${stackInuse} / ${stackInuse}`],
    ['MSpan', `${mspanInuse} / ${Math.round(mspanInuse * 1.2)}`],
    ['MCache', '14400 / 15600'],
    ['BuckHashSys', 1_500_000 + rng.int(0, 99_999)],
    ['GCSys', 6_000_000 + rng.int(0, 999_999)],
    ['OtherSys', 1_200_000 + rng.int(0, 99_999)],
    ['NextGC', roundUp(t.inuseBytes * 2, 8)],
    ['LastGC', lastGC],
    ['PauseNs', `[${pauses.join(' ')}]`],
    ['PauseEnd', `[${pauseEnds.join(' ')}]`],
    ['NumGC', numGC],
    ['NumForcedGC', 0],
    ['GCCPUFraction', goFloat(rng.next() * 2e-4)],
    ['DebugGC', 'false'],
    ['MaxRSS', roundUp(Math.round(sys * 0.8), 4096)],
  ];
  return `\n# runtime.MemStats\n${lines.map(([k, v]) => `# ${k} = ${v}\n`).join('')}`;
}

/** fmt's %v of a float64: shortest form, exponent when below 1e-4 ("2.5e-05"). */
function goFloat(x: number): string {
  if (x !== 0 && Math.abs(x) < 1e-4) {
    const [m, e] = x.toExponential().split('e') as [string, string];
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}

/** printCountProfile with debug > 0: Go records no stack for a thread's creation, so one empty one. */
export function threadcreateText(a: ProfileSeed): string {
  const n = threadCount(a);
  return `threadcreate profile: total ${n}\n${n} @\n#\t0x0\n\n`;
}

/** A cycle counter of a 2.4 to 3.4 GHz machine, fixed per agent. */
function cyclesPerSecond(a: ProfileSeed): number {
  return makeRng('tsc', a.kind, a.name, a.seed).int(2_400_000, 3_400_000) * 1000;
}

function contentionText(a: ProfileSeed, name: 'contention' | 'mutex', records: ContentionRecord[]): string {
  const cps = cyclesPerSecond(a);
  const rows = records.map((r) => ({ r, cycles: Math.round((r.delayNs * cps) / 1e9) })).sort((x, y) => y.cycles - x.cycles);
  let out = `--- ${name}:\ncycles/second=${cps}\n`;
  if (name === 'mutex') out += 'sampling period=1\n';
  for (const { r, cycles } of rows) {
    const pcs = stackPcs(r.frames);
    out += `${cycles} ${r.count} ${pcKey(pcs)}\n`;
    out += tabAlign(stackRows(r.frames, pcs, true)) + '\n';
  }
  return out;
}

export function blockText(a: ProfileSeed): string {
  return contentionText(a, 'contention', blockRecords(a));
}

export function mutexText(a: ProfileSeed): string {
  return contentionText(a, 'mutex', mutexRecords(a));
}
