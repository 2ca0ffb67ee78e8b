// Security posture from agent-self config: ACLs off, TLS off (HTTP or RPC), enable_debug on,
// dev mode. One finding per issue, naming the agents it applies to.
import type { AgentSelf, Bundle, Json, Sourced } from '../../model/types.ts';
import type { Check, Evidence, Finding, Severity } from '../types.ts';
import { evidence, finding } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { allAgents } from '../../model/facts.ts';
import { jsonAt } from '../../model/json-read.ts';
import { listSome } from '../../shared/list-some.ts';

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
    const out: Finding[] = [];
    for (const issue of ISSUES) {
      const hits = confs.filter((c) => issue.test(c.config));
      if (hits.length === 0) continue;
      const ev: Evidence[] = hits.slice(0, 10).map((c) => evidence(c.file, issue.pointer));
      // With ACLs also off, enable_debug hands out host data and profiles to anyone.
      const severity: Severity = issue.key === 'debug' && hits.some((c) => ISSUES[0]!.test(c.config)) ? 'warning' : issue.severity;
      const all = hits.length === confs.length;
      const subject = hits.length === 1 ? hits[0]!.subject : 'cluster';
      const who = all ? (confs.length === 1 ? hits[0]!.label : `all ${confs.length} agents checked`) : listSome(hits.map((c) => c.label));
      out.push(finding(ID, severity, subject, hits.length === 1 && !all ? `${issue.title} on ${hits[0]!.label}` : issue.title,
        `${issue.title} on ${who}. ${issue.detail}`, ev));
    }
    return out;
  },
};

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
