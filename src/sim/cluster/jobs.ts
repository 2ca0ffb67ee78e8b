// The jobs the simulated cluster runs: a fixed catalogue scaled to the number of clients
// (about 2–3 allocations per client), plus, in the degraded scenario, two jobs it cannot place
// and one whose task is OOM-killed over and over.
import type { Doc, Scenario } from './types.ts';
import type { JobSecrets } from './workload-secrets.ts';

export type JobType = 'service' | 'batch' | 'system';

export interface GroupSpec {
  name: string;
  tasks: string[];
  /** Allocations wanted, given the number of clients (system jobs: one per node instead). */
  count: (clients: number) => number;
}

export interface JobSpec {
  id: string;
  namespace: string;
  type: JobType;
  priority: number;
  groups: GroupSpec[];
  /** Cannot be placed (degraded): a blocked evaluation and queued allocations. */
  blocked?: { constraint: string; why: string };
  /** Runs, but its task is OOM-killed and restarted over and over (degraded). */
  crashLoop?: { restarts: number };
  image: string;
}

const per = (share: number, min: number) => (n: number) => Math.max(min, Math.ceil(n * share));

const ALWAYS: JobSpec[] = [
  { id: 'web', namespace: 'default', type: 'service', priority: 50, image: 'nginx:1.27', groups: [{ name: 'frontend', tasks: ['web'], count: per(0.3, 3) }] },
  { id: 'redis-cache', namespace: 'default', type: 'service', priority: 50, image: 'redis:7.4', groups: [{ name: 'cache', tasks: ['redis'], count: per(0.1, 1) }] },
  { id: 'prometheus', namespace: 'default', type: 'service', priority: 60, image: 'prom/prometheus:v3.1.0', groups: [{ name: 'monitoring', tasks: ['prometheus'], count: () => 1 }] },
  { id: 'node-exporter', namespace: 'default', type: 'system', priority: 70, image: 'prom/node-exporter:v1.8.2', groups: [{ name: 'exporter', tasks: ['node-exporter'], count: () => 0 }] },
  { id: 'batch-report', namespace: 'default', type: 'batch', priority: 40, image: 'python:3.13-slim', groups: [{ name: 'report', tasks: ['report'], count: per(0.2, 2) }] },
  { id: 'api-gateway', namespace: 'prod', type: 'service', priority: 80, image: 'envoyproxy/envoy:v1.32.1', groups: [{ name: 'gateway', tasks: ['envoy', 'server'], count: per(0.3, 2) }] },
  { id: 'payments', namespace: 'prod', type: 'service', priority: 90, image: 'registry.internal/payments:2.14.0', groups: [{ name: 'api', tasks: ['payments'], count: per(0.2, 2) }] },
  { id: 'nightly-etl', namespace: 'prod', type: 'batch', priority: 30, image: 'registry.internal/etl:1.3.2', groups: [{ name: 'etl', tasks: ['extract', 'load'], count: per(0.1, 1) }] },
];

const DEGRADED_ONLY: JobSpec[] = [
  { id: 'ml-training', namespace: 'prod', type: 'batch', priority: 50, image: 'registry.internal/trainer:0.9.1',
    groups: [{ name: 'train', tasks: ['trainer'], count: () => 2 }],
    blocked: { constraint: '${device.type} = gpu', why: 'no node has a GPU' } },
  { id: 'search-indexer', namespace: 'default', type: 'service', priority: 50, image: 'registry.internal/indexer:4.2.0',
    groups: [{ name: 'indexer', tasks: ['indexer'], count: () => 3 }],
    blocked: { constraint: 'memory', why: 'each allocation asks for 64 GiB of memory' } },
  { id: 'checkout', namespace: 'prod', type: 'service', priority: 70, image: 'registry.internal/checkout:3.0.1',
    groups: [{ name: 'api', tasks: ['checkout'], count: () => 2 }], crashLoop: { restarts: 6 } },
];

export function jobSpecs(scenario: Scenario): JobSpec[] {
  return scenario === 'degraded' ? [...ALWAYS, ...DEGRADED_ONLY] : ALWAYS;
}

export function findSpec(scenario: Scenario, namespace: string, id: string): JobSpec | undefined {
  return jobSpecs(scenario).find((j) => j.id === id && j.namespace === namespace);
}

/** The job of the degraded scenario that carries credentials in its meta, env and template. */
export const LEAKY_JOB = 'payments';

/** The full job (GET /v1/job/:id shape, trimmed to what tasks and groups need). */
export function fullJob(spec: JobSpec, stub: Doc, secrets?: JobSecrets): Doc {
  return {
    Region: 'global',
    Namespace: spec.namespace,
    ID: spec.id,
    ParentID: '',
    Name: spec.id,
    Type: spec.type,
    Priority: spec.priority,
    AllAtOnce: false,
    Datacenters: ['*'],
    NodePool: 'default',
    Constraints: null,
    Affinities: null,
    Spreads: null,
    TaskGroups: spec.groups.map((g) => ({
      Name: g.name,
      // Every allocation the group was asked for, whatever became of it.
      Count: Object.values((stub['JobSummary'] as { Summary: Record<string, Record<string, number>> } | undefined)?.Summary[g.name] ?? { n: 1 }).reduce((a, b) => a + b, 0),
      Constraints: spec.blocked && spec.blocked.constraint !== 'memory' ? [{ LTarget: '${device.type}', RTarget: 'gpu', Operand: '=' }] : null,
      Tasks: g.tasks.map((t) => ({
        Name: t,
        Driver: 'docker',
        User: '',
        Config: { image: spec.image },
        Env: secrets ? { ...secrets.env } : null,
        Templates: secrets
          ? [{ SourcePath: '', DestPath: 'secrets/app.env', EmbeddedTmpl: secrets.template, ChangeMode: 'restart', Envvars: true, Perms: '0644' }]
          : null,
        Resources: { CPU: 200, Cores: 0, MemoryMB: spec.blocked?.constraint === 'memory' ? 65536 : 256, MemoryMaxMB: 0, DiskMB: 0 },
        Leader: false,
        KillTimeout: 5_000_000_000,
      })),
      EphemeralDisk: { Sticky: false, SizeMB: 300, Migrate: false },
    })),
    Update: spec.type === 'service'
      ? { Stagger: 30_000_000_000, MaxParallel: 1, HealthCheck: 'checks', MinHealthyTime: 10_000_000_000, HealthyDeadline: 300_000_000_000, ProgressDeadline: 600_000_000_000, AutoRevert: false, AutoPromote: false, Canary: 0 }
      : { Stagger: 0, MaxParallel: 0, HealthCheck: '', MinHealthyTime: 0, HealthyDeadline: 0, ProgressDeadline: 0, AutoRevert: false, AutoPromote: false, Canary: 0 },
    Multiregion: null,
    Periodic: null,
    ParameterizedJob: null,
    Dispatched: false,
    Payload: null,
    Meta: secrets ? { ...secrets.meta } : null,
    Stop: false,
    Status: stub['Status'],
    StatusDescription: '',
    Stable: spec.type === 'service',
    Version: 0,
    SubmitTime: stub['SubmitTime'],
    CreateIndex: stub['CreateIndex'],
    ModifyIndex: stub['ModifyIndex'],
    JobModifyIndex: stub['JobModifyIndex'],
  };
}
