// Vault beside Nomad (cluster/vault-sys-health.json, kept whatever the status): sealed,
// uninitialised, or asked but unreachable.
import { notCaptured, serviceFailure } from '../services.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding, unreadable } from '../finding.ts';

const ID = 'vault';
const FILE = 'cluster/vault-sys-health.json';

export const check: Check = {
  id: ID,
  title: 'Vault',
  run(bundle) {
    const health = bundle.cluster.vault;
    const skip = notCaptured(bundle, 'vault', health !== undefined);
    if (skip) return skip;
    if (!health) {
      // a file held but not usable (shape, size) says nothing of Vault, least of all that it is down
      const unusable = unreadable(bundle, FILE, (g) => g.code !== 'ERROR_FILE' && g.code !== 'MISSING');
      if (unusable && !serviceFailure(bundle, FILE)) return { notEvaluated: unusable };
      const failed = serviceFailure(bundle, FILE);
      return [finding(ID, 'critical', 'vault', 'Vault is unreachable',
        `The collector could not read Vault's /v1/sys/health${failed ? ` (${failed.code}: ${failed.reason})` : ''}. If Nomad cannot reach Vault either, ` +
        'tasks with vault blocks or templates reading secrets cannot start, and workload identities cannot be exchanged for Vault tokens. ' +
        'Check -vault-address and the Vault TLS flags, then Vault itself.', [evidence(failed?.file ?? FILE)])];
    }
    const out: Finding[] = [];
    const v = health.value;
    const version = v.version ? ` (Vault ${v.version})` : '';
    if (!v.initialized) {
      out.push(finding(ID, 'critical', 'vault', 'Vault is not initialised',
        `Vault${version} answered that it is not initialised: it holds no keys and serves no secrets. Nomad tasks that need Vault cannot start. ` +
        'Initialise it (`vault operator init`) or point Nomad at the right Vault.', [evidence(health.file, '/initialized')]));
    } else if (v.sealed) {
      out.push(finding(ID, 'critical', 'vault', 'Vault is sealed',
        `Vault${version} is sealed: it serves no secrets until it is unsealed. Nomad tasks with vault blocks or templates that read secrets cannot start, ` +
        'and running ones cannot renew their tokens. Unseal it (`vault operator unseal`, or check the auto-unseal provider) and look at its log for why it sealed.',
        [evidence(health.file, '/sealed')]));
    } else if (v.replication_dr_mode === 'secondary') {
      out.push(finding(ID, 'info', 'vault', 'Vault is a DR secondary',
        'The Vault at the captured address is a disaster-recovery secondary: it does not serve secrets. Nomad should point at the primary cluster.',
        [evidence(health.file, '/replication_dr_mode')]));
    }
    return out;
  },
};
