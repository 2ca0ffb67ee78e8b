// Security posture from agent-self config: ACLs off, TLS off (HTTP or RPC), enable_debug on,
// dev mode. One finding per set of agents, naming every setting that is off on them.
import type { AgentSelf, Bundle, Json, Sourced } from '../../model/types.ts';
import type { Check, Evidence, Finding, Severity } from '../types.ts';
import { evidence, finding } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { allAgents } from '../../model/facts.ts';
import { jsonAt } from '../../model/json-read.ts';
import { listSome } from '../../shared/list-some.ts';
import { groupBy } from '../../shared/group-by.ts';

const ID = 'security-posture';

interface Conf {
  subject: string;
  label: string;
  file: string;
  /** agent-self's config: its contents are unchecked Json, read through jsonAt. */
  config: Record<string, Json>;
}

interface Issue {
  key: string;
  severity: Severity;
  title: string;
  detail: string;
  pointer: string;
  test(c: Record<string, Json>): boolean;
}

const ISSUES: Issue[] = [
  {
    key: 'acl', severity: 'warning', title: 'ACLs are disabled', pointer: '/config/ACL/Enabled',
    detail: 'With ACLs off anyone who can reach the HTTP API can submit jobs (including raw_exec/docker jobs that run commands on clients), ' +
      'read variables and stop the cluster. Enable ACLs (`acl { enabled = true }`) and bootstrap them.',
    test: (c) => jsonAt(c, 'ACL', 'Enabled') === false,
  },
  {
    key: 'tls-http', severity: 'warning', title: 'TLS is off for HTTP', pointer: '/config/TLSConfig/EnableHTTP',
    detail: 'The HTTP API (and so ACL tokens and job contents) travels in clear text. Enable `tls { http = true }` with certificates.',
    test: (c) => jsonAt(c, 'TLSConfig', 'EnableHTTP') === false,
  },
  {
    key: 'tls-rpc', severity: 'warning', title: 'TLS is off for RPC', pointer: '/config/TLSConfig/EnableRPC',
    detail: 'Server and client RPC and raft traffic is not encrypted or authenticated with mTLS, so anyone on the network can join as a client ' +
      'or server. Enable `tls { rpc = true, verify_server_hostname = true }`.',
    test: (c) => jsonAt(c, 'TLSConfig', 'EnableRPC') === false,
  },
  {
    key: 'debug', severity: 'info', title: 'enable_debug is on', pointer: '/config/EnableDebug',
    detail: 'enable_debug exposes the pprof endpoints (and, with ACLs off, agent host data including the environment) to anyone who can reach ' +
      'the HTTP API. Fine while debugging; turn it off in production once done.',
    test: (c) => jsonAt(c, 'EnableDebug') === true,
  },
  {
    key: 'dev', severity: 'warning', title: 'Agent runs in dev mode', pointer: '/config/DevMode',
    detail: 'Dev mode keeps state in memory, turns security off and is not meant for anything but a laptop.',
    test: (c) => jsonAt(c, 'DevMode') === true,
  },
];

export const check: Check = {
  id: ID,
  title: 'Security posture',
  run(bundle) {
    const confs = configs(bundle);
    if (confs.length === 0) return { notEvaluated: 'no agent-self.json with a config in the bundle' };
    const hitsOf = ISSUES.map((issue) => ({ issue, hits: confs.filter((c) => issue.test(c.config)) })).filter((x) => x.hits.length > 0);
    // Settings off on the same agents are one finding: "ACLs are disabled, TLS is off for HTTP and enable_debug is on".
    const bySet = groupBy(hitsOf, (x) => x.hits.map((c) => c.subject).join('\u0000'));
    return [...bySet.values()].map((group) => postureFinding(bundle, confs, group));
  },
};

function postureFinding(bundle: Bundle, confs: Conf[], group: { issue: Issue; hits: Conf[] }[]): Finding {
  const hits = group[0]!.hits;
  // With ACLs also off, enable_debug hands out host data and profiles to anyone.
  const aclsOff = hits.some((c) => ISSUES[0]!.test(c.config));
  const severityOf = (i: Issue): Severity => (i.key === 'debug' && aclsOff ? 'warning' : i.severity);
  const severity: Severity = group.some((x) => severityOf(x.issue) === 'warning') ? 'warning' : 'info';
  const all = hits.length === confs.length;
  const subject = hits.length === 1 ? hits[0]!.subject : 'cluster';
  const who = all ? (confs.length === 1 ? hits[0]!.label : `all ${confs.length} agents checked`) : listSome(hits.map((c) => c.label));
  const titles = group.map((x) => x.issue.title);
  const title = titles.length === 1 ? titles[0]! : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]!}`;
  const ev: Evidence[] = group.flatMap((x) => hits.slice(0, 10).map((c) => evidence(c.file, x.issue.pointer)));
  const one = hits.length === 1 && !all;
  const named = !one ? title : titles.length === 1 ? `${title} on ${hits[0]!.label}` : `${hits[0]!.label}: ${title}`;
  return finding(ID, severity, subject, named,
    `${title} on ${who}. ${group.map((x) => x.issue.detail).join(' ')}`, ev);
}

function configs(bundle: Bundle): Conf[] {
  const out: Conf[] = [];
  const push = (s: Sourced<AgentSelf> | undefined, subject: string, label: string) => {
    if (s?.value.config) out.push({ subject, label, file: s.file, config: s.value.config });
  };
  for (const a of allAgents(bundle)) push(a.self, a.id, agentLabel(bundle, a));
  // The cluster's agent-self is one of the agents above in our bundles; use it only when alone.
  if (out.length === 0) {
    const self = bundle.cluster.agentSelf;
    const name = self?.value.member?.Name || 'the agent at -address';
    push(self, self?.value.member?.Name || 'cluster', name);
  }
  return out;
}
