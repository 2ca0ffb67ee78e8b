// The agents of a simulated cluster, all healthy: servers server-1.global … and clients
// client-1 …, each at its own loopback address. The scenario (scenario.ts) then breaks some.
import { makeRng, uuidFrom } from '../content/rand.ts';
import { clientAddress, serverAddress } from './addresses.ts';
import { agentEnvironment } from './environment.ts';
import type { ClusterOptions, SimAgent } from './types.ts';
import { DEFAULT_VERSION } from './versions.ts';

export const REGION = 'global';
/** Where the simulated agents write their log (log_file), for /v1/agent/monitor/export?on_disk=true. */
export const DEFAULT_LOG_FILE = '/opt/nomad/logs/nomad.log';

/** What every agent starts as: healthy, listening, nothing planted. */
function healthyAgent(opts: ClusterOptions, kind: SimAgent['kind'], name: string): Omit<SimAgent, 'id' | 'address' | 'status' | 'leader' | 'datacenter' | 'nodeClass'> {
  return {
    kind,
    name,
    listening: true,
    version: DEFAULT_VERSION,
    health: { ok: true, message: 'ok' },
    schedulersPaused: false,
    errorBurst: false,
    hot: false,
    leakedGoroutines: 0,
    environment: agentEnvironment(kind, opts.seed, name, false),
    extraMeta: {},
    diskUsedPct: diskPct(opts.seed, name),
    logFile: DEFAULT_LOG_FILE,
  };
}

export function serverAgent(opts: ClusterOptions, i: number): SimAgent {
  return {
    ...healthyAgent(opts, 'server', `server-${i}.${REGION}`),
    id: uuidFrom(makeRng('server-id', opts.seed, i)),
    address: serverAddress(i),
    status: 'alive',
    leader: i === 1,
    datacenter: 'dc1',
    nodeClass: '',
  };
}

export function clientAgent(opts: ClusterOptions, i: number): SimAgent {
  return {
    ...healthyAgent(opts, 'client', `client-${i}`),
    id: uuidFrom(makeRng('node-id', opts.seed, i)),
    address: clientAddress(i),
    status: 'ready',
    leader: false,
    // A second datacenter from client-6 on, so the first five (where problems are planted) stay in dc1.
    datacenter: i > 5 && i % 3 === 0 ? 'dc2' : 'dc1',
    nodeClass: i > 5 && i % 4 === 0 ? 'batch' : '',
  };
}

/** Ordinary disk use, well below any warning threshold. */
function diskPct(seed: number, name: string): number {
  return Math.round(makeRng('disk', seed, name).int(180, 720)) / 10;
}
