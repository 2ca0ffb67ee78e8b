// The degraded scenario: breaks chosen agents in place and records each problem in `planted`
// with the subject the analyzer's finding uses (member name, node id, or "cluster").
import { agentEnvironment, canary, leakedEnvironment } from './environment.ts';
import { secretNodeMeta } from './workload-secrets.ts';
import { configSecrets, vaultTokenRedacted } from './secrets.ts';
import type { ClusterOptions, Planted, SimAgent } from './types.ts';
import { serverAgent } from './agents.ts';
import { OLD_VERSION } from './versions.ts';

export const LEAKED_GOROUTINES = 300;
export const FULL_DISK_PCT = 97.1;
/** A host whose NTP stopped: far past what raft and TLS tolerate. */
const CLOCK_SKEW_MS = 47_000;
export const RAFT_APPLY_LAG = 180;
/** Share of wall time the GC-pressured server spends in stop-the-world pauses. */
export const GC_PAUSE_SHARE = 0.08;

export interface Breakage {
  /** The extra, left server member (not counted in opts.servers). */
  extraServers: SimAgent[];
  planted: Planted[];
}

export function plantDegraded(opts: ClusterOptions, servers: SimAgent[], clients: SimAgent[]): Breakage {
  const planted: Planted[] = [];
  const plant = (kind: string, subject: string, detail: string, value?: string) =>
    planted.push(value === undefined ? { kind, subject, detail } : { kind, subject, detail, value });
  const s = (i: number) => servers[i - 1];
  const cl = (i: number) => clients[i - 1];

  const failed = servers.length >= 3 ? s(3) : undefined;
  if (failed) {
    failed.status = 'failed';
    failed.listening = false;
    failed.health = { ok: false, message: 'No cluster leader' };
    plant('member-failed', failed.name, `${failed.name} is a failed serf member and refuses connections`);
  }
  // A decommissioned server serf still lists: one more member than opts.servers.
  const left = serverAgent(opts, servers.length + 1);
  left.status = 'left';
  left.listening = false;
  left.leader = false;
  left.health = { ok: false, message: 'No cluster leader' };
  plant('member-left', left.name, `${left.name} left the cluster and is still listed`);

  const lagging = s(2);
  if (lagging) {
    lagging.version = OLD_VERSION;
    plant('version-skew', 'cluster', `${lagging.name} runs ${OLD_VERSION}, the others ${servers[0]!.version}`);
    lagging.schedulersPaused = true;
    plant('schedulers-paused', lagging.name, `all scheduler workers on ${lagging.name} are paused`);
    // Hot CPU on a follower, so the leader stays a clean baseline.
    lagging.hot = true;
    plant('hot-cpu', lagging.name, `one state-store function takes most of ${lagging.name}'s CPU profile`);
    // Its busy FSM trails its commit index (under autopilot's MaxTrailingLogs, so autopilot still calls it healthy).
    lagging.raftApplyLag = RAFT_APPLY_LAG;
    plant('raft-lagging', lagging.name, `${lagging.name} has applied up to ${RAFT_APPLY_LAG} fewer raft entries than it has committed (never below index 1)`);
    // its log says it keeps winning and losing elections (a busy FSM misses heartbeats)
    lagging.leaderChurn = true;
    plant('leader-churn', 'cluster', `${lagging.name}'s log shows cluster leadership acquired and lost over and over`);
    // its state store is big and churning: the Go heap grows and GC stops the world for a share of the time
    lagging.gcPressure = true;
    plant('gc-pressure', lagging.name, `${lagging.name} spends ${GC_PAUSE_SHARE * 100}% of its time in GC pauses, its heap growing`);
  }
  if (failed) {
    plant('autopilot-unhealthy', 'cluster', `autopilot marks ${failed.name} unhealthy`);
    // Tolerance is 0 only when losing one voter already leaves the bare quorum (3 or 4 voters).
    const voters = servers.length;
    if (voters - 1 - (Math.floor(voters / 2) + 1) <= 0) plant('failure-tolerance-zero', 'cluster', 'autopilot failure tolerance is 0');
  }

  const secretive = cl(1);
  if (secretive) {
    secretive.environment = agentEnvironment('client', opts.seed, secretive.name, true);
    for (const v of leakedEnvironment(opts.seed, secretive.name)) {
      plant('leaked-secret', secretive.id, `${v.name} in the environment of ${secretive.name}: ${v.why}`, v.value);
    }
    secretive.extraMeta = secretNodeMeta(opts.seed, secretive.name);
    secretive.logSecret = canary(opts.seed, secretive.name, 'vault-log', 'hvs.');
    secretive.leakedGoroutines = LEAKED_GOROUTINES;
    plant('goroutine-leak', secretive.id, `${LEAKED_GOROUTINES} goroutines parked in the task runner on ${secretive.name}`);
  }
  const lost = cl(2);
  if (lost) {
    lost.health = { ok: false, message: 'no known servers' };
    plant('health-unhealthy', lost.id, `${lost.name} reports "no known servers" while its node shows ready`);
  }
  const down = cl(3);
  if (down) {
    down.status = 'down';
    down.listening = false;
    down.health = { ok: false, message: 'no known servers' };
    plant('node-down', down.id, `${down.name} missed its heartbeats and is down`);
  }
  const full = cl(4);
  if (full) {
    full.diskUsedPct = FULL_DISK_PCT;
    plant('disk-full', full.id, `${full.name} root disk is ${FULL_DISK_PCT}% used`);
    full.clockSkewMs = CLOCK_SKEW_MS;
    plant('clock-skew', full.id, `${full.name}'s clock is ${CLOCK_SKEW_MS / 1000} s ahead`);
    full.serviceTrouble = true;
    plant('service-errors', full.id, `${full.name} logs Consul sync and Vault token failures`);
  }
  const noisy = cl(5);
  if (noisy) {
    noisy.errorBurst = true;
    plant('error-burst', noisy.id, `${noisy.name} logs runs of RPC errors`);
    // its RPC errors are the client side of the same trouble: heartbeats that come and go
    noisy.flapping = true;
    plant('node-flapping', noisy.id, `${noisy.name} is down in every other node list`);
  }

  // Agent-self secrets Nomad leaves in clear; only agents that answer can leak them.
  for (const server of servers) {
    if (!server.listening) continue;
    const sec = configSecrets(opts, server);
    if (sec.consulAuth) plant('leaked-secret', server.name, `Consuls[0].Auth in the agent configuration of ${server.name}`, sec.consulAuth);
    if (sec.vaultToken && !vaultTokenRedacted(server.version)) plant('leaked-secret', server.name, `Vaults[0].Token in the agent configuration of ${server.name} (not redacted since 1.10)`, sec.vaultToken);
  }
  return { extraServers: [left], planted };
}
