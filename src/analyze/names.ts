// Agents as findings name them: a client by its node name and short ID when the node list
// knows it.
import type { AgentData, Bundle } from '../model/types.ts';
import { nodeById } from '../model/facts.ts';

/** "client-2 (4f1c2a9e)" for a client node id when the node list knows it; else the id. */
export function agentLabel(bundle: Bundle, agent: Pick<AgentData, 'kind' | 'id'>): string {
  if (agent.kind === 'server') return agent.id;
  return nodeLabel(bundle, agent.id);
}

export function nodeLabel(bundle: Bundle, nodeId: string): string {
  const node = nodeById(bundle, nodeId)?.node;
  const short = nodeId.slice(0, 8);
  return node?.Name ? `${node.Name} (${short})` : nodeId;
}
