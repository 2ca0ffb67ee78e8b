// Leadership and raft: no leader, raft peers vs alive server members, autopilot health and
// failure tolerance, servers whose FSM trails their commit index. Uses the latest interval's
// operator-raft / autopilot snapshots and each server's own agent-self raft stats.
import type { AgentData, Bundle, Member, RaftServer } from '../../model/types.ts';
import type { Check, Finding } from '../types.ts';
import { agentLogs } from '../log-aggregates.ts';
import { evidence, finding, pointer } from '../finding.ts';
import { plural } from '../text.ts';
import { latest, membersOf } from '../../model/facts.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'leader-raft';

export const check: Check = {
  id: ID,
  title: 'Leader, raft peers and autopilot',
  run(bundle) {
    const ms = membersOf(bundle);
    const raftIv = latest(bundle, (i) => i.operatorRaft);
    const apIv = latest(bundle, (i) => i.autopilotHealth);
    if (!ms && !raftIv && !apIv && !bundle.cluster.leader) {
      return { notEvaluated: 'no members.json, leader.json, operator-raft.json or operator-autopilot-health.json in the bundle' };
    }
    return [...leaderFindings(bundle), ...peerFindings(bundle), ...autopilotFindings(bundle), ...applyLagFindings(bundle), ...churnFindings(bundle)];
  },
};

/**
 * Leadership gained and lost across the servers in the captured logs (nomad/leader.go's
 * "cluster leadership acquired/lost"): more than one change in a window of minutes is churn.
 */
function churnFindings(bundle: Bundle): Finding[] {
  // history and live log, without the lines both hold (agentLogs)
  const changes = bundle.servers.flatMap((a) => agentLogs(a).flatMap((log) => (log.leadership ?? []).map((e) => ({ server: a.id, file: log.file, ...e }))));
  const lost = changes.filter((c) => c.event === 'lost').length;
  const acquired = changes.length - lost;
  if (lost === 0 && acquired < 2) return [];
  const byServer = new Map<string, { acquired: number; lost: number }>();
  for (const c of changes) {
    const n = byServer.get(c.server) ?? { acquired: 0, lost: 0 };
    n[c.event]++;
    byServer.set(c.server, n);
  }
  const times = changes.map((c) => c.ts).filter((t): t is number => t !== undefined).sort((x, y) => x - y);
  const span = times.length > 1 ? ` between ${new Date(times[0]!).toISOString()} and ${new Date(times.at(-1)!).toISOString()}` : '';
  const who = [...byServer].map(([s, n]) => `${s}: acquired ×${n.acquired}, lost ×${n.lost}`);
  return [finding(ID, 'warning', 'cluster', `Leadership changed ${plural(changes.length, 'time')} in the captured logs`,
    `The servers logged leadership acquired ${acquired} and lost ${lost} times${span} (${who.slice(0, 10).join('; ')}${who.length > 10 ? `; and ${who.length - 10} more servers` : ''}). Each change stops ` +
      'scheduling until the new leader has restored its state. Usual causes: a server too busy to answer heartbeats (CPU, ' +
      'disk latency under raft), network loss between servers, or clock and version trouble; compare with the raft and ' +
      'profile findings of the same servers.',
    changes.slice(0, 5).map((c) => evidence(c.file, undefined, c.line)))];
}

function leaderFindings(bundle: Bundle): Finding[] {
  const ms = membersOf(bundle);
  if (!ms || ms.members.length === 0) return [];
  const leader = bundle.cluster.leader;
  if (leader && leader.value.trim() !== '') return [];
  const gap = bundle.gaps.find((g) => /(^|\/)leader\.json$/.test(g.file));
  const raft = latest(bundle, (i) => i.operatorRaft)?.operatorRaft;
  if (!leader && !gap) {
    // No leader.json at all (Nomad before 1.4 did not write one): the raft configuration is the
    // only witness; without it, the bundle says nothing about the leader, which is not "none".
    if (!raft || raft.value.Servers.some((s) => s.Leader)) return [];
  }
  const file = leader?.file ?? gap?.file ?? raft!.file;
  const why = gap ? ` The bundle holds "${gap.reason}" instead of a leader address.` : leader ? ' leader.json is empty.' :
    ' The raft configuration lists no server as leader.';
  return [
    finding(ID, 'critical', 'cluster', 'No cluster leader', `The servers had no raft leader when the bundle was taken.${why} ` +
      'Without a leader nothing is scheduled and writes fail. Check that a quorum of servers is alive and can reach each other on the RPC port ' +
      '(4647), and read the servers\' logs for election messages.', [evidence(file)]),
  ];
}

function peerFindings(bundle: Bundle): Finding[] {
  const ms = membersOf(bundle);
  const iv = latest(bundle, (i) => i.operatorRaft);
  const raft = iv?.operatorRaft;
  if (!ms || !raft) return [];
  const region = bundle.cluster.members?.value.ServerRegion;
  const members = ms.members.filter(({ m }) => !region || !m.Tags?.region || m.Tags.region === region);
  const out: Finding[] = [];
  const peers = raft.value.Servers;
  const matched = new Set<number>();
  peers.forEach((peer, pi) => {
    const hit = members.find(({ m }) => samePeer(m, peer));
    const ev = [evidence(raft.file, pointer('Servers', pi))];
    if (!hit) {
      out.push(finding(ID, 'warning', peer.Node || peer.Address, `Raft peer ${peer.Node || peer.Address} is not a server member`,
        `The raft configuration lists ${peer.Node || peer.ID} (${peer.Address}) but no server member matches it. A stale peer still counts ` +
        'toward the quorum. If that server is gone, remove it with `nomad operator raft remove-peer`.', ev));
      return;
    }
    matched.add(hit.i);
    // a peer whose member failed or left is member-status's finding: the same cause, with the same raft advice
  });
  for (const { m, i } of members) {
    if (matched.has(i) || m.Status.toLowerCase() !== 'alive') continue;
    out.push(finding(ID, 'warning', m.Name, `${m.Name} is alive but not a raft peer`,
      `Server ${m.Name} is an alive member but is missing from the raft configuration, so it neither votes nor holds the state. ` +
      'Check its log for join or raft errors (e.g. a different raft protocol version or a bootstrap_expect mismatch).',
      [evidence(ms.file, pointer('Members', i)), evidence(raft.file, '/Servers')]));
  }
  return out;
}

function samePeer(m: Member, p: RaftServer): boolean {
  if (p.Node && m.Name === p.Node) return true;
  if (m.Tags?.id && p.ID && m.Tags.id === p.ID) return true;
  const port = m.Tags?.port;
  return !!(m.Addr && port && p.Address === `${m.Addr}:${port}`);
}

function autopilotFindings(bundle: Bundle): Finding[] {
  const iv = latest(bundle, (i) => i.autopilotHealth);
  const ap = iv?.autopilotHealth;
  if (!ap) return [];
  const out: Finding[] = [];
  const servers = ap.value.Servers;
  let unhealthy: Finding | undefined;
  if (ap.value.Healthy === false) {
    const bad = servers.map((s, i) => ({ s, i })).filter(({ s }) => s.Healthy === false);
    const names = bad.map(({ s }) => `${s.Name || s.ID} (serf ${s.SerfStatus || 'unknown'})`);
    out.push(unhealthy = finding(ID, 'critical', 'cluster', 'Autopilot reports the cluster unhealthy',
      bad.length
        ? `Autopilot considers ${plural(bad.length, 'server')} unhealthy: ${listSome(names)}. An unhealthy server is not keeping up with the ` +
          'leader (or cannot be reached). Look at those servers\' logs and their raft last-contact times.'
        : 'Autopilot reports Healthy=false without naming a server. Check the servers\' raft state and logs.',
      [evidence(ap.file, '/Healthy'), ...bad.map(({ i }) => evidence(ap.file, pointer('Servers', i, 'Healthy')))]));
  }
  if (ap.value.FailureTolerance === 0) {
    const voters = servers.filter((s) => s.Voter).length || (ap.value.Voters?.length ?? 0);
    const severity = voters >= 3 ? 'critical' : 'warning';
    const detail = voters >= 3
      ? `With ${voters} voters the cluster should survive a server failure, but autopilot says it can lose no more servers: ` +
        'one more failure means no quorum and no leader. Restore the failed or unhealthy servers first.'
      : `The cluster has ${plural(voters, 'voter')}, so losing any server stops it. Production clusters should run 3 or 5 servers.`;
    // Usually one cause: the unhealthy server is the tolerance used up. One finding says both.
    if (unhealthy && severity === 'critical') {
      unhealthy.title = 'Failure tolerance is 0: autopilot reports the cluster unhealthy';
      unhealthy.detail += ` ${detail}`;
      unhealthy.evidence.push(evidence(ap.file, '/FailureTolerance'));
    } else {
      out.push(finding(ID, severity, 'cluster', 'Failure tolerance is 0', detail, [evidence(ap.file, '/FailureTolerance')]));
    }
  }
  return out;
}

/**
 * Committed but not yet applied raft entries at which a server is called lagging. A healthy
 * server applies within a few entries of its commit index; autopilot itself only looks at the
 * last log index (MaxTrailingLogs, 250 by default), so it does not see an FSM that falls behind.
 */
export const APPLY_LAG_WARN = 100;

/** hashicorp/raft Stats() values are strings of unsigned integers. */
function raftStat(raft: Record<string, unknown>, key: string): number | undefined {
  const v = raft[key];
  return typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}

function applyLagFindings(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const agent of bundle.servers) {
    const lag = applyLag(agent);
    if (!lag || lag.behind < APPLY_LAG_WARN) continue;
    const pending = lag.fsmPending === undefined ? '' : ` (fsm_pending ${lag.fsmPending})`;
    out.push(finding(ID, 'warning', agent.id, `${agent.id} trails its raft commit index by ${plural(lag.behind, 'entry', 'entries')}`,
      `${agent.id} has committed raft index ${lag.commit} but its state machine has applied only up to ${lag.applied}${pending}. ` +
        'Reads it answers (stale queries, its own scheduler workers) see old state, and if it keeps falling behind it cannot take over as ' +
        'leader promptly. Autopilot does not notice: it compares last log indexes. Look at this server\'s CPU profile, disk latency ' +
        'and its log for slow FSM applies or snapshot restores.',
      [evidence(lag.file, '/stats/raft/commit_index'), evidence(lag.file, '/stats/raft/applied_index')]));
  }
  return out;
}

function applyLag(agent: AgentData): { file: string; commit: number; applied: number; behind: number; fsmPending?: number } | undefined {
  const raft = agent.self?.value.stats?.['raft'];
  if (!agent.self || !raft) return undefined;
  const commit = raftStat(raft, 'commit_index');
  const applied = raftStat(raft, 'applied_index');
  if (commit === undefined || applied === undefined) return undefined;
  const fsmPending = raftStat(raft, 'fsm_pending');
  const lag = { file: agent.self.file, commit, applied, behind: commit - applied };
  return fsmPending === undefined ? lag : { ...lag, fsmPending };
}
