// Ctrl-C: the first one asks the collector to stop and finish a partial bundle; the second
// stops at once. Nomad's CLI swallows the second one; we do not.

export interface InterruptSignals {
  signal: AbortSignal;
  hardSignal: AbortSignal;
  onFirst(fn: () => void): void;
  dispose(): void;
}

export function trapInterrupts(proc: NodeJS.Process = process): InterruptSignals {
  const soft = new AbortController();
  const hard = new AbortController();
  const listeners: (() => void)[] = [];
  const handler = () => {
    if (!soft.signal.aborted) {
      soft.abort();
      for (const fn of listeners) fn();
    } else hard.abort();
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) proc.on(sig, handler);
  return {
    signal: soft.signal,
    hardSignal: hard.signal,
    onFirst: (fn) => listeners.push(fn),
    dispose() {
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) proc.off(sig, handler);
    },
  };
}
