// What an already-redacted value looks like. Nomad writes "<redacted>" (agent/self, agent/host),
// "[redacted]" (cli-flags.json since 2.0.3) and "[REDACTED]" (CSI secrets); we write "<redacted>".

export const REDACTED = '<redacted>';

const NOMAD_MARKERS = new Set(['<redacted>', '[redacted]', '[REDACTED]']);

/** Other spellings people use when they scrub a bundle by hand: not a leak either. Consul's
 * agent/self writes "hidden" for every token it holds (agent/config/runtime.go Sanitized). */
const HAND_MARKERS = new Set(['<REDACTED>', 'REDACTED', '***', 'hidden']);

/** One of Nomad's own markers (or ours, which is the same string): the rule "nomad". */
export function isNomadMarker(value: string): boolean {
  return NOMAD_MARKERS.has(value);
}

/** Any marker, Nomad's, ours or a hand-made one, ignoring surrounding blanks. */
export function isRedactedValue(value: string): boolean {
  const v = value.trim();
  return NOMAD_MARKERS.has(v) || HAND_MARKERS.has(v);
}
