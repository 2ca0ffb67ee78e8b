// The Consul and Vault sections: what the Consul agent said of itself, its members and the
// Nomad agents' checks (each named by the Nomad agent it belongs to), and Vault's health.
import { checkOwners } from '../../analyze/services.ts';
import type { ConsulCheck, ConsulMember } from '../../model/types.ts';
import { capped, LIMITS } from '../limits.ts';
import type { ConsulCheckRow, ConsulMemberRow, ConsulView, Fact, VaultView } from '../view-types.ts';
import { absent, ok, type ReportContext } from './context.ts';

const STATUS_RANK: Record<string, number> = { critical: 0, failed: 0, warning: 1, left: 1, leaving: 1, maintenance: 1 };
const rank = (s: string) => STATUS_RANK[s.toLowerCase()] ?? 2;
const clsOf = (s: string) => (rank(s) === 0 ? 'bad' : rank(s) === 1 ? 'warn' : 'ok');

export function buildConsul(ctx: ReportContext): ConsulView {
  const consul = ctx.bundle.cluster.consul;
  const none = { facts: [], members: [], membersMore: 0, checks: [], checksMore: 0, files: [] };
  if (!consul) return { ...absent('no cluster/consul-*.json (collect with -consul-http-addr)'), ...none };
  const self = consul.self?.value;
  const facts: Fact[] = [];
  const fact = (label: string, value: string | undefined, cls = '') => facts.push({ label, value: value === undefined || value === '' ? '–' : value, cls });
  fact('Agent', self?.Config?.NodeName);
  fact('Datacenter', self?.Config?.Datacenter);
  fact('Version', self?.Config?.Version);
  if (consul.leader) fact('Leader', consul.leader.value || 'none', consul.leader.value ? 'ok' : 'bad');
  const ms = consul.members?.value ?? [];
  if (consul.members) fact('Members', `${ms.length} (${ms.filter((m) => m.Status === 'alive').length} alive)`, ms.some((m) => m.Status === 'failed') ? 'bad' : '');
  const list = consul.checks?.value ?? [];
  if (consul.checks) fact('Checks', `${list.length} (${list.filter((c) => c.Status !== 'passing').length} not passing)`, list.some((c) => c.Status === 'critical') ? 'bad' : '');

  const members = capped([...ms].sort((a, b) => rank(a.Status) - rank(b.Status) || (a.Name < b.Name ? -1 : 1)).map(memberRow), LIMITS.members);
  const owner = checkOwners(ctx.bundle);
  const checks = capped([...list].sort((a, b) => rank(a.Status) - rank(b.Status) || (a.Name < b.Name ? -1 : 1)).map((c) => checkRow(c, owner(c).agent?.label)), LIMITS.members);
  const files = [consul.leader, consul.self, consul.members, consul.host, consul.metrics, consul.checks, consul.services].filter((x) => x !== undefined).map((x) => x.file);
  return { ...ok(), facts, members: members.rows, membersMore: members.more, checks: checks.rows, checksMore: checks.more, files };
}

function memberRow(m: ConsulMember): ConsulMemberRow {
  return { name: m.Name, address: m.Addr ?? '', role: m.Tags?.['role'] === 'consul' ? 'server' : 'client', status: m.Status, cls: clsOf(m.Status) };
}

function checkRow(c: ConsulCheck, nomadAgent: string | undefined): ConsulCheckRow {
  const output = c.Output ?? '';
  return {
    name: c.Name, status: c.Status, cls: clsOf(c.Status), service: c.ServiceName ?? '', nomadAgent: nomadAgent ?? '',
    output: output.length > LIMITS.textCell ? `${output.slice(0, LIMITS.textCell)}…` : output,
  };
}

export function buildVault(ctx: ReportContext): VaultView {
  const v = ctx.bundle.cluster.vault;
  if (!v) return { ...absent('no cluster/vault-sys-health.json (collect with -vault-address)'), facts: [], file: null };
  const h = v.value;
  const state = !h.initialized ? 'not initialised' : h.sealed ? 'sealed' : h.replication_dr_mode === 'secondary' ? 'DR secondary' : h.performance_standby ? 'performance standby' : h.standby ? 'standby' : 'active';
  const facts: Fact[] = [
    { label: 'State', value: state, cls: !h.initialized || h.sealed ? 'bad' : state === 'active' ? 'ok' : 'warn' },
    { label: 'Initialised', value: String(h.initialized), cls: h.initialized ? '' : 'bad' },
    { label: 'Sealed', value: String(h.sealed), cls: h.sealed ? 'bad' : '' },
    { label: 'Standby', value: String(h.standby), cls: '' },
    { label: 'Version', value: h.version ?? '–', cls: '' },
    { label: 'Cluster', value: h.cluster_name ?? '–', cls: '' },
    { label: 'Replication (perf / DR)', value: `${h.replication_performance_mode ?? '–'} / ${h.replication_dr_mode ?? '–'}`, cls: '' },
  ];
  return { ...ok(), facts, file: v.file };
}
