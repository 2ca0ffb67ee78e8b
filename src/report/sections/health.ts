// An agent's health cell: its own /v1/agent/health answer, else whether the collector could
// reach it at all (from the manifest's failed captures).
import { capturesOfTarget } from '../../model/facts.ts';
import type { AgentData, Bundle } from '../../model/types.ts';
import { truncate } from '../escape.ts';
import type { Cell } from '../view-types.ts';
import { UNREACHABLE_CODES } from '../../shared/errors.ts';

export function healthCell(bundle: Bundle, agent: AgentData | undefined, kind: 'server' | 'client', id: string): Cell {
  const h = agent?.health?.value[kind];
  if (h) {
    const msg = truncate(h.message, 80);
    return h.ok ? { text: 'ok', cls: 'ok' } : { text: `unhealthy${msg ? `: ${msg}` : ''}`, cls: 'bad' };
  }
  const target = `${kind}:${id}`;
  const fail = capturesOfTarget(bundle, target).find((c) => UNREACHABLE_CODES.has(c.code));
  if (fail) return { text: `unreachable (${fail.code})`, cls: 'bad' };
  return { text: '–', cls: '' };
}

/** The agents of a kind by folder name (id). */
export function agentsById(agents: AgentData[]): Map<string, AgentData> {
  return new Map(agents.map((a) => [a.id, a]));
}
