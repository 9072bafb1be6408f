// Small statistics for noisy machines: percentiles (nearest rank), and the median and spread of a figure measured
// over repeated runs.

/** Nearest-rank percentile of `values` (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export interface Spread {
  min: number;
  max: number;
  /** Interquartile range (p75 - p25). */
  iqr: number;
  /** (max - min) / median, as a fraction; 0 when every run gave the same value. */
  relativeRange: number;
}

export function spread(values: readonly number[]): Spread {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const m = median(values);
  return {
    min: round(min),
    max: round(max),
    iqr: round(percentile(values, 75) - percentile(values, 25)),
    relativeRange: m ? round((max - min) / m, 3) : 0,
  };
}

export const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export const now = (): number => performance.now();
