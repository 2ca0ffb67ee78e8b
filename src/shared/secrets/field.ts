// One named value (an environment variable, a config field, a meta key): a secret-looking name
// makes the whole value secret unless the value is plainly harmless; otherwise the text rules
// look inside it. The collector cuts what this finds, the analyzer reports it.
import { extraNameRule, type ExtraRules } from './extra.ts';
import { isHarmlessValue } from './harmless.ts';
import { isNomadMarker, isRedactedValue } from './markers.ts';
import { secretNameRule, type NameContext } from './names.ts';
import type { Span } from './span.ts';
import { secretSpans } from './text.ts';

export type FieldVerdict =
  | { kind: 'clear' }
  /** Already redacted by Nomad (or by us, in an earlier pass). */
  | { kind: 'nomad' }
  | { kind: 'secret'; spans: Span[] };

const CLEAR: FieldVerdict = { kind: 'clear' };
const NOMAD: FieldVerdict = { kind: 'nomad' };

export function judgeField(name: string | undefined, context: NameContext, value: string, extra?: ExtraRules): FieldVerdict {
  if (value === '') return CLEAR;
  if (isNomadMarker(value)) return NOMAD;
  if (isRedactedValue(value)) return CLEAR;
  const rule = name === undefined ? undefined : secretNameRule(name, context) ?? extraNameRule(name, extra);
  if (rule && !isHarmlessValue(value)) return { kind: 'secret', spans: [{ start: 0, end: value.length, rule }] };
  const spans = secretSpans(value, extra);
  return spans.length > 0 ? { kind: 'secret', spans } : CLEAR;
}
