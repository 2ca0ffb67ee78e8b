// A bundle whose every JSON file has fields of the wrong type, built through the real model
// (buildBundle): what the checks and the report get from a hostile bundle is what the decoders
// kept, and the gaps they recorded.
import { buildBundle } from '../../src/model/bundle-builder.ts';
import type { Bundle } from '../../src/model/types.ts';

const R = 'nomad-debug-2026-11-22-101500Z';
const S = 'server/srv1.global';
const CL = 'client/0000000a-aaaa-4bbb-8ccc-00000000000a';
const json = (v: unknown) => JSON.stringify(v);

/** Per file: one item that fits beside items that do not, or a whole document of the wrong shape. */
export const HOSTILE_FILES: Record<string, string> = {
  'manifest.json': json({
    schema: 7, tool: 'x', startedAt: '2026-11-22T10:15:00Z', interrupted: 'yes', targets: { servers: 'x', skipped: [null, { id: 3 }] },
    captures: [null, 1, 'x', { path: {} }, { path: `${S}/health.json`, target: 'server:srv1.global', status: 'ok', code: 'OK', endpoint: '/v1/agent/health', bytes: 'big' }],
    redactions: [null, 1, 'x', { path: {} }],
  }),
  'cluster/members.json': json({ ServerRegion: 9, Members: [null, 3, 'x', { Name: { a: 1 }, Tags: 'tags', Status: 5 }, { Name: 'srv1.global', Status: 'alive', Port: 'x', Tags: { build: 1, dc: 'dc1' } }] }),
  'cluster/nodes.json': json([null, 1, { ID: 5, Name: null, Drain: 'yes', Status: {} }, { ID: '0000000a-aaaa-4bbb-8ccc-00000000000a', Status: 'down', Drain: 'yes', Name: 7 }]),
  'cluster/leader.json': json({ not: 'a string' }),
  'cluster/agent-self.json': json({ config: 'x', member: { Name: 3 }, stats: [] }),
  'cluster/regions.json': json('global'),
  [`${S}/agent-self.json`]: json({ config: { ACL: 'on', TLSConfig: { EnableHTTP: 'no' }, Region: 5 }, member: [] }),
  [`${S}/agent-host.json`]: json({ AgentID: 'srv1.global', HostData: { Environment: { PATH: 3, VAULT_TOKEN: '<redacted>' }, Disk: { '/': { DiskMB: 'x', UsedMB: 1 }, '/data': null } } }),
  [`${S}/health.json`]: json({ server: { ok: 'yes', message: 1 }, client: 'x' }),
  [`${S}/schedulers.json`]: json({ server_id: 1, schedulers: [null, { id: 2 }, { id: 'w1', status: 3, enabled_schedulers: 'service' }] }),
  [`${S}/schedulers-config.json`]: json({ num_schedulers: 'two', enabled_schedulers: [1, 'service'] }),
  [`${CL}/client-stats.json`]: json({ Memory: { Total: 'x', Available: 1 }, DiskStats: [null, { UsedPercent: '97' }, { Mountpoint: '/', UsedPercent: 50 }] }),
  'interval/0000/metrics.json': json({ Gauges: [null, { Name: 'nomad.runtime.num_goroutines', Value: 'x' }, { Name: 'nomad.runtime.num_goroutines', Value: 12, Labels: { host: 4 } }] }),
  'interval/0000/operator-raft.json': json({ Servers: 'x' }),
  'interval/0000/operator-autopilot-health.json': json({ Healthy: 'no', FailureTolerance: 0, Servers: [] }),
  'interval/0000/operator-scheduler.json': json({ SchedulerConfig: { PauseEvalBroker: 'true', SchedulerAlgorithm: 3 } }),
  'interval/0000/allocations.json': json([null, 1, { NodeID: 5, ClientStatus: ['running'] }]),
  'interval/0000/evaluations.json': json({ Status: 'blocked' }),
};

export function hostileBundle(): Bundle {
  return buildBundle(Object.entries(HOSTILE_FILES).map(([name, text]) => [`${R}/${name}`, text] as const));
}
