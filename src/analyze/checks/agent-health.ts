// Agent health: /v1/agent/health answers that are not ok (a client with "no known servers"
// whose node still shows ready), agents that could not be reached, and capture failures per
// agent with the permission that was missing.
import type { AgentData, Bundle, CaptureRecord } from '../../model/types.ts';
import { UNREACHABLE_CODES } from '../../shared/errors.ts';
import { aclHint, endpointKind, isAnswerNotFailure } from '../acl-hints.ts';
import type { Check, Evidence, Finding } from '../types.ts';
import { evidence, finding, oneFindingPerCause } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { agentOfTarget, allAgents, capturesByTarget, membersOf, nodeById, nodesOf } from '../../model/facts.ts';
import { groupBy } from '../../shared/group-by.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'agent-health';

export const check: Check = {
  id: ID,
  title: 'Agent health and reachability',
  run(bundle) {
    const agents = allAgents(bundle);
    const captures = bundle.manifest?.value.captures ?? [];
    if (captures.length === 0 && !agents.some((a) => a.health) && !bundle.gaps.some((g) => g.file.endsWith('/health.json'))) {
      return { notEvaluated: 'no health.json per agent and no capture records (Nomad\'s own bundles do not ask each agent)' };
    }
    const out: Finding[] = [];
    const reach: Reach[] = [];
    const byTarget = capturesByTarget(bundle);
    const seen = new Set<string>();
    for (const agent of agents) {
      seen.add(`${agent.kind}:${agent.id}`);
      out.push(...healthFindings(bundle, agent, byTarget.get(`${agent.kind}:${agent.id}`) ?? []));
      out.push(...captureFindings(bundle, agent, byTarget.get(`${agent.kind}:${agent.id}`) ?? [], reach));
    }
    // Targets with captures but no folder at all (nothing arrived).
    for (const [target, list] of byTarget) {
      if (seen.has(target)) continue;
      const who = agentOfTarget(target);
      if (!who) continue;
      const agent: AgentData = { kind: who.kind, id: who.id, dir: `${who.kind}/${who.id}`, allocStats: [], allocChecks: [], metrics: [], profiles: [], files: [] };
      out.push(...healthFindings(bundle, agent, list), ...captureFindings(bundle, agent, list, reach));
    }
    // agents unreachable the same way (every client timing out from a busy collector) are one finding
    out.push(...oneFindingPerCause(reach, (r) => `${r.f.severity}\u0000${r.none}\u0000${r.codes}`, (r) => r.f.subject, (r) => r.f, (rs) =>
      finding(ID, rs[0]!.f.severity, 'cluster', `${rs.length} agents ${rs[0]!.none ? 'could not be reached' : 'were only partly reachable'} (${rs[0]!.codes})`,
        `Requests to ${rs.length} agents failed with ${rs[0]!.codes}: ${listSome(rs.map((r) => r.label), 10)}. ` +
        (rs[0]!.f.severity === 'info' ? 'They are down or gone in the member or node list, so this is expected.'
          : 'When they all time out, the collection asked more than the cluster (or the machine collecting) could answer in time: ' +
            'collect again with a longer -duration or fewer nodes (-max-nodes), or check the network between here and the agents.'),
        rs.slice(0, 5).flatMap((r) => r.f.evidence.slice(0, 1)))));
    return out;
  },
};

/** The node status of a client, or the serf member status of a server. */
function nodeStatus(bundle: Bundle, agent: AgentData): { status: string; file: string; index: number } | undefined {
  if (agent.kind === 'server') {
    const ms = membersOf(bundle);
    const hit = ms?.members.find(({ m }) => m.Name === agent.id);
    return ms && hit ? { status: hit.m.Status, file: ms.file, index: hit.i } : undefined;
  }
  const ns = nodesOf(bundle);
  const hit = nodeById(bundle, agent.id);
  if (!ns || !hit) return undefined;
  return { status: hit.node.Status, file: ns.file, index: hit.index };
}

/** Unhealthy roles from health.json, or from the body of a failed health capture or an error file
 * (Nomad answers an unhealthy agent with HTTP 500 and the JSON as the body). */
function unhealthyRoles(bundle: Bundle, agent: AgentData, captures: readonly CaptureRecord[]): { role: string; message: string; ev: Evidence }[] {
  const out: { role: string; message: string; ev: Evidence }[] = [];
  const h = agent.health;
  if (h) {
    for (const role of ['client', 'server'] as const) {
      const r = h.value[role];
      if (r && !r.ok) out.push({ role, message: r.message, ev: evidence(h.file, `/${role}/ok`) });
    }
    return out;
  }
  const failed = captures.find((c) => endpointKind(c.endpoint) === 'health' && c.status !== 'ok' && c.httpStatus === 500);
  const gap = bundle.gaps.find((g) => g.file === `${agent.dir}/health.json` && /"ok"\s*:\s*false/.test(g.reason));
  const source = failed ? { text: failed.error ?? '', file: failed.path } : gap ? { text: gap.reason, file: gap.file } : undefined;
  if (!source) return out;
  for (const role of ['client', 'server']) {
    const m = new RegExp(`"${role}"\\s*:\\s*\\{[^}]*"message"\\s*:\\s*"([^"]*)"`).exec(source.text);
    const okFalse = new RegExp(`"${role}"\\s*:\\s*\\{[^}]*"ok"\\s*:\\s*false`).test(source.text);
    if (m && okFalse) out.push({ role, message: m[1]!, ev: evidence(source.file) });
  }
  if (out.length === 0) out.push({ role: agent.kind, message: source.text || 'HTTP 500', ev: evidence(source.file) });
  return out;
}

function healthFindings(bundle: Bundle, agent: AgentData, captures: readonly CaptureRecord[]): Finding[] {
  const label = agentLabel(bundle, agent);
  const out: Finding[] = [];
  const node = nodeStatus(bundle, agent);
  for (const { role, message, ev } of unhealthyRoles(bundle, agent, captures)) {
    const evs = [ev];
    let detail = `The ${role} part of agent ${label} reports itself unhealthy: "${message}".`;
    if (role === 'client' && /no known servers/i.test(message)) {
      detail += ' The client cannot reach any server, so it cannot register allocation updates or receive new work. Check its `servers` / ' +
        '`server_join` configuration, DNS, and that it can reach the servers on port 4647.';
    } else if (role === 'server') {
      detail += ' A server that cannot see a leader cannot serve writes. Check the raft state and the leader finding.';
    }
    if (agent.kind === 'client' && node && node.status === 'ready') {
      detail += ` Its node is still "ready" in the node list, so the scheduler keeps placing work on a client that cannot report back; ` +
        'it will be marked down only when its heartbeat expires.';
      evs.push(evidence(node.file, `/${node.index}/Status`));
    }
    const title = agent.kind === 'client' && node?.status === 'ready' ? `${label} is unhealthy but its node shows ready` : `${label} is unhealthy: ${message}`;
    out.push(finding(ID, 'critical', agent.id, title, detail, evs));
  }
  return out;
}

/** One agent's reachability finding, and what makes it the same cause as another's. */
interface Reach {
  f: Finding;
  label: string;
  codes: string;
  /** Nothing at all arrived from it. */
  none: boolean;
}

/** Capture failures of one agent; its reachability finding goes to `reach`, to be grouped with the others'. */
function captureFindings(bundle: Bundle, agent: AgentData, captures: readonly CaptureRecord[], reach: Reach[]): Finding[] {
  const label = agentLabel(bundle, agent);
  // A capture skipped because the agent advertises no HTTP address is also data we lack.
  const failed = captures.filter((c) => c.status === 'failed' || c.status === 'timeout' || (c.status === 'skipped' && c.code === 'NOT_ADVERTISED'));
  if (failed.length === 0) return [];
  const out: Finding[] = [];
  const unreachable = failed.filter((c) => UNREACHABLE_CODES.has(c.code));
  const okCount = captures.filter((c) => c.status === 'ok').length;
  if (unreachable.length) {
    const node = nodeStatus(bundle, agent);
    const codes = [...new Set(unreachable.map((c) => c.code))].join(', ');
    const expected = node && ['down', 'disconnected', 'failed', 'left'].includes(node.status);
    const address = bundle.manifest?.value.targets[agent.kind === 'server' ? 'servers' : 'clients'].find((t) => t.id === agent.id)?.address;
    reach.push({ label, codes, none: okCount === 0, f: finding(ID, expected ? 'info' : 'warning', agent.id,
      okCount === 0 ? `${label} could not be reached` : `${label} was only partly reachable`,
      `${unreachable.length} of ${captures.length} requests to ${label}${address ? ` at ${address}` : ''} failed (${codes}). ` +
      (expected
        ? `It is ${node!.status} ${agent.kind === 'server' ? 'as a server member' : 'in the node list'}, so this is expected.`
        : 'Check that the agent is running and that its advertised HTTP address is reachable from where the bundle was collected ' +
          '(firewalls, advertise.http).'),
      unreachable.slice(0, 5).map((c) => evidence(c.path))) });
  }
  // A health 500 is the agent saying it is unhealthy: reported above, not a capture failure.
  const other = failed.filter((c) => !UNREACHABLE_CODES.has(c.code) && !isAnswerNotFailure(c));
  if (other.length) {
    const groups = groupBy(other, (c) => `${endpointKind(c.endpoint)} ${c.code}`);
    const lines = [...groups.values()].map((list) => {
      const c = list[0]!;
      const why = c.code === 'HTTP_403'
        ? ` (${aclHint(c.endpoint)})`
        : c.code === 'NOT_ADVERTISED'
          ? ' (the agent advertises no HTTP address, so it could not be asked directly)'
          : c.error ? ` (${oneLine(c.error)})` : '';
      return `${endpointKind(c.endpoint)}: ${c.code}${list.length > 1 ? ` ×${list.length}` : ''}${why}`;
    });
    const denied = other.some((c) => c.code === 'HTTP_403');
    const missing = `${listSome(lines, 10)}.` + (denied ? ' Re-run the collection with a token that has these permissions to get the missing data.' : '');
    const ev = other.slice(0, 5).map((c) => evidence(c.path));
    const mine = unreachable.length ? reach.at(-1) : undefined;
    // an unreachable agent is one finding: what else failed for it is part of the same story
    if (mine) mine.f = { ...mine.f, detail: `${mine.f.detail} Besides, ${other.length} more failed: ${missing}`, evidence: [...mine.f.evidence, ...ev] };
    else out.push(finding(ID, 'info', agent.id, `${other.length} capture${other.length === 1 ? '' : 's'} failed for ${label}`, `Some data from ${label} is missing from the bundle: ${missing}`, ev));
  }
  return out;
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 120 ? t.slice(0, 117) + '...' : t;
}
