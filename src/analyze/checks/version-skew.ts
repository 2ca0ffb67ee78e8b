// Version and protocol skew: servers on different builds, clients newer than servers,
// different raft protocol versions.
import type { Check, Finding } from '../types.ts';
import { evidence, finding, pointer } from '../finding.ts';
import { compareVersions, parseVersion } from '../versions.ts';
import { membersOf, nodesOf } from '../../model/facts.ts';
import { groupBy } from '../../shared/group-by.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'version-skew';

export const check: Check = {
  id: ID,
  title: 'Version and protocol skew',
  run(bundle) {
    const ms = membersOf(bundle);
    if (!ms) return { notEvaluated: 'cluster/members.json is missing or unreadable' };
    const alive = ms.members.filter(({ m }) => m.Status.toLowerCase() === 'alive');
    const out: Finding[] = [];

    const byBuild = groupBy(alive, ({ m }) => m.Tags?.build ?? '');
    byBuild.delete('');
    if (byBuild.size > 1) {
      const parts = [...byBuild].map(([b, list]) => `${b}: ${list.map(({ m }) => m.Name).join(', ')}`);
      out.push(finding(ID, 'warning', 'cluster', `Servers run ${byBuild.size} different Nomad versions`,
        `Alive servers are on different builds (${parts.join('; ')}). Mixed versions are fine only during a rolling upgrade; ` +
        'finish the upgrade so every server runs the same version (servers first, then clients).',
        [...byBuild.values()].flat().map(({ i }) => evidence(ms.file, pointer('Members', i, 'Tags', 'build')))));
    }

    const raftVsn = groupBy(alive, ({ m }) => m.Tags?.raft_vsn ?? '');
    raftVsn.delete('');
    if (raftVsn.size > 1) {
      const parts = [...raftVsn].map(([v, list]) => `raft protocol ${v}: ${list.map(({ m }) => m.Name).join(', ')}`);
      out.push(finding(ID, 'warning', 'cluster', 'Servers use different raft protocol versions',
        `${parts.join('; ')}. Servers must agree on the raft protocol; set raft_protocol the same everywhere (3 for autopilot).`,
        [...raftVsn.values()].flat().map(({ i }) => evidence(ms.file, pointer('Members', i, 'Tags', 'raft_vsn')))));
    }

    const proto = groupBy(alive, ({ m }) => m.ProtocolCur?.toString() ?? '');
    proto.delete('');
    if (proto.size > 1) {
      const parts = [...proto].map(([v, list]) => `serf protocol ${v}: ${list.map(({ m }) => m.Name).join(', ')}`);
      out.push(finding(ID, 'info', 'cluster', 'Servers speak different gossip protocol versions',
        `${parts.join('; ')}. Usually a side effect of mixed versions during an upgrade.`,
        [...proto.values()].flat().map(({ i }) => evidence(ms.file, pointer('Members', i, 'ProtocolCur')))));
    }

    // Clients must not run a newer version than the servers. Compared with the newest server so that
    // a half-done server upgrade is reported once (above), not again for every client.
    const serverVersions = alive.map(({ m }) => parseVersion(m.Tags?.build)).filter((v) => v !== undefined);
    const ns = nodesOf(bundle);
    if (serverVersions.length && ns) {
      const newest = serverVersions.sort(compareVersions)[serverVersions.length - 1]!;
      const newer = ns.nodes
        .map((n, i) => ({ n, i, v: parseVersion(n.Version) }))
        .filter(({ v }) => v && compareVersions(v, newest) > 0);
      if (newer.length) {
        out.push(finding(ID, 'warning', 'cluster', `${newer.length} client${newer.length === 1 ? ' is' : 's are'} newer than the servers`,
          `The newest server runs ${newest.join('.')} but ${listSome(newer.map(({ n }) => `${n.Name ?? n.ID} (${n.Version})`))} run a newer version. ` +
          'Nomad supports clients older than servers, not newer: upgrade the servers first.',
          newer.slice(0, 20).map(({ i }) => evidence(ns.file, pointer(i, 'Version')))));
      }
    }
    return out;
  },
};
