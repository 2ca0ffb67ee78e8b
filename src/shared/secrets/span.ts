// A secret found in a text: where it is and which rule found it. Never the value itself.

export interface Span {
  start: number;
  end: number;
  rule: string;
  /** For a value found by its context (`name=value`, `--name value`): the name. */
  name?: string;
}

/** Sorted, with overlapping or touching spans joined (the first rule names the joined span). */
export function mergeSpans(spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [{ ...spans[0]! }];
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i]!;
    const last = out[out.length - 1]!;
    if (s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
