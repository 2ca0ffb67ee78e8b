// An endless, deterministic stream of a simulated Nomad agent's log entries, mostly TRACE/DEBUG
// like a TRACE monitor, with the occasional WARN and rare ERROR; `errorBurst` adds runs of ERROR
// lines (a client that lost its server, a server that lost a raft peer).
import { formatLine, levelAtLeast, parseLogLevel, trimCallerPath, type LogEntry, type SimLogLevel } from './hclog-format.ts';
import { CLIENT_BURST, CLIENT_SERVICE_TROUBLE, CLIENT_TEMPLATES, SERVER_BURST, SERVER_TEMPLATES, type LogContext, type LogTemplate } from './log-templates.ts';
import { makeRng, uuidFrom, type Rng } from './rand.ts';

export { formatLine, levelAtLeast, parseLogLevel };
export type { LogEntry, SimLogLevel };

export interface LogSeed {
  name: string;
  kind: 'server' | 'client';
  seed: number;
  errorBurst?: boolean;
  nodeId?: string;
  /** Written once, early, in a DEBUG line that dumps a Vault request's headers (a leak the collector must redact). */
  vaultToken?: string;
  /** A client whose Consul sync and Vault tokens fail: their lines join the normal mix. */
  serviceTrouble?: boolean;
  /** A server that keeps gaining and losing leadership: its log says so early and often. */
  leaderChurn?: boolean;
}

/** Where a churning server's leadership changes fall: early, so a short window holds several. */
const CHURN_EVERY = 9;

/** The line that carries `vaultToken`: early, so even a short monitor window holds it. */
const VAULT_LEAK_LINE = 3;

/** Chance that a line (outside a run) starts a run of errors, on an agent with errorBurst. */
const BURST_START = 0.02;
/** The first run starts by this line, so even a few seconds of monitor stream show one. */
const FIRST_BURST_BY = 12;

export class LogSource {
  private readonly rng: Rng;
  private readonly ctx: LogContext;
  private readonly normal: LogTemplate[];
  private readonly normalTotal: number;
  private readonly burst: LogTemplate[];
  private readonly burstTotal: number;
  private readonly errorBurst: boolean;
  private readonly vaultToken: string | undefined;
  private readonly leaderChurn: boolean;
  private burstLeft = 0;
  private lines = 0;

  constructor(seed: LogSeed) {
    this.rng = makeRng('logs', seed.kind, seed.name, seed.seed);
    const rng = this.rng;
    const ids = (n: number) => Array.from({ length: n }, () => uuidFrom(rng));
    const serverIp = (i: number) => `127.0.0.${i}:4647`;
    const peers = [1, 2, 3].map(serverIp);
    const evalIds = ids(40);
    this.ctx = {
      rng,
      nodeId: seed.nodeId ?? uuidFrom(rng),
      workerIds: ids(rng.int(2, 8)),
      allocIds: ids(rng.int(3, 12)),
      evalId: () => rng.pick(evalIds),
      peers,
      badServer: serverIp(rng.int(10, 19)),
      raftIndex: rng.int(20_000, 2_000_000),
      jobs: ['example', 'web', 'redis-cache', 'api-gateway', 'batch-report', 'prometheus'].slice(0, rng.int(3, 6)),
      tasks: ['web', 'redis', 'server', 'envoy', 'worker'],
    };
    this.normal = seed.kind === 'server' ? SERVER_TEMPLATES : seed.serviceTrouble ? [...CLIENT_TEMPLATES, ...CLIENT_SERVICE_TROUBLE] : CLIENT_TEMPLATES;
    this.burst = seed.kind === 'server' ? SERVER_BURST : CLIENT_BURST;
    this.normalTotal = total(this.normal);
    this.burstTotal = total(this.burst);
    this.errorBurst = seed.errorBurst === true;
    this.vaultToken = seed.vaultToken;
    this.leaderChurn = seed.leaderChurn === true;
  }

  /** The next entry, stamped `at` (plus sub-millisecond digits for the JSON form). */
  next(at: Date): LogEntry {
    this.lines++;
    let t: LogTemplate;
    if (this.vaultToken && this.lines === VAULT_LEAK_LINE) {
      t = vaultLeak(this.vaultToken);
    } else if (this.leaderChurn && this.lines % CHURN_EVERY === 0) {
      t = leadershipChange(this.lines / CHURN_EVERY);
    } else if (this.burstLeft > 0) {
      this.burstLeft--;
      t = choose(this.burst, this.burstTotal, this.rng);
    } else if (this.errorBurst && (this.rng.chance(BURST_START) || this.lines === FIRST_BURST_BY)) {
      this.burstLeft = this.rng.int(8, 25) - 1;
      t = choose(this.burst, this.burstTotal, this.rng);
    } else {
      t = choose(this.normal, this.normalTotal, this.rng);
    }
    return this.entry(t, at);
  }

  private entry(t: LogTemplate, at: Date): LogEntry {
    const e: LogEntry = {
      level: t.level,
      time: new Date(at.getTime()),
      module: t.module,
      message: typeof t.message === 'function' ? t.message(this.ctx) : t.message,
      fields: t.fields ? t.fields(this.ctx) : [],
      location: trimCallerPath(t.caller),
      caller: t.caller,
      micros: this.rng.int(0, 999),
    };
    if (t.textOnly) e.textOnly = true;
    return e;
  }
}

/**
 * nomad/leader.go monitorLeadership, after raft's election (raft.go runCandidate): leadership
 * lost after a heartbeat timeout, then acquired again, turn by turn.
 */
function leadershipChange(turn: number): LogTemplate {
  const phase = turn % 3;
  if (phase === 1) return { level: 'WARN', module: 'nomad.raft', message: 'heartbeat timeout reached, starting election', caller: 'github.com/hashicorp/raft/raft.go:281', weight: 0, fields: () => [['last-leader-addr', '127.0.0.11:4647'], ['last-leader-id', 'server-1.global']] };
  return { level: 'INFO', module: 'nomad', message: phase === 2 ? 'cluster leadership acquired' : 'cluster leadership lost', caller: 'github.com/hashicorp/nomad/nomad/leader.go:95', weight: 0 };
}

/** A Vault client logging a failed renewal with the request's headers, token and all. */
function vaultLeak(token: string): LogTemplate {
  return {
    level: 'DEBUG',
    module: 'client.vault',
    message: 'renew token request failed',
    caller: 'github.com/hashicorp/nomad/client/vaultclient/vaultclient.go:512',
    weight: 0,
    fields: () => [['headers', `X-Vault-Token: ${token}`], ['status', 503]],
  };
}

function total(ts: LogTemplate[]): number {
  return ts.reduce((n, t) => n + t.weight, 0);
}

function choose(ts: LogTemplate[], sum: number, rng: Rng): LogTemplate {
  let r = rng.next() * sum;
  for (const t of ts) {
    r -= t.weight;
    if (r < 0) return t;
  }
  return ts[ts.length - 1]!;
}
