// Summaries of timing samples (ms).

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) throw new Error("no samples to summarize");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: round(median), min: round(sorted[0]), max: round(sorted[sorted.length - 1]), runs: samples.length };
}

/** `a / b`, or undefined when either side is missing. */
export function ratio(a: Summary | undefined, b: Summary | undefined): number | undefined {
  if (!a || !b || b.median === 0) return undefined;
  return Math.round((a.median / b.median) * 100) / 100;
}

/** Median, min and max of `a[i] / b[i]`, to two decimals: for samples taken in pairs. */
export function pairedRatios(a: number[], b: number[]): { median: number; min: number; max: number; pairs: number } {
  const ratios = a.map((value, i) => value / b[i]).sort((x, y) => x - y);
  const mid = ratios.length >> 1;
  const median = ratios.length % 2 === 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
  const two = (value: number) => Math.round(value * 100) / 100;
  return { median: two(median), min: two(ratios[0]), max: two(ratios[ratios.length - 1]), pairs: ratios.length };
}

/** Times one call, in ms. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
