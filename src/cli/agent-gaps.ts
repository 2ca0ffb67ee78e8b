// The end summary's lines about agents: how many arrived whole, and for the worst ones which
// files are missing and why, grouped by reason so a sick agent takes one line.
import type { AgentSummary, MissingCapture } from '../collect/agent-summary.ts';
import { listSome } from '../shared/list-some.ts';

/** Agents listed by name in the summary; the rest are counted (manifest.json has them all). */
const AGENTS_SHOWN = 10;
const REASONS_SHOWN = 3;

function shortWhy(why: string | undefined): string {
  if (!why) return '';
  const one = why.replace(/\s+/g, ' ').trim();
  return ` (${one.length > 100 ? `${one.slice(0, 97)}...` : one})`;
}

function reasonGroups(missing: MissingCapture[]): string[] {
  const groups = new Map<string, string[]>();
  for (const m of missing) {
    const key = `${m.code}${shortWhy(m.why)}`;
    groups.set(key, [...(groups.get(key) ?? []), m.file]);
  }
  const lines = [...groups].map(([reason, files]) => `${listSome(files, 3)}: ${reason}`);
  return lines.length > REASONS_SHOWN ? [...lines.slice(0, REASONS_SHOWN), `${lines.length - REASONS_SHOWN} more reasons`] : lines;
}

/** One line per file some agents could not give because their Nomad is older: not a failure. */
export function unsupportedLines(agents: readonly AgentSummary[]): string[] {
  const byFile = new Map<string, string[]>();
  for (const a of agents) for (const f of a.unsupported ?? []) byFile.set(f, [...(byFile.get(f) ?? []), a.name ?? a.target]);
  return [...byFile].map(([file, who]) => `Not supported by ${who.length} agent${who.length === 1 ? '' : 's'} (older Nomad, not a failure): ${file} of ${listSome(who, 3)}`);
}

export function agentGapLines(agents: readonly AgentSummary[]): string[] {
  if (agents.length === 0) return [];
  const gaps = agents.filter((a) => a.missing.length > 0 || a.unreachable);
  const unsupported = unsupportedLines(agents);
  if (gaps.length === 0) return [`Agents: all ${agents.length} captured in full`, ...unsupported];
  const lines = [`Agents: ${agents.length - gaps.length} of ${agents.length} captured in full; missing data from ${gaps.length}:`];
  for (const a of gaps.slice(0, AGENTS_SHOWN)) {
    const name = a.name ? ` (${a.name})` : '';
    const down = a.unreachable ? ` unreachable: ${a.unreachable};` : '';
    lines.push(`  ${a.target}${name}:${down} ${a.missing.length} of ${a.ok + a.missing.length} missing`);
    for (const g of reasonGroups(a.missing)) lines.push(`    ${g}`);
  }
  if (gaps.length > AGENTS_SHOWN) lines.push(`  … and ${gaps.length - AGENTS_SHOWN} more agents with gaps: manifest.json lists every capture`);
  return [...lines, ...unsupported];
}
