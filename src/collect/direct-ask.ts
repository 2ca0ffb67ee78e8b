// Where and as whom an agent is asked directly: its advertised address (or why there is none)
// and the identity it must prove before the token goes there (the client decides, direct-trust.ts).
import type { DirectAsk } from '../nomad/direct-trust.ts';
import type { Target } from './select.ts';

export interface DirectAddress {
  baseUrl?: string;
  /** Why there is none. */
  why: string;
}

/** A server proves its own region; a client the region of the run. */
export function directAskOf(t: Target, runRegion: string): DirectAsk {
  return { role: t.kind, region: (t.kind === 'server' ? t.region : undefined) ?? runRegion };
}
