// Whether a series across rounds keeps rising: what the metrics and profile checks call growth.

/** Strictly rising across at least 3 rounds and up by at least `minRise` overall. */
export function growsMonotonically(values: number[], minRise = 0.2): boolean {
  if (values.length < 3) return false;
  for (let i = 1; i < values.length; i++) if (!(values[i]! > values[i - 1]!)) return false;
  const first = values[0]!;
  return first > 0 ? values[values.length - 1]! / first - 1 >= minRise : values[values.length - 1]! > 0;
}
