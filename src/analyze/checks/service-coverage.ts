// Consul or Vault in Nomad's agent config but not in the bundle: say which flag captures it.
import type { Bundle } from '../../model/types.ts';
import { SERVICE_FLAG as FLAG, SERVICE_LABEL as LABEL, serviceAttempted, serviceUse, type ServiceName } from '../services.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding } from '../finding.ts';

const ID = 'service-coverage';


export const check: Check = {
  id: ID,
  title: 'Consul and Vault coverage',
  run(bundle) {
    const self = bundle.cluster.agentSelf;
    if (!self?.value.config) return { notEvaluated: 'cluster/agent-self.json is missing or has no config' };
    const out: Finding[] = [];
    for (const name of ['consul', 'vault'] as const) {
      const f = uncovered(bundle, name, self.file);
      if (f) out.push(f);
    }
    return out;
  },
};

function uncovered(bundle: Bundle, name: ServiceName, file: string): Finding | undefined {
  const use = serviceUse(bundle, name);
  if (!use || serviceAttempted(bundle, name)) return undefined;
  const label = LABEL[name];
  const address = name === 'consul' && !/^[a-z]+:\/\//i.test(use.address) ? `http://${use.address}` : use.address;
  return finding(ID, 'info', name, `${label} not captured although Nomad uses it`,
    `Nomad's agent configuration points at ${label} at ${use.address}, but the bundle holds nothing from ${label}. ` +
    `Collect again with ${FLAG[name]}=${address}${name === 'consul' ? ' (and -consul-token)' : ''} to capture it.`,
    [evidence(file, use.pointer)]);
}
