// An agent's health cell: its own /v1/agent/health answer, else whether the collector could
// reach it at all (from the manifest's failed captures).
import type { AgentData, Bundle } from '../../model/types.ts';
import { truncate } from '../escape.ts';
import { rec, recs, text } from '../safe.ts';
import type { Cell } from '../view-types.ts';

const UNREACHABLE = new Set(['CONNECT_REFUSED', 'CONNECT_TIMEOUT', 'TIMEOUT', 'RESET', 'TLS']);

export function healthCell(bundle: Bundle, agent: AgentData | undefined, kind: 'server' | 'client', id: string): Cell {
  const h = rec(rec(agent?.health?.value)[kind]);
  if (typeof h['ok'] === 'boolean') {
    const msg = truncate(text(h['message']), 80);
    return h['ok'] ? { text: 'ok', cls: 'ok' } : { text: `unhealthy${msg ? `: ${msg}` : ''}`, cls: 'bad' };
  }
  const target = `${kind}:${id}`;
  const fails = recs(rec(bundle?.manifest?.value)['captures']).filter((c) => c['target'] === target && UNREACHABLE.has(text(c['code'])));
  if (fails.length) return { text: `unreachable (${text(fails[0]!['code'])})`, cls: 'bad' };
  return { text: '–', cls: '' };
}

/** The agents of a kind by folder name (id). */
export function agentsById(list: unknown): Map<string, AgentData> {
  const m = new Map<string, AgentData>();
  for (const a of Array.isArray(list) ? list : []) if (a && typeof a === 'object' && typeof (a as AgentData).id === 'string') m.set((a as AgentData).id, a as AgentData);
  return m;
}
