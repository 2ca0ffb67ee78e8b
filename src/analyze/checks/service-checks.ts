// Nomad service checks (allocation-checks/<alloc id>.json, /v1/client/allocation/:id/checks):
// checks failing per client, with the services they belong to. Results are the client's check
// store (client/alloc_endpoint.go Allocations.Checks), one CheckQueryResult per check ID.
import type { AgentData } from '../../model/types.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding, pointer } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { plural } from '../text.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'service-checks';

interface Failing {
  file: string;
  id: string;
  service: string;
  output: string;
}

function failingOf(a: AgentData): Failing[] {
  const out: Failing[] = [];
  for (const f of a.allocChecks) {
    for (const [id, r] of Object.entries(f.value)) {
      if (r.Status !== 'failure') continue;
      out.push({ file: f.file, id, service: `${r.Service ?? '?'}/${r.Check ?? '?'}`, output: (r.Output ?? '').slice(0, 200) });
    }
  }
  return out;
}

export const check: Check = {
  id: ID,
  title: 'Nomad service checks',
  run(bundle) {
    const withChecks = bundle.clients.filter((c) => c.allocChecks.length > 0);
    if (withChecks.length === 0) return { notEvaluated: 'no allocation-checks in the bundle (older bundle, Nomad\'s own, or no running allocations)' };
    const out: Finding[] = [];
    for (const c of withChecks) {
      const failing = failingOf(c);
      if (failing.length === 0) continue;
      const label = agentLabel(bundle, c);
      const services = [...new Set(failing.map((x) => x.service))];
      out.push(finding(ID, 'warning', c.id, `${plural(failing.length, 'service check')} failing on ${label}`,
        `${plural(failing.length, 'Nomad service check')} of allocations on ${label} fail (${listSome(services)}); last output: ` +
        `"${failing[0]!.output}". Traffic and deployments treat these instances as unhealthy.`,
        failing.slice(0, 5).map((x) => evidence(x.file, pointer(x.id, 'Status')))));
    }
    return out;
  },
};
