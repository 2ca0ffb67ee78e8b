// What the checks read from the event stream (cluster/eventstream.json, as the model keeps it):
// evidence that points into a line, and each node's status as its events tell it.
import type { Bundle, StreamEvent } from '../model/types.ts';
import type { Evidence } from './types.ts';
import { evidence, pointer } from './finding.ts';

/** Evidence for one event: its line, and a pointer into it (below Events/N for a raw frame). */
export function eventEvidence(file: string, e: StreamEvent, ...keys: (string | number)[]): Evidence {
  const at = e.at === undefined ? [] : ['Events', e.at];
  return evidence(file, pointer(...at, 'Payload', e.topic, ...keys), e.line);
}

export interface StatusStep {
  status: string;
  ev: Evidence;
}

/**
 * Each node's statuses in event order, repeats folded and "initializing" left out (every
 * registration passes through it); a deregistration is a step to "deregistered".
 */
export function nodeStatusesFromEvents(bundle: Bundle): Map<string, { name?: string; steps: StatusStep[] }> {
  const out = new Map<string, { name?: string; steps: StatusStep[] }>();
  const es = bundle.cluster.events;
  if (!es) return out;
  for (const e of es.events) {
    if (e.topic !== 'Node') continue;
    const id = e.node ?? e.key;
    if (!id) continue;
    const status = e.type === 'NodeDeregistration' ? 'deregistered' : e.status?.toLowerCase();
    if (!status || status === 'initializing') continue;
    let h = out.get(id);
    if (!h) out.set(id, (h = { steps: [] }));
    if (e.name) h.name = e.name;
    if (h.steps.at(-1)?.status === status) continue;
    h.steps.push({ status, ev: eventEvidence(es.file, e, e.type === 'NodeDeregistration' ? 'ID' : 'Status') });
  }
  return out;
}

/** How an event reads in a timeline: trouble (a node lost, an allocation failed, a deployment failed), a change worth listing, or routine. */
export type EventWeight = 'trouble' | 'change' | 'routine';

const TROUBLE_STATUS: Record<string, string[]> = {
  Node: ['down', 'disconnected'],
  Allocation: ['failed', 'lost'],
  Deployment: ['failed'],
};

export function eventWeight(e: StreamEvent): EventWeight {
  const status = e.status?.toLowerCase() ?? '';
  if (TROUBLE_STATUS[e.topic]?.includes(status)) return 'trouble';
  if (e.topic === 'Allocation' && Object.values(e.tasks ?? {}).some((t) => (t.Restarts ?? 0) > 0)) return 'trouble';
  if (e.type === 'NodeDeregistration' || e.type === 'JobDeregistered' || e.type === 'NodeDrain') return 'change';
  if (e.topic === 'Deployment' && status && status !== 'running' && status !== 'successful') return 'change';
  return 'routine';
}
