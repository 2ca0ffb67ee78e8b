// Each agent's own /v1/metrics every interval, as server/<name>/metrics_NNNN.json and
// client/<id>/metrics_NNNN.json. The HTTP agent answers from its own in-memory sink and does not
// forward (command/agent/metrics_endpoint.go: no node_id/server_id, no ACL check), so Nomad's
// interval/NNNN/metrics.json holds the -address agent alone and the leader-only gauges (eval
// broker, plan queue, heartbeats) only when that agent leads. Here each agent is asked directly
// at its advertised address, under the token rules (the endpoint needs no token).
import { agentMetricsFileName } from '../archive/layout.ts';
import { sleep } from '../shared/clock.ts';
import type { AgentWorkDeps } from './agent-work.ts';
import { directAskOf, type DirectAddress } from './direct-ask.ts';
import { captureJsonRecord, recordSkipped } from './capture.ts';
import { AGENT_METRICS_PATH } from './catalog.ts';
import type { Target } from './select.ts';

/** Shortest time between two asks of one agent, whatever -interval says (0 runs Nomad's snapshots back to back). */
const MIN_ROUND_MS = 1000;
/** Rounds per agent at most: a short -interval over a long -duration must not write a file per second per agent. */
export const MAX_METRICS_ROUNDS = 60;

/** Answers that say the next round would fail the same way: the agent is not there, or refuses. */
function hopeless(code: string): boolean {
  return code === 'CONNECT_REFUSED' || code === 'NO_ROUTE' || code === 'CONNECT_TIMEOUT' || code === 'TLS' || code === 'TOKEN_WITHHELD' || /^HTTP_4\d\d$/.test(code);
}

/** Round n is asked at t0 + n × interval (the time of interval/NNNN), while inside the window. */
export async function metricsRounds(t: Target, dir: string, target: string, d: AgentWorkDeps, where: Promise<DirectAddress>): Promise<void> {
  const { env, opts, clock } = d;
  const interval = Math.max(opts.intervalMs, MIN_ROUND_MS);
  const { baseUrl, why } = await where;
  const direct = directAskOf(t, d.region);
  for (let n = 0; n < MAX_METRICS_ROUNDS; n++) {
    if (n > 0) {
      const at = clock.t0 + n * interval;
      if (at >= clock.deadline || clock.windowSignal.aborted) return;
      await sleep(at - Date.now(), clock.windowSignal);
      if (clock.windowSignal.aborted) return;
    }
    if (env.signal.aborted) return;
    const c = { rel: `${dir}/${agentMetricsFileName(n)}`, path: AGENT_METRICS_PATH, query: d.base, target };
    if (!baseUrl) {
      recordSkipped(env, c, 'NOT_ADVERTISED', why);
      return;
    }
    const r = await d.limit(() => captureJsonRecord(env, { ...c, baseUrl, direct, errorFile: true }));
    if (hopeless(r.code)) return;
  }
}
