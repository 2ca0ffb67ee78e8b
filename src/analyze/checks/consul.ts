// Consul beside Nomad (cluster/consul-*.json): Consul without a leader, Consul members failed
// or left, and a Consul that was asked but did not answer.
import type { Bundle, ConsulMember } from '../../model/types.ts';
import { notCaptured, serviceFailure } from '../services.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding, oneFindingPerCause, pointer } from '../finding.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'consul';
const LEADER_FILE = 'cluster/consul-leader.json';

export const check: Check = {
  id: ID,
  title: 'Consul',
  run(bundle) {
    const consul = bundle.cluster.consul;
    const skip = notCaptured(bundle, 'consul', consul !== undefined);
    if (skip) return skip;
    const out: Finding[] = [];
    const failed = serviceFailure(bundle, LEADER_FILE);
    if (!consul?.leader && failed) {
      out.push(finding(ID, 'warning', 'consul', 'Consul did not answer',
        `The Consul agent the collector was pointed at did not give its leader (${failed.code}: ${failed.reason}), so nothing else was asked of it. ` +
        'Check -consul-http-addr, the Consul token (-consul-token) and the Consul TLS flags.', [evidence(failed.file)]));
    }
    if (consul?.leader && consul.leader.value === '') {
      out.push(finding(ID, 'critical', 'consul', 'Consul has no leader',
        'The Consul agent answered /v1/status/leader with an empty address: its servers have no raft leader, so the catalog cannot be ' +
        'written or read consistently. Nomad cannot register services or checks, and service discovery and Connect stall. ' +
        'Look at the Consul servers (`consul operator raft list-peers`, their logs) for lost quorum.', [evidence(consul.leader.file)]));
    }
    if (consul?.members) for (const f of memberFindings(bundle, consul.members.file, consul.members.value)) out.push(f);
    const refused = refusedAnswers(bundle);
    if (refused.length) {
      const acl = refused.some((g) => /\b403\b|Permission denied|ACL not found/.test(g.reason));
      out.push(finding(ID, 'warning', 'consul', `Consul refused ${refused.length} of its answers`,
        `Not captured from Consul: ${refused.map((g) => `${g.file.replace(/^cluster\//, '')} (${g.reason.length > 160 ? `${g.reason.slice(0, 160)}…` : g.reason})`).join('; ')}. ` +
        (acl ? 'The Consul token lacks permissions: agent self and metrics need agent:read, host needs operator:read, members node:read, checks and services service:read (pass it with -consul-token).' : ''),
        refused.map((g) => evidence(g.file))));
    }
    return out;
  },
};

/** Consul files after the leader that came as errors (Nomad's {"Error"} files, our failed captures); skipped ones are the leader's consequence. */
function refusedAnswers(bundle: Bundle): { file: string; reason: string }[] {
  const seen = new Map<string, string>();
  for (const g of bundle.gaps) {
    if (!g.file.startsWith('cluster/consul-') || g.file === LEADER_FILE || g.code === 'SKIPPED' || seen.has(g.file)) continue;
    if (g.code === 'ERROR_FILE' || g.code.startsWith('HTTP_') || g.code === 'TIMEOUT' || g.code === 'ERROR') seen.set(g.file, g.reason);
  }
  return [...seen].map(([file, reason]) => ({ file, reason }));
}

interface MemberState {
  m: ConsulMember;
  i: number;
  status: string;
  server: boolean;
}

/** One finding per member, or one per kind of trouble when several members share it (thousands of clients failing behind one cut link). */
function memberFindings(bundle: Bundle, file: string, members: ConsulMember[]): Finding[] {
  void bundle;
  const troubled: MemberState[] = [];
  members.forEach((m, i) => {
    const status = m.Status.toLowerCase();
    if (status === 'failed' || status === 'left' || status === 'leaving') troubled.push({ m, i, status, server: m.Tags?.['role'] === 'consul' });
  });
  return oneFindingPerCause(troubled, (t) => `${t.status}|${t.server}`, (t) => t.m.Name, (t) => memberFinding(file, t), (ts) => {
    const one = memberFinding(file, ts[0]!);
    const role = ts[0]!.server ? 'Consul servers' : 'Consul client agents';
    return { ...one, title: `${ts.length} ${role} are ${ts[0]!.status}`,
      detail: `${ts.length} ${role} are ${ts[0]!.status}: ${listSome(ts.map((t) => t.m.Name), 10)}. ${one.detail.replace(/^[^:]*: /, '')}`,
      evidence: ts.slice(0, 5).map((t) => evidence(file, pointer(t.i, 'Status'))) };
  });
}

function memberFinding(file: string, { m, i, status, server }: MemberState): Finding {
  const role = server ? 'Consul server' : 'Consul client agent';
  const where = m.Addr ? ` (${m.Addr})` : '';
  const ev = [evidence(file, pointer(i, 'Status'))];
  if (status === 'failed') {
    return finding(ID, server ? 'critical' : 'warning', m.Name, `Consul member ${m.Name} is failed`,
      `Consul's gossip marks the ${role} ${m.Name}${where} as failed: the others cannot reach it. ` +
      (server ? 'A failed Consul server counts against the raft quorum. '
        : 'Services and health checks registered through it (a Nomad agent on that host, its allocations) are no longer kept up to date. ') +
      'Check the Consul agent on that host and ports 8301 (gossip) and 8300 (RPC).', ev);
  }
  if (status === 'left') {
    return finding(ID, server ? 'warning' : 'info', m.Name, `Consul member ${m.Name} has left`,
      `The ${role} ${m.Name}${where} left Consul gracefully and is still listed. If that host should be serving, restart its Consul agent.`, ev);
  }
  return finding(ID, 'info', m.Name, `Consul member ${m.Name} is leaving`, `The ${role} ${m.Name}${where} was leaving Consul when the bundle was taken.`, ev);
}
