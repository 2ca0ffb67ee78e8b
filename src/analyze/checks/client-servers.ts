// Clients that know no servers: /v1/agent/servers (agent-servers.json) answered an empty list,
// the evidence behind "no known servers". Such a client cannot heartbeat, so its node goes down
// and its allocations are lost once the heartbeat grace runs out. A client-only agent answers
// from client.GetServers() (command/agent/agent_endpoint.go listServers).
import type { Check, Finding } from '../types.ts';
import { evidence, finding } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { plural } from '../text.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'client-servers';

export const check: Check = {
  id: ID,
  title: 'Servers known to each client',
  run(bundle) {
    const asked = bundle.clients.filter((c) => c.servers);
    if (asked.length === 0) return { notEvaluated: 'no agent-servers.json per client (older bundle, Nomad\'s own, or the captures failed)' };
    const out: Finding[] = [];
    for (const c of asked) {
      if (c.servers!.value.length > 0) continue;
      // an empty list the model made of a file not in Nomad's shape says nothing: that file is a gap already
      if (bundle.gaps.some((g) => g.file === c.servers!.file)) continue;
      const label = agentLabel(bundle, c);
      out.push(finding(ID, 'warning', c.id, `${label} knows no servers`,
        `${label} answered /v1/agent/servers with an empty list: it has no server to heartbeat to or fetch its allocations from, so the ` +
        'servers will mark its node down and its allocations lost. Check its `servers`/`server_join` (or Consul discovery) configuration, ' +
        'and that the servers\' RPC port (4647) is reachable from it.', [evidence(c.servers!.file)]));
    }
    if (out.length > 0) return out;
    const counts = [...new Set(asked.map((c) => c.servers!.value.length))].sort((a, b) => a - b);
    return [finding(ID, 'info', 'cluster', `All ${plural(asked.length, 'client')} know servers`,
      `Every client asked knows ${counts.length === 1 ? plural(counts[0]!, 'server') : `${listSome(counts.map(String))} servers`}.`,
      [evidence(asked[0]!.servers!.file)])];
  },
};
