// Server members that are failed, left or leaving (serf status in cluster/members.json).
import type { Check, Finding } from '../types.ts';
import { evidence, finding, pointer } from '../finding.ts';
import { membersOf } from '../../model/facts.ts';

const ID = 'member-status';

export const check: Check = {
  id: ID,
  title: 'Server member status',
  run(bundle) {
    const ms = membersOf(bundle);
    if (!ms) return { notEvaluated: 'cluster/members.json is missing or unreadable' };
    const out: Finding[] = [];
    for (const { m, i } of ms.members) {
      const status = m.Status.toLowerCase();
      const ev = [evidence(ms.file, pointer('Members', i, 'Status'))];
      const name = m.Name || `member #${i}`;
      const where = m.Addr ? ` (${m.Addr}:${m.Port})` : '';
      if (status === 'failed') {
        out.push(
          finding(ID, 'critical', name, `${name} is failed`, `Gossip (serf) marks server ${name}${where} as failed: the other servers cannot reach it. ` +
            'It still counts as a raft voter until it is removed, so it eats into the quorum. Check whether the agent process is running and ' +
            'whether ports 4647/4648 are reachable; if the server is gone for good, remove it with `nomad server force-leave` ' +
            'and `nomad operator raft remove-peer`.', ev),
        );
      } else if (status === 'left') {
        out.push(
          finding(ID, 'warning', name, `${name} has left`, `Server ${name}${where} left the cluster gracefully and is still listed. ` +
            'If it was decommissioned this is expected and serf will reap it; if it should be serving, restart it and let it rejoin. ' +
            'Make sure it is no longer a raft peer (`nomad operator raft list-peers`).', ev),
        );
      } else if (status === 'leaving') {
        out.push(
          finding(ID, 'warning', name, `${name} is leaving`, `Server ${name}${where} was leaving the cluster when the bundle was taken. ` +
            'If this was not a planned shutdown, look at its log for why it is leaving.', ev),
        );
      }
    }
    return out;
  },
};
