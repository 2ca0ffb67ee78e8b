// /v1/event/stream: NDJSON frames {Index, Events[]} for events after `index`, filtered by
// `topic=Topic:key` (repeatable; none = all); a `{}` heartbeat at connect and every 30 s.
// A token needs management for all topics, read-job for job-side topics, node:read for Node.
import { eventsSince } from '../cluster/events.ts';
import { allowed, type Capability } from './acl.ts';
import { holdOpen, type Ctx } from './context.ts';
import { HttpError } from './respond.ts';

const HEARTBEAT_MS = 30_000;

const TOPIC_CAPS: Record<string, Capability> = {
  Job: 'read-job',
  Evaluation: 'read-job',
  Allocation: 'read-job',
  Deployment: 'read-job',
  Service: 'read-job',
  Node: 'node:read',
  NodePool: 'node:read',
  CSIVolume: 'csi-list-volume',
  CSIPlugin: 'plugin:read',
};

/**
 * `Topic:key` items into a map; null when no topic was given (all topics). As Nomad's
 * parseEventTopics (command/agent/event_endpoint.go): a bare `Topic` means key `*`, `Job:` is topic
 * Job with the empty key, and anything with two colons is refused.
 */
export function parseTopics(items: string[]): Map<string, string[]> | null {
  if (items.length === 0) return null;
  const out = new Map<string, string[]>();
  for (const item of items) {
    const parts = item.split(':');
    if (parts.length > 2) throw new HttpError(400, `Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: ${item}`);
    const [topic, key] = parts.length === 1 ? [item, '*'] : [parts[0]!, parts[1]!];
    out.set(topic, [...(out.get(topic) ?? []), key]);
  }
  return out;
}

function authorize(ctx: Ctx, topics: Map<string, string[]> | null): void {
  const ns = ctx.q.get('namespace') || 'default';
  const names = topics ? [...topics.keys()] : ['*'];
  for (const t of names) {
    const cap = t === '*' ? 'management' : (TOPIC_CAPS[t] ?? 'management');
    if (!allowed(ctx.acl, ctx.who, cap, ns)) throw new HttpError(403, 'Permission denied');
  }
}

export function streamEvents(ctx: Ctx, index: number): 'streamed' {
  const topics = parseTopics(ctx.q.getAll('topic'));
  authorize(ctx, topics);
  const { res } = ctx;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{}\n');
  for (const frame of eventsSince(ctx.cluster, index, topics)) res.write(`${JSON.stringify(frame)}\n`);
  return holdOpen(ctx, HEARTBEAT_MS, () => res.write('{}\n'));
}
