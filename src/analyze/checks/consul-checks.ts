// The health checks Nomad registers for its own agents in Consul (services "nomad" and
// "nomad-client", IDs `_nomad-server-…` / `_nomad-client-…`, command/agent/consul/
// service_client.go): one that is not passing is Consul's view of a sick Nomad agent. Each is
// matched to the Nomad agent it belongs to by the service's address: servers by their serf
// address (members.json), clients by their node address (nodes.json).
import type { ConsulCheck } from '../../model/types.ts';
import { checkOwners, nomadRoleOfCheck, type NomadAgentRef } from '../services.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding, oneFindingPerCause, pointer } from '../finding.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'consul-checks';

export const check: Check = {
  id: ID,
  title: "Nomad agents' checks in Consul",
  run(bundle) {
    const checks = bundle.cluster.consul?.checks;
    if (!checks) return { notEvaluated: 'cluster/consul-agent-checks.json is missing or unreadable (collect with -consul-http-addr)' };
    const owner = checkOwners(bundle);
    const sick = new Map<string, { agent: NomadAgentRef | undefined; list: ConsulCheck[] }>();
    for (const c of checks.value) {
      const role = nomadRoleOfCheck(c);
      if (!role || c.Status === 'passing') continue;
      const { agent, address } = owner(c);
      const key = agent?.subject ?? `${role}@${address ?? c.CheckID}`;
      const entry = sick.get(key) ?? { agent, list: [] };
      entry.list.push(c);
      sick.set(key, entry);
    }
    const out: Finding[] = [];
    const seen: { label: string; f: Finding }[] = [];
    for (const [key, { agent, list }] of sick) {
      const critical = list.some((c) => c.Status === 'critical');
      const names = [...new Set(list.map((c) => `${c.Name} (${c.Status})`))];
      const ev = list.map((c) => evidence(checks.file, pointer(c.CheckID, 'Status')));
      const first = list[0]!;
      const output = first.Output ? ` Consul's last output: "${first.Output.length > 300 ? `${first.Output.slice(0, 300)}…` : first.Output}".` : '';
      if (agent) {
        seen.push({ label: `${agent.kind} ${agent.label}`, f: finding(ID, critical ? 'warning' : 'info', agent.subject, `Consul sees Nomad ${agent.kind} ${agent.label} as ${critical ? 'critical' : 'warning'}`,
          `Consul's health checks for the Nomad ${agent.kind} ${agent.label} are failing: ${listSome(names, 4)}.${output} ` +
          (agent.kind === 'client'
            ? 'The HTTP check asks the client\'s /v1/agent/health; a critical one means the client is down or unhealthy (no known servers), and Consul stops routing to what it registered.'
            : 'A server whose checks fail is unreachable or unhealthy; clients discovering servers through Consul will skip it.'),
          ev) });
      } else {
        out.push(finding(ID, critical ? 'warning' : 'info', 'consul', `A Nomad ${key.split('@')[0]} check in Consul is ${critical ? 'critical' : 'warning'}`,
          `Consul's checks ${listSome(names, 4)} for a Nomad agent at ${key.split('@')[1]} are failing; no Nomad member or node in this bundle has that address.${output}`,
          ev));
      }
    }
    // Consul's view of several sick agents is one finding: each is the echo of that agent's own trouble
    out.push(...oneFindingPerCause(seen, (s) => s.f.severity, (s) => s.f.subject, (s) => s.f, (ss) =>
      finding(ID, ss[0]!.f.severity, 'cluster', `Consul sees ${ss.length} Nomad agents as ${ss[0]!.f.severity === 'warning' ? 'critical' : 'warning'}`,
        `Consul's health checks are failing for the Nomad ${listSome(ss.map((s) => s.label), 10)}: ${ss.map((s) => s.f.detail.replace(/^Consul's health checks for the Nomad \S+ /, '')).slice(0, 3).join(' ')}`,
        ss.flatMap((s) => s.f.evidence.slice(0, 1)).slice(0, 8))));
    return out;
  },
};
