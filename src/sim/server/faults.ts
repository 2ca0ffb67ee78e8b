// Fault knobs for tests: per agent (name or ID of the agent a request is for) and path prefix,
// answer with a status, wait first, hang, or reset the connection after some bytes.
import type { ServerResponse } from 'node:http';
import type { SimAgent } from '../cluster/types.ts';

export interface Fault {
  /** Agent name or ID; every agent when absent. */
  agent?: string;
  /** Path prefix, e.g. `/v1/agent/host`. */
  path: string;
  status?: number;
  body?: string;
  delayMs?: number;
  /** Never answer (the client's timeout ends it). */
  hang?: boolean;
  /** Destroy the socket once this many body bytes went out (mid-stream reset). */
  resetAfterBytes?: number;
}

export class Faults {
  private list: Fault[] = [];

  add(f: Fault): void {
    this.list.push({ ...f });
  }

  clear(): void {
    this.list = [];
  }

  /** The most recently added fault matching this request, if any; `targetOf` is asked only when a fault names an agent. */
  match(path: string, targetOf: () => SimAgent | undefined): Fault | undefined {
    let target: SimAgent | undefined | null = null;
    for (let i = this.list.length - 1; i >= 0; i--) {
      const f = this.list[i]!;
      if (!path.startsWith(f.path)) continue;
      if (f.agent !== undefined && target === null) target = targetOf();
      if (f.agent !== undefined && (!target || (f.agent !== target.name && f.agent !== target.id))) continue;
      return f;
    }
    return undefined;
  }
}

/** Counts body bytes and destroys the socket past the limit, so a stream breaks mid-way. */
export function resetAfter(res: ServerResponse, limit: number): void {
  let sent = 0;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    const len = typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
    if (sent + len >= limit) {
      const part = typeof chunk === 'string' ? Buffer.from(chunk).subarray(0, Math.max(0, limit - sent)) : (chunk as Buffer).subarray(0, Math.max(0, limit - sent));
      write(part);
      sent = limit;
      setImmediate(() => res.socket?.destroy());
      return false;
    }
    sent += len;
    return write(chunk, ...rest);
  }) as typeof res.write;
}
