package io.rootctl.testing;

import java.util.Arrays;

/**
 * Percentiles of a benchmark's samples by the nearest-rank method: the p-th percentile of n sorted
 * samples is the one at rank ceil(p / 100 * n) (1-based), always one of the samples, never an
 * interpolation. With 100 samples p95 is the 95th smallest, and the maximum is p100.
 *
 * @see <a href="https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method">The nearest-rank
 *     method</a>
 */
public final class Percentiles {
  private final double[] sorted;

  /**
   * @throws IllegalArgumentException when there is no sample
   */
  public Percentiles(double[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    this.sorted = samples.clone();
    Arrays.sort(sorted);
  }

  /**
   * The {@code p}-th percentile.
   *
   * @param p in (0, 100]
   * @throws IllegalArgumentException for {@code p} outside (0, 100]
   */
  public double at(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("a percentile is within (0, 100], got " + p);
    }
    var rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** The largest sample. */
  public double max() {
    return sorted[sorted.length - 1];
  }

  /** How many samples. */
  public int count() {
    return sorted.length;
  }
}
