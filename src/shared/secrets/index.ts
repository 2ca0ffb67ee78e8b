// One secret rule set, shared by the collector (which cuts secrets out before anything touches
// disk) and the analyzer (which reports what is still there). Pure: no I/O.
export { REDACTED, isNomadMarker, isRedactedValue } from './markers.ts';
export { normalizeName, secretNameRule, type NameContext } from './names.ts';
export { isHarmlessValue } from './harmless.ts';
export { secretValueRule } from './values.ts';
export type { Span } from './span.ts';
export { LineRedactor, findSecretsInText, mask, redactLines, redactText, removeVerbatim, secretSpans, cutSpans, type RuleHit, type SecretHit, type TextRedactOptions } from './text.ts';
export { judgeField, type FieldVerdict } from './field.ts';
export { walkJsonStrings, type StringPlace, type StringVisitor } from './json-walk.ts';
export { findSecretsInJson, type JsonSecret } from './detect-json.ts';
export { compileUserPattern, extraNameRule, extraPatternSpans, foldAsciiCase, type ExtraPattern, type ExtraRules } from './extra.ts';
