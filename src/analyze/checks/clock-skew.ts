// Clock skew: an agent whose clock disagrees with the collector's by more than a few seconds.
// Client stats carry the agent's own time (HostStats.Timestamp, nanoseconds); the manifest says
// when that request was sent and how long it took, so the agent's time had to fall inside that
// window. Raft, TLS certificates, ACL tokens' expiry and allocation timing all break on skew.
import type { AgentData, Bundle, CaptureRecord } from '../../model/types.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { allAgents, captureOf } from '../../model/facts.ts';

const ID = 'clock-skew';
/** Beyond this the skew is not the network: Nomad's own tolerances are a few seconds. */
export const SKEW_WARN_MS = 5_000;

export const check: Check = {
  id: ID,
  title: 'Clock skew',
  run(bundle) {
    const captures = bundle.manifest?.value.captures;
    const timed = allAgents(bundle).filter((a) => a.clientStats?.value.Timestamp !== undefined);
    if (!captures || timed.length === 0) return { notEvaluated: 'needs client stats and the capture times of a nomad-debug manifest' };
    return timed.flatMap((a) => skewOf(bundle, a, captureOf(bundle, a.clientStats!.file)));
  },
};

/** How far the agent's clock is outside the request's window, in ms (0 inside it). */
export function skewMs(agentNs: number, c: Pick<CaptureRecord, 'startedAt' | 'ms'>): number | undefined {
  const start = Date.parse(c.startedAt);
  if (!Number.isFinite(start)) return undefined;
  const at = agentNs / 1e6;
  const end = start + Math.max(0, c.ms);
  return at < start ? at - start : at > end ? at - end : 0;
}

function skewOf(bundle: Bundle, a: AgentData, c: CaptureRecord | undefined): Finding[] {
  if (!c || c.status !== 'ok') return [];
  const skew = skewMs(a.clientStats!.value.Timestamp!, c);
  if (skew === undefined || Math.abs(skew) <= SKEW_WARN_MS) return [];
  const label = agentLabel(bundle, a);
  const secs = (Math.abs(skew) / 1000).toFixed(1);
  return [finding(ID, 'warning', a.id, `${label}'s clock is ${secs} s ${skew > 0 ? 'ahead' : 'behind'}`,
    `${label} stamped its stats ${secs} s ${skew > 0 ? 'after' : 'before'} the request for them ended ` +
      `(sent ${c.startedAt}, answered within ${c.ms} ms). Raft elections, TLS certificate validity, token expiry and ` +
      'allocation timing all go wrong on a skewed clock: check NTP (chrony, systemd-timesyncd) on that host.',
    [evidence(a.clientStats!.file, '/Timestamp'), evidence(bundle.manifest!.file, '/captures')])];
}
