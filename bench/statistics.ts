// Order statistics for benchmark samples: medians resist the noise of a shared machine better than means.

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Nearest-rank percentile (p in 0..100) of the samples; sorts a copy. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** How many times medianRatioInterval resamples. */
export const BOOTSTRAP_ROUNDS = 2000;

/**
 * How far the ratio of two samples' medians can be trusted: its 95% bootstrap interval, from resampling each
 * sample with replacement `rounds` times. On a shared machine this is wider than the budget's margin more often
 * than not, and a reader should see that beside a pass or a miss.
 */

export function medianRatioInterval(values: readonly number[], baselines: readonly number[], rounds = BOOTSTRAP_ROUNDS): [number, number] {
  const resample = (samples: readonly number[]) => samples.map(() => samples[Math.floor(Math.random() * samples.length)]!);
  const ratios = Array.from({ length: rounds }, () => median(resample(values)) / median(resample(baselines)));
  return [percentile(ratios, 2.5), percentile(ratios, 97.5)];
}
