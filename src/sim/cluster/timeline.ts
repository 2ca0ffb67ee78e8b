// When things happened, relative to `startedAt` (the moment the simulated cluster comes up for
// its caller). The agents' history lies before it, so no timestamp is in the future at start;
// metric trends count from `startedAt`, so they start small and grow visibly.

const MIN = 60_000;

/** The agent processes started (uptime, scheduler workers, autopilot StableSince). */
export function bootedAt(startedAt: Date): number {
  return startedAt.getTime() - 20 * MIN;
}

/** Jobs are submitted, nodes register and plugins come up from here on, a few seconds apart. */
export function historyStart(startedAt: Date): number {
  return startedAt.getTime() - 18 * MIN;
}

/** The down node missed its heartbeat; the failed server stopped answering. */
export function failedAt(startedAt: Date): number {
  return startedAt.getTime() - 6 * MIN;
}
