// Go's text goroutine dumps, byte for byte in shape: debug=1 is runtime/pprof's count profile
// (groups with return PCs and a tabwriter-aligned "#" frame list), debug=2 is the traceback of
// every goroutine ("goroutine N [state, M minutes]:", args, "created by ... in goroutine P").
import type { GoroutineGroup } from './go-goroutines.ts';
import type { Frame } from './go-stacks.ts';
import { hex, pcKey, stackPcs, stackRows, tabAlign } from './go-stack-record.ts';
import { goFunc, pcAt } from './go-symbols.ts';
import { hashString, type Rng } from './rand.ts';

export function goroutineTextDump(groups: GoroutineGroup[], debug: 1 | 2, rng: Rng): string {
  return debug === 1 ? debug1(groups) : debug2(groups, rng);
}

// ---------------------------------------------------------------- debug=1
function debug1(groups: GoroutineGroup[]): string {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const entries = groups.map((g) => {
    const pcs = stackPcs(g.frames);
    return { count: g.count, key: pcKey(pcs).slice(2), frames: g.frames, pcs };
  });
  // Go sorts by count, largest first, then by the PC list text.
  entries.sort((x, y) => y.count - x.count || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  let out = `goroutine profile: total ${total}\n`;
  for (const e of entries) {
    out += `${e.count} @ ${e.key}\n`;
    out += tabAlign(stackRows(e.frames, e.pcs, false));
    out += '\n';
  }
  return out;
}

// ---------------------------------------------------------------- debug=2
interface Instance {
  id: number;
  group: GoroutineGroup;
  minutes: number | undefined;
}

function debug2(groups: GoroutineGroup[], rng: Rng): string {
  const uptime = rng.int(90, 2400);
  const instances = assignIds(groups, rng, uptime);
  // The goroutine writing the dump comes first, then the others in creation order.
  instances.sort((x, y) => Number(y.group.state === 'running') - Number(x.group.state === 'running') || x.id - y.id);
  const parents = parentIds(instances, rng);
  const blocks = instances.map((g) => {
    const st = g.minutes !== undefined ? `${g.group.state}, ${g.minutes} minutes` : g.group.state;
    let text = `goroutine ${g.id} [${st}]:\n`;
    for (const f of g.group.textFrames ?? g.group.frames) text += frameText(f, rng);
    const c = g.group.createdBy;
    if (c) {
      const fn = goFunc(c.fn);
      text += `created by ${c.fn} in goroutine ${parents.get(c.fn)!}\n\t${fn.file}:${c.line} +${hex(pcAt(fn, c.line) + 1 - fn.entry)}\n`;
    }
    return text;
  });
  return blocks.join('\n');
}

/** Goroutine ids grow with creation time: long-lived ones are low, recent ones high. */
function assignIds(groups: GoroutineGroup[], rng: Rng, uptime: number): Instance[] {
  const pending: { rank: number; group: GoroutineGroup; minutes: number | undefined }[] = [];
  for (const group of groups) {
    for (let i = 0; i < group.count; i++) {
      let minutes: number | undefined;
      let rank: number;
      if (group.leaked) {
        minutes = rng.int(1, uptime);
        rank = 1 - minutes / uptime;
      } else if (group.wait === 'uptime') {
        minutes = uptime - rng.int(0, 2);
        rank = rng.next() * 0.05;
      } else if (group.wait === 'recent') {
        minutes = rng.int(1, 30);
        rank = 1 - minutes / uptime;
      } else {
        rank = 0.999 + rng.next() * 0.001;
      }
      pending.push({ rank, group, minutes });
    }
  }
  const isMain = (g: GoroutineGroup) => !g.createdBy && g.state !== 'running';
  pending.sort((x, y) => Number(isMain(y.group)) - Number(isMain(x.group)) || x.rank - y.rank);
  let id = 0;
  return pending.map((p) => {
    id = id === 0 ? 1 : id + rng.int(1, id < 40 ? 3 : 25);
    return { id, group: p.group, minutes: p.minutes };
  });
}

/** "created by F in goroutine P": P runs F if such an older goroutine exists, else one long gone. */
function parentIds(instances: Instance[], rng: Rng): Map<string, number> {
  const oldestChild = new Map<string, number>();
  for (const g of instances) {
    const c = g.group.createdBy;
    if (c) oldestChild.set(c.fn, Math.min(oldestChild.get(c.fn) ?? Infinity, g.id));
  }
  const out = new Map<string, number>();
  for (const [fn, child] of oldestChild) {
    const runner = instances.find((o) => o.id < child && o.group.frames.some((f) => f.fn === fn));
    out.set(fn, runner ? runner.id : child <= 2 ? 1 : rng.int(1, Math.min(child - 1, 60)));
  }
  return out;
}

const ARG_COUNTS: Record<string, number> = {
  'runtime.gopark': 5,
  'runtime.selectgo': 6,
  'runtime.chanrecv': 3,
  'runtime.chanrecv1': 2,
  'runtime.netpollblock': 3,
  'runtime.goparkunlock': 4,
  'runtime.main': 0,
  'main.main': 0,
};

/** Per frame, what does not change between goroutines: the argument count and the file line. */
const FRAME_PARTS = new Map<string, { args: number; where: string }>();

function frameParts(f: Frame): { args: number; where: string } {
  const key = `${f.fn}:${f.line}`;
  let p = FRAME_PARTS.get(key);
  if (!p) {
    const fn = goFunc(f.fn);
    p = { args: ARG_COUNTS[f.fn] ?? 1 + (hashString(f.fn) % 3), where: `\t${fn.file}:${f.line} +${hex(pcAt(fn, f.line) + 1 - fn.entry)}\n` };
    FRAME_PARTS.set(key, p);
  }
  return p;
}

function frameText(f: Frame, rng: Rng): string {
  const p = frameParts(f);
  let args = '';
  for (let i = 0; i < p.args; i++) args += i === 0 ? argText(rng) : `, ${argText(rng)}`;
  return `${f.fn}(${args})\n${p.where}`;
}

/** Argument words as Go prints them: pointers, small ints, interfaces; "?" marks guesses. */
function argText(rng: Rng): string {
  const r = rng.next();
  let v: string;
  if (r < 0.55) v = `0xc000${rng.hex(6)}`;
  else if (r < 0.8) v = hex(rng.int(0, 24));
  else if (r < 0.9) return `{0x${rng.int(0x2a00000, 0x3c00000).toString(16)}, 0xc000${rng.hex(6)}}`;
  else v = hex(rng.int(0x2a00000, 0x3c00000));
  return rng.chance(0.4) ? `${v}?` : v;
}
