// Each selected agent's folder in the bundle: its name made safe (safeSegment), and never one
// folder for two agents: names that clean or cut to the same text ("a/b" and "a_b", two very
// long names) get "~2", "~3", … and a name with nothing safe left becomes "unnamed-N". Pure.
import { safeSegment } from '../shared/safe-path.ts';
import type { Target } from './select.ts';

export function agentFolders(targets: readonly Target[]): Map<Target, string> {
  const out = new Map<Target, string>();
  const used = new Set<string>();
  let unnamed = 0;
  for (const t of targets) {
    let seg: string;
    try {
      seg = safeSegment(t.id);
    } catch {
      seg = `unnamed-${++unnamed}`;
    }
    let dir = `${t.kind}/${seg}`;
    for (let n = 2; used.has(dir); n++) dir = `${t.kind}/${seg}~${n}`;
    used.add(dir);
    out.set(t, dir);
  }
  return out;
}
