// Builds Go-shaped pprof profiles with pprof-format: one mapping for the nomad binary plus
// [vdso]/[vsyscall], one location per PC, one function per name, gzipped like runtime/pprof.
import { gzipSync } from 'node:zlib';
import { Function as PFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { goFunc, pcAt } from './go-symbols.ts';
import type { Frame } from './go-stacks.ts';
import { hashString, makeRng } from './rand.ts';

export const NOMAD_BINARY = '/usr/local/bin/nomad';
const TEXT_START = 0x400000;
const TEXT_LIMIT = 0x3f2a000;
/** A GNU build-id (40 hex digits), the same for every agent: they all run one release binary. */
const BUILD_ID = [0, 1, 2, 3, 4].map((i) => hashString(`nomad_1.9.3_linux_amd64#${i}`).toString(16).padStart(8, '0')).join('');

export interface ProfileMeta {
  sampleTypes: [type: string, unit: string][];
  periodType: [type: string, unit: string];
  period: number;
  timeNanos: bigint;
  durationNanos?: bigint;
  defaultSampleType?: string;
}

export class ProfileBuilder {
  private readonly strings = new StringTable();
  private readonly functions = new Map<string, PFunction>();
  private readonly locations = new Map<number, Location>();
  private readonly samples: Sample[] = [];
  private readonly agentKey: string;

  constructor(agentKey: string) {
    this.agentKey = agentKey;
  }

  /** Adds one sample; `frames` leaf first; `pcs` overrides the PC of a frame (e.g. a leaf inside a loop). */
  add(frames: readonly Frame[], values: number[], labels: { key: string; num: number }[] = []): void {
    const ids = frames.map((f) => this.locationFor(f).id);
    this.samples.push(
      new Sample({
        locationId: ids,
        value: values,
        label: labels.map((l) => new Label({ key: this.strings.dedup(l.key), num: l.num })),
      }),
    );
  }

  /** Adds a sample with no stack (Go's threadcreate profile records none). */
  addBare(values: number[]): void {
    this.samples.push(new Sample({ locationId: [], value: values }));
  }

  build(meta: ProfileMeta): Buffer {
    const s = this.strings;
    const sampleType = meta.sampleTypes.map(([t, u]) => new ValueType({ type: s.dedup(t), unit: s.dedup(u) }));
    const periodType = new ValueType({ type: s.dedup(meta.periodType[0]), unit: s.dedup(meta.periodType[1]) });
    const rng = makeRng('mappings', this.agentKey);
    const vdso = 0x7f0000000000 + rng.int(0x1000, 0xfffff) * 0x1000 * 16;
    const mapping = [
      new Mapping({ id: 1, memoryStart: TEXT_START, memoryLimit: TEXT_LIMIT, fileOffset: 0, filename: s.dedup(NOMAD_BINARY), buildId: s.dedup(BUILD_ID), hasFunctions: true }),
      new Mapping({ id: 2, memoryStart: vdso, memoryLimit: vdso + 0x2000, filename: s.dedup('[vdso]') }),
      new Mapping({ id: 3, memoryStart: 0xffffffffff600000n, memoryLimit: 0xffffffffff601000n, filename: s.dedup('[vsyscall]') }),
    ];
    const profile = new Profile({
      sampleType,
      sample: this.samples,
      mapping,
      location: [...this.locations.values()],
      function: [...this.functions.values()],
      stringTable: s,
      timeNanos: meta.timeNanos,
      durationNanos: meta.durationNanos ?? 0,
      periodType,
      period: meta.period,
      defaultSampleType: meta.defaultSampleType ? s.dedup(meta.defaultSampleType) : 0,
    });
    return goGzip(profile.encode());
  }

  private locationFor(frame: Frame): Location {
    const f = goFunc(frame.fn);
    const pc = pcAt(f, frame.line);
    let loc = this.locations.get(pc);
    if (!loc) {
      loc = new Location({
        id: this.locations.size + 1,
        mappingId: 1,
        address: pc,
        line: [new Line({ functionId: this.functionFor(f.name).id, line: frame.line })],
      });
      this.locations.set(pc, loc);
    }
    return loc;
  }

  private functionFor(name: string): PFunction {
    let fn = this.functions.get(name);
    if (!fn) {
      const f = goFunc(name);
      const s = this.strings;
      fn = new PFunction({ id: this.functions.size + 1, name: s.dedup(name), systemName: s.dedup(name), filename: s.dedup(f.file), startLine: f.startLine });
      this.functions.set(name, fn);
    }
    return fn;
  }
}

/** gzip as Go's compress/gzip writes it at BestSpeed: XFL 4, OS byte 255 ("unknown"). */
export function goGzip(data: Uint8Array): Buffer {
  const gz = gzipSync(data, { level: 1 });
  gz[8] = 4;
  gz[9] = 0xff;
  return gz;
}
